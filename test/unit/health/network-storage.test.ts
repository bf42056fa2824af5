import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function service(type: string, ingress?: unknown[]): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name: 'checkout', namespace: 'shop'},
		spec: {type, ports: [{port: 80, targetPort: 8080}], selector: {app: 'checkout'}},
		status: {loadBalancer: ingress === undefined ? {} : {ingress}},
	};
}

function ingress(apiVersion: string, addresses: unknown[] | undefined): KubeObject {
	return {
		apiVersion,
		kind: 'Ingress',
		metadata: {name: 'shop', namespace: 'shop'},
		spec: {rules: [{host: 'shop.example.com'}]},
		status: {loadBalancer: addresses === undefined ? {} : {ingress: addresses}},
	};
}

function claim(phase: string): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'PersistentVolumeClaim',
		metadata: {name: 'data-postgres-0', namespace: 'db'},
		spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '10Gi'}}},
		status: {phase},
	};
}

describe('Service health', () => {
	test('ClusterIP and NodePort are Healthy', () => {
		assert.deepEqual(resourceHealth(service('ClusterIP')), {status: 'Healthy', message: ''});
		assert.equal(resourceHealth(service('NodePort'))?.status, 'Healthy');
	});

	test('LoadBalancer waits for an address', () => {
		assert.equal(resourceHealth(service('LoadBalancer'))?.status, 'Progressing');
		assert.equal(resourceHealth(service('LoadBalancer', []))?.status, 'Progressing');
		assert.equal(resourceHealth(service('LoadBalancer', [{ip: '203.0.113.10'}]))?.status, 'Healthy');
	});
});

describe('Ingress health', () => {
	for (const apiVersion of ['networking.k8s.io/v1', 'extensions/v1beta1']) {
		test(`${apiVersion}: address assigned is Healthy, none is Progressing`, () => {
			assert.equal(resourceHealth(ingress(apiVersion, [{hostname: 'lb-1.elb.example.com'}]))?.status, 'Healthy');
			assert.equal(resourceHealth(ingress(apiVersion, undefined))?.status, 'Progressing');
			assert.equal(resourceHealth(ingress(apiVersion, []))?.status, 'Progressing');
		});
	}
});

describe('PersistentVolumeClaim health', () => {
	test('phases map to Healthy, Progressing, Degraded, Unknown', () => {
		assert.equal(resourceHealth(claim('Bound'))?.status, 'Healthy');
		assert.equal(resourceHealth(claim('Pending'))?.status, 'Progressing');
		assert.equal(resourceHealth(claim('Lost'))?.status, 'Degraded');
		assert.equal(resourceHealth(claim(''))?.status, 'Unknown');
	});
});
