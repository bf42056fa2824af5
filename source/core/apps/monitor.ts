import type {AppDetail} from './detail.js';
import type {AppDriftState} from './drift-state.js';
import type {ActionKind, ActionPlan, ActionRequest, ActionResult} from '../actions/types.js';
import type {MonitorSnapshot, SnapshotStore} from './store.js';

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
