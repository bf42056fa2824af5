import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {ApiException, KubernetesObjectApi, Watch} from '@kubernetes/client-node';
import {crdPath, eventually, startHarness, widget, widgetCrd, widgetsPath, type Harness} from './harness.js';

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
		assert.deepEqual(first.body, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcd is on a break', reason: 'ServiceUnavailable', code: 503});
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

	test('compactHistory makes every earlier resourceVersion expire', async () => {
		const before = (await harness.call('GET', widgetsPath())).body.metadata.resourceVersion;
		harness.sandbox.faults.compactHistory();
		const stream = await harness.watch(`${widgetsPath()}?watch=true&resourceVersion=${before}`);
		await stream.ended;
		assert.equal(stream.events[0]?.object.code, 410);
	});
});
