import {appPath} from '../core/controllers/app-ref.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {treeIsFine} from '../core/tree/resource-tree.js';
import {treeJson, treeText} from '../core/tree/tree-text.js';
import type {TreeState} from '../core/tree/tree-follower.js';
import {untilDoneOrIdle} from '../core/util/progress-deadline.js';
import {withApp} from './app-session.js';
import {fail, problem, stdout} from './output.js';
import type {ClusterFlags} from './options.js';

export type TreeFlags = ClusterFlags & {
	/** APP: NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME. */
	app: string;
	json: boolean;
	ascii: boolean;
};

/**
 * `driftwatch tree APP`: the app's resources and the objects they own, once; exit 0 every node healthy, 1 some
 * node is not (or a branch could not be read), 2 error.
 */
export async function runTree(flags: TreeFlags): Promise<number> {
	const timeoutMs = flags.timeoutMs ?? 15_000;
	// A Git app's resources are what its comparison with Git found: compare the one named (and no other).
	return withApp(flags, {timeoutMs, compareNamed: true}, async ({monitor, app}) => {
		// A Git app's resources come from its comparison: wait for it (nothing to wait for with any other app).
		await monitor.nativeSettled(flags.timeoutMs ?? 120_000);
		const state = await settledTree(monitor, app.id, timeoutMs);
		const name = appPath(app);
		if (!state) return fail(`${name}: the cluster made no progress for ${Math.round(timeoutMs / 1000)} s reading its resources`);
		if (!state.tree) return fail(`${name}: ${state.error ?? 'no resources'}`);
		if (state.error) problem(state.error);
		if (flags.json) stdout.json(treeJson(state.tree));
		else stdout.lines(treeText(state.tree, {ascii: flags.ascii}));
		return treeIsFine(state.tree) ? 0 : 1;
	});
}

/** The tree once the detail and every watch it reads answered; null when nothing progressed for `idleMs`. */
async function settledTree(monitor: LiveMonitor, appId: string, idleMs: number): Promise<TreeState | null> {
	let latest: TreeState | null = null;
	const stop = monitor.watchTree(appId, state => {
		latest = state;
	});
	try {
		const done = () => (latest as TreeState | null)?.settled === true;
		const settled = await untilDoneOrIdle({done, progress: () => monitor.progress(), idleMs});
		return settled ? latest : null;
	} finally {
		stop();
	}
}
