import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function job(conditions: unknown[] | undefined, status: Record<string, unknown> = {}): KubeObject {
	return {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name: 'db-migrate', namespace: 'shop'},
		spec: {backoffLimit: 2, template: {spec: {restartPolicy: 'Never', containers: [{name: 'migrate', image: 'shop/migrate:7'}]}}},
		status: {...status, ...(conditions === undefined ? {} : {conditions})},
	};
}

function cronJob(spec: Record<string, unknown>, status: Record<string, unknown> | undefined): KubeObject {
	return {
		apiVersion: 'batch/v1',
		kind: 'CronJob',
		metadata: {name: 'nightly-report', namespace: 'shop'},
		spec: {schedule: '0 2 * * *', jobTemplate: {spec: {}}, ...spec},
		...(status === undefined ? {} : {status}),
	};
}

describe('Job health', () => {
	test('running job is Progressing', () => {
		assert.deepEqual(resourceHealth(job(undefined, {active: 1, startTime: '2025-03-01T02:00:00Z'})), {status: 'Progressing', message: ''});
	});

	test('completed job is Healthy', () => {
		const conditions = [
			{type: 'SuccessCriteriaMet', status: 'True', message: 'Reached expected number of succeeded pods'},
			{type: 'Complete', status: 'True', message: 'Reached expected number of succeeded pods'},
		];
		assert.deepEqual(resourceHealth(job(conditions, {succeeded: 1})), {
			status: 'Healthy',
			message: 'Reached expected number of succeeded pods',
		});
	});

	test('failed job is Degraded with the failure message', () => {
		const conditions = [
			{type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'},
			{type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'},
		];
		assert.deepEqual(resourceHealth(job(conditions, {failed: 3})), {
			status: 'Degraded',
			message: 'Job has reached the specified backoff limit',
		});
	});

	test('suspended job is Suspended with the Suspended condition message', () => {
		const conditions = [{type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended'}];
		assert.deepEqual(resourceHealth(job(conditions)), {status: 'Suspended', message: 'Job suspended'});
	});

	test('quirk: a resumed job (Suspended=False) counts as complete and Healthy', () => {
		const conditions = [{type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed'}];
		assert.deepEqual(resourceHealth(job(conditions, {active: 1})), {status: 'Healthy', message: 'Job resumed'});
	});
});

describe('CronJob health', () => {
	test('suspended CronJob is Healthy, not Suspended', () => {
		assert.deepEqual(resourceHealth(cronJob({suspend: true}, {lastScheduleTime: '2025-03-01T02:00:00Z'})), {
			status: 'Healthy',
			message: 'CronJob is Suspended',
		});
	});

	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(cronJob({}, undefined)), {status: 'Progressing', message: 'Waiting for CronJob'});
	});

	test('empty status: never scheduled is Healthy', () => {
		assert.deepEqual(resourceHealth(cronJob({}, {})), {status: 'Healthy', message: 'CronJob has not been scheduled yet'});
	});

	test('scheduled but never succeeded is Healthy with a warning message', () => {
		assert.deepEqual(resourceHealth(cronJob({}, {lastScheduleTime: '2025-03-01T02:00:00Z'})), {
			status: 'Healthy',
			message: 'The CronJob never completed successfully. It may not be healthy',
		});
	});

	test('a job running now is Healthy', () => {
		const status = {
			lastScheduleTime: '2025-03-02T02:00:00Z',
			lastSuccessfulTime: '2025-03-01T02:04:10Z',
			active: [{kind: 'Job', name: 'nightly-report-29012345', namespace: 'shop'}],
		};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {
			status: 'Healthy',
			message: 'The job is running. Its last execution may not have been successful',
		});
	});

	test('last run did not succeed is Degraded', () => {
		const status = {lastScheduleTime: '2025-03-02T02:00:00Z', lastSuccessfulTime: '2025-03-01T02:04:10Z'};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {
			status: 'Degraded',
			message: 'CronJob has not completed its last execution successfully',
		});
	});

	test('last run succeeded is Healthy', () => {
		const status = {lastScheduleTime: '2025-03-02T02:00:00Z', lastSuccessfulTime: '2025-03-02T02:03:55Z'};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {
			status: 'Healthy',
			message: 'CronJob has completed its last execution successfully',
		});
	});
});
