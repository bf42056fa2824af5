import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ManagedResource} from '../../../source/core/apps/detail.js';
import {
	buildResourceTree,
	defaultOpen,
	type NodeRef,
	type OwnedObject,
	treeIsFine,
	type TreeInput,
	visibleRows,
} from '../../../source/core/tree/resource-tree.js';

const app: TreeInput['app'] = {
	ref: {group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', namespace: 'argocd', name: 'shop'},
	health: {status: 'Degraded', message: 'web is failing'},
	sync: 'Synced',
};

function managed(group: string, kind: string, name: string, health: ManagedResource['health'] = null): ManagedResource {
	return {group, version: 'v1', kind, namespace: 'shop', name, sync: 'Synced', health};
}

function owned(
	group: string,
	kind: string,
	name: string,
	owner: {group: string; kind: string; name: string; uid?: string},
	health: OwnedObject['health'] = {status: 'Healthy', message: ''},
	extra: Partial<OwnedObject> = {},
): OwnedObject {
	const ref: NodeRef = {group, version: 'v1', kind, namespace: 'shop', name};
	return {ref, uid: `uid-${name}`, owners: [{uid: owner.uid ?? `uid-${owner.name}`, ...owner}], health, scaledToZero: false, ...extra};
}

const healthy = {status: 'Healthy' as const, message: ''};

test('owner chains of any depth hang under the managed resource that starts them', () => {
	const tree = buildResourceTree({
		app,
		managed: [
			managed('apps', 'Deployment', 'web', healthy),
			managed('batch', 'CronJob', 'nightly', healthy),
			managed('', 'Service', 'web'),
		],
		owned: [
			owned('apps', 'ReplicaSet', 'web-abc', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''}),
			owned('', 'Pod', 'web-abc-1', {group: 'apps', kind: 'ReplicaSet', name: 'web-abc'}),
			owned('batch', 'Job', 'nightly-1', {group: 'batch', kind: 'CronJob', name: 'nightly', uid: ''}),
			owned('', 'Pod', 'nightly-1-x', {group: 'batch', kind: 'Job', name: 'nightly-1'}),
			// Same name as an owner but another uid: the child of an earlier object of that name.
			owned('', 'Pod', 'stale', {group: 'apps', kind: 'ReplicaSet', name: 'web-abc', uid: 'gone'}),
		],
		unreadable: () => null,
	});
	const rows = visibleRows(tree, () => true).map(row => `${'  '.repeat(row.depth)}${row.node.ref?.kind}/${row.node.ref?.name}`);
	assert.deepEqual(rows, [
		'Application/shop',
		'  CronJob/nightly',
		'    Job/nightly-1',
		'      Pod/nightly-1-x',
		'  Deployment/web',
		'    ReplicaSet/web-abc',
		'      Pod/web-abc-1',
		'  Service/web',
	]);
	assert.equal(tree.count, 8);
});

test('old ReplicaSets scaled to zero fold into one line under their Deployment', () => {
	const tree = buildResourceTree({
		app,
		managed: [managed('apps', 'Deployment', 'web', healthy)],
		owned: [
			owned('apps', 'ReplicaSet', 'web-new', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''}),
			owned('apps', 'ReplicaSet', 'web-old1', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''}, healthy, {scaledToZero: true}),
			owned('apps', 'ReplicaSet', 'web-old2', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''}, healthy, {scaledToZero: true}),
		],
		unreadable: () => null,
	});
	const deployment = tree.root.children[0]!;
	assert.deepEqual(
		deployment.children.map(child => child.ref?.name ?? child.label),
		['web-new', '2 old ReplicaSets (0 replicas)'],
	);
	assert.deepEqual(
		deployment.children[1]!.children.map(child => child.ref?.name),
		['web-old1', 'web-old2'],
	);
	// Folded: closed by default, nothing below the Deployment's line is wrong.
	assert.equal(defaultOpen(tree).has(deployment.children[1]!.key), false);
});

test('the path to the worst node is open by default and nothing else', () => {
	const crashing = {status: 'Degraded' as const, message: 'back-off restarting failed container'};
	const tree = buildResourceTree({
		app,
		managed: [managed('apps', 'Deployment', 'api', healthy), managed('apps', 'Deployment', 'web', {status: 'Progressing', message: ''})],
		owned: [
			owned('apps', 'ReplicaSet', 'api-1', {group: 'apps', kind: 'Deployment', name: 'api', uid: ''}),
			owned('', 'Pod', 'api-1-a', {group: 'apps', kind: 'ReplicaSet', name: 'api-1'}),
			owned('apps', 'ReplicaSet', 'web-1', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''}, {status: 'Progressing', message: ''}),
			owned('', 'Pod', 'web-1-a', {group: 'apps', kind: 'ReplicaSet', name: 'web-1'}, crashing),
		],
		unreadable: () => null,
	});
	assert.deepEqual(tree.worstPath, [
		'argoproj.io/Application/argocd/shop',
		'apps/Deployment/shop/web',
		'apps/ReplicaSet/shop/web-1',
		'/Pod/shop/web-1-a',
	]);
	const open = defaultOpen(tree);
	const shown = visibleRows(tree, key => open.has(key)).map(row => row.node.ref?.name);
	assert.deepEqual(shown, ['shop', 'api', 'web', 'web-1', 'web-1-a']);
	assert.equal(treeIsFine(tree), false);
});

test('a kind the context may not list makes its branch say forbidden', () => {
	const tree = buildResourceTree({
		app,
		managed: [managed('apps', 'Deployment', 'web', healthy)],
		owned: [owned('apps', 'ReplicaSet', 'web-1', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''})],
		unreadable: (_group, kind, namespace) => (kind === 'Pod' ? `forbidden: cannot list pods in ${namespace}` : null),
	});
	const replicaSet = tree.root.children[0]!.children[0]!;
	assert.deepEqual(
		replicaSet.children.map(child => [child.label, child.problem]),
		[['Pods', 'forbidden: cannot list pods in shop']],
	);
	// The unreadable branch is the worst thing in the tree: open down to it.
	assert.equal(tree.worstPath.at(-1), replicaSet.children[0]!.key);
	assert.equal(treeIsFine(tree), false);
});

test('an all-healthy tree is fine and opens only the app', () => {
	const tree = buildResourceTree({
		app: {...app, health: healthy},
		managed: [managed('apps', 'Deployment', 'web', healthy)],
		owned: [owned('apps', 'ReplicaSet', 'web-1', {group: 'apps', kind: 'Deployment', name: 'web', uid: ''})],
		unreadable: () => null,
	});
	assert.equal(treeIsFine(tree), true);
	assert.deepEqual([...defaultOpen(tree)], [tree.root.key]);
});

test('an ownerReferences cycle does not loop', () => {
	const tree = buildResourceTree({
		app,
		managed: [managed('apps', 'ReplicaSet', 'a', healthy)],
		owned: [
			owned('apps', 'ReplicaSet', 'a', {group: 'apps', kind: 'ReplicaSet', name: 'b'}),
			owned('apps', 'ReplicaSet', 'b', {group: 'apps', kind: 'ReplicaSet', name: 'a'}),
		],
		unreadable: () => null,
	});
	assert.deepEqual(
		visibleRows(tree, () => true).map(row => row.node.ref?.name),
		['shop', 'a', 'b'],
	);
});
