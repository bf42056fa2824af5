import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const crashingPod: KubeObject = {
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name: 'checkout-7c9f-x2k4p', namespace: 'shop'},
	spec: {restartPolicy: 'Always'},
	status: {phase: 'Running', containerStatuses: [{name: 'app', state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off'}}}]},
};

describe('resourceHealth dispatch', () => {
	test('deletionTimestamp wins over the kind rule', () => {
		const deleting = {...crashingPod, metadata: {...crashingPod.metadata, deletionTimestamp: '2025-03-01T10:00:00Z'}};
		assert.deepEqual(resourceHealth(deleting), {status: 'Progressing', message: 'Pending deletion'});
	});

	test('a hook held by the hook finalizer is judged by its rule, not as pending deletion', () => {
		const hook = {
			...crashingPod,
			metadata: {...crashingPod.metadata, deletionTimestamp: '2025-03-01T10:00:00Z', finalizers: ['argocd.argoproj.io/hook-finalizer']},
		};
		assert.equal(resourceHealth(hook)?.status, 'Degraded');
	});

	test('kinds without health return null', () => {
		const plain: KubeObject[] = [
			{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings'}, data: {LOG_LEVEL: 'info'}},
			{apiVersion: 'v1', kind: 'Secret', metadata: {name: 'db-password'}, type: 'Opaque'},
			{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'checkout'}},
			{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}, status: {phase: 'Active'}},
			{apiVersion: 'v1', kind: 'PersistentVolume', metadata: {name: 'pv-1'}, status: {phase: 'Released'}},
			{apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: {name: 'reader'}},
		];
		for (const object of plain) assert.equal(resourceHealth(object), null, object.kind);
	});

	test('an Argo CD child Application has no built-in health', () => {
		const child: KubeObject = {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name: 'child', namespace: 'argocd'},
			spec: {},
			status: {health: {status: 'Degraded'}, sync: {status: 'Synced'}},
		};
		assert.equal(resourceHealth(child), null);
	});

	test('Argo Workflow by phase', () => {
		const workflow = (phase: string): KubeObject => ({
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Workflow',
			metadata: {name: 'nightly'},
			status: {phase, message: phase === 'Failed' ? 'child "step-1" failed' : ''},
		});
		assert.equal(resourceHealth(workflow(''))?.status, 'Progressing');
		assert.equal(resourceHealth(workflow('Running'))?.status, 'Progressing');
		assert.equal(resourceHealth(workflow('Succeeded'))?.status, 'Healthy');
		assert.deepEqual(resourceHealth(workflow('Failed')), {status: 'Degraded', message: 'child "step-1" failed'});
	});

	test('the rule is chosen by group: a custom Deployment kind is not apps/Deployment', () => {
		const foreign: KubeObject = {apiVersion: 'example.com/v1', kind: 'Deployment', metadata: {name: 'x', generation: 2}, spec: {paused: true}, status: {}};
		assert.equal(resourceHealth(foreign), null);
	});
});
