import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

type PodOptions = {restartPolicy?: string; annotations?: Record<string, string>};

function pod(status: Record<string, unknown>, options: PodOptions = {}): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'checkout-7c9f-x2k4p', namespace: 'shop', annotations: options.annotations ?? {}},
		spec: {restartPolicy: options.restartPolicy ?? 'Always', containers: [{name: 'app', image: 'shop/checkout:1.4.2'}]},
		status,
	};
}

function waitingContainer(reason: string, message: string): Record<string, unknown> {
	return {name: 'app', ready: false, restartCount: 4, state: {waiting: {reason, message}}};
}

const readyConditions = [
	{type: 'Ready', status: 'True'},
	{type: 'ContainersReady', status: 'True'},
];
const notReadyConditions = [{type: 'Ready', status: 'False', reason: 'ContainersNotReady'}];

describe('Pod health', () => {
	test('Pending is Progressing with the pod message', () => {
		const status = {phase: 'Pending', message: '0/3 nodes are available: 3 Insufficient cpu.'};
		assert.deepEqual(resourceHealth(pod(status)), {status: 'Progressing', message: '0/3 nodes are available: 3 Insufficient cpu.'});
	});

	test('running and ready is Healthy', () => {
		assert.equal(resourceHealth(pod({phase: 'Running', conditions: readyConditions}))?.status, 'Healthy');
	});

	test('running, not ready, never restarted is Progressing', () => {
		const status = {
			phase: 'Running',
			conditions: notReadyConditions,
			containerStatuses: [{name: 'app', ready: false, state: {running: {}}}],
		};
		assert.equal(resourceHealth(pod(status))?.status, 'Progressing');
	});

	test('running, not ready, a container terminated before is Degraded', () => {
		const status = {
			phase: 'Running',
			conditions: notReadyConditions,
			containerStatuses: [{name: 'app', ready: false, state: {running: {}}, lastState: {terminated: {exitCode: 1, reason: 'Error'}}}],
		};
		assert.equal(resourceHealth(pod(status))?.status, 'Degraded');
	});

	test('CrashLoopBackOff and ImagePullBackOff are Degraded with joined messages', () => {
		const status = {
			phase: 'Running',
			conditions: notReadyConditions,
			containerStatuses: [
				waitingContainer('CrashLoopBackOff', 'back-off 5m0s restarting failed container=app'),
				{...waitingContainer('ImagePullBackOff', 'Back-off pulling image "shop/sidecar:nope"'), name: 'sidecar'},
			],
		};
		assert.deepEqual(resourceHealth(pod(status)), {
			status: 'Degraded',
			message: 'back-off 5m0s restarting failed container=app, Back-off pulling image "shop/sidecar:nope"',
		});
	});

	test('ErrImagePull and CreateContainerConfigError in a Pending pod are Degraded', () => {
		for (const reason of ['ErrImagePull', 'CreateContainerConfigError']) {
			const status = {phase: 'Pending', containerStatuses: [waitingContainer(reason, `${reason} happened`)]};
			assert.deepEqual(resourceHealth(pod(status)), {status: 'Degraded', message: `${reason} happened`}, reason);
		}
	});

	test('ContainerCreating is not an error', () => {
		const status = {phase: 'Pending', containerStatuses: [waitingContainer('ContainerCreating', '')]};
		assert.equal(resourceHealth(pod(status))?.status, 'Progressing');
	});

	test('restartPolicy Never: image pull back-off stays Progressing (hook-safe)', () => {
		const status = {phase: 'Pending', containerStatuses: [waitingContainer('ImagePullBackOff', 'Back-off pulling image')]};
		assert.equal(resourceHealth(pod(status, {restartPolicy: 'Never'}))?.status, 'Progressing');
	});

	test('restartPolicy Never with ignore-restart-policy annotation: back-off is Degraded', () => {
		const status = {phase: 'Pending', containerStatuses: [waitingContainer('ImagePullBackOff', 'Back-off pulling image')]};
		const annotations = {'argocd.argoproj.io/ignore-restart-policy': 'true'};
		assert.deepEqual(resourceHealth(pod(status, {restartPolicy: 'Never', annotations})), {
			status: 'Degraded',
			message: 'Back-off pulling image',
		});
	});

	test('the ignore-restart-policy annotation does not apply to hooks', () => {
		const status = {phase: 'Pending', containerStatuses: [waitingContainer('ImagePullBackOff', 'Back-off pulling image')]};
		const annotations = {'argocd.argoproj.io/ignore-restart-policy': 'true', 'argocd.argoproj.io/hook': 'PreSync'};
		assert.equal(resourceHealth(pod(status, {restartPolicy: 'Never', annotations}))?.status, 'Progressing');
	});

	test('running with restartPolicy Never or OnFailure is Progressing even when ready', () => {
		for (const restartPolicy of ['Never', 'OnFailure']) {
			assert.equal(resourceHealth(pod({phase: 'Running', conditions: readyConditions}, {restartPolicy}))?.status, 'Progressing');
		}
	});

	test('Succeeded is Healthy', () => {
		assert.equal(resourceHealth(pod({phase: 'Succeeded'}, {restartPolicy: 'Never'}))?.status, 'Healthy');
	});

	test('Failed uses the pod message first', () => {
		const status = {phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.'};
		assert.deepEqual(resourceHealth(pod(status)), {status: 'Degraded', message: 'The node was low on resource: memory.'});
	});

	test('Failed falls back to init containers, then OOMKilled, then exit code', () => {
		const initFailed = {
			phase: 'Failed',
			initContainerStatuses: [
				{name: 'migrate', state: {terminated: {exitCode: 1, reason: 'Error', message: 'relation "orders" already exists'}}},
			],
			containerStatuses: [{name: 'app', state: {terminated: {exitCode: 137, reason: 'OOMKilled'}}}],
		};
		assert.deepEqual(resourceHealth(pod(initFailed, {restartPolicy: 'Never'})), {
			status: 'Degraded',
			message: 'relation "orders" already exists',
		});

		const oom = {phase: 'Failed', containerStatuses: [{name: 'app', state: {terminated: {exitCode: 137, reason: 'OOMKilled'}}}]};
		assert.deepEqual(resourceHealth(pod(oom, {restartPolicy: 'Never'})), {status: 'Degraded', message: 'OOMKilled'});

		const exit = {phase: 'Failed', containerStatuses: [{name: 'app', state: {terminated: {exitCode: 2, reason: 'Error'}}}]};
		assert.deepEqual(resourceHealth(pod(exit, {restartPolicy: 'Never'})), {
			status: 'Degraded',
			message: 'container "app" failed with exit code 2',
		});
	});

	test('phase Unknown (node lost) is Unknown', () => {
		assert.equal(resourceHealth(pod({phase: 'Unknown'}))?.status, 'Unknown');
	});
});
