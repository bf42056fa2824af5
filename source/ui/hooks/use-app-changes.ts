// Apps that turned Degraded or OutOfSync while the UI runs: noticed on every store update (not only the ones that
// get drawn), signalled once per batch (the bell, a desktop notification, or nothing: config `notify:`), kept for
// the header until acknowledged (`a`), seen (the app opened) or no longer true (the app recovered). Nothing here
// ticks: an idle terminal gets no frame and no byte.
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {Monitor, MonitorSnapshot} from '../../core/monitor/monitor.js';
import {AppChangeWatch, changesText, stillTrue, type AppChange} from '../../core/notify/app-changes.js';
import {changeSignal, type NotifyMode, type TerminalEnv} from '../../core/notify/terminal-signals.js';

export type AppChanges = {
	/** Unacknowledged changes that still hold, oldest first. */
	shown: readonly AppChange[];
	acknowledge: () => void;
};

export function useAppChanges(
	monitor: Monitor,
	snapshot: MonitorSnapshot,
	openAppId: string | null,
	signal: {mode: NotifyMode; write: (text: string) => void; env: TerminalEnv},
): AppChanges {
	const [changes, setChanges] = useState<readonly AppChange[]>([]);
	const signalRef = useRef(signal);
	signalRef.current = signal;

	useEffect(() => {
		const watch = new AppChangeWatch();
		let previous: MonitorSnapshot | null = null;
		const look = () => {
			const current = monitor.store.getSnapshot();
			if (current === previous) return;
			previous = current;
			const found = watch.observe(current);
			if (found.length === 0) return;
			const {mode, write, env} = signalRef.current;
			const bytes = changeSignal(mode, 'driftwatch', changesText(found), env);
			if (bytes !== '') write(bytes);
			setChanges(kept => [
				...kept.filter(change => !found.some(next => next.appId === change.appId && next.became === change.became)),
				...found,
			]);
		};
		look();
		return monitor.store.subscribe(look);
	}, [monitor]);

	// Opening the app is seeing it.
	useEffect(() => {
		if (openAppId === null) return;
		setChanges(kept => (kept.some(change => change.appId === openAppId) ? kept.filter(change => change.appId !== openAppId) : kept));
	}, [openAppId]);

	const shown = useMemo(() => {
		if (changes.length === 0) return changes;
		const byId = new Map(snapshot.apps.map(app => [app.id, app]));
		const holding = changes.filter(change => stillTrue(change, byId.get(change.appId)));
		return holding.length === changes.length ? changes : holding;
	}, [changes, snapshot.apps]);

	const acknowledge = useCallback(() => setChanges([]), []);
	return {shown, acknowledge};
}
