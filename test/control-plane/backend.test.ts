// The test backend's contract, checked on whichever backend this run uses
// (`npm test`: the sandbox; `npm run test:cluster`: the real kube-apiserver),
// so integration tests can rely on the same contexts and users on both.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {dirname} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {ApiHttpError, requestJson} from '../../source/core/kube/http.js';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';

const namespace = 'backend-contract';

async function statusOf(promise: Promise<unknown>): Promise<number> {
	try {
		await promise;
		return 200;
	} catch (error) {
		if (error instanceof ApiHttpError) return error.code;
		throw error;
	}
}

const configMap = (name: string) => JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace}, data: {key: 'value'}});

describe(`test backend contract (${backendName()})`, () => {
	let backend: TestBackend;

	before(async () => {
		backend = await startBackend();
		const admin = backend.kubeConfig();
		await requestJson(admin, '/api/v1/namespaces', {method: 'POST', body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}})});
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
		assert.equal(await statusOf(requestJson(viewer, `/api/v1/namespaces/${namespace}/configmaps`, {method: 'POST', body: configMap('by-viewer')})), 403);
	});

	test('an added user gets exactly its rules, under a context of its name', async () => {
		const context = await backend.addUser('configmap-reader', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps']}]);
		assert.equal(context, 'configmap-reader');
		const reader = backend.kubeConfig(context);
		const list = await requestJson<{items: Array<{metadata: {name: string}}>}>(reader, `/api/v1/namespaces/${namespace}/configmaps`);
		assert.ok(list.items.some(item => item.metadata.name === 'existing'));
		assert.equal(await statusOf(requestJson(reader, `/api/v1/namespaces/${namespace}/secrets`)), 403);
		assert.equal(await statusOf(requestJson(reader, `/api/v1/namespaces/${namespace}/configmaps`, {method: 'POST', body: configMap('by-reader')})), 403);
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
});
