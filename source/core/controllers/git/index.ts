// Git apps (driftwatch.yaml), registered once: driftwatch itself is their controller, so they come from the
// config rather than the cluster, and an action is done when driftwatch's own requests are.
import {GIT_APP_KIND} from '../../apps/model.js';
import type {Controller} from '../controller.js';
import {nativeActions} from './actions/index.js';
import {GIT_APP_PROVIDER} from './apps.js';

export {GIT_APP_PROVIDER} from './apps.js';

export const gitApps: Controller = {
	name: GIT_APP_PROVIDER,
	label: 'Git apps',
	// Earlier releases called Git apps native / NativeApp: users' scripts may still say so.
	kinds: [
		{
			kind: GIT_APP_KIND,
			aliases: ['git', 'gitapp', 'gitapps', 'nativeapp', 'nativeapps', 'native'],
			// The row says Git; the older names still find them.
			filterWords: 'native nativeapp',
		},
	],
	cluster: null,
	actions: nativeActions,
	awaitAnswer: () => null,
};
