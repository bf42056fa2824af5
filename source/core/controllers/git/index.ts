// Git apps (driftwatch.yaml), registered once: driftwatch itself is their controller, so they come from the
// config rather than the cluster; sync and rollback apply rendered manifests from Git with server-side apply,
// and an action is done when driftwatch's own requests are.
import {refusedAction, type ProviderActions} from '../../actions/provider-actions.js';
import {appId} from '../../apps/model.js';
import type {NativeAppConfig} from '../../native/config-types.js';
import type {Controller} from '../controller.js';
import {prepareRollback} from './actions/rollback.js';
import {GIT_APP_KIND, GIT_APP_PROVIDER} from './apps.js';
import {appText, prepareSync} from './actions/sync.js';

/** The config entry of each Git app of `context`, by app id. */
export function gitAppConfigLookup(apps: readonly NativeAppConfig[], context: string): (appId: string) => NativeAppConfig | null {
	const byId = new Map<string, NativeAppConfig>();
	for (const app of apps) {
		if (app.context === null || app.context === context) byId.set(appId(context, GIT_APP_KIND, app.namespace, app.name), app);
	}
	return id => byId.get(id) ?? null;
}

/** Git (the revert of a rollback) runs under the session's setup, context.git.setup. */
export function createNativeActions(): ProviderActions {
	return {
		available: app => (app.provider === GIT_APP_PROVIDER ? ['sync', 'rollback'] : []),
		async prepare(context, request) {
			const config = gitAppConfigLookup(context.configApps, context.kubeContext)(context.app.id);
			if (!config)
				return refusedAction(`${request.kind} ${context.app.name}`, `${context.app.name} is not a Git app of the driftwatch config`);
			if (request.kind === 'sync') return prepareSync(context, request, config);
			if (request.kind === 'rollback') return prepareRollback(context, request, config);
			return refusedAction(
				`${request.kind} ${appText(config)}`,
				`${request.kind} is not an action of Git apps (they have sync and rollback)`,
			);
		},
	};
}

export const gitApps: Controller = {
	name: GIT_APP_PROVIDER,
	label: 'Git apps',
	kinds: [
		{
			kind: GIT_APP_KIND,
			// Earlier releases called Git apps native / NativeApp: users' scripts may still say so.
			aliases: ['git', 'gitapp', 'gitapps', 'nativeapp', 'nativeapps', 'native'],
			// The row says Git; the older names still find them.
			filterWords: 'native nativeapp',
		},
	],
	cluster: null,
	actions: createNativeActions(),
	awaitAnswer: () => null,
};
