import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {ApiException, KubernetesObjectApi, Watch} from '@kubernetes/client-node';
import {requestJson} from '../../source/core/kube/http.js';
import {eventually, startHarness, widget, widgetCrd, widgetsPath, type Harness} from './harness.js';

describe('sandbox fault injection', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
		await harness.installCrd(widgetCrd);
		await harness.call('POST', widgetsPath(), {body: widget('keep')});
	});
	after(() => harness.close());

	test('dropWatches cuts every open watch connection; other requests keep working', async () => {
		const raw = await harness.watch(`${widgetsPath()}?watch=true`);
		const watch = new Watch(harness.kubeConfig());
		let clientError: unknown = 'still open';
		await watch.watch(
			widgetsPath(),
			{},
			() => {},
			error => {
				clientError = error;
			},
		);
		await eventually(() => raw.events.length >= 1, 5000, 'the raw watch to start');
		harness.sandbox.faults.dropWatches();
		await raw.ended;
		await eventually(() => clientError !== 'still open', 5000, 'client-node watch to end');
		// A TCP reset, not a clean end of stream.
		assert.ok(clientError instanceof Error, `expected an error, got ${String(clientError)}`);
		assert.equal((await harness.call('GET', widgetsPath())).status, 200);
	});

	test('failNext fails exactly the next N requests with a proper Status of that code', async () => {
		harness.sandbox.faults.failNext(2, 503, 'etcd is on a break');
		const first = await harness.call('GET', `${widgetsPath()}/keep`);
		assert.equal(first.status, 503);
		assert.deepEqual(first.body, {
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Failure',
			message: 'etcd is on a break',
			reason: 'ServiceUnavailable',
			code: 503,
		});
		const objects = KubernetesObjectApi.makeApiClient(harness.kubeConfig());
		await assert.rejects(
			objects.list('example.com/v1', 'Widget', 'default'),
			(error: unknown) => error instanceof ApiException && error.code === 503,
		);
		assert.equal((await harness.call('GET', `${widgetsPath()}/keep`)).status, 200);

		harness.sandbox.faults.failNext(1, 500);
		const internal = await harness.call('GET', '/apis');
		assert.equal(internal.status, 500);
		assert.equal(internal.body.reason, 'InternalError');
		assert.equal((await harness.call('GET', '/apis')).status, 200);
	});

	test('failNext limited to a path fails only matching requests; the others pass and do not use up the count', async () => {
		harness.sandbox.faults.failNext(2, 403, 'injected: forbidden for now', {path: widgetsPath()});
		assert.equal((await harness.call('GET', '/api/v1/namespaces')).status, 200);
		assert.equal((await harness.call('GET', '/apis')).status, 200);
		const first = await harness.call('GET', widgetsPath());
		assert.equal(first.status, 403);
		assert.equal(first.body.reason, 'Forbidden');
		assert.equal(first.body.message, 'injected: forbidden for now');
		// A pattern matches too; the string rule still has one left and is older, so it answers first.
		harness.sandbox.faults.failNext(1, 500, undefined, {path: /\/namespaces$/});
		assert.equal((await harness.call('GET', `${widgetsPath()}/keep`)).status, 403);
		assert.equal((await harness.call('GET', `${widgetsPath()}/keep`)).status, 200);
		assert.equal((await harness.call('GET', '/api/v1/namespaces')).status, 500);
		assert.equal((await harness.call('GET', '/api/v1/namespaces')).status, 200);
	});

	test("failNext 'until-cleared' fails every matching request until clearFailures()", async () => {
		harness.sandbox.faults.failNext('until-cleared', 401, undefined, {path: widgetsPath()});
		for (let attempt = 0; attempt < 5; attempt++) {
			const reply = await harness.call('GET', widgetsPath());
			assert.equal(reply.status, 401);
			// What a real server says to a token it does not accept.
			assert.equal(reply.body.message, 'Unauthorized');
			assert.equal(reply.body.reason, 'Unauthorized');
		}
		assert.equal((await harness.call('GET', '/api/v1/namespaces')).status, 200);
		harness.sandbox.faults.clearFailures();
		assert.equal((await harness.call('GET', widgetsPath())).status, 200);
	});

	test('a 429 carries Retry-After and details.retryAfterSeconds, as a throttling server sends them', async () => {
		harness.sandbox.faults.failNext(1, 429, undefined, {retryAfterSeconds: 2});
		const reply = await harness.call('GET', widgetsPath());
		assert.equal(reply.status, 429);
		assert.equal(reply.headers['retry-after'], '2');
		assert.equal(reply.body.reason, 'TooManyRequests');
		assert.equal(reply.body.message, 'Too many requests, please try again later.');
		assert.deepEqual(reply.body.details, {retryAfterSeconds: 2});
		// client-node surfaces the code, so callers can tell throttling from refusal.
		const objects = KubernetesObjectApi.makeApiClient(harness.kubeConfig());
		harness.sandbox.faults.failNext(1, 429, undefined, {retryAfterSeconds: 1});
		await assert.rejects(
			objects.list('example.com/v1', 'Widget', 'default'),
			(error: unknown) => error instanceof ApiException && error.code === 429,
		);
	});

	test('dropWatches with a path cuts only the watches under it', async () => {
		const widgets = await harness.watch(`${widgetsPath()}?watch=true`);
		const namespaces = await harness.watch('/api/v1/namespaces?watch=true');
		await eventually(() => widgets.events.length >= 1 && namespaces.events.length >= 1, 5000, 'both watches to start');
		harness.sandbox.faults.dropWatches(widgetsPath());
		await widgets.ended;
		let namespacesEnded = false;
		void namespaces.ended.then(() => (namespacesEnded = true));
		// A change the surviving watch must deliver proves it is still open.
		const before = namespaces.events.length;
		await harness.call('POST', '/api/v1/namespaces', {body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'still-watched'}}});
		await eventually(() => namespaces.events.length > before, 5000, 'the namespaces watch to deliver the new namespace');
		assert.equal(namespacesEnded, false);
		harness.sandbox.faults.dropWatches();
		await namespaces.ended;
	});

	test('pause holds requests and watch events; resume delivers both', async () => {
		const stream = await harness.watch(`${widgetsPath()}?watch=true`);
		await eventually(() => stream.events.length >= 1, 5000, 'the watch to start');
		const before = stream.events.length;
		harness.sandbox.pause();
		let answered = 0;
		const read = harness.call('GET', `${widgetsPath()}/keep`).finally(() => answered++);
		const write = harness.call('POST', widgetsPath(), {body: widget('during-pause')}).finally(() => answered++);
		// A request that times out unanswered shows the pause holds; the two above had as long.
		await assert.rejects(
			requestJson(harness.kubeConfig(), '/version', {timeoutMs: 800}),
			(error: NodeJS.ErrnoException) => error.code === 'ETIMEDOUT',
		);
		assert.equal(answered, 0, 'nothing answered while paused');
		assert.equal(stream.events.length, before, 'no watch event while paused');
		harness.sandbox.resume();
		assert.equal((await read).status, 200);
		assert.equal((await write).status, 201);
		await eventually(
			() => stream.events.some(event => event.object?.metadata?.name === 'during-pause'),
			5000,
			'the watch event after resume',
		);
		harness.sandbox.faults.dropWatches();
	});

	test('setLatency delays every request, and 0 turns it off', async () => {
		harness.sandbox.faults.setLatency(300);
		let started = Date.now();
		assert.equal((await harness.call('GET', widgetsPath())).status, 200);
		assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
		harness.sandbox.faults.setLatency(0);
		started = Date.now();
		await harness.call('GET', widgetsPath());
		assert.ok(Date.now() - started < 290, `took ${Date.now() - started} ms`);
	});

	test('stop refuses connections and drops open ones; start serves the same data on the same port and CA', async () => {
		const {port, caPem, url} = harness.sandbox;
		const stream = await harness.watch(`${widgetsPath()}?watch=true`);
		await harness.sandbox.stop();
		await stream.ended;
		await assert.rejects(harness.call('GET', widgetsPath()), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');

		await harness.sandbox.start();
		assert.equal(harness.sandbox.port, port);
		assert.equal(harness.sandbox.url, url);
		assert.equal(harness.sandbox.caPem, caPem);
		const kept = await harness.call('GET', `${widgetsPath()}/keep`);
		assert.equal(kept.status, 200);
		// The kubeconfig written before the stop still works.
		const objects = KubernetesObjectApi.makeApiClient(harness.kubeConfig());
		const read = await objects.read({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'keep', namespace: 'default'}});
		assert.equal(read.metadata?.uid, kept.body.metadata.uid);
	});

	test('after start({freshData}), a list at a version of the old history waits 3 s, then 504 ResourceVersionTooLarge, as a real server', async () => {
		// A sandbox of its own: fresh data would take the other tests' CRD away.
		const own = await startHarness();
		try {
			for (const name of ['old-history-1', 'old-history-2'])
				await own.call('POST', '/api/v1/namespaces', {body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name}}});
			const old = (await own.call('GET', '/api/v1/namespaces')).body.metadata.resourceVersion;
			await own.sandbox.stop();
			// A kept-alive connection the stop cut may be tried first (a reset), then the refusal.
			await assert.rejects(
				own.call('GET', '/api/v1/namespaces'),
				(error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET',
			);
			await assert.rejects(own.call('GET', '/api/v1/namespaces'), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
			await own.sandbox.start({freshData: true});
			assert.equal((await own.call('GET', '/api/v1/namespaces/old-history-1')).status, 404);
			const fresh = (await own.call('GET', '/api/v1/namespaces')).body.metadata.resourceVersion;
			assert.ok(Number(fresh) < Number(old), `a new history: ${fresh} after ${old}`);
			const started = Date.now();
			const reply = await own.call('GET', `/api/v1/namespaces?resourceVersion=${old}`);
			assert.ok(Date.now() - started >= 2900, `answered after ${Date.now() - started} ms`);
			assert.equal(reply.status, 504);
			assert.equal(reply.body.reason, 'Timeout');
			assert.equal(reply.body.message, `Timeout: Too large resource version: ${old}, current: ${fresh}`);
			assert.deepEqual(reply.body.details, {
				causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
				retryAfterSeconds: 1,
			});
		} finally {
			await own.close();
		}
	});

	test('compactHistory makes every earlier resourceVersion expire', async () => {
		const before = (await harness.call('GET', widgetsPath())).body.metadata.resourceVersion;
		harness.sandbox.faults.compactHistory();
		const stream = await harness.watch(`${widgetsPath()}?watch=true&resourceVersion=${before}`);
		await stream.ended;
		assert.equal(stream.events[0]?.object.code, 410);
	});
});
