import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {crdPath, eventually, gadgetCrd, startHarness, widgetCrd, type Harness} from './harness.js';

describe('sandbox discovery', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
	});
	after(() => harness.close());

	test('/api lists v1 and /api/v1 the core kinds with their status subresources', async () => {
		const versions = await harness.call('GET', '/api');
		assert.equal(versions.status, 200);
		assert.equal(versions.body.kind, 'APIVersions');
		assert.deepEqual(versions.body.versions, ['v1']);

		const core = await harness.call('GET', '/api/v1');
		assert.equal(core.body.kind, 'APIResourceList');
		assert.equal(core.body.groupVersion, 'v1');
		const names = core.body.resources.map((resource: {name: string}) => resource.name);
		for (const name of [
			'namespaces',
			'pods',
			'services',
			'configmaps',
			'secrets',
			'serviceaccounts',
			'events',
			'persistentvolumeclaims',
			'pods/status',
		]) {
			assert.ok(names.includes(name), `${name} missing from /api/v1`);
		}
		const pods = core.body.resources.find((resource: {name: string}) => resource.name === 'pods');
		assert.equal(pods.kind, 'Pod');
		assert.equal(pods.namespaced, true);
		assert.ok(pods.verbs.includes('watch'));
		const namespaces = core.body.resources.find((resource: {name: string}) => resource.name === 'namespaces');
		assert.equal(namespaces.namespaced, false);
	});

	test('/apis lists the built-in groups with preferred versions', async () => {
		const groups = await harness.call('GET', '/apis');
		assert.equal(groups.body.kind, 'APIGroupList');
		const byName = new Map(
			groups.body.groups.map((group: {name: string; preferredVersion: {version: string}}) => [group.name, group.preferredVersion.version]),
		);
		assert.equal(byName.get('apps'), 'v1');
		assert.equal(byName.get('batch'), 'v1');
		assert.equal(byName.get('networking.k8s.io'), 'v1');
		assert.equal(byName.get('autoscaling'), 'v2');
		assert.equal(byName.get('apiregistration.k8s.io'), 'v1');
		assert.equal(byName.get('apiextensions.k8s.io'), 'v1');
		assert.equal(byName.has('example.com'), false);
	});

	test('/apis/GROUP and /apis/GROUP/VERSION describe a group and its kinds', async () => {
		const apps = await harness.call('GET', '/apis/apps');
		assert.equal(apps.body.kind, 'APIGroup');
		assert.equal(apps.body.preferredVersion.groupVersion, 'apps/v1');
		const appsV1 = await harness.call('GET', '/apis/apps/v1');
		const kinds = appsV1.body.resources
			.filter((resource: {name: string}) => !resource.name.includes('/'))
			.map((resource: {kind: string}) => resource.kind);
		assert.deepEqual(kinds, ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], 'sorted by resource name');
		const apiServices = await harness.call('GET', '/apis/apiregistration.k8s.io/v1');
		assert.equal(apiServices.body.resources[0].namespaced, false);
		// An unknown group reaches the catch-all: plain text, not a Status; a built-in group's unknown version is a Status.
		const missing = await harness.call('GET', '/apis/example.com/v1');
		assert.equal(missing.status, 404);
		assert.equal(missing.text, '404 page not found\n');
		const missingVersion = await harness.call('GET', '/apis/apps/v9');
		assert.equal(missingVersion.status, 404);
		assert.equal(missingVersion.body.kind, 'Status');
	});

	test('/version, /healthz and /readyz answer even without a token', async () => {
		const version = await harness.call('GET', '/version', {user: null});
		assert.equal(version.status, 200);
		assert.equal(version.body.major, '1');
		for (const path of ['/healthz', '/readyz']) {
			const health = await harness.call('GET', path, {user: null});
			assert.equal(health.status, 200);
			assert.equal(health.text, 'ok');
		}
	});

	test('a CRD shows up in discovery (and OpenAPI) while it exists, and disappears with it', async () => {
		assert.equal((await harness.installCrd(widgetCrd)).status, 201);
		assert.equal((await harness.installCrd(gadgetCrd)).status, 201);
		const groups = await harness.call('GET', '/apis');
		const example = groups.body.groups.find((group: {name: string}) => group.name === 'example.com');
		assert.deepEqual(
			example.versions.map((version: {version: string}) => version.version),
			['v1', 'v1alpha1'],
		);
		assert.equal(example.preferredVersion.version, 'v1');
		const v1 = await harness.call('GET', '/apis/example.com/v1');
		assert.deepEqual(
			v1.body.resources.map((resource: {name: string}) => resource.name),
			['widgets', 'widgets/status'],
		);
		assert.deepEqual(v1.body.resources[0].shortNames, ['wd']);
		const alpha = await harness.call('GET', '/apis/example.com/v1alpha1');
		assert.equal(alpha.body.resources[0].namespaced, false);
		const openApi = await harness.call('GET', '/openapi/v3');
		assert.ok(openApi.body.paths['apis/example.com/v1']);

		assert.equal((await harness.call('DELETE', `${crdPath}/widgets.example.com`)).status, 200);
		await eventually(async () => (await harness.call('GET', '/apis/example.com/v1')).status === 404, 5000, 'v1 to leave discovery');
		assert.equal((await harness.call('GET', '/apis/example.com/v1alpha1')).status, 200);
	});
});
