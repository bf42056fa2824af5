import type {AppDetail} from './detail.js';
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
	close(): Promise<void>;
};
