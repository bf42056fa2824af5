import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function podDisruptionBudget(status?: Record<string, unknown>): KubeObject {
	return {
		apiVersion: 'policy/v1',
		kind: 'PodDisruptionBudget',
		metadata: {name: 'checkout', namespace: 'shop', generation: 2},
		spec: {minAvailable: 3, selector: {matchLabels: {app: 'checkout'}}},
		...(status === undefined ? {} : {status}),
	};
}

const disruption = (status: string, reason: string) => ({
	type: 'DisruptionAllowed',
	status,
	reason,
	message: '',
	observedGeneration: 2,
	lastTransitionTime: '2025-03-01T10:00:00Z',
});

describe('PodDisruptionBudget health', () => {
	test('disruptions allowed is Healthy, named by the reason', () => {
		const status = {
			conditions: [disruption('True', 'SufficientPods')],
			currentHealthy: 3,
			desiredHealthy: 2,
			disruptionsAllowed: 1,
			expectedPods: 3,
			observedGeneration: 2,
		};
		assert.deepEqual(resourceHealth(podDisruptionBudget(status)), {status: 'Healthy', message: 'PodDisruptionBudget has SufficientPods'});
	});

	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(podDisruptionBudget()), {status: 'Progressing', message: 'Waiting for status'});
	});

	test('a controller sync failure is Degraded even after an InsufficientPods condition', () => {
		const status = {
			conditions: [disruption('False', 'InsufficientPods'), disruption('False', 'SyncFailed')],
			currentHealthy: 2,
			desiredHealthy: 3,
			disruptionsAllowed: 0,
			expectedPods: 2,
			observedGeneration: 2,
		};
		assert.deepEqual(resourceHealth(podDisruptionBudget(status)), {status: 'Degraded', message: 'PodDisruptionBudget has SyncFailed'});
	});

	test('no disruption allowed because of too few pods is deliberate often enough to count as Healthy', () => {
		const status = {
			conditions: [disruption('False', 'InsufficientPods')],
			currentHealthy: 1,
			desiredHealthy: 1,
			disruptionsAllowed: 0,
			expectedPods: 1,
		};
		assert.deepEqual(resourceHealth(podDisruptionBudget(status)), {status: 'Healthy', message: 'PodDisruptionBudget has InsufficientPods'});
	});

	test('a status without conditions is still waiting', () => {
		assert.deepEqual(resourceHealth(podDisruptionBudget({currentHealthy: 1, conditions: []})), {
			status: 'Progressing',
			message: 'Waiting for status',
		});
	});
});
