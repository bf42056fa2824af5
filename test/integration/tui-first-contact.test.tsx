// What the TUI's body says when there is nothing to list, as a new user first sees it: when the cluster cannot be
// read, that (what failed, that it is retrying, since when), never that Argo CD and Flux are not installed — that
// is known only when discovery answered without their groups; with -n, that a namespace typed wrong does not exist.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, describe, test} from 'node:test';
import {parse, stringify} from 'yaml';
import type {TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import type {Monitors} from './support/live.js';
import {closedPort} from '../support/cli.js';
import {showApp, type AppScreen} from '../support/app-harness.js';
import {prepareCluster} from './support/seed.js';

describe('TUI with nothing to list', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let monitors: Monitors;
	let dir: string;
	let unreachable: string;
	let screen: AppScreen | undefined;

	before(async () => {
		fixture = await startIntegration();
		({backend, monitors} = fixture);
		dir = mkdtempSync(join(tmpdir(), 'driftwatch-unreachable-'));
		const config = parse(await readFile(backend.kubeconfigPath, 'utf8')) as {clusters: Array<{cluster: {server: string}}>};
		const port = await closedPort();
		for (const cluster of config.clusters) cluster.cluster.server = `https://127.0.0.1:${port}`;
		unreachable = join(dir, 'unreachable');
		await writeFile(unreachable, stringify(config));
	});
	afterEach(async () => {
		screen?.unmount();
		screen = undefined;
		await monitors.closeAll();
	});
	after(async () => {
		await fixture?.close();
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	test('the body names the connection problem and that it is retrying, not "CRDs are not installed"', async () => {
		const monitor = monitors.open({kubeconfigPath: unreachable});
		screen = showApp(monitor);
		const frame = await screen.until(text => /Cannot list apps/.test(text), 'the body names the problem');
		assert.match(frame, /Cannot list apps: API discovery disconnected since \d\d:\d\dZ, retrying — connection refused/);
		assert.match(frame, /✗ disconnected API discovery/);
		assert.doesNotMatch(frame, /not installed|no Argo CD or Flux resources/);
		assert.equal(monitor.store.getSnapshot().notice ?? null, null, 'no "not installed" notice for a server never reached');
	});

	// Before the CRDs are installed (this file's server starts without them).
	test('a cluster without their CRDs says "not installed" only while that is known: not while the server is away', async () => {
		const monitor = monitors.open();
		screen = showApp(monitor);
		await screen.until(text => /CRDs are not installed/.test(text), 'discovery answered without their groups');
		await backend.stopServer();
		try {
			const away = await screen.until(text => /Cannot list apps/.test(text), 'the body names the problem', 30_000);
			assert.match(away, /Cannot list apps: CustomResourceDefinitions (disconnected|stale) since \d\d:\d\dZ, retrying/);
			assert.doesNotMatch(away, /not installed/);
		} finally {
			await backend.startServer();
		}
		await screen.until(text => /CRDs are not installed/.test(text) && !/Cannot list apps/.test(text), 'back, and known again', 60_000);
	});

	test('-n naming a namespace that does not exist says so, not "no apps found"', async () => {
		await prepareCluster(backend.kubeConfig(), []);
		const monitor = monitors.open({namespace: 'first-contact-no-such-namespace'});
		screen = showApp(monitor);
		const frame = await screen.until(text => /does not exist/.test(text), 'the body names the namespace');
		assert.match(frame, new RegExp(`Namespace "first-contact-no-such-namespace" does not exist in context ${backend.adminContext}`));
		assert.doesNotMatch(frame, /No Argo CD or Flux apps found/);
	});

	test('-n naming a namespace that exists and holds no apps says no app objects are there and how to find what deploys into it', async () => {
		const monitor = monitors.open({namespace: 'kube-public'});
		screen = showApp(monitor);
		const frame = await screen.until(
			text => /No app objects in namespace kube-public\. Apps that deploy into it: :ns all, then :into kube-public/.test(text),
			'the body says none are there',
		);
		assert.doesNotMatch(frame, /does not exist/);
	});
});
