// `driftwatch status` with an exec credential plugin that hangs or fails: the real launcher in a child
// process, on the test backend. A plugin waiting for an SSO login nobody sees must not keep status alive:
// it is killed (with its children) at its 10 s deadline and status exits 2 with one line naming it.
import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {parse, stringify} from 'yaml';
import {startBackend, type TestBackend} from '../support/backend.js';
import {type CliRun, runCli} from '../support/cli.js';
import {waitFor} from '../support/wait-for.js';
import {processAlive} from '../../source/core/git/dir-lock.js';

/**
 * Run the CLI with no outer timeout (it must end by itself), done when the CLI process exits: a leftover plugin
 * holding the inherited pipes must not hide that the CLI itself ended.
 */
function driftwatch(args: readonly string[]): Promise<CliRun> {
	return runCli(args, {}, {timeoutMs: null, settle: 'exit'});
}

type KubeconfigFile = {
	contexts: Array<{name: string; context: {cluster: string; user: string; namespace?: string}}>;
	users: Array<{name: string; user: Record<string, unknown>}>;
	'current-context'?: string;
};

describe('driftwatch status with an exec credential plugin', () => {
	let backend: TestBackend;
	let dir: string;
	let kubeconfigPath: string;

	before(async () => {
		backend = await startBackend();
		dir = await mkdtemp(join(tmpdir(), 'driftwatch-plugin-'));
		// A plugin like an SSO helper waiting for a browser: a shell whose child sleeps forever and holds the pipes.
		await writeFile(
			join(dir, 'hang.sh'),
			`#!/bin/sh\ndate +%s%3N > ${join(dir, 'hang.started')}\necho $$ > ${join(dir, 'hang.pid')}\nsleep 1000 &\necho $! > ${join(dir, 'sleep.pid')}\nwait\n`,
		);
		await writeFile(join(dir, 'fail.sh'), '#!/bin/sh\necho "error: the SSO session has expired; run sso-login" >&2\nexit 1\n');
		for (const name of ['hang.sh', 'fail.sh']) await chmod(join(dir, name), 0o755);
		const config = parse(await readFile(backend.kubeconfigPath, 'utf8')) as KubeconfigFile;
		const admin = config.contexts.find(context => context.name === backend.adminContext)!;
		for (const name of ['hang', 'fail']) {
			config.users.push({
				name: `plugin-${name}`,
				user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: join(dir, `${name}.sh`), interactiveMode: 'Never'}},
			});
			config.contexts.push({name: `plugin-${name}`, context: {cluster: admin.context.cluster, user: `plugin-${name}`}});
		}
		kubeconfigPath = join(dir, 'kubeconfig');
		await writeFile(kubeconfigPath, stringify(config), {mode: 0o600});
	});

	after(async () => {
		await backend?.close();
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	test('a hanging plugin is killed at its deadline and status exits 2 at once with one line naming it', {timeout: 60_000}, async () => {
		const run = await driftwatch(['status', '--kubeconfig', kubeconfigPath, '--context', 'plugin-hang']);
		const exitedAt = Date.now();
		assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
		assert.equal(run.stdout, '');
		const lines = run.stderr.split('\n').filter(line => line !== '');
		assert.equal(lines.length, 1, `one stderr line, got:\n${run.stderr}`);
		assert.match(lines[0]!, new RegExp(`credential plugin ${join(dir, 'hang.sh')} did not answer in 10 s`));
		// Timed from the plugin's start, so a slow Node start on a loaded machine does not count: the plugin's 10 s
		// deadline ends status, not status's own 15 s cluster deadline nor any outer one.
		const pluginStartedAt = Number((await readFile(join(dir, 'hang.started'), 'utf8')).trim());
		assert.ok(exitedAt - pluginStartedAt < 12_500, `status exited ${exitedAt - pluginStartedAt} ms after the plugin started`);
		const pluginPid = Number((await readFile(join(dir, 'hang.pid'), 'utf8')).trim());
		const sleepPid = Number((await readFile(join(dir, 'sleep.pid'), 'utf8')).trim());
		await waitFor(
			() => !processAlive(pluginPid) && !processAlive(sleepPid),
			5000,
			() => 'the plugin and its child to be gone',
		);
	});

	test("a failing plugin: status exits 2 with the plugin's own first line and the re-login command", {timeout: 60_000}, async () => {
		const run = await driftwatch(['status', '--kubeconfig', kubeconfigPath, '--context', 'plugin-fail']);
		assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
		const lines = run.stderr.split('\n').filter(line => line !== '');
		assert.equal(lines.length, 1, `one stderr line, got:\n${run.stderr}`);
		assert.match(
			lines[0]!,
			/unauthorized — credential plugin failed: error: the SSO session has expired; run sso-login — re-login: run `.*fail\.sh` in a shell/,
		);
	});
});
