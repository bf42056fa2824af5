// The TUI when the cluster cannot be read: the body must say so (what failed, that it is retrying, since when),
// never that Argo CD and Flux are not installed — that is known only when discovery answered without their groups.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, describe, test} from 'node:test';
import {parse, stringify} from 'yaml';
import {startBackend, type TestBackend} from '../support/backend.js';
import {Monitors} from './support/live.js';
import {showApp, type Screen} from './support/screen.js';

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

describe('TUI on a cluster it cannot reach', () => {
	let backend: TestBackend;
	let monitors: Monitors;
	let dir: string;
	let unreachable: string;
	let screen: Screen | undefined;

	before(async () => {
		backend = await startBackend();
		monitors = new Monitors(backend);
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
		await backend?.close();
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
});
