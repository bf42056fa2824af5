// An in-memory Monitor for UI tests: the real SnapshotStore, no cluster.
// Tests change the store directly and read back what the UI asked for.
import type {AppDetail} from '../../source/core/apps/detail.js';
import type {DetailState, Monitor} from '../../source/core/apps/monitor.js';
import {emptySnapshot, SnapshotStore, type MonitorSnapshot} from '../../source/core/apps/store.js';

export type StaticMonitor = Monitor & {
	/** Every call the UI made, in order. */
	readonly calls: {
		setContext: string[];
		setNamespace: Array<string | null>;
		watchDetail: string[];
	};
	/** Apps whose detail is being watched right now. */
	readonly watching: ReadonlySet<string>;
	/** Push a new detail state to the watchers of `appId` (live update, error…). */
	publishDetail(appId: string, state: DetailState): void;
	readonly closed: boolean;
};

export function createStaticMonitor(
	snapshot: Partial<MonitorSnapshot>,
	details: Record<string, AppDetail> = {},
): StaticMonitor {
	const store = new SnapshotStore<MonitorSnapshot>({...emptySnapshot, ...snapshot});
	const watchers = new Map<string, Set<(state: DetailState) => void>>();
	const calls = {setContext: [] as string[], setNamespace: [] as Array<string | null>, watchDetail: [] as string[]};
	let closed = false;

	const publishDetail = (appId: string, state: DetailState) => {
		for (const watcher of watchers.get(appId) ?? []) watcher(state);
	};

	return {
		store,
		calls,
		get watching() {
			return new Set([...watchers].filter(([, set]) => set.size > 0).map(([id]) => id));
		},
		get closed() {
			return closed;
		},
		publishDetail,
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
