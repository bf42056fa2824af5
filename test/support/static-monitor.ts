// An in-memory Monitor for UI tests: the real SnapshotStore, no cluster.
// Tests change the store directly and read back what the UI asked for.
import type {AppDetail} from '../../source/core/apps/detail.js';
import {type DetailState, type Monitor, emptySnapshot, type MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import {pendingDrift, type AppDriftState} from '../../source/core/drift/drift-state.js';
import type {ActionKind, ActionOutcome, ActionPlan, ActionRequest} from '../../source/core/actions/types.js';

/** How a StaticMonitor answers action calls: which actions each app offers, the plan, the outcome. */
export type StaticActions = {
	available?: Record<string, ActionKind[]>;
	plan?: (request: ActionRequest) => ActionPlan;
	outcome?: (plan: ActionPlan) => ActionOutcome;
};
import {SnapshotStore} from '../../source/core/util/store.js';
import {buildResourceTree, type OwnedObject} from '../../source/core/tree/resource-tree.js';
import {appNodeRef, type TreeState} from '../../source/core/tree/tree-follower.js';
import {staticLogSource, type StaticLogSource} from './static-logs.js';
import {loadingAppEvents, type AppEventsState} from '../../source/core/monitor/app-events.js';
import {loadingTimeline, type TimelineState} from '../../source/core/monitor/timeline-follower.js';

/** What a StaticMonitor answers for events (by app id) and timelines (by app id, '*' for all apps). */
export type StaticFeeds = {
	events?: Record<string, AppEventsState>;
	timeline?: Record<string, TimelineState>;
};

export type StaticMonitor = Monitor & {
	/** Every call the UI made, in order. */
	readonly calls: {
		setContext: string[];
		setNamespace: Array<string | null>;
		watchDetail: string[];
		watchDrift: string[];
		watchTree: string[];
		refreshGit: number;
		planAction: ActionRequest[];
		/** Actions asked for in a read-only context, handed to the core to refuse and audit. */
		refuseAction: ActionRequest[];
		runAction: ActionPlan[];
		dismissAction: string[];
	};
	/** Apps whose events are followed right now. */
	readonly watchingEvents: ReadonlySet<string>;
	/** Timelines followed right now, by app id ('*': all apps). */
	readonly watchingTimeline: ReadonlySet<string>;
	/** Push an events state to the followers of `appId` (and keep it for later ones). */
	publishEvents(appId: string, state: AppEventsState): void;
	/** Apps whose detail is being watched right now. */
	readonly watching: ReadonlySet<string>;
	/** Push a new detail state to the watchers of `appId` (live update, error…). */
	publishDetail(appId: string, state: DetailState): void;
	/** Apps whose drift is being watched right now. */
	readonly watchingDrift: ReadonlySet<string>;
	/** Push a drift state to the drift watchers of `appId` (and keep it for later watchers). */
	publishDrift(appId: string, state: AppDriftState): void;
	/**
	 * Replace the owned children (ReplicaSets, Pods…) of `appId`'s tree and rebuild it for its watchers, as the
	 * shared watches do on a change. The tree is built by the real model from the detail's resources and these.
	 */
	publishOwned(appId: string, objects: OwnedObject[]): void;
	readonly closed: boolean;
	/** The in-memory logs the UI reads (see static-logs.ts). */
	readonly logs: StaticLogSource;
};

export function createStaticMonitor(
	snapshot: Partial<MonitorSnapshot>,
	details: Record<string, AppDetail> = {},
	drifts: Record<string, AppDriftState> = {},
	actions: StaticActions = {},
	feeds: StaticFeeds = {},
	owned: Record<string, OwnedObject[]> = {},
	logs: StaticLogSource = staticLogSource(),
): StaticMonitor {
	const eventStates = new Map(Object.entries(feeds.events ?? {}));
	const eventWatchers = new Map<string, Set<(state: AppEventsState) => void>>();
	const timelineWatchers = new Map<string, Set<(state: TimelineState) => void>>();
	const follow = <T>(watchers: Map<string, Set<(state: T) => void>>, key: string, onChange: (state: T) => void, initial: () => T) => {
		const set = watchers.get(key) ?? new Set();
		watchers.set(key, set);
		set.add(onChange);
		setImmediate(() => {
			if (set.has(onChange)) onChange(initial());
		});
		return () => {
			set.delete(onChange);
		};
	};
	const watched = <T>(watchers: Map<string, Set<T>>) => new Set([...watchers].filter(([, set]) => set.size > 0).map(([id]) => id));
	const store = new SnapshotStore<MonitorSnapshot>({...emptySnapshot, ...snapshot});
	const watchers = new Map<string, Set<(state: DetailState) => void>>();
	const calls = {
		setContext: [] as string[],
		setNamespace: [] as Array<string | null>,
		watchDetail: [] as string[],
		watchDrift: [] as string[],
		watchTree: [] as string[],
		refreshGit: 0,
		planAction: [] as ActionRequest[],
		refuseAction: [] as ActionRequest[],
		runAction: [] as ActionPlan[],
		dismissAction: [] as string[],
	};
	const driftWatchers = new Map<string, Set<(state: AppDriftState) => void>>();
	const driftStates = new Map(Object.entries(drifts));
	let closed = false;
	const ownedByApp = new Map(Object.entries(owned));
	const treeWatchers = new Map<string, Set<(state: TreeState) => void>>();
	const treeOf = (appId: string): TreeState => {
		const app = store.getSnapshot().apps.find(candidate => candidate.id === appId);
		const detail = details[appId];
		if (!app || !detail) return {loading: false, tree: null, error: `no detail for ${appId}`, settled: true};
		const tree = buildResourceTree({
			app: {ref: appNodeRef(app), health: {status: app.health, message: app.message}, sync: app.sync},
			managed: detail.resources,
			owned: ownedByApp.get(appId) ?? [],
			unreadable: () => null,
		});
		return {loading: false, tree, error: null, settled: true};
	};

	const publishDetail = (appId: string, state: DetailState) => {
		for (const watcher of watchers.get(appId) ?? []) watcher(state);
	};

	const publishDrift = (appId: string, state: AppDriftState) => {
		driftStates.set(appId, state);
		for (const watcher of driftWatchers.get(appId) ?? []) watcher(state);
	};

	return {
		store,
		calls,
		logs,
		publishDrift,
		get watchingEvents() {
			return watched(eventWatchers);
		},
		get watchingTimeline() {
			return watched(timelineWatchers);
		},
		publishEvents(appId, state) {
			eventStates.set(appId, state);
			for (const watcher of eventWatchers.get(appId) ?? []) watcher(state);
		},
		watchEvents(appId, onChange) {
			return follow(eventWatchers, appId, onChange, () => eventStates.get(appId) ?? loadingAppEvents);
		},
		watchTimeline(appId, onChange) {
			const key = appId ?? '*';
			return follow(timelineWatchers, key, onChange, () => feeds.timeline?.[key] ?? loadingTimeline);
		},
		get watchingDrift() {
			return new Set([...driftWatchers].filter(([, set]) => set.size > 0).map(([id]) => id));
		},
		watchDrift(appId, onChange) {
			calls.watchDrift.push(appId);
			const set = driftWatchers.get(appId) ?? new Set();
			driftWatchers.set(appId, set);
			set.add(onChange);
			setImmediate(() => {
				if (set.has(onChange)) onChange(driftStates.get(appId) ?? pendingDrift);
			});
			return () => {
				set.delete(onChange);
			};
		},
		refreshGit() {
			calls.refreshGit++;
		},
		actionsFor(appId) {
			return store.getSnapshot().readonly ? [] : (actions.available?.[appId] ?? []);
		},
		async planAction(request) {
			calls.planAction.push(request);
			if (!actions.plan) throw new Error('no plan configured for this StaticMonitor');
			return actions.plan(request);
		},
		async runAction(plan) {
			calls.runAction.push(plan);
			const outcome = actions.outcome?.(plan) ?? {ok: true, message: 'requested'};
			const now = Date.now();
			store.update(current => ({
				...current,
				actions: {
					...current.actions,
					[plan.request.appId]: {
						action: plan.request.kind,
						label: plan.title.split(' ')[0] ?? plan.request.kind,
						phase: outcome.ok ? 'waiting' : 'failed',
						message: outcome.message,
						startedAt: now,
						finishedAt: outcome.ok ? null : now,
					},
				},
			}));
			return {refused: false, forbidden: false, ...outcome};
		},
		refuseAction(request) {
			calls.refuseAction.push(request);
		},
		dismissAction(appId) {
			calls.dismissAction.push(appId);
			store.update(current => {
				const next = {...current.actions};
				delete next[appId];
				return {...current, actions: next};
			});
		},
		get watching() {
			return new Set([...watchers].filter(([, set]) => set.size > 0).map(([id]) => id));
		},
		get closed() {
			return closed;
		},
		publishDetail,
		publishOwned(appId, objects) {
			ownedByApp.set(appId, objects);
			for (const watcher of treeWatchers.get(appId) ?? []) watcher(treeOf(appId));
		},
		watchTree(appId, onChange) {
			calls.watchTree.push(appId);
			const set = treeWatchers.get(appId) ?? new Set();
			treeWatchers.set(appId, set);
			set.add(onChange);
			setImmediate(() => {
				if (set.has(onChange)) onChange(treeOf(appId));
			});
			return () => {
				set.delete(onChange);
			};
		},
		setContext(name) {
			calls.setContext.push(name);
			store.update(current => ({...current, context: name}));
		},
		setNamespace(namespace) {
			calls.setNamespace.push(namespace);
			store.update(current => ({...current, namespace}));
		},
		watchDetail(appId, onChange) {
			calls.watchDetail.push(appId);
			const set = watchers.get(appId) ?? new Set();
			watchers.set(appId, set);
			set.add(onChange);
			// Like a real fetch, the answer arrives later than the subscription.
			setImmediate(() => {
				if (!set.has(onChange)) return;
				const detail = details[appId];
				onChange(
					detail
						? {loading: false, detail, error: null, updatedAt: Date.now()}
						: {loading: false, detail: null, error: `no detail for ${appId}`, updatedAt: null},
				);
			});
			return () => {
				set.delete(onChange);
			};
		},
		async close() {
			closed = true;
		},
	};
}
