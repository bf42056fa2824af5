// The apps the list shows for a state (filter, :into, :ctx and sort applied), cached per apps array.
import {useEffect, useMemo, useRef} from 'react';
import type {AppSummary} from '../../core/apps/model.js';
import {deployingInto, inContext, narrowVisible, prepareSearch, visibleApps, visibleAppsFrom} from '../state/selectors.js';
import {effectiveFilter, type UiState} from '../state/ui-state.js';

/**
 * Filter+sort results per (filter, sort) for one apps array, so a paste of keys re-sorts once. A new apps array
 * whose changes cannot move a row reuses the previous result; a filter one character longer narrows the result
 * of the shorter one instead of filtering and sorting every app again.
 */
export function useVisibleApps(apps: readonly AppSummary[]): (state: UiState) => readonly AppSummary[] {
	const previous = useRef<{apps: readonly AppSummary[]; results: Map<string, readonly AppSummary[]>} | null>(null);
	// After the frame is out: the filter's search text for rows that are new since the last list.
	useEffect(() => {
		const timer = setTimeout(() => prepareSearch(apps), 0);
		return () => clearTimeout(timer);
	}, [apps]);
	return useMemo(() => {
		const before = previous.current;
		const results = new Map<string, readonly AppSummary[]>();
		previous.current = {apps, results};
		return (state: UiState) => {
			const filter = effectiveFilter(state);
			const key = (text: string) => `${state.sort}\u0000${state.into ?? ''}\u0000${state.contextOnly ?? ''}\u0000${text}`;
			let result = results.get(key(filter));
			if (!result) {
				const old = before?.results.get(key(filter));
				const shorter = filter.length > 0 ? results.get(key(filter.slice(0, -1))) : undefined;
				result =
					(old && before ? visibleAppsFrom(before.apps, old, apps) : null) ??
					(shorter
						? narrowVisible(shorter, filter)
						: visibleApps(inContext(deployingInto(apps, state.into), state.contextOnly ?? null), filter, state.sort));
				results.set(key(filter), result);
			}

			return result;
		};
	}, [apps]);
}
