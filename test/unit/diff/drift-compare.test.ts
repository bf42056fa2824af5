import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {compareObjects, findMissing, findPrunable, refOf} from '../../../source/core/diff/drift-compare.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

// The live Deployment as the API server stores it: everything from Git plus server defaults, controller
// annotations, server metadata and status.
function liveDeployment(image: string): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name: 'web',
			namespace: 'shop',
			uid: 'e1f2',
			resourceVersion: '4711',
			generation: 3,
			creationTimestamp: '2024-05-01T10:00:00Z',
			annotations: {'deployment.kubernetes.io/revision': '3'},
			labels: {app: 'web'},
			managedFields: [{manager: 'kubectl-client-side-apply', operation: 'Update'}],
		},
		spec: {
			replicas: 2,
			revisionHistoryLimit: 10,
			progressDeadlineSeconds: 600,
			selector: {matchLabels: {app: 'web'}},
			strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}},
			template: {
				metadata: {labels: {app: 'web'}},
				spec: {
					containers: [
						{
							name: 'web',
							image,
							imagePullPolicy: 'IfNotPresent',
							ports: [{containerPort: 80, protocol: 'TCP'}],
							terminationMessagePath: '/dev/termination-log',
							terminationMessagePolicy: 'File',
							resources: {},
						},
					],
					dnsPolicy: 'ClusterFirst',
					restartPolicy: 'Always',
					schedulerName: 'default-scheduler',
					securityContext: {},
					terminationGracePeriodSeconds: 30,
				},
			},
		},
		status: {replicas: 2, readyReplicas: 2, observedGeneration: 3},
	};
}

/** What a server-side apply dry-run of the Git object returns: live merged with Git, defaults included. */
function predictedDeployment(image: string): KubeObject {
	const predicted = structuredClone(liveDeployment(image));
	predicted.metadata!.managedFields = [{manager: 'driftwatch', operation: 'Apply'}];
	predicted.metadata!.generation = 4;
	return predicted;
}

describe('compareObjects on a Deployment', () => {
	test('server-defaulted fields present in the dry-run prediction are no drift', () => {
		const diff = compareObjects(predictedDeployment('nginx:1.25'), liveDeployment('nginx:1.25'));
		assert.equal(diff.change, 'unchanged');
		assert.equal(diff.text(), '');
		assert.deepEqual(diff.header, {kind: 'Deployment', namespace: 'shop', name: 'web'});
	});

	test('an image changed live (kubectl set image) is drift showing both images', () => {
		const diff = compareObjects(predictedDeployment('nginx:1.25'), liveDeployment('nginx:1.24'));
		assert.equal(diff.change, 'modified');
		const changed = diff
			.text()
			.split('\n')
			.filter(line => /^[-+] /.test(line));
		assert.deepEqual(changed, ['-        - image: nginx:1.24', '+        - image: nginx:1.25']);
		assert.doesNotMatch(diff.text(), /resourceVersion|managedFields|readyReplicas/);
	});
});

describe('compareObjects on a Service', () => {
	const service = (extra: Record<string, unknown>): KubeObject => ({
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name: 'web', namespace: 'shop', resourceVersion: '12'},
		spec: {
			selector: {app: 'web'},
			ports: [{port: 80, targetPort: 8080, protocol: 'TCP'}],
			sessionAffinity: 'None',
			type: 'ClusterIP',
			clusterIP: '10.96.0.12',
			clusterIPs: ['10.96.0.12'],
			internalTrafficPolicy: 'Cluster',
			ipFamilies: ['IPv4'],
			ipFamilyPolicy: 'SingleStack',
			...extra,
		},
		status: {loadBalancer: {}},
	});

	test('sessionAffinity and the other defaults filled by the server are no drift', () => {
		assert.equal(
			compareObjects(service({}), {...service({}), metadata: {name: 'web', namespace: 'shop', resourceVersion: '13'}}).change,
			'unchanged',
		);
	});

	test('a live change to sessionAffinity is drift', () => {
		const diff = compareObjects(service({}), service({sessionAffinity: 'ClientIP'}));
		assert.equal(diff.change, 'modified');
		assert.match(diff.text(), /^- {2}sessionAffinity: ClientIP\n\+ {2}sessionAffinity: None$/m);
	});
});

describe('tracking metadata', () => {
	test('an object first applied by another tool is adopted: tracking labels and annotations never drift', () => {
		const live = liveDeployment('nginx:1.25');
		live.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration'] = '{"kind":"Deployment"}';
		live.metadata!.labels!['app.kubernetes.io/instance'] = 'someone-else';
		const predicted = predictedDeployment('nginx:1.25');
		predicted.metadata!.labels = {
			...predicted.metadata!.labels,
			'driftwatch.dev/app': 'shop',
			'kustomize.toolkit.fluxcd.io/name': 'apps',
			'app.kubernetes.io/instance': 'shop',
		};
		predicted.metadata!.annotations!['argocd.argoproj.io/tracking-id'] = 'shop:apps/Deployment:shop/web';
		assert.equal(compareObjects(predicted, live).change, 'unchanged');
	});

	test('an ordinary label changed live is still drift', () => {
		const live = liveDeployment('nginx:1.25');
		live.metadata!.labels = {app: 'web', tier: 'hotfix'};
		const diff = compareObjects(predictedDeployment('nginx:1.25'), live);
		assert.equal(diff.change, 'modified');
		assert.match(diff.text(), /^- {4}tier: hotfix$/m);
	});
});

describe('missing and prunable objects', () => {
	test('compareObjects with no live object is an addition', () => {
		const diff = compareObjects(predictedDeployment('nginx:1.25'), null);
		assert.equal(diff.change, 'added');
		assert.deepEqual(diff.header, {kind: 'Deployment', namespace: 'shop', name: 'web'});
	});

	test('refs match on group, kind, namespace and name; version and extra fields are ignored', () => {
		const desired = [
			refOf({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', namespace: 'shop'}}),
			refOf({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop'}}),
			refOf({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}}),
		];
		assert.deepEqual(desired[2], {group: '', kind: 'Namespace', namespace: '', name: 'shop'});
		const tracked = [
			{group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'shop', name: 'web', sync: 'Synced'},
			{group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'old-config', sync: 'OutOfSync'},
			{group: '', version: 'v1', kind: 'Namespace', namespace: '', name: 'shop', sync: 'Synced'},
		];
		assert.deepEqual(
			findPrunable(desired, tracked).map(ref => ref.name),
			['old-config'],
		);
		assert.deepEqual(findMissing(desired, tracked), [{group: '', kind: 'Service', namespace: 'shop', name: 'web'}]);
	});
});
