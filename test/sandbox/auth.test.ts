import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {ApiException, CustomObjectsApi, KubernetesObjectApi} from '@kubernetes/client-node';
import {crdPath, startHarness, widget, widgetCrd, widgetsPath, type Harness} from './harness.js';

describe('sandbox authentication and authorization', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
		await harness.installCrd(widgetCrd);
		await harness.call('POST', widgetsPath(), {body: widget('w1')});
		await harness.call('POST', '/apis/apps/v1/namespaces/default/deployments', {body: {metadata: {name: 'web'}, spec: {replicas: 1}}});
	});
	after(() => harness.close());

	test('an unknown token is a 401 Unauthorized Status; no token is system:anonymous, refused with a 403', async () => {
		const reply = await harness.call('GET', widgetsPath(), {token: 'not-a-real-token'});
		assert.equal(reply.status, 401);
		assert.equal(reply.body.kind, 'Status');
		assert.equal(reply.body.reason, 'Unauthorized');
		assert.equal(reply.body.code, 401);
		// A bad token is refused even where anonymous access is fine.
		assert.equal((await harness.call('GET', '/version', {token: 'bad'})).status, 401);

		const anonymous = await harness.call('GET', widgetsPath(), {user: null});
		assert.equal(anonymous.status, 403);
		assert.equal(
			anonymous.body.message,
			'widgets.example.com is forbidden: User "system:anonymous" cannot list resource "widgets" in API group "example.com" in the namespace "default"',
		);
		const discovery = await harness.call('GET', '/apis', {user: null});
		assert.equal(discovery.status, 403);
		assert.equal(discovery.body.message, 'forbidden: User "system:anonymous" cannot get path "/apis"');
		assert.equal((await harness.call('GET', '/readyz/ping', {user: null})).status, 403, 'only the exact public paths are public');
	});

	test('the viewer reads, lists and watches but every write is a 403 with the real message shape', async () => {
		assert.equal((await harness.call('GET', `${widgetsPath()}/w1`, {user: 'viewer'})).status, 200);
		assert.equal((await harness.call('GET', widgetsPath(), {user: 'viewer'})).status, 200);
		const stream = await harness.watch(`${widgetsPath()}?watch=true&timeoutSeconds=1`, {user: 'viewer'});
		assert.equal(stream.status, 200);
		stream.close();

		const patch = await harness.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', {
			user: 'viewer',
			body: {spec: {replicas: 2}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(patch.status, 403);
		assert.equal(patch.body.reason, 'Forbidden');
		assert.equal(
			patch.body.message,
			'deployments.apps "web" is forbidden: User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
		);
		assert.deepEqual(patch.body.details, {name: 'web', group: 'apps', kind: 'deployments'});

		const create = await harness.call('POST', '/api/v1/namespaces/default/configmaps', {user: 'viewer', body: {metadata: {name: 'x'}}});
		assert.equal(
			create.body.message,
			'configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "default"',
		);
		const clusterScoped = await harness.call('DELETE', '/api/v1/namespaces/default', {user: 'viewer'});
		assert.equal(clusterScoped.status, 403);
		const status = await harness.call('PUT', `${widgetsPath()}/w1/status`, {user: 'viewer', body: widget('w1')});
		assert.match(status.body.message, /cannot update resource "widgets\/status" in API group "example.com" in the namespace "default"$/);
		const crd = await harness.call('POST', crdPath, {user: 'viewer', body: widgetCrd});
		assert.match(
			crd.body.message,
			/cannot create resource "customresourcedefinitions" in API group "apiextensions.k8s.io" at the cluster scope$/,
		);
		assert.equal((await harness.call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).body.spec.replicas, 1);
	});

	test('client-node surfaces the 403 as an ApiException with the Status body', async () => {
		const api = harness.kubeConfig('sandbox-viewer').makeApiClient(CustomObjectsApi);
		await assert.rejects(
			api.deleteNamespacedCustomObject({group: 'example.com', version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1'}),
			(error: unknown) => {
				assert.ok(error instanceof ApiException);
				assert.equal(error.code, 403);
				const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
				assert.equal(body.reason, 'Forbidden');
				return true;
			},
		);
		const read = await api.getNamespacedCustomObject({
			group: 'example.com',
			version: 'v1',
			namespace: 'default',
			plural: 'widgets',
			name: 'w1',
		});
		assert.equal((read as {metadata: {name: string}}).metadata.name, 'w1');
	});

	test('added users get exactly their rules (wildcards included), and discovery always', async () => {
		harness.sandbox.addUser('deployer', [{verbs: ['get', 'patch'], apiGroups: ['apps'], resources: ['deployments']}]);
		harness.sandbox.addUser('widget-admin', [{verbs: ['*'], apiGroups: ['example.com'], resources: ['*']}]);
		await harness.refreshKubeconfig();

		assert.equal((await harness.call('GET', '/apis', {user: 'deployer'})).status, 200);
		assert.equal((await harness.call('GET', '/api/v1', {user: 'deployer'})).status, 200);
		const patched = await harness.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', {
			user: 'deployer',
			body: {spec: {replicas: 3}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(patched.status, 200);
		const list = await harness.call('GET', '/apis/apps/v1/namespaces/default/deployments', {user: 'deployer'});
		assert.equal(list.status, 403);
		assert.match(list.body.message, /^deployments.apps is forbidden: User "deployer" cannot list resource "deployments"/);
		assert.equal((await harness.call('GET', '/api/v1/namespaces/default/pods', {user: 'deployer'})).status, 403);

		assert.equal((await harness.call('DELETE', `${widgetsPath()}/w1`, {user: 'widget-admin'})).status, 200);
		assert.equal((await harness.call('GET', '/apis/apps/v1/namespaces/default/deployments', {user: 'widget-admin'})).status, 403);

		// The written kubeconfig has a context per added user that client-node can use.
		const objects = KubernetesObjectApi.makeApiClient(harness.kubeConfig('deployer'));
		const web = await objects.read({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', namespace: 'default'}});
		assert.equal((web as {spec?: {replicas?: number}}).spec?.replicas, 3);
	});

	test('the request log records user, verb and status of each request', async () => {
		harness.sandbox.clearRequests();
		await harness.call('GET', `${widgetsPath()}?labelSelector=a%3Db`, {user: 'viewer'});
		await harness.call('DELETE', '/api/v1/namespaces/default', {user: 'viewer'});
		await harness.call('GET', '/apis', {token: 'nope'});
		assert.deepEqual(harness.sandbox.requests, [
			{method: 'GET', path: widgetsPath(), query: 'labelSelector=a%3Db', user: 'viewer', verb: 'list', status: 200},
			{method: 'DELETE', path: '/api/v1/namespaces/default', query: '', user: 'viewer', verb: 'delete', status: 403},
			{method: 'GET', path: '/apis', query: '', user: '', verb: 'get', status: 401},
		]);
	});
});
