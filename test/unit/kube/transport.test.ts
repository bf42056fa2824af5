import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import type {IncomingMessage, ServerResponse} from 'node:http';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
type AddressInfo = net.AddressInfo;
type Socket = net.Socket;
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {KubeConfig} from '@kubernetes/client-node';
import {classifyApiError} from '../../../source/core/kube/api-error.js';
import {runCredentialPlugin} from '../../../source/core/kube/exec-credential.js';
import {requestJson} from '../../../source/core/kube/http.js';
import {KubeTransport} from '../../../source/core/kube/transport.js';
import {sandboxTls} from '../../../source/sandbox/tls.js';
import {waitFor} from '../../support/wait-for.js';
import {processAlive} from '../../../source/core/git/dir-lock.js';

type Server = {
	url: string;
	/** TLS connections the server accepted. */
	connections: number;
	requests: IncomingMessage[];
	closedSockets: number;
	close(): Promise<void>;
};

async function startServer(handle: (request: IncomingMessage, response: ServerResponse, socketRequests: number) => void): Promise<Server> {
	const tls = await sandboxTls();
	const perSocket = new WeakMap<Socket, number>();
	const sockets = new Set<Socket>();
	const state: Server = {url: '', connections: 0, requests: [], closedSockets: 0, close: async () => {}};
	const server = https.createServer({key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 120_000}, (request, response) => {
		state.requests.push(request);
		const count = (perSocket.get(request.socket) ?? 0) + 1;
		perSocket.set(request.socket, count);
		request.resume();
		request.on('end', () => handle(request, response, count));
	});
	server.on('secureConnection', (socket: Socket) => {
		state.connections++;
		sockets.add(socket);
		socket.on('close', () => {
			state.closedSockets++;
			sockets.delete(socket);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	state.close = async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise<void>(resolve => server.close(() => resolve()));
	};
	return state;
}

async function kubeConfig(server: string, user: Record<string, unknown> = {token: 'static-token'}): Promise<KubeConfig> {
	const tls = await sandboxTls();
	const kc = new KubeConfig();
	kc.loadFromOptions({
		clusters: [{name: 'c', server, caData: Buffer.from(tls.caPem).toString('base64'), skipTLSVerify: false}],
		users: [{name: 'u', ...user}],
		contexts: [{name: 'ctx', cluster: 'c', user: 'u'}],
		currentContext: 'ctx',
	});
	return kc;
}

const json = (response: ServerResponse, status: number, body: unknown) => {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)});
	response.end(text);
};

const dirs: string[] = [];
async function tempDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-transport-'));
	dirs.push(dir);
	return dir;
}
after(async () => {
	for (const dir of dirs) await rm(dir, {recursive: true, force: true});
});

/** A credential plugin that counts its runs in a file and prints token-N (expiring at `expires`). */
async function countingPlugin(expires: string | null): Promise<{exec: Record<string, unknown>; runs: () => Promise<number>}> {
	const dir = await tempDir();
	const counter = join(dir, 'runs');
	await writeFile(counter, '0');
	const script = join(dir, 'plugin.mjs');
	await writeFile(
		script,
		`import {readFileSync, writeFileSync} from 'node:fs';
const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
writeFileSync(${JSON.stringify(counter)}, String(n));
const status = {token: 'token-' + n${expires ? `, expirationTimestamp: ${JSON.stringify(expires)}` : ''}};
console.log(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status}));
`,
	);
	return {
		exec: {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script]},
		runs: async () => Number((await readFile(counter, 'utf8')).trim()),
	};
}

test('many requests to one context share one keep-alive connection', async () => {
	const server = await startServer((_request, response) => json(response, 200, {kind: 'Status'}));
	try {
		const kc = await kubeConfig(server.url);
		for (let i = 0; i < 20; i++) await requestJson(kc, '/api/v1/namespaces');
		assert.equal(server.requests.length, 20);
		assert.equal(server.connections, 1, 'sequential requests reuse the first connection');
		await Promise.all(Array.from({length: 40}, () => requestJson(kc, '/api/v1/pods')));
		assert.ok(server.connections <= 6, `40 concurrent requests opened ${server.connections} connections (at most 6 expected)`);
	} finally {
		await server.close();
	}
});

test('asks for gzip, sends driftwatch/VERSION as User-Agent and decompresses the answer', async () => {
	const {version} = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string};
	const items = Array.from({length: 2000}, (_, i) => ({metadata: {name: `app-${i}`}}));
	const server = await startServer((request, response) => {
		const body = Buffer.from(JSON.stringify({items}));
		if (/gzip/.test(String(request.headers['accept-encoding']))) {
			const zipped = gzipSync(body);
			response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': zipped.length});
			response.end(zipped);
		} else {
			response.writeHead(200, {'content-type': 'application/json', 'content-length': body.length});
			response.end(body);
		}
	});
	try {
		const kc = await kubeConfig(server.url);
		const list = await requestJson<{items: unknown[]}>(kc, '/apis/argoproj.io/v1alpha1/applications');
		assert.equal(list.items.length, 2000);
		const [request] = server.requests;
		assert.match(String(request?.headers['accept-encoding']), /\bgzip\b/);
		assert.match(String(request?.headers['user-agent']), new RegExp(`^driftwatch/${version.replaceAll('.', '\\.')}\\b`));
	} finally {
		await server.close();
	}
});

test('a 401 drops the cached plugin credential and retries once with a fresh one', async () => {
	const plugin = await countingPlugin(null);
	const server = await startServer((request, response) => {
		// The first token was revoked; the plugin's next one is good.
		if (request.headers.authorization === 'Bearer token-1') json(response, 401, {kind: 'Status', code: 401, message: 'Unauthorized'});
		else json(response, 200, {ok: request.headers.authorization});
	});
	try {
		const kc = await kubeConfig(server.url, {exec: plugin.exec});
		assert.deepEqual(await requestJson(kc, '/api'), {ok: 'Bearer token-2'});
		assert.equal(await plugin.runs(), 2);
		// The fresh credential is cached: no more plugin runs.
		await requestJson(kc, '/api');
		await requestJson(kc, '/api');
		assert.equal(await plugin.runs(), 2);
	} finally {
		await server.close();
	}
});

test('a 401 that persists after the retry is reported as unauthorized, after exactly one retry', async () => {
	const plugin = await countingPlugin(null);
	const server = await startServer((_request, response) => json(response, 401, {kind: 'Status', code: 401, message: 'Unauthorized'}));
	try {
		const kc = await kubeConfig(server.url, {exec: plugin.exec});
		const problem = await requestJson(kc, '/api').then(() => null, classifyApiError);
		assert.equal(problem?.kind, 'unauthorized');
		assert.equal(server.requests.length, 2);
		assert.equal(await plugin.runs(), 2);
	} finally {
		await server.close();
	}
});

test('a plugin credential is cached until its expirationTimestamp, then the plugin runs again', async () => {
	const expired = await countingPlugin(new Date(Date.now() - 1000).toISOString());
	const valid = await countingPlugin(new Date(Date.now() + 3600_000).toISOString());
	const server = await startServer((_request, response) => json(response, 200, {}));
	try {
		const stale = await kubeConfig(server.url, {exec: expired.exec});
		for (let i = 0; i < 3; i++) await requestJson(stale, '/api');
		assert.equal(await expired.runs(), 3);
		const fresh = await kubeConfig(server.url, {exec: valid.exec});
		await Promise.all(Array.from({length: 5}, () => requestJson(fresh, '/api')));
		await requestJson(fresh, '/api');
		assert.equal(await valid.runs(), 1, 'concurrent first requests share one plugin run');
	} finally {
		await server.close();
	}
});

test('a keep-alive socket the server closed is retried once for a GET, never for a write', async () => {
	let dropNextReuse = true;
	const server = await startServer((request, response, socketRequests) => {
		// The server gives up on the idle connection just as the client reuses it.
		if (socketRequests === 2 && dropNextReuse) {
			dropNextReuse = false;
			request.socket.destroy();
			return;
		}
		json(response, 200, {method: request.method});
	});
	try {
		const kc = await kubeConfig(server.url);
		await requestJson(kc, '/api');
		assert.deepEqual(await requestJson(kc, '/api'), {method: 'GET'});
		assert.equal(server.connections, 2, 'the retry went out on a new connection');

		dropNextReuse = true;
		const writeKc = await kubeConfig(server.url);
		await requestJson(writeKc, '/api');
		const problem = await requestJson(writeKc, '/api/v1/namespaces/default/configmaps', {method: 'POST', body: '{}'}).then(
			() => null,
			classifyApiError,
		);
		assert.equal(problem?.kind, 'network', 'a create is not sent twice');
	} finally {
		await server.close();
	}
});

test('idle connections are closed after the idle timeout', async () => {
	const server = await startServer((_request, response) => json(response, 200, {}));
	try {
		const transport = new KubeTransport(await kubeConfig(server.url), {idleMs: 300});
		const answer = await transport.text({path: '/api'});
		assert.equal(answer.status, 200);
		assert.equal(server.closedSockets, 0);
		await waitFor(
			() => server.closedSockets === 1,
			5000,
			() => 'the idle socket to be closed by the client',
		);
	} finally {
		await server.close();
	}
});

test('a hanging credential plugin is killed with its children when the deadline passes', async () => {
	const dir = await tempDir();
	const pidFile = join(dir, 'child.pid');
	const script = join(dir, 'hang.sh');
	// Like an SSO helper waiting for a browser: a shell whose child sleeps forever and holds the pipes.
	await writeFile(script, `#!/bin/sh\nsleep 1000 &\necho $! > ${pidFile}\nwait\n`);
	await chmod(script, 0o755);
	const started = Date.now();
	await assert.rejects(runCredentialPlugin({command: script}, 500), {message: `credential plugin ${script} did not answer in 1 s`});
	assert.ok(Date.now() - started < 5000);
	const childPid = Number((await readFile(pidFile, 'utf8')).trim());
	await waitFor(
		() => !processAlive(childPid),
		5000,
		() => `plugin child ${childPid} to be gone`,
	);
});

test('a kubeconfig proxy-url is honoured: requests tunnel through the proxy and reuse the tunnel', async () => {
	const server = await startServer((_request, response) => json(response, 200, {through: 'proxy'}));
	let tunnels = 0;
	const proxy = http.createServer((_request, response) => response.writeHead(405).end());
	const open = new Set<net.Socket>();
	proxy.on('connect', (request: IncomingMessage, client: net.Socket) => {
		tunnels++;
		const [host, port] = String(request.url).split(':');
		const upstream = net.connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.pipe(client);
			client.pipe(upstream);
		});
		for (const socket of [client, upstream]) {
			open.add(socket);
			socket.on('error', () => {}).on('close', () => open.delete(socket));
		}
	});
	await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
	try {
		const kc = await kubeConfig(server.url);
		const [cluster] = kc.clusters;
		kc.clusters = [{...cluster!, proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`}];
		for (let i = 0; i < 5; i++) assert.deepEqual(await requestJson(kc, '/api'), {through: 'proxy'});
		assert.equal(tunnels, 1, 'one tunnel, kept alive');
		assert.equal(server.connections, 1);
	} finally {
		for (const socket of open) socket.destroy();
		await new Promise<void>(resolve => proxy.close(() => resolve()));
		await server.close();
	}
});

test('the idle timeout closes only idle sockets: a request quiet for longer keeps its own deadline', async () => {
	const server = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.flushHeaders();
		// Quiet for longer than the idle timeout, well within the request's own.
		setTimeout(() => response.end('{"type":"BOOKMARK"}\n'), 1000);
	});
	try {
		const transport = new KubeTransport(await kubeConfig(server.url), {idleMs: 200});
		const answer = await transport.text({path: '/api/v1/configmaps', query: {watch: true}, watch: true, timeoutMs: 5000});
		assert.equal(answer.text, '{"type":"BOOKMARK"}\n');
	} finally {
		await server.close();
	}
});
