// --clusters N of `driftwatch demo` and `driftwatch sandbox`: how many sandbox clusters, each with its own estate.

import {maxDemoClusters} from '../demo/demo-clusters.js';

/** --clusters's count (1 when absent), or the one-line complaint (exit 2) when it is not a whole number from 1 to the most. */
export function clustersFlag(value: string | undefined): {count: number} | {error: string} {
	if (value === undefined) return {count: 1};
	const count = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
	if (!Number.isInteger(count) || count < 1 || count > maxDemoClusters)
		return {error: `--clusters wants a whole number from 1 to ${maxDemoClusters}, not "${value}"`};
	return {count};
}
