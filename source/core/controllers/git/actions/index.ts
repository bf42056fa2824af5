// Actions of native apps (driftwatch.yaml): driftwatch itself is the controller, so sync and rollback apply
// rendered manifests from Git with server-side apply.
import {GIT_APP_PROVIDER} from '../apps.js';
import type {ProviderActions} from '../../../actions/provider-actions.js';
import {refused} from './refused.js';
import {prepareRollback} from './rollback.js';
import {appText, prepareSync} from './sync.js';

/** Git (the revert of a rollback) runs under the session's setup, context.git.setup. */
export function createNativeActions(): ProviderActions {
	return {
		available: app => (app.provider === GIT_APP_PROVIDER ? ['sync', 'rollback'] : []),
		async prepare(context, request) {
			const config = context.native;
			if (!config) return refused(`${request.kind} ${context.app.name}`, `${context.app.name} is not a Git app of the driftwatch config`);
			if (request.kind === 'sync') return prepareSync(context, request, config);
			if (request.kind === 'rollback') return prepareRollback(context, request, config);
			return refused(`${request.kind} ${appText(config)}`, `${request.kind} is not an action of Git apps (they have sync and rollback)`);
		},
	};
}

export const nativeActions: ProviderActions = createNativeActions();
