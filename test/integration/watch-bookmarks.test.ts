// A quiet watch stays open and hears a BOOKMARK about once a minute, on both backends: driftwatch's
// watch stream counts only 180 s of silence as a dead connection, so an idle screen holds its watches
// without reopening them (client-node's Watch closed them after 30 s of quiet, twice a minute each).
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {listObjects} from '../../source/core/kube/list.js';
import {bookmarkSilenceMs, watchStream} from '../../source/core/kube/watch-stream.js';
import {faultsOf, backendName, startBackend, type TestBackend} from '../support/backend.js';
import {createObject, ensureNamespace} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';

const namespace = 'watch-bookmarks';
const elsewhere = 'watch-bookmarks-elsewhere';
const configMaps = {group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true};
const path = `/api/v1/namespaces/${namespace}/configmaps`;

describe(`quiet watches (${backendName()})`, () => {
	let backend: TestBackend;
	let kc: KubeConfig;

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await ensureNamespace(kc, namespace);
	});
	after(async () => {
		await backend?.close();
	});

	test('a watch on a type where nothing changes stays open and hears a bookmark within about a minute', {timeout: 120_000}, async () => {
		const {resourceVersion} = await listObjects(kc, configMaps, namespace);
		const events: Array<{type: string; at: number}> = [];
		let ended: unknown = 'open';
		faultsOf(backend)?.clearRequests();
		const opened = Date.now();
		const controller = await watchStream(
			kc,
			path,
			{resourceVersion},
			type => events.push({type, at: Date.now() - opened}),
			error => (ended = error),
		);
		try {
			// A real server's bookmark carries its watch cache's version for the type, and it sends none until that
			// cache has moved past the version the watch started from: a write of the same type elsewhere (as on any
			// live cluster) moves it, and this namespace stays quiet.
			await ensureNamespace(kc, elsewhere);
			await createObject(kc, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'elsewhere', namespace: elsewhere}, data: {}});
			const bookmark = await waitFor(
				() => events.find(event => event.type === 'BOOKMARK'),
				90_000,
				() => `a BOOKMARK (events so far: ${JSON.stringify(events)})`,
			);
			assert.ok(bookmark.at < bookmarkSilenceMs / 2, `the first bookmark came after ${bookmark.at} ms`);
			assert.equal(ended, 'open', 'the stream is still open');
			assert.deepEqual(
				events.filter(event => event.type !== 'BOOKMARK'),
				[],
				'nothing changed, so nothing but bookmarks',
			);
			const log = faultsOf(backend);
			if (log) {
				const watches = log.requests.filter(request => request.path === path && request.verb === 'watch');
				assert.equal(watches.length, 1, 'opened once, never reopened');
			}
		} finally {
			controller.abort();
		}
	});
});
