import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {Watch} from '@kubernetes/client-node';
import {eventually, startHarness, widget, widgetCrd, widgetsPath, type Harness} from './harness.js';

const merge = 'application/merge-patch+json';

describe('sandbox watch', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
		await harness.installCrd(widgetCrd);
	});
	after(() => harness.close());

	const summary = (events: Array<{type: string; object: any}>) => events.map(event => `${event.type} ${event.object.metadata?.name ?? ''}`);

	test('without a resourceVersion: ADDED for every current object, then live events', async () => {
		await harness.call('POST', widgetsPath(), {body: widget('a')});
		await harness.call('POST', widgetsPath(), {body: widget('b')});
		const stream = await harness.watch(`${widgetsPath()}?watch=true`);
		try {
			assert.equal(stream.status, 200);
			await eventually(() => stream.events.length >= 2, 5000, 'initial ADDED events');
			await harness.call('PATCH', `${widgetsPath()}/a`, {body: {spec: {size: 2}}, contentType: merge});
			await harness.call('DELETE', `${widgetsPath()}/b`);
			await eventually(() => stream.events.length >= 4, 5000, 'live events');
			assert.deepEqual(summary(stream.events), ['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
			assert.equal(stream.events[2]?.object.spec.size, 2);
			assert.equal(stream.events[2]?.object.apiVersion, 'example.com/v1');
		} finally {
			stream.close();
		}
	});

	test('from a resourceVersion: replays exactly the changes after it, in order', async () => {
		const list = await harness.call('GET', widgetsPath());
		const from = list.body.metadata.resourceVersion;
		await harness.call('POST', widgetsPath(), {body: widget('c')});
		await harness.call('PATCH', `${widgetsPath()}/c`, {body: {spec: {size: 3}}, contentType: merge});
		await harness.call('DELETE', `${widgetsPath()}/c`);
		const stream = await harness.watch(`${widgetsPath()}?watch=1&resourceVersion=${from}`);
		try {
			await eventually(() => stream.events.length >= 3, 5000, 'replayed events');
			assert.deepEqual(summary(stream.events), ['ADDED c', 'MODIFIED c', 'DELETED c']);
			const versions = stream.events.map(event => Number(event.object.metadata.resourceVersion));
			assert.ok(versions.every((version, index) => index === 0 || version > (versions[index - 1] ?? 0)));
			assert.ok((versions[0] ?? 0) > Number(from));
		} finally {
			stream.close();
		}
	});

	test('label and field selectors apply: objects leaving the selection come as DELETED, entering as ADDED', async () => {
		await harness.call('POST', widgetsPath(), {body: widget('sel', {size: 1}, {team: 'red'})});
		await harness.call('POST', widgetsPath(), {body: widget('other', {size: 1}, {team: 'red'})});
		const stream = await harness.watch(`${widgetsPath()}?watch=true&labelSelector=team%3Dred&fieldSelector=metadata.name%3Dsel`);
		try {
			await eventually(() => stream.events.length >= 1, 5000, 'initial event');
			await harness.call('PATCH', `${widgetsPath()}/other`, {body: {spec: {size: 9}}, contentType: merge});
			await harness.call('PATCH', `${widgetsPath()}/sel`, {body: {metadata: {labels: {team: 'blue'}}}, contentType: merge});
			await harness.call('PATCH', `${widgetsPath()}/sel`, {body: {metadata: {labels: {team: 'red'}}}, contentType: merge});
			await eventually(() => stream.events.length >= 3, 5000, 'selector transitions');
			assert.deepEqual(summary(stream.events), ['ADDED sel', 'DELETED sel', 'ADDED sel']);
		} finally {
			stream.close();
		}
	});

	test('sendInitialEvents: current objects as ADDED, then a BOOKMARK marking their end', async () => {
		const current = (await harness.call('GET', widgetsPath())).body.items.map(
			(item: {metadata: {name: string}}) => `ADDED ${item.metadata.name}`,
		);
		const stream = await harness.watch(
			`${widgetsPath()}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=5`,
		);
		try {
			await eventually(() => stream.events.some(event => event.type === 'BOOKMARK'), 5000, 'the initial-events bookmark');
			assert.deepEqual(summary(stream.events.slice(0, -1)), current);
			assert.equal(stream.events.at(-1)?.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
		} finally {
			stream.close();
		}
	});

	test('timeoutSeconds ends the stream, without a BOOKMARK at the end even when bookmarks are allowed', async () => {
		const started = Date.now();
		const stream = await harness.watch(
			`${widgetsPath()}?watch=true&resourceVersion=${(await harness.call('GET', widgetsPath())).body.metadata.resourceVersion}&timeoutSeconds=1&allowWatchBookmarks=true`,
		);
		await stream.ended;
		const elapsed = Date.now() - started;
		assert.ok(elapsed >= 900 && elapsed < 5000, `ended after ${elapsed} ms`);
		assert.deepEqual(stream.events, []);
	});

	test('after compaction an old resourceVersion gets an in-stream ERROR 410 Expired', async () => {
		const old = (await harness.call('GET', widgetsPath())).body.metadata.resourceVersion;
		await harness.call('PATCH', `${widgetsPath()}/a`, {body: {spec: {size: 10}}, contentType: merge});
		harness.sandbox.faults.compactHistory();
		const stream = await harness.watch(`${widgetsPath()}?watch=true&resourceVersion=${old}`);
		await stream.ended;
		assert.equal(stream.status, 200);
		assert.equal(stream.events.length, 1);
		assert.equal(stream.events[0]?.type, 'ERROR');
		assert.equal(stream.events[0]?.object.kind, 'Status');
		assert.equal(stream.events[0]?.object.code, 410);
		assert.equal(stream.events[0]?.object.reason, 'Expired');

		// A fresh list's version is resumable again.
		const fresh = (await harness.call('GET', widgetsPath())).body.metadata.resourceVersion;
		const resumed = await harness.watch(`${widgetsPath()}?watch=true&resourceVersion=${fresh}`);
		try {
			await harness.call('PATCH', `${widgetsPath()}/a`, {body: {spec: {size: 11}}, contentType: merge});
			await eventually(() => resumed.events.length >= 1, 5000, 'event after compaction');
			assert.equal(resumed.events[0]?.type, 'MODIFIED');
		} finally {
			resumed.close();
		}
	});

	test('client-node Watch sees ADDED and MODIFIED, and a 410 as an ERROR event', async () => {
		const watch = new Watch(harness.kubeConfig());
		const seen: string[] = [];
		let doneError: unknown = 'not done';
		const from = (await harness.call('GET', widgetsPath())).body.metadata.resourceVersion;
		const controller = await watch.watch(
			widgetsPath(),
			{resourceVersion: from, allowWatchBookmarks: true},
			(phase, object: any) => seen.push(`${phase} ${object.metadata?.name}`),
			error => {
				doneError = error;
			},
		);
		await harness.call('POST', widgetsPath(), {body: widget('cn')});
		await harness.call('PATCH', `${widgetsPath()}/cn`, {body: {spec: {size: 5}}, contentType: merge});
		await eventually(() => seen.length >= 2, 5000, 'client-node events');
		assert.deepEqual(seen, ['ADDED cn', 'MODIFIED cn']);
		controller.abort();

		harness.sandbox.faults.compactHistory();
		const statuses: any[] = [];
		let ended = false;
		await watch.watch(
			widgetsPath(),
			{resourceVersion: from},
			(phase, object: any) => statuses.push({phase, code: object.code, reason: object.reason}),
			() => {
				ended = true;
			},
		);
		await eventually(() => ended, 5000, 'the expired watch to end');
		assert.deepEqual(statuses, [{phase: 'ERROR', code: 410, reason: 'Expired'}]);
		assert.notEqual(doneError, 'not done');
	});
});
