// React bindings for the live Monitor: the UI only reads through these.
import {useEffect, useState, useSyncExternalStore} from 'react';
import {pendingDrift, type AppDriftState} from '../core/apps/drift-state.js';
import type {DetailState, Monitor, MonitorSnapshot} from '../core/monitor/monitor.js';

export function useSnapshot(monitor: Monitor): MonitorSnapshot {
	return useSyncExternalStore(monitor.store.subscribe, monitor.store.getSnapshot, monitor.store.getSnapshot);
}

const loadingDetail: DetailState = Object.freeze({loading: true, detail: null, error: null, updatedAt: null});

/** Follows one app's detail while `appId` is set; switching id starts from "loading". */
export function useDetail(monitor: Monitor, appId: string | null): DetailState {
	const [current, setCurrent] = useState<{id: string | null; state: DetailState}>({id: null, state: loadingDetail});
	useEffect(() => {
		if (appId === null) return;
		let active = true;
		const unsubscribe = monitor.watchDetail(appId, state => {
			// A late callback after unsubscribe must not overwrite the next app's detail.
			if (active) setCurrent({id: appId, state});
		});
		return () => {
			active = false;
			unsubscribe();
		};
	}, [monitor, appId]);
	return current.id === appId ? current.state : loadingDetail;
}

/** Follows one app's drift from Git while `appId` is set; switching id starts from "pending". */
export function useDrift(monitor: Monitor, appId: string | null): AppDriftState {
	const [current, setCurrent] = useState<{id: string | null; state: AppDriftState}>({id: null, state: pendingDrift});
	useEffect(() => {
		if (appId === null) return;
		let active = true;
		const unsubscribe = monitor.watchDrift(appId, state => {
			// A late callback after unsubscribe must not overwrite the next app's drift.
			if (active) setCurrent({id: appId, state});
		});
		return () => {
			active = false;
			unsubscribe();
		};
	}, [monitor, appId]);
	return current.id === appId ? current.state : pendingDrift;
}
