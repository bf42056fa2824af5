import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {unifiedDiff} from '../../source/core/diff/unified.js';
import {buildDiffModel, type DiffLine} from '../../source/ui/text/diff-lines.js';
import {cursorAt, diffPosition, topOf} from '../../source/ui/state/diff-nav.js';
import {reportOf} from './drift-fixtures.js';
import type {DriftResource} from '../../source/core/drift/types.js';

function configMap(data: Record<string, string>) {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'ns'}, data};
}

function resourceOf(left: Record<string, string> | null, right: Record<string, string> | null, context: number): DriftResource {
	const diff = unifiedDiff(
		left ? configMap(left) : null,
		right ? configMap(right) : null,
		{kind: 'ConfigMap', namespace: 'ns', name: 'c'},
		{context},
	);
	return {ref: {group: '', kind: 'ConfigMap', namespace: 'ns', name: 'c'}, change: diff.change, diff, error: null};
}

function textLines(text: string): string[] {
	return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** The side a sync leaves behind (right) or finds (left), read back from the unfolded view. */
function side(lines: readonly DiffLine[], drop: 'removed' | 'added'): string[] {
	return lines.flatMap(line =>
		line.kind === 'context' || line.kind === (drop === 'removed' ? 'added' : 'removed') ? [line.text.slice(1)] : [],
	);
}

const base: Record<string, string> = {};
for (let index = 0; index < 30; index++) base[`k${String(index).padStart(2, '0')}`] = `v${index}`;
const {k05: _dropped, ...withoutK05} = base;

const cases: Array<[string, Record<string, string> | null, Record<string, string> | null]> = [
	['changes at the start, middle and end', base, {...base, k00: 'x', k14: 'y', k29: 'z'}],
	['a pure insertion and a pure deletion', withoutK05, {...base, k20a: 'new'}],
	['missing live', null, base],
	['would be pruned', base, null],
];

describe('diff line model', () => {
	for (const [name, left, right] of cases) {
		for (const context of [0, 1, 3]) {
			test(`${name}, context ${context}: unfolding gives back both whole files; folds count the gaps`, () => {
				const resource = resourceOf(left, right, context);
				const full = buildDiffModel(reportOf([resource]), true);
				assert.deepEqual(side(full.lines, 'removed'), textLines(resource.diff!.rightText));
				assert.deepEqual(side(full.lines, 'added'), textLines(resource.diff!.leftText));
				const folded = buildDiffModel(reportOf([resource]), false);
				const hidden = folded.lines.reduce((total, line) => total + (line.kind === 'fold' ? line.count : 0), 0);
				const shownContext = folded.lines.filter(line => line.kind === 'context' || line.kind === 'removed').length;
				assert.equal(hidden + shownContext, textLines(resource.diff!.leftText).length, 'every live line is shown or folded');
				assert.equal(folded.hunkLines.length, full.hunkLines.length);
			});
		}
	}

	test('a cursor names a resource and hunk, so it survives folding', () => {
		const resource = resourceOf(base, {...base, k00: 'x', k14: 'y', k29: 'z'}, 1);
		const folded = buildDiffModel(reportOf([resource]), false);
		const full = buildDiffModel(reportOf([resource]), true);
		const atSecond = cursorAt(folded, folded.hunkLines[1]! + 2);
		assert.equal(topOf(full, atSecond), full.hunkLines[1]! + 2);
		assert.deepEqual(diffPosition(full, topOf(full, atSecond)), {resource: 0, resources: 1, hunk: 1, hunks: 3});
	});
});
