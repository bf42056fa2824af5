// Native apps at the edges, through the real launcher: a Git remote that accepts connections and never answers,
// a 40 000-key ConfigMap, and a manifest larger than driftwatch renders. Each is that app's problem only: the
// other apps are compared as usual and the cluster is never blamed.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {rm, writeFile} from 'node:fs/promises';
import {createServer, type AddressInfo, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {stringify} from 'yaml';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {startBackend, type TestBackend} from '../support/backend.js';
import {type CliRun, runCli} from '../support/cli.js';
import {ensureNamespace} from '../support/fixtures.js';
import {makeSandbox, WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {serverSideApply} from './drift/support.js';

const namespace = 'native-limits';
const keyCount = 40_000;
const changedKey = 'k20000';
const gitTimeoutSeconds = 2;

function driftwatch(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
	// A failure guard only: every run here answers in seconds.
	return runCli(args, env, {timeoutMs: 90_000});
}

function manyKeys(): Record<string, string> {
	const data: Record<string, string> = {};
	for (let index = 0; index < keyCount; index++) {
		const key = `k${String(index).padStart(5, '0')}`;
		data[key] = `v${String(index).padStart(5, '0')}`;
	}
	return data;
}

function bigConfigMap(data: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'many-keys', namespace}, data};
}

describe('native apps at the edges', () => {
	let backend: TestBackend;
	let sandbox: Sandbox;
	let dir: string;
	let silent: Server;
	let silentUrl: string;
	const sockets = new Set<Socket>();
	let runEnv: Record<string, string>;
	let kubeconfig: string;
	let config: string;
	let status: Promise<CliRun>;

	before(async () => {
		backend = await startBackend();
		const kc = backend.kubeConfig();
		await ensureNamespace(kc, namespace);
		sandbox = makeSandbox();
		dir = mkdtempSync(join(tmpdir(), 'driftwatch-limits-'));
		silent = createServer(socket => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.resume();
		});
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/team/deploy.git`;

		const data = manyKeys();
		const repo = WorkRepo.create(sandbox);
		// One object of 4.1 MB: more than driftwatch parses in one document.
		const huge = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'huge', namespace}, data: {blob: 'x'.repeat(4_100_000)}};
		repo.commit('many keys, and one huge object', {
			'apps/many/many-keys.yaml': stringify(bigConfigMap(data)),
			'apps/huge/huge.yaml': stringify(huge),
		});
		// Live: the same keys but one, applied as driftwatch applies a native app.
		const live = bigConfigMap({...data, [changedKey]: 'changed'});
		live.metadata = {...live.metadata, labels: {[NATIVE_TRACKING_LABEL]: 'many'}};
		await serverSideApply(kc, live, 'driftwatch');

		const app = (name: string, repoUrl: string) => ({name, repo: repoUrl, branch: 'main', path: `apps/${name}`, namespace});
		config = join(dir, 'driftwatch.yaml');
		await writeFile(config, stringify({gitTimeoutSeconds, apps: [app('many', repo.dir), app('stuck', silentUrl), app('huge', repo.dir)]}));
		kubeconfig = backend.kubeconfigPath;
		runEnv = {...sandbox.env, XDG_STATE_HOME: join(dir, 'state')};
		status = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '--config', config, '-n', namespace], runEnv);
	});
	after(async () => {
		await status;
		for (const socket of sockets) socket.destroy();
		silent?.close();
		await backend?.close();
		sandbox?.cleanup();
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	test("status: the silent remote is its app's row, naming the repository; the others are compared; exit 1", async () => {
		const run = await status;
		assert.equal(run.code, 1, run.stderr);
		assert.doesNotMatch(run.stderr, /did not answer in time/, 'the cluster is not blamed');
		const rows = new Map(
			(JSON.parse(run.stdout) as {apps: Array<{name: string; sync: string; message: string; revision: string}>}).apps.map(row => [
				row.name,
				row,
			]),
		);
		assert.deepEqual([...rows.keys()].sort(), ['huge', 'many', 'stuck']);

		const stuck = rows.get('stuck')!;
		assert.equal(stuck.sync, 'Unknown');
		assert.equal(stuck.message, `git: ${silentUrl} did not answer in ${gitTimeoutSeconds} s`);

		const many = rows.get('many')!;
		assert.equal(many.sync, 'OutOfSync', many.message);
		assert.equal(many.message, '1 modified');
		assert.match(many.revision, /^main@[0-9a-f]{40}$/);

		const huge = rows.get('huge')!;
		assert.equal(huge.sync, 'Unknown');
		assert.match(huge.message, /apps\/huge\/huge\.yaml:1: a document of 4\.1 MB, more than driftwatch renders \(4 MB per object\)$/);
	});

	test('diff of the 40 000-key ConfigMap shows exactly the one key that differs', async () => {
		const run = await driftwatch(['diff', 'many', '--kubeconfig', kubeconfig, '--config', config, '-n', namespace], runEnv);
		assert.equal(run.code, 1, run.stderr);
		const changed = run.stdout.split('\n').filter(line => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
		assert.deepEqual(changed, [`-  ${changedKey}: changed`, `+  ${changedKey}: v20000`]);
	});

	test('an action on another app answers without waiting for the silent remote', async () => {
		const run = await driftwatch(['sync', 'many', '--readonly', '--kubeconfig', kubeconfig, '--config', config, '-n', namespace], runEnv);
		assert.equal(run.code, 2, run.stderr);
		assert.match(run.stderr, /^driftwatch: read-only: .*nothing was sent$/m);
		assert.doesNotMatch(run.stderr, /did not answer/);
	});
});
