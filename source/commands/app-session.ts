// The start every APP subcommand shares: read kubeconfig and config, open a live monitor scoped to what APP
// names, wait until it settled, and find the one app APP names. Problems are one line and exit 2.
import {parseAppRef, refMayNameConfigApp, resolveAppRef} from '../core/controllers/app-ref.js';
import type {AppSummary} from '../core/apps/model.js';
import type {GitRepos} from '../core/git/git-repos.js';
import {kubeContextNames, loadKubeConfigs, serverText, type LoadedKubeConfig} from '../core/kube/kubeconfig.js';
import {appPath} from '../core/controllers/app-ref.js';
import {checkNamespace, missingNamespaceLine} from '../core/kube/namespace-check.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {createMonitorForContexts} from '../core/monitor/multi-context-monitor.js';
import type {MonitorSnapshot} from '../core/monitor/monitor.js';
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
	// A bad APP is said before anything is read, unless it may start with a context (`prod-eu:shop/web`).
	const plain = parseAppRef(flags.app, flags.namespace);
	if ('error' in plain && !flags.app.includes(':')) return fail(plain.error);
	// APP may name its context first: then that context alone is read.
	const prefixed = splitContextPrefix(flags.app, flags.app.includes(':') ? kubeContextNames(flags.kubeconfig) : []);
	const ref = parseAppRef(prefixed.app, flags.namespace);
	if ('error' in ref) return fail(ref.error);
	const {config} = await loadConfig({path: flags.config});
	const selection = prefixed.context === null ? {flag: flags.context, all: flags.allContexts, config} : {flag: prefixed.context};
	const kubeconfigs = loadKubeConfigs({path: flags.kubeconfig, selection});
	const several = kubeconfigs.length > 1;
	const server = kubeconfigs.map(loaded => serverText(loaded.kc)).join(', ');
	const git = options.git?.(config);
	// Only the named namespace is listed when APP (or -n) names one: less to read, and enough RBAC.
	// Only what is printed is compared: every comparison costs a GET and a dry run per object.
	const compareNative = (app: NativeAppConfig) => options.compareNamed && refMayNameConfigApp(ref, app);
	// Read once, watch nothing, unless asked: the command exits after one answer.
	const monitor = createMonitorForContexts({
		kubeconfigs,
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
		if (!settled)
			return fail(
				`${server} (context ${several ? kubeconfigs.map(loaded => loaded.context).join(', ') : snapshot.context}) did not answer in time`,
			);
		// Several contexts: one that could not be read only matters when the app is not found elsewhere.
		const outcomes = contextSnapshots(snapshot).map((part, index) => statusOutcome(part, serverText(kubeconfigs[index]!.kc)));
		const unreadable = outcomes.find(outcome => outcome.exitCode === 2);
		if (!several && unreadable) return fail(unreadable.problems[0]!);
		const resolved = resolveAppRef(ref, snapshot.apps);
		if ('error' in resolved && several && resolved.matches.length > 1) {
			// The same app in several contexts: name each with its context, as APP may be written.
			const listed = resolved.matches.map(app => `${app.context}:${appPath(app)}`).sort();
			return fail(`APP "${flags.app}" is in several contexts: ${listed.join(', ')} (name one as CONTEXT:APP)`);
		}
		if ('error' in resolved && unreadable) return fail(unreadable.problems[0]!);
		if ('error' in resolved) {
			const loaded = kubeconfigs[0]!;
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
		const loaded = kubeconfigs.find(candidate => candidate.context === resolved.app.context) ?? kubeconfigs[0]!;
		return await work({loaded, config, monitor, app: resolved.app, git: git ?? null});
	} finally {
		await monitor.close();
		await git?.stop();
	}
}

/**
 * `CONTEXT:APP` → the context and APP, when the text before a ':' is a context of the kubeconfig (the longest
 * such: context names may hold ':' themselves, as EKS ARNs do); otherwise APP as given.
 */
export function splitContextPrefix(text: string, contexts: readonly string[]): {context: string | null; app: string} {
	const fitting = contexts.filter(name => text.startsWith(`${name}:`)).sort((a, b) => b.length - a.length);
	const context = fitting[0];
	return context === undefined ? {context: null, app: text} : {context, app: text.slice(context.length + 1)};
}

/**
 * One snapshot per watched context (its apps, its sources, its name), so what is said of one context's reading
 * (status outcome) is said of each; a single context's snapshot as it is.
 */
export function contextSnapshots(snapshot: MonitorSnapshot): MonitorSnapshot[] {
	if (!snapshot.watched || snapshot.watched.length < 2) return [snapshot];
	return snapshot.watched.map(context => ({
		...snapshot,
		context: context.name,
		apps: snapshot.apps.filter(app => app.context === context.name),
		sources: context.sources,
		notice: context.notice,
		production: context.production,
		readonly: context.readonly,
		fatal: context.fatal ?? null,
	}));
}
