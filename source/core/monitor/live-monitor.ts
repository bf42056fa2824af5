import type {AppSummary, ProviderName} from '../apps/model.js';
import {controllerActions, controllers} from '../controllers/controllers.js';
import {ActionService, kubeUser, isProductionContext} from '../actions/action-service.js';
import {AuditLog} from '../actions/audit-log.js';
import {ActionProgressTracker} from './progress-tracker.js';
import type {ProviderActions} from '../actions/provider-actions.js';
import {type DetailState, type Monitor, emptySnapshot, type MonitorSnapshot} from './monitor.js';
import {SnapshotStore} from '../util/store.js';
import {reloginHint, selectContext, type LoadedKubeConfig} from '../kube/kubeconfig.js';
import {contextReadonly} from '../kube/context-selection.js';
import type {WatcherTiming} from '../kube/watcher.js';
import type {Controller, HealthSettings, Provider} from '../controllers/controller.js';
import {DesiredRenderCache} from '../desired/render-cache.js';
import {GitRepos} from '../git/git-repos.js';
import {defaultConfig, type DriftwatchConfig, type NativeAppConfig} from '../native/config-types.js';
import type {HealthOverride} from '../health/resource-health.js';
import {ClusterSession} from './cluster-session.js';
import {DriftSession} from './drift-session.js';
import {kubeLogSource} from '../logs/log-source.js';
import {type ActiveProvider, discoveredNotice, notInstalledNotice} from './active-types.js';
import {followDetail} from './detail-follower.js';
import {OwnedWatches} from '../tree/owned-watches.js';
import {followTree} from '../tree/tree-follower.js';
import {checkNamespace} from '../kube/namespace-check.js';
import {onRequestProgress} from '../kube/http.js';
import {untilDoneOrIdle} from '../util/progress-deadline.js';
import {appGoneText, errorText} from '../util/error-text.js';
import {followAppEvents} from './app-events.js';
import {followTimeline} from './timeline-follower.js';
import {trackedCommits} from './tracked-commits.js';
import {TransitionRecorder} from '../timeline/transitions.js';

export type LiveMonitorOptions = {
	kubeconfig: LoadedKubeConfig;
	/** null = all namespaces the user may list. */
	namespace: string | null;
	providers: readonly Provider[];
	/** Coalesce watch events this long into one store update. */
	batchMs?: number;
	timing?: Partial<WatcherTiming>;
	/**
	 * false: one-shot (status, diff, an action's preflight): every source is listed once and nothing is watched —
	 * a watch per type is a connection held open and server work for a command that reads once and exits.
	 * Default true (the TUI follows changes).
	 */
	watch?: boolean;
	/** Look for newly installed CRDs this often when CRDs may not be watched (otherwise a CRD change says when). */
	rediscoverMs?: number;
	detailPollMs?: number;
	/** The driftwatch config (native apps, git poll interval); default: none. */
	config?: DriftwatchConfig;
	/** The git layer to use (tests give one with a temp cache); default: a new one, owned and stopped here. */
	git?: GitRepos;
	/** Recompute each followed app's drift this often even when no change was seen. */
	driftRecheckMs?: number;
	/** --readonly: no action is offered or sent in any context (the config can make single contexts read-only). */
	readonly?: boolean;
	/** Where actions are logged; default $XDG_STATE_HOME/driftwatch/audit.log. */
	audit?: AuditLog;
	/** Action implementations by provider (tests may pass ones with an isolated git environment). */
	actionProviders?: Partial<Record<ProviderName, ProviderActions>>;
	/**
	 * Which native apps to compare with Git (default all). `diff APP` compares only APP: a comparison nobody
	 * prints costs a GET and a dry run per object.
	 */
	compareNative?: (app: NativeAppConfig) => boolean;
};

export type LiveMonitor = Monitor & {
	/**
	 * Resolves true once every cluster source has answered (live, forbidden, disconnected…), false when nothing
	 * progressed (no response, page, event) for `idleMs`: a large cluster that keeps answering is waited for.
	 */
	settled(idleMs: number): Promise<boolean>;
	/**
	 * Resolves true once every compared native app's first comparison ended (in a result or an error), false
	 * when nothing progressed for `idleMs`. Apart from the cluster's: a Git remote that does not answer is that
	 * app's problem, not the cluster's.
	 */
	nativeSettled(idleMs: number): Promise<boolean>;
	/** Grows with every response, page, event and compared object: what deadlines that follow progress watch. */
	progress(): number;
};

/** The live, watch-backed Monitor: one ClusterSession at a time, batched into the store. */
export function createLiveMonitor(options: LiveMonitorOptions): LiveMonitor {
	const batchMs = options.batchMs ?? 250;
	const store = new SnapshotStore<MonitorSnapshot>({
		...emptySnapshot,
		context: options.kubeconfig.context,
		contexts: options.kubeconfig.contexts,
		namespace: options.namespace,
	});
	let loaded = options.kubeconfig;
	let namespace = options.namespace;
	let session: ClusterSession;
	let drift: DriftSession;
	let health: HealthSettings;
	/** Detail followers by app, shared by every watcher of that app's detail (see watchDetail). */
	const sharedDetails = new Map<string, SharedDetail>();
	/** The owned-children watches every open resource tree of this session shares. */
	let owned: OwnedWatches;
	/** The controller whose settings hold the user's health checks (Argo CD), if any is registered. */
	const healthOwner = healthSettingsOwner(options.providers);
	/** Set once something works out a resource's health locally: only then are the controller's settings read. */
	let healthWanted = false;
	/** The session's user health checks for resourceHealth; asking for them is what sets healthWanted. */
	let healthOverride: () => HealthOverride | undefined = () => undefined;
	const config = options.config ?? defaultConfig();
	const ownsGit = options.git === undefined;
	const git = options.git ?? new GitRepos({pollSeconds: config.gitPollSeconds, fetchTimeoutMs: config.gitTimeoutSeconds * 1000});
	const renderCache = new DesiredRenderCache();
	const render = (sources: Parameters<DesiredRenderCache['render']>[1], signal: AbortSignal) => renderCache.render(git, sources, {signal});
	let flushTimer: NodeJS.Timeout | undefined;
	let closed = false;
	let actions: ActionService;
	/** Published with the session's first snapshot, never before it (a switch must not show a mixed state). */
	let sessionFlags = {readonly: false, production: false};
	const audit = options.audit ?? new AuditLog();
	const providerActions = options.actionProviders ?? controllerActions();
	const progress = new ActionProgressTracker(() => scheduleFlush());
	const previousById = new Map<string, AppSummary>();
	/** Health/sync/revision changes seen while running, for the timeline. */
	const transitions = new TransitionRecorder();

	let progressCount = 0;
	/** Waiting one-shot commands (settled, nativeSettled), told of each progress so they look at once. */
	const progressListeners = new Set<() => void>();
	const onProgress = (listener: () => void) => {
		progressListeners.add(listener);
		return () => progressListeners.delete(listener);
	};
	const noteProgress = () => {
		progressCount++;
		for (const listener of progressListeners) listener();
	};
	let stopProgress = () => {};

	/** Whether this session's first complete listing has been published (see scheduleFlush). */
	let firstListingShown = false;

	const scheduleFlush = () => {
		noteProgress();
		if (closed) return;
		// The batch paces a stream of changes. The session's first complete listing (or its failure) is what a
		// starting TUI waits for: it is published at once, not a batch period after the first of its answers.
		if (!firstListingShown && session.settled()) {
			firstListingShown = true;
			clearTimeout(flushTimer);
			flush();
			return;
		}
		if (flushTimer) return;
		flushTimer = setTimeout(flush, batchMs);
	};

	function flush() {
		flushTimer = undefined;
		if (closed) return;
		const current = store.getSnapshot();
		const apps = stableApps(session);
		const changed = apps.length !== current.apps.length || apps.some((app, index) => app !== current.apps[index]);
		if (healthWanted && (changed || !health.following)) followHealthSettings();
		const sources = session.sourceStates();
		if (changed) {
			progress.observe(apps);
			transitions.observe(apps);
		}
		const notice = discoveredNotice(session.active, session.discovered());
		// A notice of its own (a context that could not be selected) stays; "not installed" stays only while true.
		const kept = current.notice === notInstalledNotice ? null : (current.notice ?? null);
		store.set({
			...current,
			apps: changed ? apps : current.apps,
			sources,
			updatedAt: changed ? Date.now() : current.updatedAt,
			notice: notice ?? kept,
			actions: progress.snapshot,
		});
	}

	/**
	 * Rebuild rows, reusing unchanged row objects so the UI can skip them. Providers hand back the same object
	 * for an app whose projection did not change, so only replaced rows are compared field by field; the
	 * providers' rows come sorted, so the sort is skipped when the order already holds.
	 */
	function stableApps(from: ClusterSession): AppSummary[] {
		const next = [...from.active.flatMap(({provider}) => from.appsOf(provider)), ...drift.native.rows()];
		let known = 0;
		for (let index = 0; index < next.length; index++) {
			const app = next[index]!;
			const previous = previousById.get(app.id);
			if (previous === undefined) continue;
			known++;
			if (previous !== app && sameRow(previous, app)) next[index] = previous;
		}
		// Same ids as before (none new, none gone): the map already holds every row's id.
		const sameIds = known === next.length && known === previousById.size;
		if (!sameIds) previousById.clear();
		for (const app of next) if (!sameIds || previousById.get(app.id) !== app) previousById.set(app.id, app);
		for (let index = 1; index < next.length; index++) {
			if (next[index - 1]!.id > next[index]!.id) return next.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		}
		return next;
	}

	/** The health settings live where their controller runs (Argo CD): ask its apps once they are listed. */
	function followHealthSettings() {
		if (!session.settled() || !healthOwner) return;
		health.follow(session.projections(healthOwner.name));
	}

	function startSession() {
		previousById.clear();
		firstListingShown = false;
		stopProgress();
		stopProgress = onRequestProgress(loaded.kc, noteProgress);
		session = new ClusterSession({
			kc: loaded.kc,
			context: loaded.context,
			contextNamespace: loaded.namespace,
			namespace,
			providers: options.providers,
			reloginHint: reloginHint(loaded.kc),
			onChange: scheduleFlush,
			timing: options.timing,
			...(options.watch === false ? {watch: false} : {}),
			...(options.rediscoverMs === undefined ? {} : {rediscoverMs: options.rediscoverMs}),
		});
		session.start();
		const current = session;
		// A list in a namespace that does not exist is as empty as in one without apps: ask which it is, once.
		// One-shot commands ask themselves (status -n), in parallel with their own deadline.
		if (namespace !== null && options.watch !== false) {
			void checkNamespace(loaded.kc, namespace, 15_000).then(check => {
				if (closed || session !== current) return;
				store.update(snapshot => ({...snapshot, namespaceMissing: check.state === 'missing'}));
			});
		}
		const settings =
			healthOwner?.healthSettings?.({
				kc: loaded.kc,
				reloginHint: reloginHint(loaded.kc),
				timing: options.timing,
				...(options.watch === false ? {watch: false} : {}),
				onChange: affects => {
					currentDrift.recheckHealth(affects);
					scheduleFlush();
				},
			}) ?? noHealthSettings;
		health = settings;
		healthWanted = false;
		healthOverride = () => {
			if (!healthWanted && health === settings) {
				healthWanted = true;
				scheduleFlush();
			}
			return settings.override;
		};
		const currentDrift = new DriftSession({
			kc: loaded.kc,
			discovery: current.discovery,
			git,
			render,
			context: loaded.context,
			namespace,
			nativeApps: config.apps,
			store,
			providers: () => current.active,
			reloginHint: reloginHint(loaded.kc),
			onChange: scheduleFlush,
			timing: options.timing,
			...(options.watch === false ? {watch: false} : {}),
			healthOverride,
			...(options.driftRecheckMs === undefined ? {} : {recheckMs: options.driftRecheckMs}),
			...(options.compareNative ? {compareNative: options.compareNative} : {}),
			onProgress: noteProgress,
		});
		drift = currentDrift;
		drift.start();
		owned = new OwnedWatches({
			kc: loaded.kc,
			reloginHint: reloginHint(loaded.kc),
			timing: options.timing,
			...(options.watch === false ? {watch: false} : {}),
			healthOverride,
		});
		const readonly = options.readonly === true || contextReadonly(config, loaded.context);
		const production = isProductionContext(loaded.context, config.prodPattern);
		actions = new ActionService({
			kc: loaded.kc,
			discovery: current.discovery,
			git,
			render,
			context: loaded.context,
			production,
			readonly,
			user: kubeUser(loaded.kc),
			audit,
			providers: providerActions,
			typeOf: kind => typeOfKind(current.active, kind),
			configApps: config.apps,
		});
		sessionFlags = {readonly, production};
	}

	async function restart(change: () => void) {
		const old = session;
		const oldDrift = drift;
		const oldHealth = health;
		const oldOwned = owned;
		clearTimeout(flushTimer);
		flushTimer = undefined;
		change();
		startSession();
		progress.clear();
		transitions.clear();
		store.update(current => ({
			...current,
			...sessionFlags,
			context: loaded.context,
			namespace,
			apps: [],
			sources: [],
			updatedAt: null,
			notice: null,
			namespaceMissing: false,
		}));
		await Promise.all([old.stop(), oldDrift.stop(), oldHealth.stop(), oldOwned.stop()]);
	}

	/** Follow one app's detail: a Git app's from its comparison, a controller app's from its object. */
	function watchDetail(appId: string, onChange: (state: DetailState) => void): () => void {
		const current = session;
		const currentDrift = drift;
		const override = healthOverride;
		if (currentDrift.native.has(appId)) {
			return currentDrift.watch(appId, () => {
				onChange({loading: false, detail: currentDrift.nativeDetail(appId), error: null, updatedAt: Date.now()});
			});
		}
		// One follower per app and session, however many watch it (the detail screen and its resource tree): each
		// poll looks up every resource's live object, which at 500 resources is not to be done twice.
		const key = appId;
		let shared = sharedDetails.get(key);
		if (!shared || shared.session !== current) {
			const listeners = new Set<(state: DetailState) => void>();
			const entry: SharedDetail = {session: current, listeners, last: null, stop: () => {}};
			entry.stop = followDetail({
				kc: current.kc,
				discovery: current.discovery,
				store,
				providers: () => current.active,
				appId,
				onChange: state => {
					entry.last = state;
					for (const listener of [...listeners]) listener(state);
				},
				pollMs: options.detailPollMs,
				git,
				healthOverride: override,
			});
			shared = entry;
			sharedDetails.set(key, entry);
		}
		const entry = shared;
		entry.listeners.add(onChange);
		// A later watcher starts from what the others were told (the follower reports changes only).
		if (entry.last) onChange(entry.last);
		return () => {
			if (!entry.listeners.delete(onChange) || entry.listeners.size > 0) return;
			entry.stop();
			if (sharedDetails.get(key) === entry) sharedDetails.delete(key);
		};
	}

	startSession();
	store.update(current => ({...current, ...sessionFlags}));
	git.start();

	return {
		store,
		setContext(name: string) {
			if (name === loaded.context) return;
			try {
				const next = selectContext(loaded.kc, name, loaded.contexts);
				void restart(() => {
					loaded = next;
				});
			} catch (error) {
				const message = errorText(error);
				store.update(current => ({...current, notice: message}));
			}
		},
		setNamespace(next: string | null) {
			if (next === namespace) return;
			void restart(() => {
				namespace = next;
			});
		},
		watchDetail,
		watchEvents(appId, onChange) {
			const current = session;
			return followAppEvents({
				feed: current.events,
				app: () => store.getSnapshot().apps.find(app => app.id === appId),
				watchDetail: listener => watchDetail(appId, listener),
				onChange,
			});
		},
		watchTimeline(appId, onChange, timelineOptions) {
			const current = session;
			const abort = new AbortController();
			const stop = followTimeline({
				...timelineOptions,
				appId,
				store,
				transitions,
				feed: current.events,
				auditPath: audit.path,
				watchDetail,
				commits: app => trackedCommits({kc: current.kc, active: current.active, app, git, nativeApps: config.apps, signal: abort.signal}),
				onChange,
			});
			return () => {
				abort.abort();
				stop();
			};
		},
		watchDrift(appId, onChange) {
			return drift.watch(appId, onChange);
		},
		watchTree(appId, onChange) {
			return followTree({
				watchDetail: onDetail => watchDetail(appId, onDetail),
				app: () => store.getSnapshot().apps.find(candidate => candidate.id === appId),
				watches: owned,
				onChange,
			});
		},
		logs: kubeLogSource(
			() => session.kc,
			() => owned,
		),
		refreshGit() {
			void git.refresh();
		},
		actionsFor(appId) {
			const app = store.getSnapshot().apps.find(candidate => candidate.id === appId);
			return app && !actions.readonly ? actions.available(app) : [];
		},
		async planAction(request) {
			const app = store.getSnapshot().apps.find(candidate => candidate.id === request.appId);
			if (!app) throw new Error(appGoneText);
			return actions.plan(request, app);
		},
		async runAction(plan) {
			const service = actions;
			const app = store.getSnapshot().apps.find(candidate => candidate.id === plan.request.appId) ?? plan.app;
			progress.started(app, plan.request.kind);
			const outcome = await service.run(plan);
			progress.sent(store.getSnapshot().apps.find(candidate => candidate.id === app.id) ?? app, outcome);
			return outcome;
		},
		refuseAction(request) {
			const app = store.getSnapshot().apps.find(candidate => candidate.id === request.appId);
			// The service refuses a read-only plan before asking any provider, and audits the refusal.
			if (app) void actions.plan(request, app).catch(() => undefined);
		},
		dismissAction(appId) {
			progress.dismiss(appId);
		},
		async settled(idleMs: number) {
			const done = () => {
				if (healthWanted) followHealthSettings();
				return session.settled() && (!healthWanted || (health.settled() && drift.healthSettled()));
			};
			const settled = await untilDoneOrIdle({done, progress: () => progressCount, onProgress, idleMs});
			flush();
			return settled;
		},
		async nativeSettled(idleMs: number) {
			const settled = await untilDoneOrIdle({done: () => drift.native.settled(), progress: () => progressCount, onProgress, idleMs});
			flush();
			return settled;
		},
		progress: () => progressCount,
		async close() {
			closed = true;
			stopProgress();
			clearTimeout(flushTimer);
			await Promise.all([session.stop(), drift.stop(), health.stop(), owned.stop()]);
			if (ownsGit) await git.stop();
		},
	};
}

type SharedDetail = {
	session: ClusterSession;
	listeners: Set<(state: DetailState) => void>;
	/** The last state reported, for a watcher that joins later. */
	last: DetailState | null;
	stop: () => void;
};

/** Rows are small plain data: equal JSON is an equal row. Called only for rows a provider rebuilt. */
function sameRow(a: AppSummary, b: AppSummary): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** The controller whose settings hold resource health customizations: among those watched, else the registered one. */
function healthSettingsOwner(watched: readonly Provider[]): Controller | undefined {
	const owners = controllers.filter(controller => controller.healthSettings);
	return owners.find(owner => watched.some(provider => provider.name === owner.name)) ?? owners[0];
}

/** No controller has health settings: the built-in rules alone decide. */
const noHealthSettings: HealthSettings = {
	following: true,
	override: undefined,
	follow() {},
	settled: () => true,
	stop: async () => {},
};

function typeOfKind(active: readonly ActiveProvider[], kind: string) {
	for (const {watches} of active) {
		const spec = watches.find(candidate => candidate.type.kind === kind);
		if (spec) return spec.type;
	}
	return undefined;
}
