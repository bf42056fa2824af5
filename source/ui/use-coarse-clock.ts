// Time labels without a ticking clock: a component reads "now" when it renders
// and asks to re-render only when its earliest label would change.
import {createContext, useContext, useEffect, useReducer} from 'react';

/** Injectable for tests; the app uses the wall clock. */
export const ClockContext = createContext<() => number>(Date.now);

export function useNow(): number {
	return useContext(ClockContext)();
}

// Fire slightly after the boundary so the recomputed label has really changed.
const boundaryMarginMs = 25;

/** Re-render once after `ms` (Infinity: never). Nothing renders while idle in between. */
export function useRerenderAfter(ms: number): void {
	const [, bump] = useReducer((count: number) => count + 1, 0);
	useEffect(() => {
		if (!Number.isFinite(ms)) return;
		const timer = setTimeout(bump, Math.max(0, ms) + boundaryMarginMs);
		// Never keep the process alive just to refresh a label.
		timer.unref?.();
		return () => clearTimeout(timer);
	}, [ms]);
}
