// The controller tier's own parts, checked without the controllers: the git
// server clones and takes pushes, refuses them on demand; a managed process is
// ready by its health endpoint and gone (PID and port) after stop.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {createConnection} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {promisify} from 'node:util';
import {cloneWorkdir, gitIdentityEnv, startGitServer, type GitServer} from './harness/git-server.js';
import {freePort, startProcess} from './harness/processes.js';

const run = promisify(execFile);

function portAnswers(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = createConnection({host: '127.0.0.1', port});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('controller tier harness', () => {
	let git: GitServer;
	before(async () => {
		git = await startGitServer();
	});
	after(async () => {
		await git?.stop();
	});

	test('the git server takes a push and serves it to a fresh clone', async () => {
		const url = await git.createRepo('round-trip');
		const writer = await cloneWorkdir(url);
		const sha = await writer.commitAndPush({'app/configmap.yaml': 'kind: ConfigMap\n'}, 'first');
		assert.equal(await git.branchTip('round-trip'), sha);
		const reader = await cloneWorkdir(url);
		assert.equal((await reader.git('rev-parse', 'HEAD')).trim(), sha);
		assert.equal((await reader.git('show', 'HEAD:app/configmap.yaml')).trim(), 'kind: ConfigMap');
		await writer.remove();
		await reader.remove();
	});

	test('a refused push leaves the branch where it was, with the hook’s reason', async () => {
		const url = await git.createRepo('refusing');
		const writer = await cloneWorkdir(url);
		const first = await writer.commitAndPush({'a.txt': 'a\n'}, 'first');
		await git.rejectPushes('refusing', 'protected branch: changes need a review');
		await assert.rejects(writer.commitAndPush({'a.txt': 'b\n'}, 'second'), /protected branch: changes need a review/);
		assert.equal(await git.branchTip('refusing'), first);
		await git.acceptPushes('refusing');
		await writer.git('push', '--quiet', 'origin', 'HEAD:refs/heads/main');
		assert.notEqual(await git.branchTip('refusing'), first);
		await writer.remove();
	});

	test('git ls-remote over the server lists the branches', async () => {
		const url = await git.createRepo('listing');
		const writer = await cloneWorkdir(url);
		const sha = await writer.commitAndPush({x: 'x\n'}, 'x');
		const {stdout} = await run('git', ['ls-remote', url], {env: {...process.env, ...gitIdentityEnv}});
		assert.match(stdout, new RegExp(`^${sha}\\s+refs/heads/main$`, 'm'));
		await writer.remove();
	});

	test('a managed process is ready by its health endpoint, and stop() frees its PID and port', async () => {
		const port = await freePort();
		const script = `require('node:http').createServer((q, r) => r.end(q.url === '/readyz' ? 'ok' : '')).listen(${port}, '127.0.0.1')`;
		const server = await startProcess({
			name: 'probe',
			command: process.execPath,
			args: ['-e', script],
			logPath: '/dev/null',
			readyUrl: `http://127.0.0.1:${port}/readyz`,
		});
		assert.ok(pidAlive(server.pid));
		await server.stop();
		assert.equal(pidAlive(server.pid), false);
		assert.equal(await portAnswers(port), false);
	});

	test('a process that exits before it is ready fails the start with its log', async () => {
		const port = await freePort();
		const dir = await mkdtemp(join(tmpdir(), 'driftwatch-harness-'));
		await assert.rejects(
			startProcess({
				name: 'broken',
				command: process.execPath,
				args: ['-e', 'console.error("no CRDs"); process.exit(3)'],
				logPath: join(dir, 'broken.log'),
				readyUrl: `http://127.0.0.1:${port}/readyz`,
			}),
			/broken exited \(code 3\) before it was ready[\s\S]*no CRDs/,
		);
		await rm(dir, {recursive: true, force: true});
	});
});
