// What the flux CLI types for each action driftwatch offers on a Kustomization or HelmRelease, for "copy the command".
import type {ActionKind, ActionParams} from '../../actions/types.js';
import type {AppSummary} from '../../apps/model.js';

/**
 * `flux …` words for `action` on the app (null: its main action, reconcile with the source); null when the flux
 * CLI has none (a rollback is a revert in Git).
 */
export function fluxCommandLine(
	app: Pick<AppSummary, 'kind' | 'namespace' | 'name'>,
	action: ActionKind | null,
	params: ActionParams = {},
): string[] | null {
	const target = [app.kind.toLowerCase(), app.name, '-n', app.namespace];
	switch (action ?? 'reconcile') {
		// Argo CD's sync and hard refresh keys mean a reconcile on a Flux app.
		case 'reconcile':
		case 'sync':
		case 'hard-refresh':
			return ['flux', 'reconcile', ...target, ...(params.withSource === false ? [] : ['--with-source'])];
		case 'refresh':
			return ['flux', 'reconcile', ...target];
		case 'suspend':
			return ['flux', 'suspend', ...target];
		case 'resume':
			return ['flux', 'resume', ...target];
		default:
			return null;
	}
}
