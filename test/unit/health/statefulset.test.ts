import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function statefulSet(updateStrategy: Record<string, unknown>, status: Record<string, unknown>, generation = 2): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: {name: 'postgres', namespace: 'db', generation},
		spec: {replicas: 3, serviceName: 'postgres', updateStrategy},
		status: {observedGeneration: 2, replicas: 3, ...status},
	};
}

const rollingDefault = {type: 'RollingUpdate', rollingUpdate: {partition: 0}};

describe('StatefulSet health', () => {
	test('never observed yet', () => {
		assert.deepEqual(resourceHealth(statefulSet(rollingDefault, {observedGeneration: 0})), {
			status: 'Progressing',
			message: 'Waiting for statefulset spec update to be observed...',
		});
	});

	test('newer generation than observed', () => {
		assert.equal(resourceHealth(statefulSet(rollingDefault, {readyReplicas: 3}, 3))?.status, 'Progressing');
	});

	test('pods not ready is Progressing, never Degraded', () => {
		assert.deepEqual(resourceHealth(statefulSet(rollingDefault, {readyReplicas: 1, updatedReplicas: 3})), {
			status: 'Progressing',
			message: 'Waiting for 2 pods to be ready...',
		});
	});

	test('partitioned roll out still going', () => {
		const strategy = {type: 'RollingUpdate', rollingUpdate: {partition: 1}};
		assert.deepEqual(resourceHealth(statefulSet(strategy, {readyReplicas: 3, updatedReplicas: 1})), {
			status: 'Progressing',
			message: 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
		});
	});

	test('API-defaulted RollingUpdate (partition 0) reports partitioned roll out complete', () => {
		assert.deepEqual(resourceHealth(statefulSet(rollingDefault, {readyReplicas: 3, updatedReplicas: 3})), {
			status: 'Healthy',
			message: 'partitioned roll out complete: 3 new pods have been updated...',
		});
	});

	test('OnDelete counts ready pods', () => {
		assert.deepEqual(resourceHealth(statefulSet({type: 'OnDelete'}, {readyReplicas: 3, updatedReplicas: 0})), {
			status: 'Healthy',
			message: 'statefulset has 3 ready pods',
		});
	});

	test('RollingUpdate without rollingUpdate block compares revisions', () => {
		const moving = {
			readyReplicas: 3,
			updatedReplicas: 1,
			currentReplicas: 2,
			currentRevision: 'postgres-5d8',
			updateRevision: 'postgres-6f9',
		};
		assert.deepEqual(resourceHealth(statefulSet({type: 'RollingUpdate'}, moving)), {
			status: 'Progressing',
			message: 'waiting for statefulset rolling update to complete 1 pods at revision postgres-6f9...',
		});
		const done = {
			readyReplicas: 3,
			updatedReplicas: 3,
			currentReplicas: 3,
			currentRevision: 'postgres-6f9',
			updateRevision: 'postgres-6f9',
		};
		assert.deepEqual(resourceHealth(statefulSet({type: 'RollingUpdate'}, done)), {
			status: 'Healthy',
			message: 'statefulset rolling update complete 3 pods at revision postgres-6f9...',
		});
	});
});
