// Row identity across rebuilds: a watch event replaces one projection object and leaves every other one as it
// was, so a row built from an unchanged projection (and unchanged inputs) is returned as the same object. The
// monitor and the UI then compare rows by identity and look closer only at the few that were replaced.
import type {AppSummary} from '../apps/model.js';
import type {Projection} from './controller.js';

type Cached = {context: string; inputs: readonly unknown[]; row: AppSummary};

export class RowCache {
	// Keyed by the projection object: a replaced or deleted projection takes its row with it.
	readonly #rows = new WeakMap<Projection, Cached>();

	/**
	 * The row built from `projection` last time when the context and every other input (by identity) are the
	 * same; else `build()`'s row, remembered for next time.
	 */
	row(context: string, projection: Projection, inputs: readonly unknown[], build: () => AppSummary): AppSummary {
		const cached = this.#rows.get(projection);
		if (cached && cached.context === context && sameInputs(cached.inputs, inputs)) return cached.row;
		const row = build();
		this.#rows.set(projection, {context, inputs, row});
		return row;
	}
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
	return true;
}

/**
 * Rows in id order. A watch keeps its objects in list order (namespace/name, new ones last), which is already
 * id order for one kind most of the time: check in one pass before sorting.
 */
export function sortedById(apps: AppSummary[]): AppSummary[] {
	for (let index = 1; index < apps.length; index++) {
		if (apps[index - 1]!.id > apps[index]!.id) return apps.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}
	return apps;
}
