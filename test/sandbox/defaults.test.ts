// Server defaults the sandbox fills in on every write, as a real API server does: only what the client left out.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {withServerDefaults} from '../../source/sandbox/defaults.js';

function podTemplateDeployment(containers: unknown[]): KubeObject {
	return {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {selector: {}, template: {spec: {containers}}}};
}

describe('sandbox server defaults', () => {
	test('a Deployment gets strategy, history limit and container defaults; set values stay', () => {
		const input = podTemplateDeployment([
			{name: 'a', image: 'nginx', ports: [{containerPort: 80}]},
			{name: 'b', image: 'ghcr.io/acme/b:1.2', imagePullPolicy: 'Never'},
		]);
		input.spec.revisionHistoryLimit = 3;
		const result = withServerDefaults(input);
		assert.deepEqual(result.spec.strategy, {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}});
		assert.equal(result.spec.revisionHistoryLimit, 3);
		assert.equal(result.spec.replicas, 1);
		const [a, b] = result.spec.template.spec.containers;
		assert.equal(a.imagePullPolicy, 'Always', 'untagged image');
		assert.equal(a.terminationMessagePath, '/dev/termination-log');
		assert.deepEqual(a.ports, [{containerPort: 80, protocol: 'TCP'}]);
		assert.equal(b.imagePullPolicy, 'Never');
		assert.equal(result.spec.template.spec.restartPolicy, 'Always');
		assert.equal(input.spec.strategy, undefined, 'the input is not changed');
	});

	test('image pull policy follows the tag: latest or none → Always, a tag or digest → IfNotPresent', () => {
		const policies = ['nginx:latest', 'registry:5000/team/app', 'registry:5000/team/app:2.0', 'app@sha256:abc'].map(
			image => withServerDefaults(podTemplateDeployment([{name: 'c', image}])).spec.template.spec.containers[0].imagePullPolicy,
		);
		assert.deepEqual(policies, ['Always', 'Always', 'IfNotPresent', 'IfNotPresent']);
	});

	test('a Service gets session affinity, type and port defaults; a recreate strategy gets no rolling update', () => {
		const svc = withServerDefaults({apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}, spec: {ports: [{port: 80}]}});
		assert.equal(svc.spec.sessionAffinity, 'None');
		assert.equal(svc.spec.type, 'ClusterIP');
		assert.deepEqual(svc.spec.ports, [{port: 80, protocol: 'TCP', targetPort: 80}]);
		const recreate = podTemplateDeployment([]);
		recreate.spec.strategy = {type: 'Recreate'};
		assert.deepEqual(withServerDefaults(recreate).spec.strategy, {type: 'Recreate'});
	});

	test('kinds without defaults here pass through untouched', () => {
		const configMap = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: '1'}};
		assert.equal(withServerDefaults(configMap), configMap);
	});
});
