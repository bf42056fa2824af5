// Column widths for the app list. Narrow terminals lose the status word columns
// first, then shrink revision, namespace and name to keep a STATUS column (the
// only place a row says why it is not fine); names and glyphs always stay.
import type {AppSummary} from '../../core/apps/model.js';
import {shortRevision} from './format.js';

export type AppColumns = {
	/** 0 unless several contexts are watched: then the CONTEXT column, first after the glyphs. */
	context: number;
	name: number;
	kind: number;
	namespace: number;
	revision: number;
	age: number;
	/** 0 when the column is hidden (the glyph still shows sync). */
	syncWord: number;
	/** 0 when the column is hidden (the glyph still shows health). */
	healthWord: number;
	/** 0 when there is no room; the row then ends after the last column. */
	message: number;
};

/** Cursor marker, sync glyph and health glyph, each with a following space. */
const glyphPrefixWidth = 6;
const kindWidth = 4;
/**
 * The column of `lastChange`: the time since the app was last synced or deployed (Argo CD's last operation, Flux's
 * last applied revision or Helm release), not the age of the app object. Named for what it measures.
 */
export const syncedHeading = 'SYNCED';
const ageWidth = syncedHeading.length;
const syncWordWidth = 'OutOfSync'.length;
const healthWordWidth = 'Progressing'.length;
// 14, not 16, since SYNCED took 2 more columns than AGE: the widths at which SYNC and HEALTH appear stay the same.
const minMessage = 14;
/**
 * The STATUS column a narrow row keeps (from 60 columns, where the other columns at their minimums take 50): room
 * for "OutOfSync" and a space.
 */
const minStatus = 10;

const limits = {
	context: {min: 4, max: 14},
	name: {min: 12, max: 40},
	namespace: {min: 9, max: 20},
	revision: {min: 8, max: 20},
};

function clampTo(value: number, limit: {min: number; max: number}): number {
	return Math.min(Math.max(value, limit.min), limit.max);
}

// Rows keep their identity until they change, so each row's short revision is worked out once, not per list.
const revisionLengths = new WeakMap<AppSummary, number>();

function revisionLength(app: AppSummary): number {
	let length = revisionLengths.get(app);
	if (length === undefined) {
		length = shortRevision(app.revision).length;
		revisionLengths.set(app, length);
	}
	return length;
}

/**
 * `contextLabels`: the CONTEXT column's texts (contextLabels()), given only while several contexts are watched;
 * the column then takes room from revision and namespace first, then shrinks itself before the name does.
 */
export function appColumns(width: number, apps: readonly AppSummary[], contextLabels: readonly string[] = []): AppColumns {
	let longestName = 0;
	let longestNamespace = 0;
	let longestRevision = 0;
	for (const app of apps) {
		longestName = Math.max(longestName, app.name.length);
		longestNamespace = Math.max(longestNamespace, app.namespace.length);
		longestRevision = Math.max(longestRevision, revisionLength(app));
	}
	let name = clampTo(longestName || 4, limits.name);
	let namespace = clampTo(longestNamespace || 9, limits.namespace);
	let revision = clampTo(longestRevision || 8, limits.revision);
	let context = contextLabels.length === 0 ? 0 : clampTo(Math.max(7, ...contextLabels.map(label => label.length)), limits.context);
	const fixed = glyphPrefixWidth + kindWidth + 1 + ageWidth + 1;
	const used = () => fixed + (context > 0 ? context + 1 : 0) + name + 1 + namespace + 1 + revision + 1;
	// No room for a STATUS column: shrink revision, namespace, then name, down to their minimums. Below 60 columns
	// even that does not make room, and they shrink only as far as the row needs.
	const smallest =
		fixed + (context > 0 ? limits.context.min + 1 : 0) + limits.name.min + 1 + limits.namespace.min + 1 + limits.revision.min + 1;
	const reserve = smallest + minStatus <= width ? minStatus : 0;
	for (const [get, set, min] of [
		[() => revision, (v: number) => (revision = v), limits.revision.min],
		[() => namespace, (v: number) => (namespace = v), limits.namespace.min],
		[() => context, (v: number) => (context = v), context > 0 ? limits.context.min : 0],
		[() => name, (v: number) => (name = v), limits.name.min],
	] as const) {
		const excess = used() + reserve - width;
		if (excess > 0) set(Math.max(min, get() - excess));
	}

	let rest = width - used();
	let healthWord = 0;
	let syncWord = 0;
	if (rest >= minMessage + healthWordWidth + 1) {
		healthWord = healthWordWidth;
		rest -= healthWordWidth + 1;
	}

	if (rest >= minMessage + syncWordWidth + 1) {
		syncWord = syncWordWidth;
		rest -= syncWordWidth + 1;
	}

	// A sliver of a STATUS column says nothing: the row ends after AGE instead (an action then shows in NAMESPACE).
	return {context, name, kind: kindWidth, namespace, revision, age: ageWidth, syncWord, healthWord, message: rest >= minStatus ? rest : 0};
}
