// `driftwatch status` as scripts run it: the real launcher in a child process,
// against the test backend. Exit 0 all fine, 1 something is not, 2 we could
// not find out (one stderr line, no stack trace); --json keeps stdout pure JSON.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {generate} from 'selfsigned';
import {parse, stringify} from 'yaml';
import {startBackend, type TestBackend} from '../support/backend.js';
import {assertOneLineError, closedPort, runCli, type CliRun} from '../support/cli.js';
import {argoApp, argoStates, fluxHead, helmChart, helmRelease, kustomization} from '../support/fixtures.js';
import {fluxSystemSource, prepareCluster, putAll, sharedFluxSources} from './support/seed.js';

const mixedNs = 'status-mixed';
const fineNs = 'status-fine';
const longNs = 'status-long';
/** Where an app object lives that deploys into longNs: `-n status-long` does not list it. */
const elsewhereNs = 'status-elsewhere';
/** A health message longer than the table's MESSAGE column, ending in words a cut would lose. */
const longMessage = `Deployment "checkout" exceeded its progress deadline: ${'replica set checkout-7d9f is waiting for pods, '.repeat(3)}THE END`;
const contractKeys = ['id', 'provider', 'kind', 'name', 'namespace', 'context', 'sync', 'health', 'revision', 'message', 'operation'];

type Run = CliRun;

// Each run is a whole Node process (~1 s of CPU to start): two at a time keeps
// the in-process test server responsive on a two-core machine.
let running = 0;
const waiting: Array<() => void> = [];

async function withSpawnSlot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= 2) await new Promise<void>(resolve => waiting.push(resolve));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/** Run bin/driftwatch.js with Node 22 (the test runner's own node); never rejects. */
function driftwatch(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
	return withSpawnSlot(async () => runCli(args, extraEnv));
}

describe('driftwatch status', () => {
	let backend: TestBackend;
	let dir: string;
	const runs: Record<string, Promise<Run>> = {};

	before(async () => {
		backend = await startBackend();
		dir = mkdtempSync(join(tmpdir(), 'driftwatch-status-'));
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [mixedNs, fineNs, longNs, elsewhereNs]);
		await sharedFluxSources(kc);
		await putAll(kc, [
			argoApp('healthy', mixedNs),
			argoApp('failed-sync', mixedNs, argoStates.operationFailed),
			argoApp('running', mixedNs, argoStates.operationRunning),
			// `.operation` set and no operationState at all (no history either).
			argoApp('requested', mixedNs, {sync: 'OutOfSync', operationPending: true, history: 0}),
			kustomization('stalled', mixedNs, {state: 'stalled', source: fluxSystemSource('GitRepository', 'flux-system')}),
			helmRelease('cache', mixedNs, {version: '1.4.0'}),
			helmChart('cache', mixedNs, 'cache', '1.4.0'),
			argoApp('web', fineNs),
			argoApp('paused', fineNs, argoStates.suspended),
			kustomization('ready', fineNs, {source: fluxSystemSource('GitRepository', 'flux-system')}),
			kustomization('on-hold', fineNs, {state: 'suspended', source: fluxSystemSource('GitRepository', 'flux-system')}),
			argoApp('slow-rollout', longNs, {health: 'Progressing', healthMessage: longMessage}),
			argoApp('deploys-into-long', elsewhereNs, {destinationNamespace: longNs}),
		]);

		const kubeconfig = backend.kubeconfigPath;
		const unreachable = join(dir, 'unreachable');
		const config = parse(await readFile(kubeconfig, 'utf8')) as {clusters: Array<{cluster: {server: string}}>};
		const port = await closedPort();
		// A password written into the URL, as some kubeconfigs carry one: never printed.
		for (const cluster of config.clusters) cluster.cluster.server = `https://admin:s3cret@127.0.0.1:${port}`;
		await writeFile(unreachable, stringify(config));
		// The same server, with another certificate authority than the one that signed its certificate.
		const untrusted = join(dir, 'untrusted');
		const otherCa = await generate([{name: 'commonName', value: 'someone-else'}], {keyType: 'ec', curve: 'P-256', algorithm: 'sha256'});
		const wrongCa = parse(await readFile(kubeconfig, 'utf8')) as {clusters: Array<{cluster: Record<string, string>}>};
		for (const cluster of wrongCa.clusters) {
			delete cluster.cluster['certificate-authority'];
			cluster.cluster['certificate-authority-data'] = Buffer.from(otherCa.cert).toString('base64');
		}
		await writeFile(untrusted, stringify(wrongCa));
		const malformed = join(dir, 'malformed');
		await writeFile(malformed, 'apiVersion: v1\nclusters: [\n  - name: {oops\ncontexts\n');
		const nobody = await backend.addUser('status-nobody', []);
		const argoReader = await backend.addUser('status-argo-reader', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['argoproj.io'], resources: ['applications']},
		]);
		// A legacy `auth-provider` user (here the token-file provider): its token is read by the client library,
		// which driftwatch loads only for such users.
		const providerContext = await backend.addUser('status-auth-provider', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*']},
		]);
		const viaProvider = join(dir, 'auth-provider');
		const providerConfig = parse(await readFile(kubeconfig, 'utf8')) as {users: Array<{name: string; user: Record<string, unknown>}>};
		for (const entry of providerConfig.users) {
			if (entry.name !== 'status-auth-provider') continue;
			await writeFile(join(dir, 'provider-token'), String(entry.user['token']));
			entry.user = {'auth-provider': {name: 'tokenFile', config: {tokenFile: join(dir, 'provider-token')}}};
		}
		await writeFile(viaProvider, stringify(providerConfig));

		// Started together (each is a Node process of its own); every test awaits its own.
		runs.json = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '-n', mixedNs]);
		runs.fine = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '--namespace', fineNs, '--timeout', '90s']);
		runs.table = driftwatch(['status', '--kubeconfig', kubeconfig, '-n', fineNs]);
		// --ascii in a UTF-8 locale, whatever the machine running the tests has (the … form is pinned in the unit tests).
		runs.longMessageAscii = driftwatch(['status', '--kubeconfig', kubeconfig, '-n', longNs, '--ascii'], {LC_ALL: 'C.UTF-8'});
		runs.forbidden = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '--context', argoReader, '-n', fineNs]);
		runs.nothingReadable = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '--context', nobody]);
		runs.unreachable = driftwatch(['status', '--json', '--kubeconfig', unreachable]);
		runs.unknownContext = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '--context', 'nowhere']);
		runs.malformed = driftwatch(['status', '--json', '--kubeconfig', malformed]);
		runs.untrusted = driftwatch(['status', '--json', '--kubeconfig', untrusted]);
		runs.missing = driftwatch(['status', '--json', '--kubeconfig', join(dir, 'no-such-file')]);
		runs.unknownFlag = driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '--colour']);
		runs.authProvider = driftwatch(['status', '--json', '--kubeconfig', viaProvider, '--context', providerContext, '-n', fineNs]);
		runs.help = driftwatch(['--help']);
		runs.badTimeout = driftwatch(['status', '--kubeconfig', kubeconfig, '--timeout', 'soon']);
	});
	after(async () => {
		await Promise.all(Object.values(runs));
		await backend?.close();
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	test('--json prints exactly the documented contract, and exits 1 when something is not fine', async () => {
		const run = await runs.json!;
		assert.equal(run.code, 1, run.stderr);
		assert.equal(run.stderr, '');
		const output = JSON.parse(run.stdout) as {apps: Array<Record<string, unknown>>};
		assert.deepEqual(Object.keys(output), ['apps']);
		for (const app of output.apps) assert.deepEqual(Object.keys(app), contractKeys, JSON.stringify(app));
		const byName = new Map(output.apps.map(app => [app['name'], app]));
		assert.deepEqual([...byName.keys()].sort(), ['cache', 'failed-sync', 'healthy', 'requested', 'running', 'stalled']);

		assert.deepEqual(byName.get('healthy'), {
			id: `${backend.adminContext}/Application/${mixedNs}/healthy`,
			provider: 'argocd',
			kind: 'Application',
			name: 'healthy',
			namespace: mixedNs,
			context: backend.adminContext,
			sync: 'Synced',
			health: 'Healthy',
			revision: argoApp('healthy', mixedNs).status.sync.revision,
			message: '',
			operation: {phase: 'Succeeded', message: 'successfully synced (all tasks run)'},
		});
		assert.deepEqual(byName.get('failed-sync')?.['operation'], {
			phase: 'Failed',
			message: 'one or more objects failed to apply, reason: admission webhook denied the request',
		});
		assert.deepEqual(byName.get('running')?.['operation'], {
			phase: 'Running',
			message: 'waiting for healthy state of apps/Deployment/checkout',
		});
		// Requested, not started: Argo CD's own word for it is Running.
		assert.deepEqual(byName.get('requested')?.['operation'], {phase: 'Running', message: ''});
		assert.equal(byName.get('requested')?.['sync'], 'OutOfSync');

		const stalled = byName.get('stalled')!;
		assert.equal(stalled['operation'], null);
		assert.deepEqual(
			[stalled['provider'], stalled['kind'], stalled['sync'], stalled['health'], stalled['revision']],
			['flux', 'Kustomization', 'Synced', 'Degraded', fluxHead],
		);
		assert.match(String(stalled['message']), /^InvalidCELExpression: /);
		const cache = byName.get('cache')!;
		assert.deepEqual(
			[cache['kind'], cache['sync'], cache['health'], cache['revision'], cache['operation']],
			['HelmRelease', 'Synced', 'Healthy', '1.4.0', null],
		);
	});

	test('exits 0 when every app is Synced and Healthy or Suspended', async () => {
		const run = await runs.fine!;
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stderr, '');
		const output = JSON.parse(run.stdout) as {apps: Array<{name: string; sync: string; health: string}>};
		assert.deepEqual(output.apps.map(app => `${app.name} ${app.sync}/${app.health}`).sort(), [
			'on-hold Synced/Suspended',
			'paused Synced/Suspended',
			'ready Synced/Healthy',
			'web Synced/Healthy',
		]);
	});

	test('without --json it prints a table of the apps, with the same exit code', async () => {
		const run = await runs.table!;
		assert.equal(run.code, 0, run.stderr);
		for (const name of ['web', 'paused', 'ready', 'on-hold']) assert.match(run.stdout, new RegExp(`\\b${name}\\b`));
		assert.throws(() => JSON.parse(run.stdout));
	});

	test('a message cut to fit the table ends in an ellipsis (... with --ascii), never mid-word without a mark', async () => {
		const ascii = await runs.longMessageAscii!;
		assert.equal(ascii.code, 1, ascii.stderr);
		const row = ascii.stdout.split('\n').find(line => line.includes('slow-rollout'))!;
		assert.match(row, /Deployment "checkout" exceeded its progress deadline: replica set/);
		assert.doesNotMatch(row, /THE END/, 'the message is longer than the column');
		assert.match(row, /[^.]\.\.\.$/);
		assert.doesNotMatch(ascii.stdout, /[^\x00-\x7F]/, 'ASCII only');
	});

	test('-n is where the app object lives, not where it deploys, and --help says so', async () => {
		const run = await runs.longMessageAscii!;
		assert.match(run.stdout, /\bslow-rollout\b/);
		assert.doesNotMatch(run.stdout, /deploys-into-long/, 'an app that only deploys into the namespace is not listed');
		const help = await runs.help!;
		assert.equal(help.code, 0, help.stderr);
		assert.match(
			help.stdout,
			/-n, --namespace NS +apps whose object \(Application, Kustomization, HelmRelease\) is in NS, not the apps\n +that deploy into NS/,
		);
	});

	test('a user with a legacy auth-provider is authenticated by it', async () => {
		const run = await runs.authProvider!;
		assert.equal(run.code, 0, run.stderr);
		const output = JSON.parse(run.stdout) as {apps: Array<{name: string}>};
		assert.deepEqual(output.apps.map(app => app.name).sort(), ['on-hold', 'paused', 'ready', 'web']);
	});

	test('forbidden Flux kinds are a warning on stderr; stdout stays pure JSON of what could be read', async () => {
		const run = await runs.forbidden!;
		assert.equal(run.code, 0, run.stderr);
		const output = JSON.parse(run.stdout) as {apps: Array<{name: string; provider: string}>};
		assert.deepEqual(output.apps.map(app => app.name).sort(), ['paused', 'web']);
		assert.match(run.stderr, /^driftwatch: warning: Flux kustomizations: forbidden — .*kustomizations/m);
		assert.doesNotMatch(run.stderr, /\n\s+at /);
	});

	test('exit 2, one line: a user who may read nothing (not an empty "all fine")', async () => {
		assertOneLineError(await runs.nothingReadable!, /nothing could be read — .*: forbidden — .* is forbidden: User "[^"]*status-nobody"/);
	});

	test('exit 2, one line: the server cannot be reached', async () => {
		const run = await runs.unreachable!;
		assertOneLineError(run, /cannot reach https:\/\/\*\*\*@127\.0\.0\.1:\d+ .*connection refused/);
		assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
	});

	test('exit 2, one line: a certificate the kubeconfig does not trust is said to be untrusted, not "stale"', async () => {
		const run = await runs.untrusted!;
		assertOneLineError(run, /certificate .*is not trusted/);
		assert.doesNotMatch(run.stderr, /stale/);
	});

	test('exit 2, one line: unknown --context', async () => {
		assertOneLineError(await runs.unknownContext!, new RegExp(`unknown context "nowhere" \\(known: .*\\b${backend.adminContext}\\b`));
	});

	test('exit 2, one line: malformed kubeconfig YAML', async () => {
		assertOneLineError(await runs.malformed!, /^driftwatch: kubeconfig .*malformed: /);
	});

	test('exit 2, one line: missing kubeconfig file', async () => {
		assertOneLineError(await runs.missing!, /kubeconfig .*no-such-file: no such file/);
	});

	test('exit 2, one line: unknown flag', async () => {
		assertOneLineError(await runs.unknownFlag!, /unknown flag --colour/);
	});

	test('exit 2, one line: --timeout that is not a duration names the flag and an example', async () => {
		assertOneLineError(await runs.badTimeout!, /--timeout .*90s.*"soon"/);
	});
});
