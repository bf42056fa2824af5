// The test backend's contract, checked on whichever backend this run uses
// (`npm test`: the sandbox; `npm run test:cluster`: the real kube-apiserver),
// so integration tests can rely on the same contexts and users on both.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {dirname} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {ApiHttpError, requestJson} from '../../source/core/kube/http.js';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {statusOf} from '../support/fixtures.js';

const namespace = 'backend-contract';

const configMap = (name: string) =>
	JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace}, data: {key: 'value'}});

describe(`test backend contract (${backendName()})`, () => {
	let backend: TestBackend;

	before(async () => {
		backend = await startBackend();
		const admin = backend.kubeConfig();
		await requestJson(admin, '/api/v1/namespaces', {
			method: 'POST',
			body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}),
		});
		await requestJson(admin, `/api/v1/namespaces/${namespace}/configmaps`, {method: 'POST', body: configMap('existing')});
	});

	after(async () => {
		await backend?.close();
	});

	test('the kubeconfig has the admin context current, and the viewer context', () => {
		const kc = backend.kubeConfig();
		assert.equal(kc.getCurrentContext(), backend.adminContext);
		assert.ok(kc.getContexts().some(context => context.name === backend.viewerContext));
		assert.equal(backend.sandbox === null, backend.name === 'cluster');
	});

	test('the server reports a Kubernetes version', async () => {
		const version = await requestJson<{gitVersion?: string; major?: string}>(backend.kubeConfig(), '/version');
		assert.match(version.gitVersion ?? '', /^v1\.\d+\.\d+/);
		assert.equal(version.major, '1');
	});

	test('the viewer reads everything and writes nothing', async () => {
		const viewer = backend.kubeConfig(backend.viewerContext);
		const list = await requestJson<{items: Array<{metadata: {name: string}}>}>(viewer, `/api/v1/namespaces/${namespace}/configmaps`);
		assert.ok(list.items.some(item => item.metadata.name === 'existing'));
		assert.equal(
			await statusOf(requestJson(viewer, `/api/v1/namespaces/${namespace}/configmaps`, {method: 'POST', body: configMap('by-viewer')})),
			403,
		);
	});

	test('an added user gets exactly its rules, under a context of its name', async () => {
		const context = await backend.addUser('configmap-reader', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps']}]);
		assert.equal(context, 'configmap-reader');
		const reader = backend.kubeConfig(context);
		const list = await requestJson<{items: Array<{metadata: {name: string}}>}>(reader, `/api/v1/namespaces/${namespace}/configmaps`);
		assert.ok(list.items.some(item => item.metadata.name === 'existing'));
		assert.equal(await statusOf(requestJson(reader, `/api/v1/namespaces/${namespace}/secrets`)), 403);
		assert.equal(
			await statusOf(requestJson(reader, `/api/v1/namespaces/${namespace}/configmaps`, {method: 'POST', body: configMap('by-reader')})),
			403,
		);
		// Adding a user keeps the built-in contexts working.
		assert.equal(await statusOf(requestJson(backend.kubeConfig(backend.viewerContext), `/api/v1/namespaces/${namespace}/secrets`)), 200);
	});

	test('adding a user again replaces its rules and token; the old token is refused', async () => {
		await backend.addUser('rotated', [{verbs: ['list'], apiGroups: [''], resources: ['configmaps']}]);
		const before = backend.kubeConfig('rotated');
		assert.equal(await statusOf(requestJson(before, `/api/v1/namespaces/${namespace}/configmaps`)), 200);
		await backend.addUser('rotated', [{verbs: ['list'], apiGroups: [''], resources: ['secrets']}]);
		assert.equal(await statusOf(requestJson(before, `/api/v1/namespaces/${namespace}/configmaps`)), 401);
		const after = backend.kubeConfig('rotated');
		assert.equal(await statusOf(requestJson(after, `/api/v1/namespaces/${namespace}/secrets`)), 200);
		assert.equal(await statusOf(requestJson(after, `/api/v1/namespaces/${namespace}/configmaps`)), 403);
	});

	test('close stops the server and removes its files', async () => {
		const second = await startBackend();
		const admin = second.kubeConfig();
		await requestJson(admin, '/api/v1/namespaces');
		await second.close();
		await assert.rejects(requestJson(admin, '/api/v1/namespaces', {timeoutMs: 5000}), (error: Error) => !(error instanceof ApiHttpError));
		assert.equal(existsSync(dirname(second.kubeconfigPath)), false);
	});

	describe('server faults: stop, start, restart, pause', () => {
		let server: TestBackend;
		const ns = 'restarts';
		const cmPath = (name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
		const createConfigMap = (name: string) =>
			requestJson<{metadata: {uid: string; resourceVersion: string}}>(server.kubeConfig(), cmPath(), {
				method: 'POST',
				body: JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: ns}, data: {key: name}}),
			});

		before(async () => {
			server = await startBackend();
			await requestJson(server.kubeConfig(), '/api/v1/namespaces', {
				method: 'POST',
				body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}}),
			});
		});
		after(async () => server?.close());

		test('restart with the same data (graceful, then a crash) keeps objects, port, kubeconfig and added users', async () => {
			const created = await createConfigMap('kept');
			const reader = await server.addUser('survivor', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps']}]);
			const port = new URL(server.kubeConfig().getCurrentCluster()!.server).port;
			for (const crash of [false, true]) {
				await server.stopServer({crash});
				await assert.rejects(
					requestJson(server.kubeConfig(), cmPath('kept'), {timeoutMs: 5000}),
					(error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
					`refused while stopped (crash: ${crash})`,
				);
				await server.startServer();
				assert.equal(new URL(server.kubeConfig().getCurrentCluster()!.server).port, port);
				const read = await requestJson<{metadata: {uid: string}}>(server.kubeConfig(), cmPath('kept'));
				assert.equal(read.metadata.uid, created.metadata.uid, `the same object after a restart (crash: ${crash})`);
				const asViewer = await requestJson<{items: unknown[]}>(server.kubeConfig(server.viewerContext), cmPath());
				assert.ok(asViewer.items.length >= 1);
				assert.equal(await statusOf(requestJson(server.kubeConfig(reader), cmPath('kept'))), 200, 'the added user still works');
			}
			// Writes go on in the same history.
			const later = await createConfigMap('after-restarts');
			assert.ok(BigInt(later.metadata.resourceVersion) > BigInt(created.metadata.resourceVersion));
		});

		test('restart with fresh data loses every object, and resourceVersions start a new history', async () => {
			for (let index = 0; index < 10; index++) await createConfigMap(`lost-${index}`);
			const before = await requestJson<{metadata: {resourceVersion: string}}>(server.kubeConfig(), cmPath());
			await server.restart({freshData: true});
			assert.equal(await statusOf(requestJson(server.kubeConfig(), cmPath('lost-0'))), 404);
			assert.equal(await statusOf(requestJson(server.kubeConfig(), `/api/v1/namespaces/${ns}`)), 404);
			assert.equal(
				await statusOf(requestJson(server.kubeConfig(), '/api/v1/namespaces/default')),
				200,
				'what the server makes itself is back',
			);
			assert.equal(
				await statusOf(requestJson(server.kubeConfig(server.viewerContext), '/api/v1/namespaces')),
				200,
				'the built-in viewer works',
			);
			const after = await requestJson<{metadata: {resourceVersion: string}}>(server.kubeConfig(), '/api/v1/configmaps');
			assert.ok(
				BigInt(after.metadata.resourceVersion) < BigInt(before.metadata.resourceVersion),
				`a new history starts lower: ${after.metadata.resourceVersion} after, ${before.metadata.resourceVersion} before`,
			);
		});

		test('pause hangs requests (no answer, no refusal); resume answers the held one and new ones', async () => {
			await requestJson(server.kubeConfig(), '/api/v1/namespaces/default');
			server.pause();
			let held: Promise<unknown>;
			try {
				await assert.rejects(
					requestJson(server.kubeConfig(), '/api/v1/namespaces/default', {timeoutMs: 1500}),
					(error: NodeJS.ErrnoException) => error.code === 'ETIMEDOUT',
				);
				held = requestJson(server.kubeConfig(), '/api/v1/namespaces/default', {timeoutMs: 60_000});
				let settled = false;
				void held.then(
					() => (settled = true),
					() => (settled = true),
				);
				// Another hung request gives the held one time to (wrongly) be answered.
				await assert.rejects(
					requestJson(server.kubeConfig(), '/version', {timeoutMs: 1000}),
					(error: NodeJS.ErrnoException) => error.code === 'ETIMEDOUT',
				);
				assert.equal(settled, false, 'nothing answered while paused');
			} finally {
				server.resume();
			}
			assert.equal(await statusOf(held), 200, 'the held request is answered after resume');
			assert.equal(await statusOf(requestJson(server.kubeConfig(), '/api/v1/namespaces/default', {timeoutMs: 10_000})), 200);
		});
	});
});
