// Time labels (SYNCED cells, "updated … ago") without a ticking clock per label: one shared clock, aligned to the
// wall-clock minute, tells every subscriber at once. An idle screen so renders at most once a minute, in one
// frame, and writes nothing when no label changed (Ink skips identical output). Labels are computed from the
// real time when a component renders for any reason, so they are at most a minute late, never wrong.
import {createContext, useContext, useEffect, useReducer, useSyncExternalStore} from 'react';

export type Clock = {
	/** The time labels are computed from. */
	now(): number;
	/** Count of ticks so far: what a subscriber re-renders on. */
	ticks(): number;
	subscribe(onTick: () => void): () => void;
};

const minuteMs = 60_000;
// Fire slightly after the boundary so labels computed at it have really changed.
const boundaryMarginMs = 25;

/** The wall clock, ticking on each minute boundary while anyone listens. */
export function minuteClock(wallNow: () => number = Date.now): Clock {
	const listeners = new Set<() => void>();
	let ticks = 0;
	let timer: NodeJS.Timeout | undefined;
	const schedule = () => {
		const now = wallNow();
		timer = setTimeout(tick, minuteMs - (now % minuteMs) + boundaryMarginMs);
		// Never keep the process alive just to refresh a label.
		timer.unref?.();
	};
	function tick() {
		ticks++;
		for (const listener of [...listeners]) listener();
		schedule();
	}
	return {
		now: wallNow,
		ticks: () => ticks,
		subscribe(onTick) {
			listeners.add(onTick);
			if (timer === undefined) schedule();
			return () => {
				listeners.delete(onTick);
				if (listeners.size === 0) {
					clearTimeout(timer);
					timer = undefined;
				}
			};
		},
	};
}

/** A clock tests move by hand: `advance(ms)` moves now and ticks once, as the minute clock would. */
type ManualClock = Clock & {advance(ms: number): void};

export function manualClock(start = Date.now()): ManualClock {
	const listeners = new Set<() => void>();
	let now = start;
	let ticks = 0;
	return {
		now: () => now,
		ticks: () => ticks,
		subscribe(onTick) {
			listeners.add(onTick);
			return () => listeners.delete(onTick);
		},
		advance(ms) {
			now += ms;
			ticks++;
			for (const listener of [...listeners]) listener();
		},
	};
}

const wallClock = minuteClock();

/** Injectable for tests; the app uses the minute-aligned wall clock. */
export const ClockContext = createContext<Clock>(wallClock);

/** "Now" for time labels; the component re-renders on the shared minute tick (and whenever else it renders). */
export function useNow(): number {
	const clock = useContext(ClockContext);
	useSyncExternalStore(clock.subscribe, clock.ticks, clock.ticks);
	return clock.now();
}

/**
 * Re-render once after `ms` (Infinity: never): for a detail screen, whose labels (an operation running for 45 s)
 * may change within the minute. The list and header never use it: they follow the minute clock.
 */
export function useRerenderAfter(ms: number): void {
	const [, bump] = useReducer((count: number) => count + 1, 0);
	useEffect(() => {
		if (!Number.isFinite(ms)) return;
		const timer = setTimeout(bump, Math.max(0, ms) + boundaryMarginMs);
		timer.unref?.();
		return () => clearTimeout(timer);
	}, [ms]);
}
