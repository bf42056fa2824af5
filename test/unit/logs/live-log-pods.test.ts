import assert from 'node:assert/strict';
import {test} from 'node:test';
import {podsOwnedBy} from '../../../source/core/logs/live-log-pods.js';
import type {OwnedObject} from '../../../source/core/tree/resource-tree.js';

function owned(kind: string, name: string, owner: {kind: string; name: string; uid: string} | null, failing = false): OwnedObject {
	const group = kind === 'Pod' ? '' : kind === 'Job' ? 'batch' : 'apps';
	return {
		ref: {group, version: 'v1', kind, namespace: 'shop', name},
		uid: `uid-${name}`,
		owners: owner ? [{group: '', ...owner}] : [],
		health: null,
		scaledToZero: false,
		...(kind === 'Pod' ? {pod: {namespace: 'shop', name, node: 'node-1', phase: 'Running', containers: [], failing}} : {}),
	};
}

test("a workload's pods are those whose owner chain reaches it, failing first; a Pod is its own", () => {
	const objects = [
		owned('ReplicaSet', 'web-7d9f', {kind: 'Deployment', name: 'web', uid: 'uid-web'}),
		owned('Pod', 'web-7d9f-a', {kind: 'ReplicaSet', name: 'web-7d9f', uid: 'uid-web-7d9f'}),
		owned('Pod', 'web-7d9f-b', {kind: 'ReplicaSet', name: 'web-7d9f', uid: 'uid-web-7d9f'}, true),
		owned('Job', 'backup-123', {kind: 'CronJob', name: 'backup', uid: 'uid-backup'}),
		owned('Pod', 'backup-123-x', {kind: 'Job', name: 'backup-123', uid: 'uid-backup-123'}),
		owned('Pod', 'stray', null),
	];
	const names = (targets: Parameters<typeof podsOwnedBy>[1]) => podsOwnedBy(objects, targets).map(pod => pod.name);
	assert.deepEqual(names([{kind: 'Deployment', namespace: 'shop', name: 'web'}]), ['web-7d9f-b', 'web-7d9f-a']);
	assert.deepEqual(names([{kind: 'CronJob', namespace: 'shop', name: 'backup'}]), ['backup-123-x']);
	assert.deepEqual(names([{kind: 'Pod', namespace: 'shop', name: 'stray'}]), ['stray']);
	assert.deepEqual(names([{kind: 'Deployment', namespace: 'other', name: 'web'}]), [], 'same name in another namespace');
});
