import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {genericHealth} from '../../../source/core/health/generic.js';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function kustomization(conditions: unknown[], options: {suspend?: boolean; generation?: number; observedGeneration?: number} = {}): KubeObject {
	return {
		apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
		kind: 'Kustomization',
		metadata: {name: 'apps', namespace: 'flux-system', generation: options.generation ?? 4},
		spec: {interval: '10m', path: './apps', prune: true, sourceRef: {kind: 'GitRepository', name: 'fleet'}, ...(options.suspend ? {suspend: true} : {})},
		status: {observedGeneration: options.observedGeneration ?? 4, conditions},
	};
}

const readyTrue = {type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:6f1c2e7', observedGeneration: 4};
const buildFailed = {type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomization path not found', observedGeneration: 4};

// Flux kinds now have their own rules (Argo CD's checks); the generic reader is exercised on them directly
// because they are the most common users of the Ready/Reconciling/Stalled conventions.
describe('generic health from conditions (Flux-shaped objects)', () => {
	test('Ready=True is Healthy with the Ready message', () => {
		assert.deepEqual(genericHealth(kustomization([readyTrue])), {status: 'Healthy', message: 'Applied revision: main@sha1:6f1c2e7'});
	});

	test('Ready=False is Degraded as "reason: message"', () => {
		assert.deepEqual(genericHealth(kustomization([buildFailed])), {status: 'Degraded', message: 'BuildFailed: kustomization path not found'});
	});

	test('Ready=Unknown is Progressing', () => {
		const inProgress = {type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress'};
		assert.deepEqual(genericHealth(kustomization([inProgress])), {status: 'Progressing', message: 'Progressing: Reconciliation in progress'});
	});

	test('Reconciling=True is Progressing with its message', () => {
		const reconciling = {type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Detecting drift for revision main@sha1:6f1c2e7'};
		const inProgress = {type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress'};
		assert.deepEqual(genericHealth(kustomization([reconciling, inProgress])), {
			status: 'Progressing',
			message: 'Progressing: Detecting drift for revision main@sha1:6f1c2e7',
		});
	});

	test('a failure being retried (Reconciling=ProgressingWithRetry, Ready=False) is Degraded', () => {
		const retrying = {type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: 'Detecting drift for revision main@sha1:6f1c2e7'};
		const healthFailed = {type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: "health check failed after 5m0s: timeout waiting for: [Deployment/shop/checkout status: 'InProgress']"};
		assert.deepEqual(genericHealth(kustomization([retrying, healthFailed])), {
			status: 'Degraded',
			message: "HealthCheckFailed: health check failed after 5m0s: timeout waiting for: [Deployment/shop/checkout status: 'InProgress']",
		});
	});

	test('Stalled=True is Degraded', () => {
		const stalled = {type: 'Stalled', status: 'True', reason: 'InvalidCELExpression', message: 'failed to parse expression'};
		const ready = {type: 'Ready', status: 'False', reason: 'InvalidCELExpression', message: 'failed to parse expression'};
		assert.deepEqual(genericHealth(kustomization([stalled, ready])), {status: 'Degraded', message: 'InvalidCELExpression: failed to parse expression'});
	});

	test('spec.suspend wins over a stale Ready=True', () => {
		assert.deepEqual(genericHealth(kustomization([readyTrue], {suspend: true})), {status: 'Suspended', message: 'Kustomization is suspended'});
	});

	test('waiting on a dependency is Progressing, not Degraded', () => {
		const waiting = {type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/infra' is not ready"};
		assert.equal(genericHealth(kustomization([waiting]))?.status, 'Progressing');
	});

	test('Ready=True about an older generation is Progressing', () => {
		const stale = {...readyTrue, observedGeneration: 3};
		assert.equal(genericHealth(kustomization([stale], {generation: 4, observedGeneration: 3}))?.status, 'Progressing');
	});

	test('HelmRelease and GitRepository go through the same rule', () => {
		const release: KubeObject = {
			apiVersion: 'helm.toolkit.fluxcd.io/v2',
			kind: 'HelmRelease',
			metadata: {name: 'podinfo', namespace: 'apps', generation: 1},
			spec: {chart: {spec: {chart: 'podinfo'}}},
			status: {conditions: [
				{type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)'},
				{type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed'},
			]},
		};
		assert.deepEqual(genericHealth(release), {status: 'Degraded', message: 'RetriesExceeded: Failed to upgrade after 3 attempt(s)'});
		const repository: KubeObject = {
			apiVersion: 'source.toolkit.fluxcd.io/v1',
			kind: 'GitRepository',
			metadata: {name: 'fleet', namespace: 'flux-system', generation: 1},
			spec: {url: 'https://example.com/fleet.git', interval: '1m'},
			status: {observedGeneration: 1, conditions: [{type: 'Ready', status: 'True', reason: 'Succeeded', message: "stored artifact for revision 'main@sha1:6f1c2e7'", observedGeneration: 1}]},
		};
		assert.equal(genericHealth(repository)?.status, 'Healthy');
	});
});

describe('generic health from status.phase', () => {
	function custom(phase: string | undefined): KubeObject {
		return {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec: {}, status: phase === undefined ? {} : {phase, message: `phase ${phase}`}};
	}

	test('obvious phase words map to health', () => {
		assert.deepEqual(resourceHealth(custom('Succeeded')), {status: 'Healthy', message: 'phase Succeeded'});
		assert.equal(resourceHealth(custom('Pending'))?.status, 'Progressing');
		assert.equal(resourceHealth(custom('Failed'))?.status, 'Degraded');
		assert.equal(resourceHealth(custom('Paused'))?.status, 'Suspended');
	});

	test('ambiguous or absent phase gives no health', () => {
		assert.equal(resourceHealth(custom('Running')), null);
		assert.equal(resourceHealth(custom(undefined)), null);
	});
});
