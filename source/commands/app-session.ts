// The start every APP subcommand shares: read kubeconfig and config, open a live monitor scoped to what APP
// names, wait until it settled, and find the one app APP names. Problems are one line and exit 2.
import {parseAppRef, refMayNameConfigApp, resolveAppRef} from '../core/controllers/app-ref.js';
import type {AppSummary} from '../core/apps/model.js';
import type {GitRepos} from '../core/git/git-repos.js';
import {loadKubeConfig, serverText, type LoadedKubeConfig} from '../core/kube/kubeconfig.js';
import {checkNamespace, missingNamespaceLine} from '../core/kube/namespace-check.js';
import {createLiveMonitor, type LiveMonitor} from '../core/monitor/live-monitor.js';
import type {DriftwatchConfig, NativeAppConfig} from '../core/native/config-types.js';
import {loadConfig} from '../core/native/load-config.js';
import {providers} from '../core/controllers/controllers.js';
import {statusOutcome} from '../core/status/status-report.js';
import type {ClusterFlags} from './options.js';
import {fail} from './output.js';

type AppSession = {
	loaded: LoadedKubeConfig;
	config: DriftwatchConfig;
	monitor: LiveMonitor;
	app: AppSummary;
	/** The git layer `options.git` made, when it was given. */
	git: GitRepos | null;
};

type AppSessionOptions = {
	/** How long the cluster may go without progress (no response, page, event) while it lists the apps. */
	timeoutMs: number;
	/** Compare the native app APP names with Git (diff); otherwise no native app is compared (actions plan their own). */
	compareNamed: boolean;
	/** The git layer the monitor uses (the caller then stops it); default the monitor's own. */
	git?: (config: DriftwatchConfig) => GitRepos;
	/** --readonly: the monitor refuses every action (the config can make single contexts read-only too). */
	readonly?: boolean;
	/** Keep watching after the first listing (an action's --wait follows the app's changes); default: read once. */
	watch?: boolean;
};

/** Runs `work` with the app APP names; the monitor is closed afterwards. Returns `work`'s exit code, or 2. */
export async function withApp(
	flags: ClusterFlags & {app: string},
	options: AppSessionOptions,
	work: (session: AppSession) => Promise<number>,
): Promise<number> {
	const ref = parseAppRef(flags.app, flags.namespace);
	if ('error' in ref) return fail(ref.error);
	const loaded = loadKubeConfig({path: flags.kubeconfig, context: flags.context});
	const {config} = await loadConfig({path: flags.config});
	const server = serverText(loaded.kc);
	const git = options.git?.(config);
	// Only the named namespace is listed when APP (or -n) names one: less to read, and enough RBAC.
	// Only what is printed is compared: every comparison costs a GET and a dry run per object.
	const compareNative = (app: NativeAppConfig) => options.compareNamed && refMayNameConfigApp(ref, app);
	// Read once, watch nothing, unless asked: the command exits after one answer.
	const monitor = createLiveMonitor({
		kubeconfig: loaded,
		namespace: ref.namespace,
		providers,
		batchMs: 0,
		config,
		compareNative,
		watch: options.watch === true,
		...(git ? {git} : {}),
		...(options.readonly ? {readonly: true} : {}),
	});
	try {
		const settled = await monitor.settled(options.timeoutMs);
		const snapshot = monitor.store.getSnapshot();
		if (!settled) return fail(`${server} (context ${snapshot.context}) did not answer in time`);
		const outcome = statusOutcome(snapshot, server);
		if (outcome.exitCode === 2) return fail(outcome.problems[0]!);
		const resolved = resolveAppRef(ref, snapshot.apps);
		if ('error' in resolved) {
			// Not found in a namespace that is not there: the namespace is what was typed wrong.
			if (
				resolved.matches.length === 0 &&
				ref.namespace !== null &&
				(await checkNamespace(loaded.kc, ref.namespace, options.timeoutMs)).state === 'missing'
			) {
				return fail(missingNamespaceLine(ref.namespace, snapshot.context));
			}
			const unread = snapshot.sources.filter(source => source.phase !== 'live').map(source => `${source.label} (${source.phase})`);
			return fail(unread.length === 0 ? resolved.error : `${resolved.error}; could not read ${unread.join(', ')}`);
		}
		return await work({loaded, config, monitor, app: resolved.app, git: git ?? null});
	} finally {
		await monitor.close();
		await git?.stop();
	}
}
