import {diffArrays} from 'diff';

// Myers (jsdiff) costs O(N·D): fine for a few edits, seconds for a rewritten 5 000-line object. This diff
// splits the problem at lines that occur exactly once on each side (patience-style anchors, kept in order
// by a longest increasing subsequence) and runs Myers only on the small gaps, with an edit budget after
// which a gap is shown as removed-then-added.
const GAP_EDIT_LIMIT = 200;
const MAX_DEPTH = 24;

/** A line-level edit script: every line of both sides, prefixed ' ' (kept), '-' (left only) or '+' (right only). */
export function anchoredLineDiff(left: string[], right: string[]): string[] {
	const out: string[] = [];
	diffRange(left, 0, left.length, right, 0, right.length, out, 0);
	return out;
}

function diffRange(a: string[], aLo: number, aHi: number, b: string[], bLo: number, bHi: number, out: string[], depth: number): void {
	while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
		out.push(` ${a[aLo]}`);
		aLo++;
		bLo++;
	}
	let suffix = 0;
	while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - 1 - suffix] === b[bHi - 1 - suffix]) suffix++;
	const aEnd = aHi - suffix;
	const bEnd = bHi - suffix;
	const anchors = aLo < aEnd && bLo < bEnd && depth < MAX_DEPTH ? uniqueAnchors(a, aLo, aEnd, b, bLo, bEnd) : [];
	if (anchors.length === 0) {
		gapDiff(a.slice(aLo, aEnd), b.slice(bLo, bEnd), out);
	} else {
		let aFrom = aLo;
		let bFrom = bLo;
		for (const [aAt, bAt] of anchors) {
			diffRange(a, aFrom, aAt, b, bFrom, bAt, out, depth + 1);
			out.push(` ${a[aAt]}`);
			aFrom = aAt + 1;
			bFrom = bAt + 1;
		}
		diffRange(a, aFrom, aEnd, b, bFrom, bEnd, out, depth + 1);
	}
	for (let index = aEnd; index < aHi; index++) out.push(` ${a[index]}`);
}

function gapDiff(a: string[], b: string[], out: string[]): void {
	const changes = a.length > 0 && b.length > 0 ? diffArrays(a, b, {maxEditLength: GAP_EDIT_LIMIT}) : undefined;
	if (!changes) {
		for (const line of a) out.push(`-${line}`);
		for (const line of b) out.push(`+${line}`);
		return;
	}
	for (const change of changes) {
		const marker = change.removed ? '-' : change.added ? '+' : ' ';
		for (const line of change.value) out.push(`${marker}${line}`);
	}
}

/** Pairs (leftIndex, rightIndex) of lines unique on both sides, the longest run that keeps both orders. */
function uniqueAnchors(a: string[], aLo: number, aHi: number, b: string[], bLo: number, bHi: number): Array<[number, number]> {
	const seen = new Map<string, {aCount: number; aAt: number; bCount: number; bAt: number}>();
	for (let index = aLo; index < aHi; index++) {
		const entry = seen.get(a[index]!);
		if (entry) entry.aCount++;
		else seen.set(a[index]!, {aCount: 1, aAt: index, bCount: 0, bAt: -1});
	}
	for (let index = bLo; index < bHi; index++) {
		const entry = seen.get(b[index]!);
		if (!entry) continue;
		entry.bCount++;
		entry.bAt = index;
	}
	const candidates: Array<[number, number]> = [];
	for (const entry of seen.values()) {
		if (entry.aCount === 1 && entry.bCount === 1) candidates.push([entry.aAt, entry.bAt]);
	}
	candidates.sort((x, y) => x[0] - y[0]);
	return longestIncreasingByRight(candidates);
}

/** Patience sorting: O(n log n) longest subsequence with increasing right index. */
function longestIncreasingByRight(pairs: Array<[number, number]>): Array<[number, number]> {
	const tails: number[] = [];
	const previous: number[] = new Array(pairs.length).fill(-1);
	pairs.forEach(([, right], index) => {
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (pairs[tails[mid]!]![1] < right) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) previous[index] = tails[lo - 1]!;
		tails[lo] = index;
	});
	const result: Array<[number, number]> = [];
	for (let index = tails[tails.length - 1] ?? -1; index !== -1; index = previous[index]!) result.push(pairs[index]!);
	return result.reverse();
}
