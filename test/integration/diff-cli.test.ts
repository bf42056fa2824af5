// `driftwatch diff APP` as a user runs it: the real launcher in a child process, native apps from a
// driftwatch.yaml pointing at a real git repository, live objects on the test backend. Exit 0 no drift,
// 1 drift (unified diff on stdout), 2 error (one line on stderr); Secret values never printed.
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {faultsOf, startBackend, type TestBackend} from '../support/backend.js';
import {assertOneLineError, type CliRun, runCli} from '../support/cli.js';
import {assertLargeManifestDrift, largeManifestApp} from '../support/large-manifest.js';
import {makeSandbox, WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import {deleteObject, refOf} from '../../source/demo/rest.js';
import {configMap, deployment, edit, secret, serverSideApply} from './drift/support.js';
import {prepareCluster} from './support/seed.js';

const namespace = 'diff-cli';
const otherNamespace = 'diff-cli-other';
const gitSecret = 'git-s3cret-value';
const liveSecret = 'live-n3w-value';

/** Objects of apps/web as Git has them: no namespace (the app's namespace fills it in). */
function webObjects(): KubeObject[] {
	return [
		configMap('web-settings', namespace, {LOG_LEVEL: 'info', REGION: 'eu-west-1'}),
		deployment('web', namespace),
		secret('web-credentials', namespace, {password: gitSecret}),
	];
}

function withoutNamespace(object: KubeObject): KubeObject {
	const {namespace: _namespace, ...metadata} = object.metadata ?? {};
	return {...object, metadata};
}

function base64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

describe('driftwatch diff APP', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let git: Sandbox;
	let configs: {web: string; twins: string; broken: string; pair: string};

	/** Run `driftwatch diff ARGS` with Node 22, clones into the sandbox's cache; never rejects. */
	function driftwatch(args: readonly string[]): Promise<CliRun> {
		return run(['diff', ...args]);
	}

	function run(args: readonly string[]): Promise<CliRun> {
		return runCli(
			[...args, '--kubeconfig', backend.kubeconfigPath],
			{...git.env, XDG_CONFIG_HOME: join(git.root, 'config-home')},
			{unset: ['DRIFTWATCH_DIFF', 'KUBECTL_EXTERNAL_DIFF'], timeoutMs: 60_000},
		);
	}

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await prepareCluster(kc, [namespace, otherNamespace]);
		git = makeSandbox();
		const repo = WorkRepo.create(git);
		const files: Record<string, string> = {};
		for (const object of webObjects()) files[`apps/web/${object.kind!.toLowerCase()}.yaml`] = stringify(withoutNamespace(object));
		files['apps/twin/configmap.yaml'] = stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'twin'}, data: {a: '1'}});
		// Line 7 repeats a key: the error must name configmap.yaml:7.
		files['apps/broken/configmap.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: value\n  key: again\n';
		repo.commit('Apps', files);

		const app = (name: string, path: string, appNamespace = namespace) => ({
			name,
			repo: repo.dir,
			branch: 'main',
			path,
			namespace: appNamespace,
		});
		mkdirSync(join(git.root, 'configs'));
		configs = {
			web: join(git.root, 'configs', 'web.yaml'),
			twins: join(git.root, 'configs', 'twins.yaml'),
			broken: join(git.root, 'configs', 'broken.yaml'),
			pair: join(git.root, 'configs', 'pair.yaml'),
		};
		await writeFile(configs.web, stringify({apps: [app('web', 'apps/web')]}));
		await writeFile(configs.twins, stringify({apps: [app('twin', 'apps/twin'), app('twin', 'apps/twin', otherNamespace)]}));
		await writeFile(configs.broken, stringify({apps: [app('broken', 'apps/broken')]}));
		await writeFile(configs.pair, stringify({apps: [app('web', 'apps/web'), app('twin', 'apps/twin', otherNamespace)]}));

		// Live exactly as a native sync leaves it: applied by driftwatch's field manager.
		for (const object of webObjects()) await serverSideApply(kc, object, 'driftwatch');
	});
	after(async () => {
		await backend?.close();
		git?.cleanup();
	});

	test('live as in Git: exit 0 and nothing on stdout (KIND/NAMESPACE/NAME with a short kind)', async () => {
		const run = await driftwatch(['native/diff-cli/web', '--config', configs.web]);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stdout, '');
		assert.equal(run.stderr, '');
	});

	test('a value changed live: exit 1 and the unified diff shows the changed line', async () => {
		const live = webObjects()[0]!;
		await edit(kc, live, {data: {LOG_LEVEL: 'debug'}});
		try {
			const run = await driftwatch(['web', '--config', configs.web]);
			assert.equal(run.code, 1, run.stderr);
			// Left is live, right is Git (kubectl diff's direction).
			assert.match(run.stdout, /^--- .*ConfigMap\/diff-cli\/web-settings$/m);
			assert.match(run.stdout, /^\+\+\+ .*ConfigMap\/diff-cli\/web-settings$/m);
			assert.match(run.stdout, /^@@ /m);
			assert.match(run.stdout, /^- {2}LOG_LEVEL: debug$/m);
			assert.match(run.stdout, /^\+ {2}LOG_LEVEL: info$/m);
			assert.doesNotMatch(run.stdout, /Deployment|Secret/, 'only the drifted object is printed');
			assert.doesNotMatch(run.stdout, /\u001B\[/, 'no colour when piped');
		} finally {
			await serverSideApply(kc, live, 'driftwatch');
		}
	});

	test('a Secret value changed live: exit 1, and neither value is ever printed', async () => {
		const live = webObjects()[2]!;
		await edit(kc, live, {data: {password: base64(liveSecret)}});
		try {
			const run = await driftwatch([`${namespace}/web`, '--config', configs.web]);
			assert.equal(run.code, 1, run.stderr);
			assert.match(run.stdout, /^--- .*Secret\/diff-cli\/web-credentials$/m);
			for (const value of [gitSecret, liveSecret, base64(gitSecret), base64(liveSecret)]) {
				assert.equal(run.stdout.includes(value), false, `stdout holds ${value}`);
				assert.equal(run.stderr.includes(value), false, `stderr holds ${value}`);
			}
		} finally {
			await serverSideApply(kc, live, 'driftwatch');
		}
	});

	test('a labelled object that left Git is drift: diff exits 1 naming it, status says OutOfSync', async () => {
		// Only this differs from Git; it is found by a label-selected listing, which a one-shot command must wait for.
		const orphan = configMap('web-leftover', namespace, {OLD: 'yes'});
		orphan.metadata!.labels = {[NATIVE_TRACKING_LABEL]: 'web'};
		await serverSideApply(kc, orphan, 'driftwatch');
		try {
			const diff = await driftwatch(['web', '--config', configs.web]);
			assert.equal(diff.code, 1, `diff exit code; stderr: ${diff.stderr}`);
			assert.match(diff.stdout, /^--- .*ConfigMap\/diff-cli\/web-leftover$/m);
			assert.match(diff.stdout, /^-\s+OLD: "yes"$/m);

			const status = await run(['status', '--json', '--config', configs.web, '-n', namespace]);
			assert.equal(status.code, 1, `status exit code; stderr: ${status.stderr}`);
			const web = (JSON.parse(status.stdout) as {apps: Array<{name: string; sync: string; message: string}>}).apps.find(
				app => app.name === 'web',
			);
			assert.equal(web?.sync, 'OutOfSync', JSON.stringify(web));
			assert.match(web!.message, /1 would be pruned/);
		} finally {
			await deleteObject(kc, refOf(orphan));
		}
	});

	test('status: a native app whose Deployment cannot become available reads Progressing, not Healthy', async () => {
		// No kubelet on either backend: the Deployment never reports available replicas.
		const status = await run(['status', '--json', '--config', configs.web, '-n', namespace]);
		assert.equal(status.code, 1, `status exit code; stderr: ${status.stderr}`);
		const web = (JSON.parse(status.stdout) as {apps: Array<{name: string; sync: string; health: string}>}).apps.find(
			app => app.name === 'web',
		);
		assert.equal(web?.sync, 'Synced', JSON.stringify(web));
		assert.equal(web?.health, 'Progressing', JSON.stringify(web));
	});

	test('an unknown app: exit 2, one line naming it', async () => {
		assertOneLineError(await driftwatch(['nope', '--config', configs.web]), /no app "nope"/);
	});

	test('only the named app is compared: no dry run is sent for another native app in the config', async () => {
		const from = faultsOf(backend)?.requests.length ?? 0;
		// NAME alone: every namespace is listed, so only the name keeps twin (in another namespace) from being compared.
		const run = await driftwatch(['web', '--config', configs.pair, '--timeout', '2m']);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stdout, '');
		// The request log exists on the sandbox only; on a real server the exit code and output are the check.
		const log = faultsOf(backend);
		if (log) {
			const dryRuns = log.requests.slice(from).filter(request => request.method === 'PATCH' && /dryRun=All/.test(request.query));
			assert.ok(dryRuns.length > 0, 'web was compared');
			assert.deepEqual(
				dryRuns.filter(request => request.path.includes(`/namespaces/${otherNamespace}/`)).map(request => request.path),
				[],
				'twin was not compared',
			);
		}
	});

	test('status and diff read once: they list, and open no watch (a watch per type is a connection held for nothing)', async () => {
		const from = faultsOf(backend)?.requests.length ?? 0;
		const status = await run(['status', '--json', '--config', configs.pair]);
		assert.notEqual(status.code, 2, status.stderr);
		assert.ok(
			(JSON.parse(status.stdout) as {apps: Array<{name: string}>}).apps.some(app => app.name === 'web'),
			status.stdout,
		);
		const diff = await driftwatch(['web', '--config', configs.pair, '--timeout', '2m']);
		assert.equal(diff.code, 0, diff.stderr);
		// The request log exists on the sandbox only; on a real server the exit codes and output are the check.
		const log = faultsOf(backend);
		if (log) {
			const requests = log.requests.slice(from);
			assert.ok(
				requests.some(request => request.verb === 'list'),
				'the commands listed',
			);
			assert.deepEqual(
				requests.filter(request => request.verb === 'watch').map(request => `${request.path}?${request.query}`),
				[],
				'no watch was opened',
			);
		}
	});

	test('a Git app has one name: status --json says kind Git, and APP takes git/NS/NAME (the old native/NS/NAME too)', async () => {
		const status = await run(['status', '--json', '--config', configs.pair]);
		assert.notEqual(status.code, 2, status.stderr);
		const web = (JSON.parse(status.stdout) as {apps: Array<{name: string; kind: string; provider: string; id: string}>}).apps.find(
			app => app.name === 'web',
		);
		assert.deepEqual(web && {kind: web.kind, provider: web.provider}, {kind: 'Git', provider: 'git'}, status.stdout);
		assert.match(web!.id, new RegExp(`/Git/${namespace}/web$`));
		for (const spelling of [`git/${namespace}/web`, `Git/${namespace}/web`, `native/${namespace}/web`, `NativeApp/${namespace}/web`]) {
			const diff = await driftwatch([spelling, '--config', configs.pair, '--timeout', '2m']);
			assert.equal(diff.code, 0, `${spelling}: ${diff.stderr}`);
		}
	});

	test('a name used in two namespaces: exit 2, one line listing both', async () => {
		const run = await driftwatch(['twin', '--config', configs.twins]);
		assertOneLineError(run, /ambiguous/);
		for (const listed of [`Git/${namespace}/twin`, `Git/${otherNamespace}/twin`])
			assert.ok(run.stderr.includes(`${listed},`) || run.stderr.includes(`${listed} `), `${listed} not listed: ${run.stderr}`);
	});

	test('broken YAML in Git: exit 2, one line naming file and line', async () => {
		assertOneLineError(await driftwatch(['broken', '--config', configs.broken]), /configmap\.yaml:7\b/);
	});

	test('a manifest over 256 KB is parsed and compared in the worker thread: exit 1, the changed line', async () => {
		const run = await driftwatch(['bulk', '--config', await largeManifestApp(kc, git, namespace, git.root)]);
		assertLargeManifestDrift(run);
	});
});
