// React bindings for the live Monitor: the UI only reads through these.
import {useEffect, useState, useSyncExternalStore} from 'react';
import {pendingDrift, type AppDriftState} from '../../core/drift/drift-state.js';
import type {DetailState, Monitor, MonitorSnapshot} from '../../core/monitor/monitor.js';
import type {TreeState} from '../../core/tree/tree-follower.js';

export function useSnapshot(monitor: Monitor): MonitorSnapshot {
	return useSyncExternalStore(monitor.store.subscribe, monitor.store.getSnapshot, monitor.store.getSnapshot);
}

/** One of the monitor's per-app subscriptions: calls `listener` with each new state until unsubscribed. */
type Follow<T> = (monitor: Monitor, appId: string, listener: (state: T) => void) => () => void;

/** Follows one app's subscription while `appId` is set; switching id starts from `initial`. */
function useFollow<T>(monitor: Monitor, follow: Follow<T>, appId: string | null, initial: T): T {
	const [current, setCurrent] = useState<{id: string | null; state: T}>({id: null, state: initial});
	useEffect(() => {
		if (appId === null) return;
		let active = true;
		const unsubscribe = follow(monitor, appId, state => {
			// A late callback after unsubscribe must not overwrite the next app's state.
			if (active) setCurrent({id: appId, state});
		});
		return () => {
			active = false;
			unsubscribe();
		};
	}, [monitor, follow, appId]);
	return current.id === appId ? current.state : initial;
}

const loadingDetail: DetailState = Object.freeze({loading: true, detail: null, error: null, updatedAt: null});
const followDetail: Follow<DetailState> = (monitor, appId, listener) => monitor.watchDetail(appId, listener);
const followDrift: Follow<AppDriftState> = (monitor, appId, listener) => monitor.watchDrift(appId, listener);

/** One app's detail while `appId` is set; "loading" until its first state. */
export function useDetail(monitor: Monitor, appId: string | null): DetailState {
	return useFollow(monitor, followDetail, appId, loadingDetail);
}

/** One app's drift from Git while `appId` is set; "pending" until its first state. */
export function useDrift(monitor: Monitor, appId: string | null): AppDriftState {
	return useFollow(monitor, followDrift, appId, pendingDrift);
}

const loadingTree: TreeState = Object.freeze({loading: true, tree: null, error: null, settled: false});
const followTree: Follow<TreeState> = (monitor, appId, listener) => monitor.watchTree(appId, listener);

/** One app's resource tree while `appId` is set (the tree screen is on view); "loading" until its first state. */
export function useTree(monitor: Monitor, appId: string | null): TreeState {
	return useFollow(monitor, followTree, appId, loadingTree);
}
