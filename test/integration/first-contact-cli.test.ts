// The first minutes with driftwatch, as a new user meets them: no kubeconfig yet, a KUBECONFIG naming a file
// that is not there, -h, a stray argument, a namespace typed wrong. Each is one true line on stderr and exit 2,
// never a misleading screen or an empty "all fine".
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {assertOneLineError, runCli} from '../support/cli.js';
import {argoApp} from '../support/fixtures.js';
import {prepareCluster, putAll} from './support/seed.js';

const driftwatch = runCli;

describe('first contact without a cluster', () => {
	let home: string;

	before(() => {
		home = mkdtempSync(join(tmpdir(), 'driftwatch-first-contact-'));
		mkdirSync(join(home, 'empty-home'));
	});
	after(async () => {
		await rm(home, {recursive: true, force: true});
	});

	test('no KUBECONFIG and no ~/.kube/config: status says where it looked and suggests the demo, exit 2', async () => {
		const emptyHome = join(home, 'empty-home');
		const run = await driftwatch(['status'], {HOME: emptyHome});
		assertOneLineError(
			run,
			new RegExp(`no kubeconfig found: KUBECONFIG is not set and ${emptyHome}/\\.kube/config does not exist; .*driftwatch demo`),
		);
		assert.doesNotMatch(run.stderr, /localhost|unauthorized|credential/);
	});

	test('KUBECONFIG naming a file that does not exist: one line naming the variable and the path', async () => {
		const missing = join(home, 'nonexistent');
		assertOneLineError(
			await driftwatch(['status'], {HOME: join(home, 'empty-home'), KUBECONFIG: missing}),
			new RegExp(`^driftwatch: KUBECONFIG=${missing}: no such file`),
		);
		const other = join(home, 'also-missing');
		assertOneLineError(
			await driftwatch(['status'], {KUBECONFIG: [missing, other].join(delimiter)}),
			/^driftwatch: KUBECONFIG=.*nonexistent.*also-missing: none of these files exists/,
		);
	});

	test('-h prints the same help as --help and exits 0 (it never starts the TUI)', async () => {
		const [short, long, afterCommand] = await Promise.all([
			driftwatch(['-h'], {}),
			driftwatch(['--help'], {}),
			driftwatch(['status', '-h'], {}),
		]);
		assert.equal(short.code, 0, short.stderr);
		assert.match(short.stdout, /Usage\n\s+\$ driftwatch \[flags\]/);
		assert.equal(short.stdout, long.stdout);
		assert.equal(afterCommand.stdout, long.stdout);
		assert.equal(short.stderr, '');
	});

	test('SUBCOMMAND --help and help print the help and exit 0: the subcommand does not run (start a sandbox, read a cluster)', async () => {
		const [long, ...afterCommands] = await Promise.all([
			driftwatch(['--help'], {}),
			driftwatch(['help'], {}),
			driftwatch(['sandbox', '--help'], {}),
			driftwatch(['status', '--help'], {}),
			driftwatch(['sync', 'web', '--help'], {}),
		]);
		for (const run of afterCommands) {
			assert.equal(run.code, 0, run.stderr);
			assert.equal(run.stdout, long.stdout);
			assert.equal(run.stderr, '');
		}
	});

	test('a stray argument names what the subcommand takes, not "unknown command"', async () => {
		const [status, diff, noApp, unknown] = await Promise.all([
			driftwatch(['status', 'extra'], {}),
			driftwatch(['diff', 'web', 'api'], {}),
			driftwatch(['sync'], {}),
			driftwatch(['stauts'], {}),
		]);
		assertOneLineError(status, /^driftwatch: status takes no arguments \(got "extra"\); usage: driftwatch status/);
		assertOneLineError(diff, /^driftwatch: diff takes one APP \(got 2: "web" "api"\); usage: driftwatch diff APP/);
		assertOneLineError(noApp, /^driftwatch: sync needs APP; usage: driftwatch sync APP/);
		assertOneLineError(unknown, /^driftwatch: unknown command "stauts" \(try --help\)/);
	});
});

describe('status -n NAMESPACE', () => {
	const emptyNs = 'first-contact-empty';
	const appsNs = 'first-contact-apps';
	let backend: TestBackend;
	let appReader: string;

	before(async () => {
		backend = await startBackend();
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [emptyNs, appsNs]);
		await putAll(kc, [argoApp('web', appsNs)]);
		// May read Argo CD apps, and not get namespaces: a namespace-scoped role often looks like this.
		appReader = await backend.addUser('first-contact-app-reader', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['argoproj.io'], resources: ['applications']},
		]);
	});
	after(async () => {
		await backend?.close();
	});

	test('a namespace that does not exist is exit 2 with one line, not an empty "all fine"', async () => {
		const run = await driftwatch(['status', '--kubeconfig', backend.kubeconfigPath, '-n', 'no-such-namespace'], {});
		assertOneLineError(run, new RegExp(`^driftwatch: namespace "no-such-namespace" does not exist in context ${backend.adminContext}`));
	});

	test('diff and the actions name the namespace that does not exist, not only the app they did not find', async () => {
		const [diff, sync] = await Promise.all([
			driftwatch(['diff', '--kubeconfig', backend.kubeconfigPath, 'no-such-namespace/web'], {}),
			driftwatch(['sync', '--kubeconfig', backend.kubeconfigPath, '-n', 'no-such-namespace', 'web', '--yes'], {}),
		]);
		assertOneLineError(diff, /^driftwatch: namespace "no-such-namespace" does not exist in context /);
		assertOneLineError(sync, /^driftwatch: namespace "no-such-namespace" does not exist in context /);
	});

	test('a namespace that exists but holds no apps says so on stderr; stdout stays the (empty) answer', async () => {
		const run = await driftwatch(['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', emptyNs], {});
		assert.equal(run.code, 0, run.stderr);
		assert.deepEqual(JSON.parse(run.stdout), {apps: []});
		assert.equal(run.stderr, `driftwatch: no apps in namespace "${emptyNs}" (context ${backend.adminContext})\n`);
	});

	test('a namespace with apps says nothing more', async () => {
		const run = await driftwatch(['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', appsNs], {});
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stderr, '');
		assert.deepEqual(
			(JSON.parse(run.stdout) as {apps: Array<{name: string}>}).apps.map(app => app.name),
			['web'],
		);
	});

	test('a user who may not get namespaces is not told a namespace does not exist', async () => {
		const run = await driftwatch(['status', '--kubeconfig', backend.kubeconfigPath, '--context', appReader, '-n', 'no-such-namespace'], {});
		assert.doesNotMatch(run.stderr, /does not exist/);
		assert.match(
			run.stderr,
			/^driftwatch: no apps in namespace "no-such-namespace" \(context [^)]+\); whether it exists could not be checked: you may not get namespaces$/m,
		);
	});
});
