// Cursor arithmetic for the diff view: between the fold-independent DiffCursor kept in the UI state and
// the line at the top of the window in one particular line model.
import type {DiffModel, DiffPosition} from '../text/diff-lines.js';
import {clamp, type DiffCursor} from './ui-state.js';

export const startCursor: DiffCursor = Object.freeze({resource: null, index: 0, hunk: -1, offset: 0});

/** Index of the last element of a sorted array that is <= value, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
	let low = 0;
	let high = sorted.length - 1;
	let found = -1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		if (sorted[middle]! <= value) {
			found = middle;
			low = middle + 1;
		} else high = middle - 1;
	}

	return found;
}

const resourceStarts = new WeakMap<DiffModel, number[]>();

function startsOf(model: DiffModel): number[] {
	let starts = resourceStarts.get(model);
	if (!starts) {
		starts = model.resources.map(entry => entry.start);
		resourceStarts.set(model, starts);
	}

	return starts;
}

/** The resource whose lines hold `line` (0 when there are none). */
function resourceAt(model: DiffModel, line: number): number {
	return Math.max(0, lastAtOrBefore(startsOf(model), line));
}

/**
 * Top line of the window for a cursor: the same resource (by ref) and hunk when they still exist. A cursor
 * naming no resource starts at the first changed one (not at one that merely failed to compare).
 */
export function topOf(model: DiffModel, cursor: DiffCursor): number {
	if (model.resources.length === 0) return 0;
	if (cursor.resource === null) return (model.resources.find(entry => entry.resource.change !== 'unchanged') ?? model.resources[0]!).start;
	const byKey = model.byKey.get(cursor.resource);
	// The resource went away: show whichever now sits at its place, from its header.
	if (byKey === undefined) return model.resources[clamp(cursor.index, 0, model.resources.length - 1)]!.start;
	const entry = model.resources[byKey]!;
	if (cursor.hunk >= entry.hunkLines.length) return entry.start;
	const base = cursor.hunk < 0 ? entry.start : entry.hunkLines[cursor.hunk]!;
	const limit = (entry.hunkLines[cursor.hunk + 1] ?? entry.end) - 1;
	return clamp(base + cursor.offset, base, limit);
}

export function cursorAt(model: DiffModel, top: number): DiffCursor {
	if (model.resources.length === 0) return startCursor;
	const index = resourceAt(model, top);
	const entry = model.resources[index]!;
	const hunk = lastAtOrBefore(entry.hunkLines, top);
	const base = hunk < 0 ? entry.start : entry.hunkLines[hunk]!;
	return {resource: entry.key, index, hunk, offset: top - base};
}

/** The hunk `top` is in, else the next one below it, else the last one; -1 when there are none. */
function hunkAt(model: DiffModel, top: number): number {
	if (model.hunkLines.length === 0) return -1;
	const before = lastAtOrBefore(model.hunkLines, top);
	if (before >= 0 && top < model.hunkEnds[before]!) return before;
	return Math.min(before + 1, model.hunkLines.length - 1);
}

export function diffPosition(model: DiffModel, top: number): DiffPosition {
	return {resource: resourceAt(model, top), resources: model.resources.length, hunk: hunkAt(model, top), hunks: model.hunkLines.length};
}

/** The first of `sorted` after `top` (direction 1) or the last before it (-1); null when there is none. */
function neighbour(sorted: readonly number[], top: number, direction: 1 | -1): number | null {
	if (direction > 0) {
		const next = sorted[lastAtOrBefore(sorted, top) + 1];
		return next ?? null;
	}

	const previous = lastAtOrBefore(sorted, top - 1);
	return previous < 0 ? null : sorted[previous]!;
}

/** Header line of the next/previous hunk, across resources. */
export function neighbourHunk(model: DiffModel, top: number, direction: 1 | -1): number | null {
	return neighbour(model.hunkLines, top, direction);
}

/** Header line of the next resource, or of the previous one (by the resource `top` is in). */
export function neighbourResource(model: DiffModel, top: number, direction: 1 | -1): number | null {
	const current = resourceAt(model, top);
	const target = model.resources[current + direction];
	return target ? target.start : null;
}
