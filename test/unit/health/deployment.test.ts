import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function deployment(spec: Record<string, unknown>, status: Record<string, unknown>, generation = 3): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'checkout', namespace: 'shop', generation},
		spec: {replicas: 3, selector: {matchLabels: {app: 'checkout'}}, ...spec},
		status: {observedGeneration: 3, ...status},
	};
}

const rolledOut = {replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3};

describe('Deployment health', () => {
	test('fully rolled out is Healthy with no message', () => {
		assert.deepEqual(resourceHealth(deployment({}, rolledOut)), {status: 'Healthy', message: ''});
	});

	test('paused is Suspended even mid-rollout', () => {
		assert.deepEqual(resourceHealth(deployment({paused: true}, {replicas: 3, updatedReplicas: 1})), {
			status: 'Suspended',
			message: 'Deployment is paused',
		});
	});

	test('progress deadline exceeded is Degraded', () => {
		const object = deployment(
			{},
			{
				replicas: 4,
				updatedReplicas: 1,
				availableReplicas: 3,
				conditions: [
					{type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable'},
					{
						type: 'Progressing',
						status: 'False',
						reason: 'ProgressDeadlineExceeded',
						message: 'ReplicaSet "checkout-7c9" has timed out progressing.',
					},
				],
			},
		);
		assert.deepEqual(resourceHealth(object), {
			status: 'Degraded',
			message: 'Deployment "checkout" exceeded its progress deadline',
		});
	});

	test('new replicas still being created', () => {
		assert.deepEqual(resourceHealth(deployment({}, {replicas: 4, updatedReplicas: 1, availableReplicas: 3})), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...',
		});
	});

	test('old replicas pending termination', () => {
		assert.deepEqual(resourceHealth(deployment({}, {replicas: 5, updatedReplicas: 3, availableReplicas: 3})), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: 2 old replicas are pending termination...',
		});
	});

	test('updated replicas not yet available', () => {
		assert.deepEqual(resourceHealth(deployment({}, {replicas: 3, updatedReplicas: 3, availableReplicas: 1})), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: 1 of 3 updated replicas are available...',
		});
	});

	test('spec change not yet observed by the controller', () => {
		assert.deepEqual(resourceHealth(deployment({}, rolledOut, 4)), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: observed deployment generation less than desired generation',
		});
	});
});
