// Several kube contexts watched as one: one live monitor per context — its own sessions, watches, backoff,
// credentials and exec plugin — merged into one snapshot. Each context publishes on its own, so one that is
// unreachable, slow or unauthorized never delays or blanks the others: the merged list shows whatever each has.
import type {ActionProgress} from '../actions/progress-types.js';
import {isProductionContext} from '../actions/action-service.js';
import {AuditLog} from '../actions/audit-log.js';
import type {AppSummary} from '../apps/model.js';
import {GitRepos} from '../git/git-repos.js';
import type {LoadedKubeConfig} from '../kube/kubeconfig.js';
import type {SourceState} from '../kube/source-state.js';
import type {LogSource} from '../logs/log-source.js';
import {defaultConfig} from '../native/config-types.js';
import {appGoneText} from '../util/error-text.js';
import {SnapshotStore} from '../util/store.js';
import {createLiveMonitor, type LiveMonitor, type LiveMonitorOptions} from './live-monitor.js';
import {emptySnapshot, type MonitorSnapshot, type WatchedContext} from './monitor.js';
import {loadingTimeline, type TimelineState} from './timeline-follower.js';

export type MonitorForContextsOptions = Omit<LiveMonitorOptions, 'kubeconfig'> & {
	/** The contexts to watch, in order (loadKubeConfigs); one: exactly the single-context monitor. */
	kubeconfigs: readonly LoadedKubeConfig[];
};

/** The monitor for the selected contexts: the single-context monitor for one, the merged one for several. */
export function createMonitorForContexts(options: MonitorForContextsOptions): LiveMonitor {
	const {kubeconfigs, ...rest} = options;
	if (kubeconfigs.length === 1) return createLiveMonitor({...rest, kubeconfig: kubeconfigs[0]!});
	return createMultiContextMonitor(options);
}

type ContextMember = {
	name: string;
	monitor: LiveMonitor;
	/** What was merged from it last, so unchanged contexts reuse their merged parts. */
	seen: MonitorSnapshot | null;
	sources: readonly SourceState[];
};

/** Several contexts, one monitor: the merged store, and every app-scoped call routed to the app's own context. */
export function createMultiContextMonitor(options: MonitorForContextsOptions): LiveMonitor {
	const {kubeconfigs, ...rest} = options;
	const config = options.config ?? defaultConfig();
	// One Git layer and one audit log for all: a repository several contexts deploy from is fetched once.
	const ownsGit = options.git === undefined;
	const git = options.git ?? new GitRepos({pollSeconds: config.gitPollSeconds, fetchTimeoutMs: config.gitTimeoutSeconds * 1000});
	const audit = options.audit ?? new AuditLog();
	const first = kubeconfigs[0]!;
	const store = new SnapshotStore<MonitorSnapshot>({
		...emptySnapshot,
		context: first.context,
		contexts: first.contexts,
		namespace: options.namespace,
		watched: [],
	});
	const batchMs = options.batchMs ?? 250;
	// A context whose kubeconfig entry cannot be used gets no monitor: it is listed, with why, among the others.
	const members: ContextMember[] = kubeconfigs
		.filter(kubeconfig => kubeconfig.unusable === undefined)
		.map(kubeconfig => ({
			name: kubeconfig.context,
			// Each context publishes every change at once; the merge below is the one batch (see queueMerge).
			monitor: createLiveMonitor({...rest, batchMs: 0, config, git, audit, kubeconfig}),
			seen: null,
			sources: [],
		}));
	let closed = false;
	let mergeQueued = false;
	let mergeTimer: NodeJS.Timeout | undefined;
	let lastMerge = 0;
	let mergedApps: readonly AppSummary[] = [];
	let mergedFrom: (readonly AppSummary[])[] = [];

	/**
	 * Every context's store change lands here. A change after a quiet batch period is merged at once (the first
	 * context to answer is on screen without waiting for the others); under a stream of changes, at most once a
	 * batch period. Merged per context's batch instead, ten contexts under churn rebuilt the merged list and
	 * everything the screen derives from it ten times as often as one context does (bench:scale, 10 × 1000 apps
	 * at 25 changes/s: 4.7× the CPU of one context's 5000).
	 */
	const queueMerge = () => {
		if (mergeQueued || closed) return;
		mergeQueued = true;
		const run = () => {
			mergeQueued = false;
			mergeTimer = undefined;
			if (closed) return;
			lastMerge = Date.now();
			merge();
		};
		const wait = lastMerge + batchMs - Date.now();
		if (wait <= 0) queueMicrotask(run);
		else mergeTimer = setTimeout(run, wait);
	};

	function merge() {
		const snapshots = members.map(member => member.monitor.store.getSnapshot());
		const appArrays = snapshots.map(snapshot => snapshot.apps);
		// The same arrays as last time: the same merged array, so nothing that depends on it recomputes.
		if (appArrays.length !== mergedFrom.length || appArrays.some((apps, index) => apps !== mergedFrom[index])) {
			mergedApps = appArrays.flat();
			mergedFrom = appArrays;
		}
		const watched: WatchedContext[] = [];
		const sources: SourceState[] = [];
		let actions: Record<string, ActionProgress> | undefined;
		let updatedAt: number | null = null;
		const unusable = kubeconfigs.filter(kubeconfig => kubeconfig.unusable !== undefined);
		snapshots.forEach((snapshot, index) => {
			const member = members[index]!;
			if (member.seen?.sources !== snapshot.sources) {
				member.sources = snapshot.sources.map(source => ({...source, context: member.name}));
			}
			member.seen = snapshot;
			sources.push(...member.sources);
			watched.push({
				name: member.name,
				production: snapshot.production === true,
				readonly: snapshot.readonly === true,
				sources: member.sources,
				apps: snapshot.apps.length,
				notice: snapshot.notice ?? null,
				updatedAt: snapshot.updatedAt,
			});
			if (snapshot.updatedAt !== null) updatedAt = Math.max(updatedAt ?? 0, snapshot.updatedAt);
			if (snapshot.actions && Object.keys(snapshot.actions).length > 0) actions = {...actions, ...snapshot.actions};
		});
		for (const kubeconfig of unusable) {
			watched.push({
				name: kubeconfig.context,
				production: isProductionContext(kubeconfig.context, config.prodPattern),
				readonly: true,
				sources: [],
				apps: 0,
				notice: null,
				updatedAt: null,
				fatal: kubeconfig.unusable!,
			});
		}
		// In the order selected, as the contexts were given (status and the header list them so).
		const order = kubeconfigs.map(kubeconfig => kubeconfig.context);
		watched.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
		const current = store.getSnapshot();
		store.set({
			...current,
			namespace: snapshots[0]!.namespace,
			apps: mergedApps,
			sources,
			updatedAt,
			watched,
			// Loud when any watched context is production; read-only only when every one is.
			production: watched.some(context => context.production),
			readonly: watched.every(context => context.readonly),
			namespaceMissing: snapshots.every(snapshot => snapshot.namespaceMissing === true),
			notice: null,
			...(actions ? {actions} : {actions: {}}),
		});
	}

	const unsubscribes = members.map(member => member.monitor.store.subscribe(queueMerge));
	merge();

	/**
	 * The context an app id belongs to: ids start with the context's name and '/'. A name may hold '/' itself (an EKS
	 * ARN): when several names fit, the one listing the app, else the longest.
	 */
	function memberOf(appId: string): ContextMember | undefined {
		const fitting = members.filter(member => appId.startsWith(`${member.name}/`));
		if (fitting.length <= 1) return fitting[0];
		const listing = fitting.find(member => member.monitor.store.getSnapshot().apps.some(app => app.id === appId));
		return listing ?? fitting.sort((a, b) => b.name.length - a.name.length)[0];
	}

	function routed(appId: string): LiveMonitor {
		const member = memberOf(appId);
		if (!member) throw new Error(appGoneText);
		return member.monitor;
	}

	const logsFor = (appId: string): LogSource => (memberOf(appId) ?? members[0]!).monitor.logs;

	return {
		store,
		setContext(name: string) {
			// Several contexts are watched at once: the UI narrows to one instead of switching.
			if (!members.some(member => member.name === name)) {
				store.update(current => ({...current, notice: `context "${name}" is not among those watched`}));
			}
		},
		setNamespace(next: string | null) {
			for (const member of members) member.monitor.setNamespace(next);
		},
		watchDetail: (appId, onChange) => routed(appId).watchDetail(appId, onChange),
		watchDrift: (appId, onChange) => routed(appId).watchDrift(appId, onChange),
		watchTree: (appId, onChange) => routed(appId).watchTree(appId, onChange),
		watchEvents: (appId, onChange) => routed(appId).watchEvents(appId, onChange),
		watchTimeline(appId, onChange, options) {
			if (appId !== null) return routed(appId).watchTimeline(appId, onChange, options);
			// All apps: every context's timeline, newest first.
			const states: TimelineState[] = members.map(() => loadingTimeline);
			const publish = () =>
				onChange(
					mergeContextTimelines(
						states,
						members.map(member => member.name),
					),
				);
			const stops = members.map((member, index) =>
				member.monitor.watchTimeline(
					null,
					state => {
						// The audit log's entries come from every context: each names the context of its own app.
						states[index] = {
							...state,
							entries: state.entries.map(entry => ({
								...entry,
								context: (entry.appId === null ? undefined : memberOf(entry.appId)?.name) ?? member.name,
							})),
						};
						publish();
					},
					options,
				),
			);
			return () => {
				for (const stop of stops) stop();
			};
		},
		logs: members[0]!.monitor.logs,
		logsFor,
		refreshGit() {
			void git.refresh();
		},
		actionsFor(appId) {
			const member = memberOf(appId);
			return member ? member.monitor.actionsFor(appId) : [];
		},
		async planAction(request) {
			return routed(request.appId).planAction(request);
		},
		async runAction(plan) {
			return routed(plan.request.appId).runAction(plan);
		},
		refuseAction(request) {
			memberOf(request.appId)?.monitor.refuseAction(request);
		},
		dismissAction(appId) {
			memberOf(appId)?.monitor.dismissAction(appId);
		},
		async settled(idleMs: number) {
			const results = await Promise.all(members.map(member => member.monitor.settled(idleMs)));
			merge();
			return results.every(Boolean);
		},
		async nativeSettled(idleMs: number) {
			const results = await Promise.all(members.map(member => member.monitor.nativeSettled(idleMs)));
			merge();
			return results.every(Boolean);
		},
		progress: () => members.reduce((total, member) => total + member.monitor.progress(), 0),
		async close() {
			closed = true;
			clearTimeout(mergeTimer);
			for (const unsubscribe of unsubscribes) unsubscribe();
			await Promise.all(members.map(member => member.monitor.close()));
			if (ownsGit) await git.stop();
		},
	};
}

/**
 * Every context's all-apps timeline as one, newest first; each problem names its context. An entry is told apart by
 * its context too: the same Deployment of the same estate can warn in two clusters at the same second, with no app
 * to tell them apart (an event no app owns alone), and each is news.
 */
export function mergeContextTimelines(states: readonly TimelineState[], contexts: readonly string[]): TimelineState {
	const seen = new Set<string>();
	const entries = states
		.flatMap(state => state.entries)
		.filter(entry => {
			const key = `${entry.context}\0${entry.time}\0${entry.kind}\0${entry.appId}\0${entry.text}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
	const problems = [...new Set(states.flatMap((state, index) => state.problems.map(problem => `${contexts[index]!}: ${problem}`)))];
	return {loading: states.some(state => state.loading), entries, problems};
}
