import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {normalizeForDiff, stripTracking} from '../../../source/core/diff/normalize.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const live: KubeObject = {
	kind: 'ConfigMap',
	apiVersion: 'v1',
	status: {phase: 'x'},
	metadata: {
		name: 'web',
		namespace: 'shop',
		uid: '1234',
		resourceVersion: '99',
		generation: 4,
		creationTimestamp: '2024-01-01T00:00:00Z',
		selfLink: '/api/v1/namespaces/shop/configmaps/web',
		deletionGracePeriodSeconds: 30,
		managedFields: [{manager: 'kubectl', operation: 'Update'}],
		annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"a":"1"}}'},
		labels: {},
	},
	data: {b: '2', a: '1'},
};

describe('normalizeForDiff', () => {
	test('drops server-owned metadata, status, last-applied and empty maps, sorting keys', () => {
		const normalized = normalizeForDiff(live);
		assert.equal(
			JSON.stringify(normalized),
			JSON.stringify({apiVersion: 'v1', data: {a: '1', b: '2'}, kind: 'ConfigMap', metadata: {name: 'web', namespace: 'shop'}}),
		);
	});

	test('keeps user annotations and does not touch its input', () => {
		const object: KubeObject = {
			...live,
			metadata: {...live.metadata, annotations: {team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}'}},
		};
		assert.deepEqual(normalizeForDiff(object).metadata?.annotations, {team: 'a'});
		assert.equal(object.metadata?.uid, '1234');
		assert.ok(object.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']);
	});
});

describe('stripTracking', () => {
	test('removes Argo CD, Flux and driftwatch tracking metadata and keeps ordinary labels', () => {
		const tracked: KubeObject = {
			kind: 'Service',
			metadata: {
				name: 'web',
				labels: {
					app: 'web',
					'app.kubernetes.io/instance': 'shop',
					'kustomize.toolkit.fluxcd.io/name': 'apps',
					'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
					'helm.toolkit.fluxcd.io/name': 'web',
					'driftwatch.dev/app': 'shop',
				},
				annotations: {'argocd.argoproj.io/tracking-id': 'shop:/Service:shop/web'},
			},
		};
		const stripped = stripTracking(tracked);
		assert.deepEqual(stripped.metadata, {name: 'web', labels: {app: 'web'}});
		assert.equal(tracked.metadata?.labels?.['driftwatch.dev/app'], 'shop', 'input untouched');
	});

	test('honours a custom Argo CD instance label key', () => {
		const object: KubeObject = {
			kind: 'Service',
			metadata: {name: 'web', labels: {'example.com/app': 'shop', 'app.kubernetes.io/instance': 'x'}},
		};
		assert.deepEqual(stripTracking(object, {instanceLabelKey: 'example.com/app'}).metadata?.labels, {'app.kubernetes.io/instance': 'x'});
	});
});
