import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {ServerResponse} from 'node:http';
import https from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import {KubeConfig} from '@kubernetes/client-node';
import {classifyApiError} from '../../../source/core/kube/api-error.js';
import {requestJson} from '../../../source/core/kube/http.js';
import {watchStream} from '../../../source/core/kube/watch-stream.js';
import {sandboxTls} from '../../../source/sandbox/tls.js';
import {waitFor} from '../../support/wait-for.js';

/** An HTTPS server whose every request is answered by `handle`, with the query it was sent. */
async function withServer(
	handle: (response: ServerResponse, query: URLSearchParams) => void,
	run: (kc: KubeConfig) => Promise<void>,
): Promise<void> {
	const tls = await sandboxTls();
	const sockets = new Set<Socket>();
	const server = https.createServer({key: tls.keyPem, cert: tls.certPem}, (request, response) =>
		handle(response, new URL(request.url ?? '/', 'https://x').searchParams),
	);
	server.on('secureConnection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const kc = new KubeConfig();
	kc.loadFromOptions({
		clusters: [
			{
				name: 'c',
				server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
				caData: Buffer.from(tls.caPem).toString('base64'),
				skipTLSVerify: false,
			},
		],
		users: [{name: 'u', token: 't'}],
		contexts: [{name: 'ctx', cluster: 'c', user: 'u'}],
		currentContext: 'ctx',
	});
	try {
		await run(kc);
	} finally {
		for (const socket of sockets) socket.destroy();
		await new Promise<void>(resolve => server.close(() => resolve()));
	}
}

test('events split across chunks arrive whole, in order; bookmarks are asked for and a clean end is not an error', async () => {
	let asked: URLSearchParams | undefined;
	await withServer(
		(response, query) => {
			asked = query;
			response.writeHead(200, {'content-type': 'application/json'});
			const lines = `${JSON.stringify({type: 'ADDED', object: {metadata: {name: 'a', resourceVersion: '5'}}})}\n${JSON.stringify({type: 'BOOKMARK', object: {metadata: {resourceVersion: '9'}}})}\n`;
			response.write(lines.slice(0, 17));
			setImmediate(() => response.end(lines.slice(17)));
		},
		async kc => {
			const events: string[] = [];
			let ended: unknown = 'open';
			await watchStream(
				kc,
				'/api/v1/configmaps',
				{resourceVersion: '4'},
				(type, object) => events.push(`${type} ${object.metadata?.resourceVersion}`),
				error => (ended = error),
			);
			await waitFor(
				() => ended !== 'open',
				5000,
				() => 'the stream to end',
			);
			assert.equal(ended, null);
			assert.deepEqual(events, ['ADDED 5', 'BOOKMARK 9']);
			assert.equal(asked?.get('watch'), 'true');
			assert.equal(asked?.get('allowWatchBookmarks'), 'true');
			assert.equal(asked?.get('resourceVersion'), '4');
			assert.equal(asked?.has('timeoutSeconds'), false, 'the server picks its own timeout');
		},
	);
});

test('a silent connection is ended as dead after the silence limit, not before', async () => {
	await withServer(
		response => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.flushHeaders();
			// ...and then nothing, like a half-open connection.
		},
		async kc => {
			let ended: unknown = 'open';
			const opened = Date.now();
			await watchStream(
				kc,
				'/api/v1/configmaps',
				{},
				() => {},
				error => (ended = error),
				{silenceMs: 400},
			);
			await waitFor(
				() => ended !== 'open',
				5000,
				() => 'the silent stream to be ended',
			);
			assert.ok(Date.now() - opened >= 400);
			const problem = classifyApiError(ended);
			assert.ok(problem.kind === 'timeout' || problem.kind === 'network', `ended as ${JSON.stringify(problem)}`);
		},
	);
});

test('410 Gone as the HTTP status rejects with statusCode 410 (relist), and abort ends the stream as an AbortError', async () => {
	let gone = true;
	await withServer(
		response => {
			if (gone) {
				const text = JSON.stringify({kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (50)'});
				response.writeHead(410, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)});
				response.end(text);
				return;
			}
			response.writeHead(200, {'content-type': 'application/json'});
			response.flushHeaders();
		},
		async kc => {
			await assert.rejects(
				watchStream(
					kc,
					'/api/v1/configmaps',
					{resourceVersion: '1'},
					() => {},
					() => {},
				),
				(error: {statusCode?: number}) => {
					assert.equal(error.statusCode, 410);
					assert.equal(classifyApiError(error).kind, 'gone');
					return true;
				},
			);
			gone = false;
			let ended: unknown = 'open';
			const controller = await watchStream(
				kc,
				'/api/v1/configmaps',
				{},
				() => {},
				error => (ended = error),
			);
			controller.abort();
			await waitFor(
				() => ended !== 'open',
				5000,
				() => 'the aborted stream to end',
			);
			assert.equal((ended as Error).name, 'AbortError');
		},
	);
});

test('open watches never hold up ordinary requests, however many there are', {timeout: 20_000}, async () => {
	await withServer(
		(response, query) => {
			if (query.get('watch') === 'true') {
				response.writeHead(200, {'content-type': 'application/json'});
				response.flushHeaders();
				return;
			}
			response.writeHead(200, {'content-type': 'application/json'});
			response.end('{"kind":"ConfigMapList","items":[]}');
		},
		async kc => {
			// More watches than the request pool has sockets: each holds its connection open.
			const controllers = await Promise.all(
				Array.from({length: 10}, (_, i) =>
					watchStream(
						kc,
						`/api/v1/namespaces/ns-${i}/configmaps`,
						{},
						() => {},
						() => {},
					),
				),
			);
			try {
				assert.deepEqual(await requestJson(kc, '/api/v1/configmaps', {timeoutMs: 5000}), {kind: 'ConfigMapList', items: []});
			} finally {
				for (const controller of controllers) controller.abort();
			}
		},
	);
});
