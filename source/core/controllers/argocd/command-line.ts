// What the argocd CLI types for each action driftwatch offers on an Application, for "copy the command".
import type {ActionKind, ActionParams} from '../../actions/types.js';
import type {AppSummary} from '../../apps/model.js';

/** The namespace Argo CD is installed in by default: its apps are named without it. */
const controlNamespace = 'argocd';

/**
 * `argocd app …` words for `action` on the app (null: its main action, sync); null when the argocd CLI has none.
 * Apps outside the control namespace are NAMESPACE/NAME (apps in any namespace).
 */
export function argoCommandLine(
	app: Pick<AppSummary, 'namespace' | 'name'>,
	action: ActionKind | null,
	params: ActionParams = {},
): string[] | null {
	const ref = app.namespace === controlNamespace ? app.name : `${app.namespace}/${app.name}`;
	const prune = params.prune === true ? ['--prune'] : [];
	switch (action ?? 'sync') {
		case 'sync':
			return ['argocd', 'app', 'sync', ref, ...prune];
		case 'refresh':
			return ['argocd', 'app', 'get', ref, '--refresh'];
		case 'hard-refresh':
			return ['argocd', 'app', 'get', ref, '--hard-refresh'];
		case 'terminate':
			return ['argocd', 'app', 'terminate-op', ref];
		case 'rollback':
			return ['argocd', 'app', 'rollback', ref, ...(params.to ? [params.to] : []), ...prune];
		case 'enable-auto-sync':
			return ['argocd', 'app', 'set', ref, '--sync-policy', 'automated'];
		default:
			return null;
	}
}
