// `driftwatch sandbox` serves the demo estate headless: the same local Git repository as the demo, and a driftwatch
// config beside its kubeconfig, so `driftwatch diff APP` and the actions work on it from another terminal.
import assert from 'node:assert/strict';
import {execFile, spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {after, describe, test} from 'node:test';
import {waitFor} from '../../support/wait-for.js';

const bin = new URL('../../../bin/driftwatch.js', import.meta.url).pathname;

describe('driftwatch sandbox (headless demo estate)', () => {
	const home = mkdtempSync(join(tmpdir(), 'driftwatch-sandbox-cli-'));
	after(() => rmSync(home, {recursive: true, force: true}));
	// The other terminal: the user's own session, with a HOME of its own here.
	const env = {PATH: process.env.PATH, HOME: home, GIT_ALLOW_PROTOCOL: 'file'};

	async function driftwatch(args: string[], extra: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
		try {
			const {stdout, stderr} = await promisify(execFile)(process.execPath, [bin, ...args], {env: {...env, ...extra}});
			return {code: 0, stdout, stderr};
		} catch (error) {
			const failed = error as {code: number; stdout: string; stderr: string};
			return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
		}
	}

	/**
	 * `driftwatch sandbox ARGS` in a child process, as a user starts it in a terminal; resolves once it printed its
	 * kubeconfig path (stdout) and "Press Ctrl-C" (stderr). `output()` is everything it wrote so far.
	 */
	async function startSandbox(args: string[]) {
		const sandbox = spawn(process.execPath, [bin, 'sandbox', ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		sandbox.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		sandbox.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		try {
			const kubeconfig = (
				await waitFor(
					() => stdout.includes('\n') && stdout,
					60_000,
					() => stderr,
				)
			).trim();
			await waitFor(
				() => stderr.includes('Press Ctrl-C'),
				10_000,
				() => stderr,
			);
			return {sandbox, kubeconfig, stderr: () => stderr};
		} catch (error) {
			sandbox.kill('SIGKILL');
			throw error;
		}
	}

	test('prints the kubeconfig, writes the config beside it, and diff/sync work from another process', {timeout: 120_000}, async () => {
		const {sandbox, kubeconfig, stderr: output} = await startSandbox([]);
		try {
			const stderr = output();
			const config = join(dirname(kubeconfig), 'driftwatch-sandbox.yaml');
			assert.match(stderr, new RegExp(`export KUBECONFIG=${kubeconfig}\n`));
			assert.match(stderr, new RegExp(`driftwatch diff cart --config ${config} `));
			assert.match(readFileSync(config, 'utf8'), /name: notes\n\s+repo: \/.*gitops-demo\n/);

			// An Argo CD app of the estate and a native app of the config: their drift from the local repository.
			const cart = await driftwatch(['diff', 'cart'], {KUBECONFIG: kubeconfig});
			assert.equal(cart.code, 1, cart.stderr);
			assert.match(cart.stdout, /- {2}replicas: 4\n\+ {2}replicas: 2\n/);
			const notes = await driftwatch(['diff', 'notes', '--config', config], {KUBECONFIG: kubeconfig});
			assert.equal(notes.code, 1, notes.stderr);
			assert.match(notes.stdout, /\+ {8}- image: ghcr.io\/acme\/notes:1.8.0/);

			const sync = await driftwatch(['sync', 'notes', '--config', config, '--yes'], {KUBECONFIG: kubeconfig});
			assert.equal(sync.code, 0, sync.stderr);
			const after = await driftwatch(['diff', 'notes', '--config', config], {KUBECONFIG: kubeconfig});
			assert.equal(after.code, 0, after.stdout + after.stderr);

			sandbox.kill('SIGTERM');
			const [code] = await once(sandbox, 'exit');
			assert.equal(code, 0, stderr);
			assert.equal(existsSync(dirname(kubeconfig)), false, 'the kubeconfig, config and repository go with the sandbox');
		} finally {
			sandbox.kill('SIGKILL');
		}
	});

	test('--clusters 2: one kubeconfig with a context per server, each its own estate, and one line for a bad N', {
		timeout: 120_000,
	}, async () => {
		const bad = await driftwatch(['sandbox', '--clusters', '0'], {});
		assert.equal(bad.code, 2);
		assert.equal(bad.stderr, 'driftwatch: --clusters wants a whole number from 1 to 10, not "0"\n');

		const {sandbox, kubeconfig, stderr: output} = await startSandbox(['--clusters', '2']);
		try {
			assert.match(output(), /^driftwatch sandbox: prod-eu on https:\/\/127\.0\.0\.1:\d+, prod-us on https:\/\/127\.0\.0\.1:\d+\n/);
			const config = join(dirname(kubeconfig), 'driftwatch-sandbox.yaml');
			assert.match(output(), new RegExp(`driftwatch diff prod-us:cart --config ${config} `));
			const configText = readFileSync(config, 'utf8');
			assert.match(configText, /^contexts:\n {2}- prod-eu\n {2}- prod-us\n/m);
			assert.match(configText, /name: notes\n(\s+\w+: .*\n)*\s+context: prod-us\n/);
			// The config's list: both clusters in one status, each app labelled with its context.
			const both = await driftwatch(['status', '--json', '--config', config], {KUBECONFIG: kubeconfig});
			assert.equal(both.code, 1, both.stderr);
			const contextsOf = (name: string, stdout = both.stdout) =>
				(JSON.parse(stdout).apps as Array<{name: string; context: string}>)
					.filter(app => app.name === name)
					.map(app => app.context)
					.sort();
			assert.deepEqual(contextsOf('ledger'), ['prod-eu', 'prod-us']);
			assert.deepEqual(contextsOf('tax-engine'), ['prod-us']);
			assert.deepEqual(contextsOf('notes'), ['prod-eu', 'prod-us']);

			// The same app name on both servers, in the state each cluster's estate gives it.
			const ledger = async (context: string) => {
				const status = await driftwatch(['status', '--json', '--context', context], {KUBECONFIG: kubeconfig});
				const apps = JSON.parse(status.stdout).apps as Array<{name: string; sync: string; context: string}>;
				return apps.find(app => app.name === 'ledger');
			};
			assert.equal((await ledger('prod-eu'))?.sync, 'OutOfSync');
			assert.equal((await ledger('prod-us'))?.sync, 'Synced');
			assert.equal((await ledger('prod-us'))?.context, 'prod-us');
			// Each cluster keeps its viewer: read-only, refused by the server.
			const refused = await driftwatch(['sync', 'ledger', '--context', 'prod-us-viewer', '--yes'], {KUBECONFIG: kubeconfig});
			assert.equal(refused.code, 2, refused.stderr);
			assert.match(refused.stderr, /forbidden|not allowed|may not/i);

			// One cluster down from the sandbox's terminal: its context cannot be read, the other can; then back, with its apps.
			sandbox.stdin.write('stop prod-us\n');
			await waitFor(
				() => output().includes('prod-us: stopped'),
				10_000,
				() => output(),
			);
			const down = await driftwatch(['status', '--json', '--config', config, '--timeout', '3s'], {KUBECONFIG: kubeconfig});
			assert.equal(down.code, 2, down.stderr);
			assert.match(down.stderr, /prod-us/);
			assert.deepEqual(contextsOf('ledger', down.stdout), ['prod-eu']);
			sandbox.stdin.write('start prod-us\n');
			await waitFor(
				() => output().includes('prod-us: listening again on https://127.0.0.1:'),
				10_000,
				() => output(),
			);
			assert.equal((await ledger('prod-us'))?.sync, 'Synced');

			sandbox.kill('SIGTERM');
			const [code] = await once(sandbox, 'exit');
			assert.equal(code, 0, output());
			assert.equal(existsSync(dirname(kubeconfig)), false, 'the kubeconfig, config and repositories go with the servers');
		} finally {
			sandbox.kill('SIGKILL');
		}
	});
});
