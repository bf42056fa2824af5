// The text an operator reads from the CLI, pinned as golden files (test/integration/golden/): the `status`
// table, the plan `sync` prints before asking to proceed, and `diff`'s unified diff. The real launcher against
// the test backend; the same files on both backends (the sandbox and a real kube-apiserver). A change to this
// text fails here until `npm run test:golden:update` rewrites the files and the diff is reviewed.
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {stringify} from 'yaml';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {type CliRun, runCli} from '../support/cli.js';
import {argoApp, argoStates, helmChart, helmRelease, kustomization} from '../support/fixtures.js';
import {assertGolden, type Placeholder, stabilize} from '../support/golden.js';
import {WorkRepo} from '../unit/git/git-fixture.js';
import {configMap, deployment, edit, secret} from './drift/support.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {fluxSystemSource, prepareCluster, putAll, sharedFluxSources} from './support/seed.js';

const statusNs = 'golden-status';
const nativeNs = 'golden-native';

/** What Git has for the native app web: no namespace (the app's namespace fills it in). */
function webObjects(): KubeObject[] {
	return [
		configMap('web-settings', nativeNs, {LOG_LEVEL: 'info', REGION: 'eu-west-1'}),
		deployment('web', nativeNs),
		secret('web-credentials', nativeNs, {password: 'git-s3cret-value'}),
	];
}

function withoutNamespace(object: KubeObject): KubeObject {
	const {namespace: _namespace, ...metadata} = object.metadata ?? {};
	return {...object, metadata};
}

describe('operator-facing CLI text (golden files)', () => {
	let fixture: Integration;
	let config: string;
	let placeholders: Placeholder[];

	function driftwatch(args: readonly string[]): Promise<CliRun> {
		const {backend, gitSandbox} = fixture;
		return runCli(
			[...args, '--kubeconfig', backend.kubeconfigPath],
			{...gitSandbox.env, XDG_CONFIG_HOME: join(gitSandbox.root, 'config-home'), XDG_STATE_HOME: join(gitSandbox.root, 'state')},
			{unset: ['DRIFTWATCH_DIFF', 'KUBECTL_EXTERNAL_DIFF'], timeoutMs: 60_000},
		);
	}

	before(async () => {
		fixture = await startIntegration();
		const {backend, kc, gitSandbox} = fixture;
		await prepareCluster(kc, [statusNs, nativeNs]);
		await sharedFluxSources(kc);
		await putAll(kc, [
			argoApp('storefront', statusNs),
			argoApp('checkout', statusNs, argoStates.degraded),
			argoApp('paused', statusNs, argoStates.suspended),
			argoApp('failed-sync', statusNs, argoStates.operationFailed),
			kustomization('ready', statusNs, {source: fluxSystemSource('GitRepository', 'flux-system')}),
			kustomization('stalled', statusNs, {state: 'stalled', source: fluxSystemSource('GitRepository', 'flux-system')}),
			helmRelease('cache', statusNs, {version: '1.4.0'}),
			helmChart('cache', statusNs, 'cache', '1.4.0'),
		]);

		const repo = WorkRepo.create(gitSandbox);
		const files: Record<string, string> = {};
		for (const object of webObjects()) files[`apps/web/${object.kind!.toLowerCase()}.yaml`] = stringify(withoutNamespace(object));
		const commit = repo.commit('web: first version', files);
		mkdirSync(join(gitSandbox.root, 'configs'));
		config = join(gitSandbox.root, 'configs', 'web.yaml');
		await writeFile(config, stringify({apps: [{name: 'web', repo: repo.dir, branch: 'main', path: 'apps/web', namespace: nativeNs}]}));

		placeholders = [
			[gitSandbox.root, '<tmp>'],
			[backend.adminContext, '<context>'],
			[commit, '<commit>'],
			[commit.slice(0, 7), '<commit>'],
		];
	});
	after(async () => {
		await fixture?.close();
	});

	test('status: the table of apps', async () => {
		const run = await driftwatch(['status', '-n', statusNs]);
		assert.equal(run.code, 1, run.stderr);
		assert.equal(run.stderr, '');
		assertGolden('status-table.txt', stabilize(run.stdout, placeholders));
	});

	test('sync without --yes: the plan shown before asking to proceed', async () => {
		const run = await driftwatch(['sync', 'web', '--config', config]);
		assert.equal(run.code, 2, run.stderr);
		assert.equal(run.stdout, '');
		assertGolden('sync-plan-native.txt', stabilize(run.stderr, placeholders));
	});

	test('sync of an Argo CD app without --yes: the plan shown before asking to proceed', async () => {
		const run = await driftwatch(['sync', `Application/${statusNs}/storefront`]);
		assert.equal(run.code, 2, run.stderr);
		assert.equal(run.stdout, '');
		assertGolden('sync-plan-argocd.txt', stabilize(run.stderr, placeholders));
	});

	test('diff: a live edit as a unified diff, Secret values masked', async () => {
		const applied = await driftwatch(['sync', 'web', '--yes', '--config', config]);
		assert.equal(applied.code, 0, applied.stderr);
		await edit(fixture.kc, webObjects()[0]!, {data: {LOG_LEVEL: 'debug', REGION: 'eu-west-1'}});
		await edit(fixture.kc, webObjects()[2]!, {data: {password: Buffer.from('live-n3w-value').toString('base64')}});
		const run = await driftwatch(['diff', 'web', '--config', config]);
		assert.equal(run.code, 1, run.stderr);
		assert.equal(run.stderr, '');
		assertGolden('diff-web.txt', stabilize(run.stdout, placeholders));
	});
});
