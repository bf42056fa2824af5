import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {applyPatch} from 'diff';
import {unifiedDiff} from '../../../source/core/diff/unified.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const header = {kind: 'ConfigMap', namespace: 'shop', name: 'web'};

function configMap(data: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web', namespace: 'shop'}, data};
}

/** The diff is only right if applying its hunks to the left text gives the right text. */
function assertPatchReproducesRight(diff: ReturnType<typeof unifiedDiff>): void {
	const patched = applyPatch(diff.leftText, {oldFileName: 'l', newFileName: 'r', oldHeader: '', newHeader: '', hunks: diff.hunks});
	assert.equal(patched, diff.rightText);
}

describe('unifiedDiff', () => {
	test('a changed value gives a unified text with headers, an @@ line and -/+ lines', () => {
		const diff = unifiedDiff(configMap({a: '1', b: '2'}), configMap({a: '1', b: '3'}), header);
		assert.equal(diff.change, 'modified');
		assert.equal(
			diff.text(),
			[
				'--- live/ConfigMap/shop/web',
				'+++ desired/ConfigMap/shop/web',
				'@@ -1,7 +1,7 @@',
				' apiVersion: v1',
				' data:',
				'   a: "1"',
				'-  b: "2"',
				'+  b: "3"',
				' kind: ConfigMap',
				' metadata:',
				'   name: web',
				'',
			].join('\n'),
		);
	});

	test('key order does not matter: objects equal up to order are unchanged with empty text', () => {
		const left: KubeObject = {kind: 'ConfigMap', apiVersion: 'v1', data: {b: '2', a: '1'}};
		const right: KubeObject = {apiVersion: 'v1', data: {a: '1', b: '2'}, kind: 'ConfigMap'};
		const diff = unifiedDiff(left, right, header);
		assert.equal(diff.change, 'unchanged');
		assert.deepEqual(diff.hunks, []);
		assert.equal(diff.text(), '');
	});

	test('a missing side is added or removed against /dev/null', () => {
		const added = unifiedDiff(null, configMap({a: '1'}), header);
		assert.equal(added.change, 'added');
		assert.match(added.text(), /^--- \/dev\/null\n\+\+\+ desired\/ConfigMap\/shop\/web\n@@ -0,0 \+1,\d+ @@\n\+apiVersion: v1/);
		const removed = unifiedDiff(configMap({a: '1'}), null, {kind: 'Namespace', namespace: '', name: 'shop'});
		assert.equal(removed.change, 'removed');
		assert.match(removed.text(), /^--- live\/Namespace\/shop\n\+\+\+ \/dev\/null\n@@ -1,\d+ \+0,0 @@/);
	});

	test('the context parameter sets how many unchanged lines surround a change', () => {
		const data = Object.fromEntries(Array.from({length: 40}, (_, index) => [`key${String(index).padStart(2, '0')}`, `v${index}`]));
		const left = configMap(data);
		const right = configMap({...data, key10: 'changed', key30: 'changed'});
		assert.equal(unifiedDiff(left, right, header, {context: 3}).hunks.length, 2);
		assert.equal(unifiedDiff(left, right, header, {context: 0}).hunks[0]?.lines.length, 2);
		const wide = unifiedDiff(left, right, header, {context: 10});
		assert.equal(wide.hunks.length, 1, 'changes 20 lines apart merge with 10 lines of context');
		assertPatchReproducesRight(wide);
	});

	test('strings YAML 1.1 would read as booleans, numbers or times are printed quoted, as kubectl prints them', () => {
		const diff = unifiedDiff(
			configMap({}),
			configMap({a: 'yes', b: 'on', c: 'OFF', d: 'y', e: 'NO', f: '0777', g: '1:20', h: 'plain'}),
			header,
		);
		for (const line of [
			'+  a: "yes"',
			'+  b: "on"',
			'+  c: "OFF"',
			'+  d: "y"',
			'+  e: "NO"',
			'+  f: "0777"',
			'+  g: "1:20"',
			'+  h: plain',
		]) {
			assert.ok(diff.text().split('\n').includes(line), `${line} in\n${diff.text()}`);
		}
	});
});

describe('a 5 000-line ConfigMap', () => {
	const lines = (value: (index: number) => string) =>
		Array.from({length: 5000}, (_, index) => `setting.${index} = ${value(index)}`).join('\n');
	const live = configMap({'app.properties': `${lines(index => `value-${index}`)}\n`});

	test('two edited lines give two small hunks', () => {
		const edited = lines(index => (index === 100 || index === 4000 ? 'edited' : `value-${index}`));
		const started = performance.now();
		const diff = unifiedDiff(live, configMap({'app.properties': `${edited}\n`}), header);
		const elapsed = performance.now() - started;
		console.log(`5000-line ConfigMap, 2 lines changed: ${elapsed.toFixed(1)} ms`);
		assert.equal(diff.leftText.split('\n').length > 5000, true);
		assert.equal(diff.hunks.length, 2);
		assert.deepEqual(
			diff.hunks.map(hunk => hunk.lines.filter(line => line[0] !== ' ')),
			[
				['-    setting.100 = value-100', '+    setting.100 = edited'],
				['-    setting.4000 = value-4000', '+    setting.4000 = edited'],
			],
		);
	});

	test('every other line rewritten still yields a correct diff (anchored, not quadratic)', () => {
		const rewritten = lines(index => (index % 2 ? `other-${index}` : `value-${index}`));
		const started = performance.now();
		const diff = unifiedDiff(live, configMap({'app.properties': `${rewritten}\n`}), header);
		const elapsed = performance.now() - started;
		console.log(`5000-line ConfigMap, 2500 lines changed: ${elapsed.toFixed(1)} ms`);
		assert.equal(diff.change, 'modified');
		const removed = diff.hunks.flatMap(hunk => hunk.lines).filter(line => line[0] === '-');
		assert.equal(removed.length, 2500, 'the unchanged even lines are kept, not removed and re-added');
		assertPatchReproducesRight(diff);
	});

	test('a large rewrite and a distant single edit stay separate hunks with their own context', () => {
		const edited = lines(index => (index < 400 || index === 4000 ? `other-${index}` : `value-${index}`));
		const diff = unifiedDiff(live, configMap({'app.properties': `${edited}\n`}), header, {context: 2});
		assert.equal(diff.hunks.length, 2);
		const last = diff.hunks[1]!;
		assert.deepEqual(last.lines, [
			'     setting.3998 = value-3998',
			'     setting.3999 = value-3999',
			'-    setting.4000 = value-4000',
			'+    setting.4000 = other-4000',
			'     setting.4001 = value-4001',
			'     setting.4002 = value-4002',
		]);
		assert.equal(last.oldLines, 5);
		assertPatchReproducesRight(diff);
	});

	test('every line rewritten yields a correct diff', () => {
		const rewritten = lines(index => `other-${index}`);
		const started = performance.now();
		const diff = unifiedDiff(live, configMap({'app.properties': `${rewritten}\n`}), header);
		const elapsed = performance.now() - started;
		console.log(`5000-line ConfigMap, all 5000 lines changed: ${elapsed.toFixed(1)} ms`);
		assertPatchReproducesRight(diff);
		assert.match(diff.text(), /^- {4}setting\.4999 = value-4999$/m);
	});
});
