// Argo CD's CronJob health check (a Lua script upstream): one test per case of its test file, on fixtures
// written here. PodDisruptionBudget and CustomResourceDefinition cases are in policy.test.ts and crd.test.ts.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

describe('CronJob (Argo CD Lua check)', () => {
	function cronJob(spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
		return {
			apiVersion: 'batch/v1',
			kind: 'CronJob',
			metadata: {name: 'backup', namespace: 'ops'},
			spec: {schedule: '*/15 * * * *', jobTemplate: {spec: {}}, ...spec},
			status,
		};
	}
	const runningJob = [{apiVersion: 'batch/v1', kind: 'Job', name: 'backup-29100345', namespace: 'ops'}];

	test('last run succeeded after it was scheduled is Healthy', () => {
		const status = {lastScheduleTime: '2025-05-02T10:15:00Z', lastSuccessfulTime: '2025-05-02T10:16:40Z'};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {
			status: 'Healthy',
			message: 'CronJob has completed its last execution successfully',
		});
	});

	test('never scheduled is Healthy', () => {
		assert.deepEqual(resourceHealth(cronJob({}, {})), {status: 'Healthy', message: 'CronJob has not been scheduled yet'});
	});

	test('last success older than the last schedule, nothing running, is Degraded', () => {
		const status = {lastScheduleTime: '2025-05-02T10:30:00Z', lastSuccessfulTime: '2025-05-02T10:16:40Z'};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {
			status: 'Degraded',
			message: 'CronJob has not completed its last execution successfully',
		});
	});

	test('scheduled but never succeeded is Healthy with a warning', () => {
		assert.deepEqual(resourceHealth(cronJob({}, {lastScheduleTime: '2025-05-02T10:30:00Z'})), {
			status: 'Healthy',
			message: 'The CronJob never completed successfully. It may not be healthy',
		});
	});

	test('a run in progress is Healthy', () => {
		const status = {active: runningJob, lastScheduleTime: '2025-05-02T10:30:00Z', lastSuccessfulTime: '2025-05-02T10:16:40Z'};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {
			status: 'Healthy',
			message: 'The job is running. Its last execution may not have been successful',
		});
	});

	test('suspended is Healthy, whatever its runs say', () => {
		const status = {active: runningJob, lastScheduleTime: '2025-05-02T10:30:00Z', lastSuccessfulTime: '2025-05-02T10:16:40Z'};
		assert.deepEqual(resourceHealth(cronJob({suspend: true}, status)), {status: 'Healthy', message: 'CronJob is Suspended'});
	});
});

describe('where the Lua check would stop with an error, health is Unknown', () => {
	test('a CustomResourceDefinition without status', () => {
		const bare: KubeObject = {
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: {name: 'widgets.example.com'},
			spec: {},
		};
		assert.equal(resourceHealth(bare)?.status, 'Unknown');
	});

	test('a PodDisruptionBudget condition without a reason', () => {
		const budget: KubeObject = {
			apiVersion: 'policy/v1',
			kind: 'PodDisruptionBudget',
			metadata: {name: 'api'},
			spec: {},
			status: {conditions: [{type: 'DisruptionAllowed', status: 'True'}]},
		};
		assert.equal(resourceHealth(budget)?.status, 'Unknown');
	});
});
