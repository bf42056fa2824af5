import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function daemonSet(strategy: string, status: Record<string, unknown>, generation = 1): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: {name: 'node-exporter', namespace: 'monitoring', generation},
		spec: {updateStrategy: {type: strategy}},
		status: {observedGeneration: 1, desiredNumberScheduled: 4, ...status},
	};
}

function replicaSet(status: Record<string, unknown>, generation = 1): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {name: 'checkout-7c9f', namespace: 'shop', generation},
		spec: {replicas: 2},
		status: {observedGeneration: 1, replicas: 2, ...status},
	};
}

describe('DaemonSet health', () => {
	test('all pods updated and available', () => {
		const status = {updatedNumberScheduled: 4, numberAvailable: 4, numberReady: 4};
		assert.deepEqual(resourceHealth(daemonSet('RollingUpdate', status)), {status: 'Healthy', message: ''});
	});

	test('generation not observed', () => {
		assert.deepEqual(resourceHealth(daemonSet('RollingUpdate', {updatedNumberScheduled: 4, numberAvailable: 4}, 2)), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: observed daemon set generation less than desired generation',
		});
	});

	test('pods still being updated', () => {
		assert.deepEqual(resourceHealth(daemonSet('RollingUpdate', {updatedNumberScheduled: 2, numberAvailable: 4})), {
			status: 'Progressing',
			message: 'Waiting for daemon set "node-exporter" rollout to finish: 2 out of 4 new pods have been updated...',
		});
	});

	test('updated pods not available yet', () => {
		assert.deepEqual(resourceHealth(daemonSet('RollingUpdate', {updatedNumberScheduled: 4, numberAvailable: 3})), {
			status: 'Progressing',
			message: 'Waiting for daemon set "node-exporter" rollout to finish: 3 of 4 updated pods are available...',
		});
	});

	test('OnDelete is Healthy however many pods are old', () => {
		assert.deepEqual(resourceHealth(daemonSet('OnDelete', {updatedNumberScheduled: 1, numberAvailable: 4})), {
			status: 'Healthy',
			message: 'daemon set 1 out of 4 new pods have been updated',
		});
	});
});

describe('ReplicaSet health', () => {
	test('all replicas available', () => {
		assert.deepEqual(resourceHealth(replicaSet({availableReplicas: 2, readyReplicas: 2})), {status: 'Healthy', message: ''});
	});

	test('replica failure is Degraded with the condition message', () => {
		const status = {
			availableReplicas: 0,
			conditions: [
				{
					type: 'ReplicaFailure',
					status: 'True',
					reason: 'FailedCreate',
					message: 'pods "checkout-7c9f-" is forbidden: exceeded quota: compute',
				},
			],
		};
		assert.deepEqual(resourceHealth(replicaSet(status)), {
			status: 'Degraded',
			message: 'pods "checkout-7c9f-" is forbidden: exceeded quota: compute',
		});
	});

	test('replicas not yet available', () => {
		assert.deepEqual(resourceHealth(replicaSet({availableReplicas: 1})), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: 1 out of 2 new replicas are available...',
		});
	});

	test('generation not observed', () => {
		assert.deepEqual(resourceHealth(replicaSet({availableReplicas: 2}, 2)), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: observed replica set generation less than desired generation',
		});
	});
});
