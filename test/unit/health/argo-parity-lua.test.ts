// Argo CD's health checks for Kubernetes kinds that it ships as Lua scripts (CronJob,
// PodDisruptionBudget, CustomResourceDefinition): one test per case of their test files, on
// fixtures written here.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {customResourceDefinitionHealth} from '../../../source/core/health/crd.js';
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
		assert.deepEqual(resourceHealth(cronJob({}, status)), {status: 'Healthy', message: 'CronJob has completed its last execution successfully'});
	});

	test('never scheduled is Healthy', () => {
		assert.deepEqual(resourceHealth(cronJob({}, {})), {status: 'Healthy', message: 'CronJob has not been scheduled yet'});
	});

	test('last success older than the last schedule, nothing running, is Degraded', () => {
		const status = {lastScheduleTime: '2025-05-02T10:30:00Z', lastSuccessfulTime: '2025-05-02T10:16:40Z'};
		assert.deepEqual(resourceHealth(cronJob({}, status)), {status: 'Degraded', message: 'CronJob has not completed its last execution successfully'});
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

describe('PodDisruptionBudget (Argo CD Lua check)', () => {
	function budget(status: Record<string, unknown> | undefined): KubeObject {
		return {apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'api', namespace: 'shop'}, spec: {minAvailable: 1}, ...(status ? {status} : {})};
	}
	const disruption = (status: string, reason: string) => ({type: 'DisruptionAllowed', status, reason, message: '', observedGeneration: 1});

	test('disruptions allowed is Healthy', () => {
		const status = {observedGeneration: 1, currentHealthy: 3, desiredHealthy: 1, disruptionsAllowed: 2, expectedPods: 3, conditions: [disruption('True', 'SufficientPods')]};
		assert.deepEqual(resourceHealth(budget(status)), {status: 'Healthy', message: 'PodDisruptionBudget has SufficientPods'});
	});

	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(budget(undefined)), {status: 'Progressing', message: 'Waiting for status'});
	});

	test('a sync failure is Degraded, though too few pods alone is not', () => {
		const status = {
			observedGeneration: 1, currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 1,
			conditions: [disruption('False', 'InsufficientPods'), disruption('False', 'SyncFailed')],
		};
		assert.deepEqual(resourceHealth(budget(status)), {status: 'Degraded', message: 'PodDisruptionBudget has SyncFailed'});
	});
});

describe('CustomResourceDefinition (Argo CD Lua check)', () => {
	function definition(conditions: unknown[], deletionTimestamp?: string): KubeObject {
		return {
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: {name: 'widgets.example.com', ...(deletionTimestamp ? {deletionTimestamp} : {})},
			spec: {group: 'example.com', names: {kind: 'Widget', plural: 'widgets'}, scope: 'Namespaced'},
			status: {acceptedNames: {kind: 'Widget', plural: 'widgets'}, storedVersions: ['v1'], conditions},
		};
	}
	const condition = (type: string, status: string, reason: string, message: string) => ({type, status, reason, message});
	const namesAccepted = condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found');
	const established = condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted');

	test('names accepted and established is Healthy', () => {
		assert.deepEqual(resourceHealth(definition([namesAccepted, established])), {status: 'Healthy', message: 'CRD is healthy'});
	});

	test('names not accepted is Degraded with the condition message', () => {
		const rejected = condition('NamesAccepted', 'False', 'NoConflicts', 'the initial names have not been accepted');
		const notEstablished = condition('Established', 'False', 'InitialNamesAccepted', 'the initial names have been accepted');
		assert.deepEqual(resourceHealth(definition([rejected, notEstablished])), {
			status: 'Degraded',
			message: 'CRD names have not been accepted: the initial names have not been accepted',
		});
	});

	test('a non-structural schema is Degraded, even when established', () => {
		const violations = condition('NonStructuralSchema', 'True', 'Violations', 'spec.preserveUnknownFields: Invalid value: true: must be false');
		assert.deepEqual(resourceHealth(definition([namesAccepted, violations, established])), {
			status: 'Degraded',
			message: 'Schema violations found: spec.preserveUnknownFields: Invalid value: true: must be false',
		});
	});

	test('not established, for a reason other than installing, is Degraded', () => {
		const notEstablished = condition('Established', 'False', 'InitialNamesAccepted', 'not all names are accepted');
		assert.deepEqual(resourceHealth(definition([namesAccepted, notEstablished])), {status: 'Degraded', message: 'CRD is not established'});
	});

	test('a Terminating condition is Progressing with its message', () => {
		const terminating = condition('Terminating', 'True', 'InstanceDeletionInProgress', 'user has deleted the CRD');
		assert.deepEqual(resourceHealth(definition([namesAccepted, terminating])), {status: 'Progressing', message: 'CRD is terminating: user has deleted the CRD'});
	});

	test('a deletion timestamp is "CRD is terminating" in the check, "Pending deletion" in the app', () => {
		const deleting = definition([namesAccepted, established], '2025-05-02T11:00:00Z');
		assert.deepEqual(customResourceDefinitionHealth(deleting), {status: 'Progressing', message: 'CRD is terminating'});
		// Argo CD answers every deletion without a hook finalizer before any check runs.
		assert.deepEqual(resourceHealth(deleting), {status: 'Progressing', message: 'Pending deletion'});
	});

	test('no conditions yet is Progressing', () => {
		assert.deepEqual(resourceHealth(definition([])), {status: 'Progressing', message: 'Status conditions not found'});
	});

	test('still installing is Progressing', () => {
		const installing = condition('Established', 'False', 'Installing', 'the initial names have not been accepted');
		assert.deepEqual(resourceHealth(definition([namesAccepted, installing])), {status: 'Progressing', message: 'CRD is being installed'});
	});
});

describe('where the Lua check would stop with an error, health is Unknown', () => {
	test('a CustomResourceDefinition without status', () => {
		const bare: KubeObject = {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'widgets.example.com'}, spec: {}};
		assert.equal(resourceHealth(bare)?.status, 'Unknown');
	});

	test('a PodDisruptionBudget condition without a reason', () => {
		const budget: KubeObject = {apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'api'}, spec: {}, status: {conditions: [{type: 'DisruptionAllowed', status: 'True'}]}};
		assert.equal(resourceHealth(budget)?.status, 'Unknown');
	});
});
