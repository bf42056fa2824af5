// An app with 500 resources (2 000 owned objects): what a frame and a key cost is bounded by what is shown, not by
// the app. Counted, not timed (timings are the bench's: npm run bench:tree).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildResourceTree, defaultOpen, visibleRows} from '../../../source/core/tree/resource-tree.js';
import {treeRowsOf, withDefaultOpen} from '../../../source/ui/state/tree-nav.js';
import {largeTreeInput} from '../../support/large-tree.js';

test('500 resources: every object is placed once, and the first screen shows the app, its resources and one open path', () => {
	const input = largeTreeInput(500);
	const tree = buildResourceTree(input);
	assert.equal(tree.count, 1 + 500 + 2000);
	const rows = visibleRows(tree, key => defaultOpen(tree).has(key));
	// The app, 500 Deployments, and under the first crash-looping pod's Deployment: its ReplicaSet, the folded
	// old one, and the ReplicaSet's two pods.
	assert.equal(rows.length, 1 + 500 + 2 + 2);
	assert.equal(tree.worstPath.at(-1), '/Pod/big/svc-0017-7d9f-b');
});

test('moving the cursor reuses the rows; only a fold or a new tree builds them again', () => {
	const tree = buildResourceTree(largeTreeInput(500));
	const rowsOf = treeRowsOf(tree, withDefaultOpen(new Set(), tree));
	const view = {appId: 'big', selectedKey: null, index: 0, toggled: {}, top: 0};
	const first = rowsOf(view);
	// A key press changes the cursor and the window, not the toggles: the same rows, not a rebuild.
	assert.equal(rowsOf({...view, index: 40, top: 30, selectedKey: first[40]!.node.key}), first);
	const folded = rowsOf({...view, toggled: {[first[1]!.node.key]: true}});
	assert.notEqual(folded, first);
	assert.equal(folded.length, first.length + 2);
});

test('a live change keeps the worst path open across rebuilds; a new problem opens its own', () => {
	const input = largeTreeInput(500);
	const before = buildResourceTree(input);
	const open = withDefaultOpen(new Set(), before);
	// Pod 0017-b recovers, pod 0003-a (before every other failing one) starts failing.
	const changed = input.owned.map(object => {
		if (object.ref.name === 'svc-0017-7d9f-b') return {...object, health: {status: 'Healthy' as const, message: ''}};
		if (object.ref.name === 'svc-0003-7d9f-a') return {...object, health: {status: 'Degraded' as const, message: 'OOMKilled'}};
		return object;
	});
	const after = buildResourceTree({...input, owned: changed});
	const next = withDefaultOpen(open, after);
	for (const key of open) assert.ok(next.has(key), `${key} stays open`);
	assert.ok(next.has('apps/ReplicaSet/big/svc-0003-7d9f'));
});
