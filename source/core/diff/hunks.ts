import type {Hunk} from './types.js';

/** Groups an edit script (see anchoredLineDiff) into hunks with `context` unchanged lines around changes. */
export function hunksFromEditScript(script: string[], context: number): Hunk[] {
	const hunks: Hunk[] = [];
	// 1-based numbers of the next left/right line at each script position.
	const oldAt: number[] = [];
	const newAt: number[] = [];
	let oldLine = 1;
	let newLine = 1;
	for (const line of script) {
		oldAt.push(oldLine);
		newAt.push(newLine);
		if (line[0] !== '+') oldLine++;
		if (line[0] !== '-') newLine++;
	}
	let index = 0;
	while (index < script.length) {
		if (script[index]![0] === ' ') {
			index++;
			continue;
		}
		const start = Math.max(0, index - context);
		let lastChange = index;
		// Changes separated by at most 2·context unchanged lines share a hunk, as diff -u does.
		for (let next = index + 1; next < script.length && next <= lastChange + 2 * context + 1; next++) {
			if (script[next]![0] !== ' ') lastChange = next;
		}
		const end = Math.min(script.length, lastChange + 1 + context);
		const lines = script.slice(start, end);
		hunks.push({
			oldStart: oldAt[start]!,
			oldLines: lines.filter(line => line[0] !== '+').length,
			newStart: newAt[start]!,
			newLines: lines.filter(line => line[0] !== '-').length,
			lines,
		});
		index = end;
	}
	return hunks;
}

/** Unified diff text; an empty side's start is printed as the line before it, as diff -u does. */
export function formatUnified(oldLabel: string, newLabel: string, hunks: Hunk[]): string {
	const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
	for (const hunk of hunks) {
		const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
		const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
		out.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`, ...hunk.lines);
	}
	return `${out.join('\n')}\n`;
}
