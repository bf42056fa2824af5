import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {aggregateHealth, type HealthItem} from '../../../source/core/health/aggregate.js';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {HealthStatus} from '../../../source/core/apps/model.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function failedJob(name: string, annotations?: Record<string, string>): KubeObject {
	return {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name, namespace: 'default', ...(annotations ? {annotations} : {})},
		spec: {},
		status: {
			failed: 1,
			conditions: [
				{type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'},
			],
		},
	};
}

function runningPod(name: string, annotations?: Record<string, string>): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, namespace: 'default', ...(annotations ? {annotations} : {})},
		spec: {restartPolicy: 'Always'},
		status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}]},
	};
}

/** A live object as the app sees it. */
function live(object: KubeObject): HealthItem {
	const slash = (object.apiVersion ?? '').indexOf('/');
	return {
		health: resourceHealth(object),
		live: true,
		group: slash === -1 ? '' : (object.apiVersion ?? '').slice(0, slash),
		kind: object.kind ?? '',
		namespace: object.metadata?.namespace ?? '',
		name: object.metadata?.name ?? '',
		annotations: object.metadata?.annotations ?? {},
	};
}

/** Declared in Git, not in the cluster. */
function missing(group: string, kind: string, name: string, desiredAnnotations?: Record<string, string>): HealthItem {
	return {
		health: {status: 'Missing', message: ''},
		live: false,
		group,
		kind,
		namespace: 'default',
		name,
		...(desiredAnnotations ? {desiredAnnotations} : {}),
	};
}

function item(kind: string, name: string, status: HealthStatus | null, annotations?: Record<string, string>): HealthItem {
	return {
		group: '',
		kind,
		namespace: 'default',
		name,
		health: status === null ? null : {status, message: ''},
		...(annotations ? {annotations} : {}),
	};
}

const healthy = {status: 'Healthy', message: ''};

describe('app health, case for case with Argo CD', () => {
	test('a failed Job among healthy pods makes the app Degraded, caused by the Job', () => {
		const items = [live(runningPod('running-pod')), live(failedJob('failed-job'))];
		assert.equal(items[0]!.health?.status, 'Healthy');
		assert.equal(items[1]!.health?.status, 'Degraded');
		assert.deepEqual(aggregateHealth(items), {status: 'Degraded', message: 'Caused by batch/Job:default/failed-job'});
	});

	test('the same failed Job as a PreSync hook leaves the app Healthy', () => {
		const items = [live(runningPod('running-pod')), live(failedJob('failed-job', {'argocd.argoproj.io/hook': 'PreSync'}))];
		assert.deepEqual(aggregateHealth(items), healthy);
	});

	test('the same failed Job with ignore-healthcheck leaves the app Healthy', () => {
		const items = [live(runningPod('running-pod')), live(failedJob('failed-job', {'argocd.argoproj.io/ignore-healthcheck': 'true'}))];
		assert.deepEqual(aggregateHealth(items), healthy);
	});

	test('a failed Job alone is the cause', () => {
		assert.deepEqual(aggregateHealth([live(failedJob('failed-job'))]), {
			status: 'Degraded',
			message: 'Caused by batch/Job:default/failed-job',
		});
	});

	test('no resources is Healthy', () => {
		assert.deepEqual(aggregateHealth([]), healthy);
	});

	test('only hooks is Healthy, not Missing', () => {
		assert.deepEqual(aggregateHealth([live(runningPod('hook', {'argocd.argoproj.io/hook': 'Sync'}))]), healthy);
	});

	test('one resource missing next to a live one does not count', () => {
		assert.deepEqual(aggregateHealth([missing('', 'Pod', 'pod'), live(runningPod('pod2'))]), healthy);
	});

	test('one resource missing next to a live one with ignore-healthcheck is Healthy', () => {
		const items = [missing('', 'Pod', 'pod'), live(runningPod('pod2', {'argocd.argoproj.io/ignore-healthcheck': 'true'}))];
		assert.deepEqual(aggregateHealth(items), healthy);
	});

	test('one resource missing next to a live child Application with no health is Healthy', () => {
		const child: HealthItem = {health: null, live: true, group: 'argoproj.io', kind: 'Application', namespace: '', name: 'child'};
		assert.deepEqual(aggregateHealth([child, missing('', 'Pod', 'pod')]), healthy);
	});

	test('every resource missing makes the app Missing, with no cause named', () => {
		assert.deepEqual(aggregateHealth([missing('', 'Pod', 'pod'), missing('', 'Pod', 'pod2')]), {status: 'Missing', message: ''});
	});

	test('every resource missing but a live hook is still Missing', () => {
		const items = [missing('', 'Pod', 'pod'), live(runningPod('pod2', {'argocd.argoproj.io/hook': 'Sync'}))];
		assert.deepEqual(aggregateHealth(items), {status: 'Missing', message: ''});
	});

	test('all resources at the worst level are named', () => {
		const items = [live(runningPod('running-pod')), live(failedJob('failed-job')), live(failedJob('failed-job-2'))];
		assert.deepEqual(aggregateHealth(items), {
			status: 'Degraded',
			message: 'Caused by batch/Job:default/failed-job, batch/Job:default/failed-job-2',
		});
	});

	test('cause format: group/Kind:namespace/name; no group for the core group, no namespace when cluster-scoped', () => {
		const deployment: HealthItem = {
			health: {status: 'Degraded', message: 'x'},
			group: 'apps',
			kind: 'Deployment',
			namespace: 'default',
			name: 'frontend',
		};
		assert.equal(aggregateHealth([deployment]).message, 'Caused by apps/Deployment:default/frontend');
		const volume: HealthItem = {
			health: {status: 'Degraded', message: ''},
			group: '',
			kind: 'PersistentVolume',
			namespace: '',
			name: 'pv-1',
		};
		assert.equal(aggregateHealth([volume]).message, 'Caused by PersistentVolume:pv-1');
	});

	test('more than three causes: three named, the rest counted', () => {
		const pods = Array.from({length: 8}, (_unused, index) => item('Pod', `pod-${index}`, 'Degraded'));
		assert.equal(aggregateHealth(pods).message, 'Caused by Pod:default/pod-0, Pod:default/pod-1, Pod:default/pod-2 and 5 more');
	});

	for (const status of ['Degraded', 'Progressing', 'Suspended', 'Healthy'] as const) {
		test(`a single pod that is ${status} makes the app ${status}`, () => {
			const expected = status === 'Healthy' ? '' : 'Caused by Pod:default/running-pod';
			assert.deepEqual(aggregateHealth([item('Pod', 'running-pod', status)]), {status, message: expected});
		});
	}

	test('a single live pod reported Missing (by a custom check) makes the app Missing, naming it', () => {
		const pod: HealthItem = {...item('Pod', 'running-pod', 'Missing'), live: true};
		assert.deepEqual(aggregateHealth([pod]), {status: 'Missing', message: 'Caused by Pod:default/running-pod'});
	});

	const childApp = (status: HealthStatus): HealthItem => ({
		health: {status, message: ''},
		live: true,
		group: 'argoproj.io',
		kind: 'Application',
		namespace: 'default',
		name: 'foo',
	});
	// Argo CD's case carries an empty resource entry next to the child: no object, so Missing.
	const emptyEntry: HealthItem = {health: {status: 'Missing', message: ''}, live: false};

	test('a Degraded child Application makes its parent Degraded', () => {
		assert.deepEqual(aggregateHealth([childApp('Degraded'), emptyEntry]), {
			status: 'Degraded',
			message: 'Caused by argoproj.io/Application:default/foo',
		});
	});

	test('a Missing child Application does not affect its parent', () => {
		assert.deepEqual(aggregateHealth([childApp('Missing'), emptyEntry]), healthy);
	});

	test('an Unknown child Application does not affect its parent', () => {
		assert.deepEqual(aggregateHealth([childApp('Unknown'), emptyEntry]), healthy);
	});
});

describe('app health, further rules', () => {
	test('worst wins in Argo order Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
		const order: HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Degraded', 'Unknown'];
		for (let worst = 1; worst < order.length; worst++) {
			const items = order
				.slice(0, worst + 1)
				.reverse()
				.map((status, i) => item('Pod', `p${i}`, status));
			assert.equal(aggregateHealth(items).status, order[worst]);
		}
		assert.equal(aggregateHealth([item('Job', 'j', 'Unknown'), item('Deployment', 'd', 'Degraded')]).status, 'Unknown');
	});

	test('kinds without health do not count, but do exist', () => {
		assert.deepEqual(aggregateHealth([item('ConfigMap', 'settings', null), item('Service', 'api', 'Healthy')]), healthy);
		assert.deepEqual(aggregateHealth([missing('apps', 'Deployment', 'api'), item('ConfigMap', 'cfg', null)]), healthy);
	});

	test('ignore-healthcheck only when "true"', () => {
		const items = [
			item('Deployment', 'api', 'Healthy'),
			item('Ingress', 'public', 'Progressing', {'argocd.argoproj.io/ignore-healthcheck': 'false'}),
		];
		assert.equal(aggregateHealth(items).status, 'Progressing');
	});

	test('without an explicit live flag, Missing health means the object does not exist', () => {
		assert.equal(aggregateHealth([item('Deployment', 'api', 'Missing'), item('Service', 'api', 'Missing')]).status, 'Missing');
		assert.deepEqual(aggregateHealth([item('Deployment', 'api', 'Healthy'), item('Service', 'api', 'Missing')]), healthy);
	});

	test('an app that expects resources and has none listed is Missing', () => {
		assert.equal(aggregateHealth([], {expectsResources: true}).status, 'Missing');
	});

	test('a resource declared only as a Skip hook never counts, so it cannot make the app Missing', () => {
		assert.deepEqual(aggregateHealth([missing('batch', 'Job', 'manual-step', {'argocd.argoproj.io/hook': 'Skip'})]), healthy);
		assert.deepEqual(aggregateHealth([missing('batch', 'Job', 'seed', {'argocd.argoproj.io/hook': 'Skip,PostSync'})]), {
			status: 'Missing',
			message: '',
		});
	});

	test('Helm hooks leave app health too, crd-install CRDs do not', () => {
		const helmHookJob = live(failedJob('db-init', {'helm.sh/hook': 'pre-install,pre-upgrade'}));
		assert.deepEqual(aggregateHealth([live(runningPod('web')), helmHookJob]), healthy);
		const crd: HealthItem = {
			health: {status: 'Degraded', message: 'CRD is not established'},
			live: true,
			group: 'apiextensions.k8s.io',
			kind: 'CustomResourceDefinition',
			namespace: '',
			name: 'widgets.example.com',
			annotations: {'helm.sh/hook': 'crd-install'},
		};
		assert.deepEqual(aggregateHealth([crd]), {
			status: 'Degraded',
			message: 'Caused by apiextensions.k8s.io/CustomResourceDefinition:widgets.example.com',
		});
	});

	test('an Application kind from another group is an ordinary resource', () => {
		const foreign: HealthItem = {
			health: {status: 'Unknown', message: ''},
			live: true,
			group: 'app.k8s.io',
			kind: 'Application',
			namespace: 'default',
			name: 'shop',
		};
		assert.equal(aggregateHealth([foreign]).status, 'Unknown');
	});
});
