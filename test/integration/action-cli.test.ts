// `driftwatch sync APP` and `driftwatch log` as a user runs them: the real launcher in a child process, a native
// app from a driftwatch.yaml pointing at a real git repository, the test backend. The plan goes to stderr; exit 0
// done, 2 refused (no terminal to confirm on, read-only, not allowed to write); every attempt is a line of the
// audit log.
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import {classifyApiError} from '../../source/core/kube/api-error.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {faultsOf, startBackend, type TestBackend} from '../support/backend.js';
import {type CliRun, runCli} from '../support/cli.js';
import {ensureNamespace} from '../support/fixtures.js';
import {makeSandbox, WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, deployment, edit, getLiveObject, secret} from './drift/support.js';
import {writesSent} from './support/sent-writes.js';

const namespace = 'action-cli';
const secretValue = 'cli-s3cret-value';

function withoutNamespace(object: KubeObject): KubeObject {
	const {namespace: _namespace, ...metadata} = object.metadata ?? {};
	return {...object, metadata};
}

function webObjects(): KubeObject[] {
	return [
		configMap('web-settings', namespace, {LOG_LEVEL: 'info'}),
		deployment('web', namespace),
		secret('web-credentials', namespace, {password: secretValue}),
	];
}

describe('driftwatch sync APP and driftwatch log', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let git: Sandbox;
	let stateHome: string;
	let configs: {web: string; readonlyContext: string};

	/** Run bin/driftwatch.js with Node 22, stdin a pipe (not a terminal); never rejects. */
	function driftwatch(args: readonly string[]): Promise<CliRun> {
		return runCli(
			[...args, '--kubeconfig', backend.kubeconfigPath],
			{...git.env, XDG_CONFIG_HOME: join(git.root, 'config-home'), XDG_STATE_HOME: stateHome},
			{timeoutMs: 60_000},
		);
	}

	async function live(object: KubeObject): Promise<KubeObject | null> {
		try {
			return await getLiveObject(kc, object);
		} catch (error) {
			if (classifyApiError(error).kind === 'not-found') return null;
			throw error;
		}
	}

	/**
	 * Requests that could change something. The monitor the CLI opens computes native drift by server-side apply
	 * dry runs (PATCH ?dryRun=All), which write nothing: those are not counted, nor are access reviews.
	 */
	function writes(): string[] {
		return writesSent(
			(faultsOf(backend)?.requests ?? []).filter(request => !new URLSearchParams(request.query).getAll('dryRun').includes('All')),
		);
	}

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await ensureNamespace(kc, namespace);
		git = makeSandbox();
		stateHome = join(git.root, 'state');
		const repo = WorkRepo.create(git);
		const files: Record<string, string> = {};
		for (const object of webObjects()) files[`apps/web/${object.kind!.toLowerCase()}.yaml`] = stringify(withoutNamespace(object));
		repo.commit('web: first version', files);
		mkdirSync(join(git.root, 'configs'));
		const web = {name: 'web', repo: repo.dir, branch: 'main', path: 'apps/web', namespace};
		configs = {web: join(git.root, 'configs', 'web.yaml'), readonlyContext: join(git.root, 'configs', 'readonly.yaml')};
		await writeFile(configs.web, stringify({apps: [web]}));
		await writeFile(configs.readonlyContext, stringify({apps: [web], contexts: {[backend.adminContext]: {readonly: true}}}));
	});
	after(async () => {
		await backend?.close();
		git?.cleanup();
	});

	test('without --yes and without a terminal: the plan is shown, nothing is written, exit 2', async () => {
		faultsOf(backend)?.clearRequests();
		const run = await driftwatch(['sync', 'web', '--config', configs.web]);
		assert.equal(run.code, 2, run.stderr);
		assert.equal(run.stdout, '');
		assert.match(run.stderr, new RegExp(`^Sync Git ${namespace}/web$`, 'm'));
		assert.match(run.stderr, new RegExp(`^  context:   ${backend.adminContext}$`, 'm'));
		assert.match(run.stderr, new RegExp(`^  namespace: ${namespace}$`, 'm'));
		assert.match(run.stderr, new RegExp(`^  app:       Git/${namespace}/web$`, 'm'));
		assert.match(run.stderr, new RegExp(`^    - apply Deployment/${namespace}/web$`, 'm'));
		assert.match(run.stderr, /^driftwatch: not a terminal: add --yes to confirm$/m);
		assert.equal(await live(webObjects()[1]!), null);
		if (faultsOf(backend)) assert.deepEqual(writes(), []);
	});

	test('sync --yes: exit 0, the objects are applied, the result is the one stdout line', async () => {
		const run = await driftwatch(['sync', 'native/action-cli/web', '--yes', '--config', configs.web]);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, new RegExp(`^Sync Git ${namespace}/web: applied 3 objects at [0-9a-f]{7} "web: first version"\\n$`));
		const applied = await live(webObjects()[1]!);
		assert.equal(applied?.metadata?.labels?.[NATIVE_TRACKING_LABEL], 'web');
		for (const output of [run.stdout, run.stderr]) assert.equal(output.includes(secretValue), false);
	});

	test('--readonly (or readonly: true for the context): refused, exit 2, nothing written', async () => {
		await edit(kc, webObjects()[0]!, {data: {LOG_LEVEL: 'debug'}});
		faultsOf(backend)?.clearRequests();
		for (const args of [
			['--readonly', '--config', configs.web],
			['--config', configs.readonlyContext],
		]) {
			const run = await driftwatch(['sync', 'web', '--yes', ...args]);
			assert.equal(run.code, 2, run.stderr);
			assert.equal(run.stdout, '');
			assert.match(
				run.stderr,
				new RegExp(
					`^driftwatch: read-only: ${backend.adminContext} is read-only \\(--readonly or readonly: true in the config\\); nothing was sent$`,
					'm',
				),
			);
		}
		assert.deepEqual((await live(webObjects()[0]!))?.data, {LOG_LEVEL: 'debug'}, 'the live edit was not reverted');
		if (faultsOf(backend)) assert.deepEqual(writes(), [], 'nothing but reads and dry runs reached the server');
	});

	test('a viewer context: refused before any write, since the server says it may not patch; exit 2, the live edit stays', async () => {
		faultsOf(backend)?.clearRequests();
		const run = await driftwatch(['sync', 'web', '--yes', '--context', backend.viewerContext, '--config', configs.web]);
		assert.equal(run.code, 2, run.stderr);
		assert.equal(run.stdout, '');
		const denied = ['configmaps', 'deployments.apps', 'secrets'].map(resource => `patch ${resource} in ${namespace}`).join(', ');
		assert.match(
			run.stderr,
			new RegExp(`^driftwatch: your identity \\(context ${backend.viewerContext}\\) may not ${denied}: nothing was changed$`, 'm'),
		);
		assert.deepEqual((await live(webObjects()[0]!))?.data, {LOG_LEVEL: 'debug'});
		if (faultsOf(backend)) assert.deepEqual(writes(), []);
	});

	test('log prints one line per attempt, oldest first; --json prints the raw JSON lines; no Secret value in either', async () => {
		const run = await driftwatch(['log']);
		assert.equal(run.code, 0, run.stderr);
		const lines = run.stdout.trim().split('\n');
		assert.equal(lines.length, 4, run.stdout);
		assert.match(lines[0]!, new RegExp(`^\\S+Z  ok       \\S+@${backend.adminContext}  sync Git ${namespace}/web$`));
		for (const line of lines.slice(1, 3)) assert.match(line, new RegExp(`  refused  .*sync Git ${namespace}/web  — read-only: `));
		assert.match(
			lines[3]!,
			new RegExp(
				`  refused  \\S+@${backend.viewerContext}  sync Git ${namespace}/web  — your identity \\(context ${backend.viewerContext}\\) may not patch `,
			),
		);
		const json = await driftwatch(['log', '--json']);
		assert.equal(json.code, 0, json.stderr);
		const entries = json.stdout
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {result: string; action: string; app: string});
		// Raw, a run is two lines: its start (written before the first request) and its outcome; `log` folds them.
		assert.deepEqual(
			entries.map(entry => `${entry.action} ${entry.app} ${entry.result}`),
			['sync web started', 'sync web ok', 'sync web refused', 'sync web refused', 'sync web refused'],
		);
		assert.equal(json.stdout, await readFile(join(stateHome, 'driftwatch', 'audit.log'), 'utf8'));
		for (const output of [run.stdout, json.stdout])
			assert.equal(output.includes(secretValue) || output.includes(Buffer.from(secretValue).toString('base64')), false);
	});
});
