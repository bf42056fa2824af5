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
			{apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'deny-all'}, spec: {podSelector: {}}},
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

	test('custom resources without a rule have no health, however healthy their conditions look', () => {
		const custom: KubeObject[] = [
			{
				// Argo CD has checks for most Flux kinds, but none for an Alert.
				apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
				kind: 'Alert',
				metadata: {name: 'on-call', namespace: 'flux-system', generation: 2},
				spec: {suspend: true},
				status: {
					observedGeneration: 2,
					conditions: [{type: 'Ready', status: 'False', reason: 'ProviderNotFound', message: 'provider not found'}],
				},
			},
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec: {}, status: {phase: 'Failed', message: 'broken'}},
		];
		for (const object of custom) assert.equal(resourceHealth(object), null, object.kind);
	});

	test('a version the check was not written for is Unknown, as Argo CD refuses it', () => {
		const cases: Array<[KubeObject, string]> = [
			[
				{apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: {name: 'web'}, spec: {replicas: 1}, status: {}},
				'unsupported Deployment GVK: apps/v1beta2, Kind=Deployment',
			],
			[{apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: {name: 'web'}, spec: {}, status: {}}, ''],
			[
				{apiVersion: 'apps/v1beta1', kind: 'StatefulSet', metadata: {name: 'db'}, spec: {}, status: {}},
				'unsupported StatefulSet GVK: apps/v1beta1, Kind=StatefulSet',
			],
			[
				{apiVersion: 'apps/v1beta2', kind: 'DaemonSet', metadata: {name: 'agent'}, spec: {}, status: {}},
				'unsupported DaemonSet GVK: apps/v1beta2, Kind=DaemonSet',
			],
			[
				{apiVersion: 'apps/v1beta2', kind: 'ReplicaSet', metadata: {name: 'web-1'}, spec: {}, status: {}},
				'unsupported ReplicaSet GVK: apps/v1beta2, Kind=ReplicaSet',
			],
			[
				{apiVersion: 'batch/v1beta1', kind: 'Job', metadata: {name: 'once'}, spec: {}, status: {}},
				'unsupported Job GVK: batch/v1beta1, Kind=Job',
			],
			[
				{apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: {name: 'web'}, spec: {}, status: {}},
				'unsupported HPA GVK: autoscaling/v2beta2, Kind=HorizontalPodAutoscaler',
			],
			[
				{apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler', metadata: {name: 'web'}, spec: {}, status: {}},
				'unsupported HPA GVK: autoscaling/v2beta1, Kind=HorizontalPodAutoscaler',
			],
			[
				{apiVersion: 'apiregistration.k8s.io/v1alpha1', kind: 'APIService', metadata: {name: 'v1.x'}, spec: {}, status: {}},
				'unsupported APIService GVK: apiregistration.k8s.io/v1alpha1, Kind=APIService',
			],
			[{apiVersion: 'v2', kind: 'Pod', metadata: {name: 'p'}, spec: {}, status: {}}, 'unsupported Pod GVK: /v2, Kind=Pod'],
		];
		for (const [object, message] of cases) {
			// extensions/Deployment has no check at all: only its apps group has one.
			if (message === '') assert.equal(resourceHealth(object), null, object.apiVersion);
			else assert.deepEqual(resourceHealth(object), {status: 'Unknown', message}, object.apiVersion);
		}
	});

	test('checks written as Lua in Argo CD, Ingress and Workflow take every version', () => {
		const cronJob: KubeObject = {apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: {name: 'nightly'}, spec: {suspend: true}};
		assert.deepEqual(resourceHealth(cronJob), {status: 'Healthy', message: 'CronJob is Suspended'});
		const ingress: KubeObject = {
			apiVersion: 'extensions/v1beta1',
			kind: 'Ingress',
			metadata: {name: 'web'},
			spec: {},
			status: {loadBalancer: {}},
		};
		assert.deepEqual(resourceHealth(ingress), {status: 'Progressing', message: ''});
		const budget: KubeObject = {apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: {name: 'web'}, spec: {}};
		assert.deepEqual(resourceHealth(budget), {status: 'Progressing', message: 'Waiting for status'});
	});

	test('the rule is chosen by group: a custom Deployment kind is not apps/Deployment', () => {
		const foreign: KubeObject = {
			apiVersion: 'example.com/v1',
			kind: 'Deployment',
			metadata: {name: 'x', generation: 2},
			spec: {paused: true},
			status: {},
		};
		assert.equal(resourceHealth(foreign), null);
	});
});
