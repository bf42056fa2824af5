import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ListBodySplitter} from '../../../source/core/kube/list-body.js';

/** Feed `text` to a splitter in pieces of `size` characters; the items it handed on and the list's own fields. */
function split(text: string, size: number): {items: unknown[]; list: Record<string, unknown>} {
	const items: unknown[] = [];
	const splitter = new ListBodySplitter(item => items.push(item));
	for (let at = 0; at < text.length; at += size) splitter.write(text.slice(at, at + size));
	return {items, list: splitter.end()};
}

const tricky = [
	{
		metadata: {name: 'a', namespace: 'n', annotations: {note: 'brackets ] } [ { and "quotes" and \\ backslashes \\" end'}},
		spec: {items: [{x: 1}, {y: [2, 3]}]},
	},
	{metadata: {name: 'b'}, status: {message: 'unicode é ✓ 🙂 and \u2028 and a "}" in quotes', list: []}},
	{metadata: {name: 'c'}, spec: {}},
	{metadata: {name: 'd', annotations: {one: '\\', two: '\\\\"', three: '"}]\\'}}},
];

test('every item of a list answer comes out parsed on its own, whatever the chunk boundaries, and the list keeps its metadata', () => {
	const body = JSON.stringify({
		kind: 'ApplicationList',
		apiVersion: 'argoproj.io/v1alpha1',
		metadata: {resourceVersion: '42', continue: 'tok"en]'},
		items: tricky,
	});
	for (const size of [1, 2, 3, 7, 64, body.length]) {
		const {items, list} = split(body, size);
		assert.deepEqual(items, tricky, `chunks of ${size}`);
		assert.deepEqual(
			list,
			{kind: 'ApplicationList', apiVersion: 'argoproj.io/v1alpha1', metadata: {resourceVersion: '42', continue: 'tok"en]'}, items: []},
			`chunks of ${size}`,
		);
	}
});

test('items first, pretty-printed, or no items at all', () => {
	const pretty = JSON.stringify({items: tricky, metadata: {resourceVersion: '7'}}, null, 2);
	for (const size of [1, 5, pretty.length]) {
		const {items, list} = split(pretty, size);
		assert.deepEqual(items, tricky);
		assert.deepEqual(list, {items: [], metadata: {resourceVersion: '7'}});
	}
	assert.deepEqual(split('{"kind":"List","items":[],"metadata":{}}', 4), {items: [], list: {kind: 'List', items: [], metadata: {}}});
	assert.deepEqual(split('{"kind":"List","metadata":{"items":[1]}}', 3), {items: [], list: {kind: 'List', metadata: {items: [1]}}});
});

test('a list answer cut short or not a list is an error, not a shorter list', () => {
	const body = JSON.stringify({metadata: {resourceVersion: '1'}, items: tricky});
	assert.throws(() => split(body.slice(0, -30), 16), SyntaxError);
	assert.throws(() => split(body.slice(0, -1), 16), SyntaxError);
	assert.throws(() => split('{"items":[1,2]}', 4), SyntaxError);
	assert.throws(() => split('[1,2]', 4), SyntaxError);
});
