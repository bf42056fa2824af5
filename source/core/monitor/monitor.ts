import type {AppDetail} from '../apps/detail.js';
import type {AppDriftState} from '../drift/drift-state.js';
import type {ActionKind, ActionPlan, ActionRequest, ActionResult} from '../actions/types.js';
import type {SnapshotStore} from '../util/store.js';
import type {AppSummary} from '../apps/model.js';
import type {SourceState} from '../kube/source-state.js';
import type {ActionProgress} from '../actions/progress-types.js';
import type {TreeState} from '../tree/tree-follower.js';
import type {LogSource} from '../logs/log-source.js';
import type {AppEventsState} from './app-events.js';
import type {TimelineOptions, TimelineState} from './timeline-follower.js';

/** One of several watched contexts, as its own session sees it (see multi-context-monitor). */
export type WatchedContext = {
	name: string;
	/** Matches the production pattern (default '*prod*'). */
	production: boolean;
	/** No action is offered or sent here (--readonly, or readonly: true on this context in the config). */
	readonly: boolean;
	/** This context's watched types and their state (each also in snapshot.sources, carrying `context`). */
	sources: readonly SourceState[];
	/** Apps listed from this context. */
	apps: number;
	/** This context's own line ('no Argo CD or Flux found'), or null. */
	notice: string | null;
	/** Epoch ms of this context's last change to apps, or null before any data. */
	updatedAt: number | null;
	/** Why nothing can be read from this context at all (its kubeconfig entry is unusable); absent when it can. */
	fatal?: string;
};

/** What the UI renders: a plain, immutable snapshot. */
export type MonitorSnapshot = {
	/** Current kube context name ('' before the kubeconfig is read); with several watched, the first of them. */
	context: string;
	/**
	 * Present only when more than one context is watched at once: each one's state, in the order selected. The
	 * apps then come from all of them (each row carries its `context`), and so do the sources.
	 */
	watched?: readonly WatchedContext[];
	/** All contexts in the kubeconfig, for `:ctx`. */
	contexts: string[];
	/** Namespace filter: null = all namespaces the user may list. */
	namespace: string | null;
	/** Apps sorted by id; the UI sorts and filters with selectors. */
	apps: readonly AppSummary[];
	/** One entry per watched resource type. */
	sources: readonly SourceState[];
	/** Epoch ms of the last change to apps, or null before any data. */
	updatedAt: number | null;
	/** A problem that stops everything (bad kubeconfig, unknown context), or null. */
	fatal: string | null;
	/** The namespace filter names a namespace the server says does not exist (asked when the session starts). */
	namespaceMissing?: boolean;
	/** Something worth a line that is not an error ('no Argo CD or Flux found', 'unknown context x'). */
	notice?: string | null;
	/** No mutating action is offered or sent in this context (--readonly, or readonly: true in the config). */
	readonly?: boolean;
	/** The context matches the production pattern (default '*prod*'): shown loudly. */
	production?: boolean;
	/** Actions started from this session and what became of them, by app id. */
	actions?: Readonly<Record<string, ActionProgress>>;
};

export const emptySnapshot: MonitorSnapshot = Object.freeze({
	context: '',
	contexts: [],
	namespace: null,
	apps: [],
	sources: [],
	updatedAt: null,
	fatal: null,
}) as MonitorSnapshot;

/** Detail of one app as the detail screen sees it; re-fetched when the app changes. */
export type DetailState = {
	loading: boolean;
	detail: AppDetail | null;
	/** One line naming the problem (forbidden, not found, disconnected…), or null. */
	error: string | null;
	/** Epoch ms of the last successful fetch. */
	updatedAt: number | null;
};

/**
 * What the UI may ask of the live monitor. The UI never talks to the cluster
 * itself: it reads the store through selectors and calls these.
 */
export type Monitor = {
	readonly store: SnapshotStore<MonitorSnapshot>;
	/** Switch kube context; problems land in snapshot.fatal or the source states. */
	setContext(name: string): void;
	/** null = all namespaces the user may list. */
	setNamespace(namespace: string | null): void;
	/** Follow one app's detail; returns an unsubscribe function. */
	watchDetail(appId: string, onChange: (state: DetailState) => void): () => void;
	/**
	 * Follow one app's drift from Git (render + dry run), recomputed when the app, its live objects or the
	 * followed branch change. Native apps are always followed; others only while someone watches.
	 */
	watchDrift(appId: string, onChange: (state: AppDriftState) => void): () => void;
	/**
	 * Follow one app as a resource tree (managed resources and the objects they own), live through watches shared
	 * by every open tree of the session; returns an unsubscribe function.
	 */
	watchTree(appId: string, onChange: (state: TreeState) => void): () => void;
	/**
	 * Follow one app's Kubernetes events (about the app object and its resources), live through the session's one
	 * shared events watch, which runs only while someone follows events.
	 */
	watchEvents(appId: string, onChange: (state: AppEventsState) => void): () => void;
	/**
	 * Follow the timeline of one app (appId) or of all apps (null): commits on the tracked path, syncs and who
	 * started them, health/sync transitions seen while running, Warning events and driftwatch's own actions.
	 */
	watchTimeline(appId: string | null, onChange: (state: TimelineState) => void, options?: TimelineOptions): () => void;
	/** Container logs of an app's pods and its controller's lines about it, on the current context. */
	readonly logs: LogSource;
	/** The log source of the app's own context (several contexts watched); absent: `logs` serves every app. */
	logsFor?(appId: string): LogSource;
	/** Fetch every followed repository now (the periodic poll goes on). */
	refreshGit(): void;
	/** Actions offered for this app now; empty in a read-only context. */
	actionsFor(appId: string): ActionKind[];
	/** Prepare an action for confirmation: reads only, sends nothing that changes anything. */
	planAction(request: ActionRequest): Promise<ActionPlan>;
	/**
	 * Run a confirmed plan (audited); progress then shows in snapshot.actions. Never rejects. The result says
	 * whether it was refused (nothing sent) or denied by the server, as the CLI's exit code does.
	 */
	runAction(plan: ActionPlan): Promise<ActionResult>;
	/**
	 * The user asked for an action where none may run (a read-only context): the core plans it — refused, nothing
	 * sent, not even a dry run — and writes the refused attempt to the audit log. Never rejects.
	 */
	refuseAction(request: ActionRequest): void;
	/** Forget a finished action's result (the user dismissed it). */
	dismissAction(appId: string): void;
	close(): Promise<void>;
};
