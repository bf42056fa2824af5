// The session's one events watch, on the sandbox (its request log shows the watches): shared by every follower,
// opened by the first and closed after the last; events.k8s.io/v1 where allowed, else core/v1, else forbidden.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {EventFeed} from '../../source/core/events/event-feed.js';
import {Discovery} from '../../source/core/kube/discovery.js';
import type {KubeConfigLike} from '../../source/core/kube/kubeconfig-file.js';
import {waitFor} from '../support/wait-for.js';
import {startHarness, type Harness} from './harness.js';

function feedOf(kc: KubeConfigLike): EventFeed {
	return new EventFeed({kc, discovery: new Discovery(kc), fallbackNamespaces: ['default'], reloginHint: 'log in again', batchMs: 0});
}

async function createEvent(harness: Harness, name: string, reason: string): Promise<void> {
	const reply = await harness.call('POST', '/api/v1/namespaces/default/events', {
		body: {
			metadata: {name},
			involvedObject: {kind: 'Pod', namespace: 'default', name: 'web'},
			reason,
			message: reason,
			type: 'Normal',
			count: 1,
		},
	});
	assert.equal(reply.status, 201, reply.text);
}

describe('EventFeed', () => {
	let harness: Harness;

	before(async () => {
		harness = await startHarness();
		await createEvent(harness, 'web.1', 'Pulled');
	});
	after(() => harness?.close());

	const watchesOf = (path: string) => harness.sandbox.requests.filter(request => request.verb === 'watch' && request.path === path).length;

	test('one watch for every follower, opened by the first, closed after the last; new events reach all', async () => {
		const feed = feedOf(harness.kubeConfig());
		harness.sandbox.clearRequests();
		assert.equal(feed.running, false);
		let seenByA = 0;
		let seenByB = 0;
		const stopA = feed.subscribe(() => seenByA++);
		const stopB = feed.subscribe(() => seenByB++);
		await waitFor(
			() => feed.state().source.phase === 'live' && watchesOf('/apis/events.k8s.io/v1/events') === 1,
			5000,
			() => JSON.stringify(feed.state().source),
		);
		assert.ok([...feed.state().events.values()].some(event => event.reason === 'Pulled'));
		await createEvent(harness, 'web.2', 'Started');
		await waitFor(
			() => [...feed.state().events.values()].some(event => event.reason === 'Started'),
			5000,
			() => 'the new event',
		);
		assert.ok(seenByA > 0 && seenByB > 0);
		assert.equal(watchesOf('/apis/events.k8s.io/v1/events'), 1, 'one watch, shared');
		stopA();
		assert.equal(feed.running, true, 'B still follows');
		stopB();
		assert.equal(feed.running, false);
		// Following again opens a new watch: the last one was closed.
		const stopC = feed.subscribe(() => {});
		await waitFor(
			() => watchesOf('/apis/events.k8s.io/v1/events') === 2,
			5000,
			() => 'a second watch',
		);
		stopC();
		await feed.stop();
	});

	test('a context allowed only core/v1 events reads them there; one allowed neither says forbidden', async () => {
		harness.sandbox.addUser('core-events', [{verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['events']}]);
		harness.sandbox.addUser('no-events', [{verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods']}]);
		await harness.refreshKubeconfig();
		const core = feedOf(harness.kubeConfig('core-events'));
		const stopCore = core.subscribe(() => {});
		await waitFor(
			() => core.state().source.phase === 'live',
			10_000,
			() => JSON.stringify(core.state().source),
		);
		assert.ok([...core.state().events.values()].some(event => event.reason === 'Pulled'));
		stopCore();
		await core.stop();

		const none = feedOf(harness.kubeConfig('no-events'));
		const stopNone = none.subscribe(() => {});
		await waitFor(
			() => none.state().source.phase === 'forbidden',
			10_000,
			() => JSON.stringify(none.state().source),
		);
		assert.match(none.state().source.message, /forbidden/);
		stopNone();
		await none.stop();
	});
});
