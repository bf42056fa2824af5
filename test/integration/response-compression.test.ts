// Response compression as both backends do it and as driftwatch relies on it: a client that accepts gzip
// gets an answer over 128 KiB gzipped (a 5 000-app list: 41 MB plain, under 5 MB gzipped), a small one
// plain, and one that does not ask gets it plain; driftwatch's own lists ask and arrive whole.
import assert from 'node:assert/strict';
import https from 'node:https';
import {after, before, describe, test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import type {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from '../../source/core/kube/http.js';
import {listObjects} from '../../source/core/kube/list.js';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {ensureNamespace} from '../support/fixtures.js';

const namespace = 'response-compression';
const configMaps = 60;
const path = `/api/v1/namespaces/${namespace}/configmaps`;

type RawReply = {status: number; encoding: string | undefined; wireBytes: number; body: Buffer};

/** The bytes exactly as the server sent them, with or without `Accept-Encoding: gzip`. */
async function raw(kc: KubeConfig, target: string, gzip: boolean): Promise<RawReply> {
	const options: https.RequestOptions = {method: 'GET', headers: {accept: 'application/json'}};
	await kc.applyToHTTPSOptions(options);
	const headers = options.headers as Record<string, string>;
	if (gzip) headers['accept-encoding'] = 'gzip';
	else delete headers['accept-encoding'];
	return new Promise((resolve, reject) => {
		const request = https.request(`${kc.getCurrentCluster()!.server}${target}`, options, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const wire = Buffer.concat(chunks);
				const encoding = response.headers['content-encoding'];
				resolve({status: response.statusCode ?? 0, encoding, wireBytes: wire.length, body: encoding === 'gzip' ? gunzipSync(wire) : wire});
			});
		});
		request.on('error', reject);
		request.end();
	});
}

describe(`response compression (${backendName()})`, () => {
	let backend: TestBackend;
	let kc: KubeConfig;

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await ensureNamespace(kc, namespace);
		// 60 ConfigMaps of ~4 KiB: a list of about 250 KiB, well over the 128 KiB threshold.
		await Promise.all(
			Array.from({length: configMaps}, (_, i) =>
				requestJson(kc, path, {
					method: 'POST',
					body: JSON.stringify({
						apiVersion: 'v1',
						kind: 'ConfigMap',
						metadata: {name: `cm-${i}`},
						data: {payload: `line ${i}\n`.repeat(500)},
					}),
				}).catch((error: unknown) => {
					if ((error as {code?: number}).code !== 409) throw error;
				}),
			),
		);
	});
	after(async () => {
		await backend?.close();
	});

	test('a list over 128 KiB is gzipped when the client accepts gzip', async () => {
		const zipped = await raw(kc, path, true);
		assert.equal(zipped.status, 200);
		assert.equal(zipped.encoding, 'gzip');
		const list = JSON.parse(zipped.body.toString('utf8')) as {items: unknown[]};
		assert.equal(list.items.length, configMaps);
		assert.ok(zipped.body.length > 128 * 1024, `the list is ${zipped.body.length} bytes`);
		assert.ok(zipped.wireBytes * 5 < zipped.body.length, `${zipped.wireBytes} bytes on the wire for ${zipped.body.length}`);
	});

	test('the same list is sent plain to a client that does not ask for gzip', async () => {
		const plain = await raw(kc, path, false);
		assert.equal(plain.status, 200);
		assert.equal(plain.encoding, undefined);
		assert.equal((JSON.parse(plain.body.toString('utf8')) as {items: unknown[]}).items.length, configMaps);
	});

	test('a small answer is sent plain even to a client that accepts gzip', async () => {
		const small = await raw(kc, `${path}/cm-0`, true);
		assert.equal(small.status, 200);
		assert.equal(small.encoding, undefined);
		assert.equal((JSON.parse(small.body.toString('utf8')) as {metadata: {name: string}}).metadata.name, 'cm-0');
	});

	test("driftwatch's own list asks for gzip and gets every object", async () => {
		const listed = await listObjects(kc, {group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true}, namespace);
		assert.equal(listed.items.filter(item => item.metadata?.name?.startsWith('cm-')).length, configMaps);
		assert.ok(listed.items.every(item => item.kind === 'ConfigMap'));
	});
});
