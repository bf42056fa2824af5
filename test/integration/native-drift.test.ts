// Native apps (no controller) in the live monitor: desired state from real git repositories in temp dirs,
// compared with a real API server; drift follows live edits and new commits without being asked.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import type {AppDriftState} from '../../source/core/drift/drift-state.js';
import type {AppSummary} from '../../source/core/apps/model.js';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {defaultConfig, type DriftwatchConfig, type NativeAppConfig} from '../../source/core/native/config-types.js';
import {statusJson} from '../../source/core/status/status-report.js';
import type {TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {ensureNamespace} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, deployment, edit, secret, service, serverSideApply} from './drift/support.js';
import {describeSnapshot, type Monitors, untilApp} from './support/live.js';

const secretValue = 'correct horse battery staple';
const changedSecretValue = 'tr0ub4dor&3';

function manifests(namespace: string, logLevel = 'info'): Record<string, KubeObject> {
	return {
		'deployment.yaml': deployment('web', namespace),
		'service.yaml': service('web', namespace),
		'config/settings.yaml': configMap('settings', namespace, {LOG_LEVEL: logLevel}),
		'config/credentials.yaml': secret('credentials', namespace, {password: secretValue}),
	};
}

function labelled(object: KubeObject, app: string): KubeObject {
	return {...object, metadata: {...object.metadata, labels: {...object.metadata?.labels, [NATIVE_TRACKING_LABEL]: app}}};
}

function files(prefix: string, objects: Record<string, KubeObject>): Record<string, string> {
	return Object.fromEntries(Object.entries(objects).map(([path, object]) => [`${prefix}/${path}`, stringify(object)]));
}

function app(name: string, repo: string, namespace: string, overrides: Partial<NativeAppConfig> = {}): NativeAppConfig {
	return {name, repo, branch: 'main', path: `apps/${name}`, namespace, context: null, prune: false, line: 1, ...overrides};
}

function watchDrift(monitor: LiveMonitor, id: string): {latest: () => AppDriftState | null; stop: () => void} {
	let latest: AppDriftState | null = null;
	const stop = monitor.watchDrift(id, state => {
		latest = state;
	});
	return {latest: () => latest, stop};
}

describe('native apps in the live monitor', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let repo: WorkRepo;
	let monitors: Monitors;
	let git: GitRepos;
	let namespaceCount = 0;

	async function freshNamespace(): Promise<string> {
		const namespace = `native-${process.pid}-${++namespaceCount}`;
		await ensureNamespace(kc, namespace);
		return namespace;
	}

	function open(config: DriftwatchConfig): LiveMonitor {
		// Only a watch can notice a live edit within the tests' waits: the periodic recheck is far away.
		return monitors.open({config, git, driftRecheckMs: 10 * 60_000, batchMs: 50});
	}

	before(async () => {
		fixture = await startIntegration();
		({backend, kc, gitSandbox: sandbox, git, monitors} = fixture);
		repo = WorkRepo.create(sandbox);
	});
	after(async () => {
		await fixture?.close();
	});

	test('an app whose live objects match Git is Synced (server defaults are not drift); a kubectl edit shows as drift at once', async t => {
		const namespace = await freshNamespace();
		const objects = manifests(namespace);
		repo.commit('web: first version', files('apps/web', objects));
		await git.refresh();
		for (const object of Object.values(objects)) await serverSideApply(kc, labelled(object, 'web'), 'driftwatch');
		const config = {...defaultConfig(), apps: [app('web', repo.dir, namespace)]};
		const monitor = open(config);

		const synced = await untilApp(monitor, {kind: 'Git', namespace, name: 'web'}, row => row.sync !== 'Unknown', 20_000);
		assert.equal(synced.provider, 'git');
		assert.equal(synced.sync, 'Synced', `expected Synced, got ${synced.sync}: ${synced.message}`);
		assert.match(synced.revision, /^main@[0-9a-f]{40}$/);

		const drift = watchDrift(monitor, synced.id);
		await waitFor(
			() => drift.latest()?.phase === 'ready',
			10_000,
			() => `drift: ${JSON.stringify(drift.latest()?.phase)}`,
		);
		assert.equal(drift.latest()!.rendered?.commit?.subject, 'web: first version');
		assert.equal(drift.latest()!.rendered?.commit?.author, 'Ada Lovelace');

		const editedAt = Date.now();
		await edit(kc, objects['config/settings.yaml']!, {data: {LOG_LEVEL: 'debug'}});
		const outOfSync = await untilApp(monitor, {kind: 'Git', namespace, name: 'web'}, row => row.sync === 'OutOfSync', 10_000);
		const latency = Date.now() - editedAt;
		assert.match(outOfSync.message, /1 modified/);
		await waitFor(
			() => drift.latest()?.report?.status === 'OutOfSync',
			5000,
			() => 'drift report to turn OutOfSync',
		);
		const changed = drift.latest()!.report!.resources.filter(resource => resource.change !== 'unchanged');
		assert.deepEqual(
			changed.map(resource => `${resource.ref.kind}/${resource.ref.name}`),
			['ConfigMap/settings'],
		);
		assert.match(changed[0]!.diff!.text(), /^-\s+LOG_LEVEL: debug$/m);
		assert.match(changed[0]!.diff!.text(), /^\+\s+LOG_LEVEL: info$/m);
		drift.stop();
		// Not a timing assertion: recorded so a slow path shows in the test output.
		t.diagnostic(`live edit → OutOfSync in ${latency} ms`);
	});

	test('a changed Secret shows as a masked change; no secret value reaches the store, the report or status JSON', async () => {
		const namespace = await freshNamespace();
		const objects = manifests(namespace);
		repo.commit('secret app', files('apps/vault', objects));
		await git.refresh();
		for (const object of Object.values(objects)) await serverSideApply(kc, labelled(object, 'vault'), 'driftwatch');
		const monitor = open({...defaultConfig(), apps: [app('vault', repo.dir, namespace)]});
		const row = await untilApp(monitor, {kind: 'Git', namespace, name: 'vault'}, candidate => candidate.sync === 'Synced', 20_000);
		const drift = watchDrift(monitor, row.id);

		await edit(kc, objects['config/credentials.yaml']!, {data: {password: Buffer.from(changedSecretValue).toString('base64')}});
		await untilApp(monitor, {kind: 'Git', namespace, name: 'vault'}, candidate => candidate.sync === 'OutOfSync', 10_000);
		await waitFor(
			() => drift.latest()?.report?.status === 'OutOfSync',
			5000,
			() => 'drift report to turn OutOfSync',
		);
		const report = drift.latest()!.report!;
		const secretDiff = report.resources.find(resource => resource.ref.kind === 'Secret')!.diff!;
		assert.equal(secretDiff.change, 'modified');
		assert.match(secretDiff.text(), /^-\s+password: '?\+{8,}'?$/m);
		assert.match(secretDiff.text(), /^\+\s+password: '?\+{8,}'?$/m);
		const everything = [
			JSON.stringify(monitor.store.getSnapshot()),
			JSON.stringify(statusJson(monitor.store.getSnapshot().apps)),
			...report.resources.map(
				resource => `${resource.diff?.text()}${resource.diff?.leftText}${resource.diff?.rightText}${resource.error ?? ''}`,
			),
			report.errors.join('\n'),
		].join('\n');
		for (const value of [secretValue, changedSecretValue]) {
			assert.ok(!everything.includes(value), `secret value leaked: ${value}`);
			assert.ok(!everything.includes(Buffer.from(value).toString('base64')), `base64 secret value leaked: ${value}`);
		}
		drift.stop();
	});

	test('objects in Git but missing live, and labelled live objects Git no longer has, are listed', async () => {
		const namespace = await freshNamespace();
		const objects = manifests(namespace);
		repo.commit('shop', files('apps/shop', {'deployment.yaml': objects['deployment.yaml']!, 'service.yaml': objects['service.yaml']!}));
		await git.refresh();
		await serverSideApply(kc, labelled(objects['deployment.yaml']!, 'shop'), 'driftwatch');
		// Applied by an earlier version of the app, since removed from Git.
		await serverSideApply(kc, labelled(configMap('legacy', namespace, {old: 'yes'}), 'shop'), 'driftwatch');
		const monitor = open({...defaultConfig(), apps: [app('shop', repo.dir, namespace)]});
		const row = await untilApp(
			monitor,
			{kind: 'Git', namespace, name: 'shop'},
			candidate => /would be pruned/.test(candidate.message),
			20_000,
		);
		assert.equal(row.sync, 'OutOfSync');
		const drift = watchDrift(monitor, row.id);
		await waitFor(
			() => drift.latest()?.phase === 'ready',
			5000,
			() => 'drift ready',
		);
		const changes = drift
			.latest()!
			.report!.resources.map(resource => `${resource.change} ${resource.ref.kind}/${resource.ref.name}`)
			.sort();
		assert.deepEqual(changes, ['added Service/web', 'removed ConfigMap/legacy', 'unchanged Deployment/web']);
		drift.stop();
	});

	test('health comes from the live objects as listed: an unavailable Deployment is Progressing; ignore-healthcheck takes it out', async () => {
		// Neither backend runs a kubelet: the Deployment never reports available replicas.
		const namespace = await freshNamespace();
		const web = deployment('web', namespace);
		const quiet = deployment('quiet', namespace);
		quiet.metadata!.annotations = {'argocd.argoproj.io/ignore-healthcheck': 'true'};
		repo.commit('health', {
			...files('apps/busy', {'deployment.yaml': web}),
			...files('apps/calm', {'deployment.yaml': quiet, 'settings.yaml': configMap('settings', namespace, {a: '1'})}),
		});
		await git.refresh();
		await serverSideApply(kc, labelled(web, 'busy'), 'driftwatch');
		await serverSideApply(kc, labelled(quiet, 'calm'), 'driftwatch');
		await serverSideApply(kc, labelled(configMap('settings', namespace, {a: '1'}), 'calm'), 'driftwatch');
		const monitor = open({...defaultConfig(), apps: [app('busy', repo.dir, namespace), app('calm', repo.dir, namespace)]});
		const busy = await untilApp(monitor, {kind: 'Git', namespace, name: 'busy'}, row => row.sync !== 'Unknown', 20_000);
		assert.equal(busy.sync, 'Synced', busy.message);
		assert.equal(busy.health, 'Progressing', `${busy.health}: ${busy.message}`);
		assert.match(busy.message, /Caused by apps\/Deployment:/);
		const calm = await untilApp(monitor, {kind: 'Git', namespace, name: 'calm'}, row => row.sync !== 'Unknown', 20_000);
		assert.equal(calm.health, 'Healthy', `${calm.health}: ${calm.message}`);
	});

	test('what the identity may not read is Unknown with the reason, never Healthy', async () => {
		const namespace = await freshNamespace();
		const objects = {'settings.yaml': configMap('settings', namespace, {a: '1'}), 'deployment.yaml': deployment('hidden', namespace)};
		repo.commit('unreadable', files('apps/hidden', objects));
		await git.refresh();
		for (const object of Object.values(objects)) await serverSideApply(kc, labelled(object, 'hidden'), 'driftwatch');
		// May read the Argo CD and Flux kinds the monitor lists, and Deployments; not ConfigMaps; may patch nothing.
		const context = await backend.addUser('no-configmaps', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments']},
			{
				verbs: ['get', 'list', 'watch'],
				apiGroups: ['argoproj.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io'],
				resources: ['*'],
			},
		]);
		const monitor = monitors.open({
			context,
			config: {...defaultConfig(), apps: [app('hidden', repo.dir, namespace)]},
			git,
			driftRecheckMs: 10 * 60_000,
			batchMs: 50,
		});
		const row = await untilApp(
			monitor,
			{kind: 'Git', namespace, name: 'hidden'},
			candidate => candidate.stateLabel !== 'Comparing',
			20_000,
		);
		assert.equal(row.health, 'Unknown', `${row.health}: ${row.message}`);
		assert.equal(row.sync, 'Unknown', `${row.sync}: ${row.message}`);
		assert.notEqual(row.message, '', 'the reason is said');
	});

	test('a new commit on the branch is compared once fetched, and the app says which commit it compares', async () => {
		const namespace = await freshNamespace();
		const objects = manifests(namespace);
		const other = WorkRepo.create(sandbox, `moving-${namespace}`);
		other.commit('v1', files('apps/api', {'settings.yaml': objects['config/settings.yaml']!}));
		await serverSideApply(kc, labelled(objects['config/settings.yaml']!, 'api'), 'driftwatch');
		const monitor = open({...defaultConfig(), apps: [app('api', other.dir, namespace)]});
		const first = await untilApp(monitor, {kind: 'Git', namespace, name: 'api'}, candidate => candidate.sync === 'Synced', 20_000);

		const next = other.commit(
			'raise log level',
			files('apps/api', {'settings.yaml': configMap('settings', namespace, {LOG_LEVEL: 'warn'})}),
		);
		monitor.refreshGit();
		const moved = await untilApp(
			monitor,
			{kind: 'Git', namespace, name: 'api'},
			candidate => candidate.revision === `main@${next}`,
			10_000,
		);
		assert.notEqual(moved.revision, first.revision);
		assert.equal(moved.sync, 'OutOfSync');
		// HEAD is what was compared: nothing records an applied commit, so it is never "at the deployed revision".
		const drift = watchDrift(monitor, moved.id);
		await waitFor(
			() => drift.latest()?.tracked?.head?.revision === next,
			10_000,
			() => `tracked: ${JSON.stringify(drift.latest()?.tracked)}`,
		);
		assert.equal(drift.latest()!.tracked!.comparesHead, true);
		assert.equal(drift.latest()!.tracked!.ahead, null);
	});

	test('broken YAML, an unknown branch and an unreachable repo each put only their app in error', async () => {
		const namespace = await freshNamespace();
		const objects = manifests(namespace);
		repo.commit('good and bad', {
			...files('apps/good', {'settings.yaml': objects['config/settings.yaml']!}),
			'apps/broken/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  labels: [unclosed\n',
		});
		await git.refresh();
		await serverSideApply(kc, labelled(objects['config/settings.yaml']!, 'good'), 'driftwatch');
		const monitor = open({
			...defaultConfig(),
			apps: [
				app('good', repo.dir, namespace),
				app('broken', repo.dir, namespace),
				app('lost', repo.dir, namespace, {branch: 'no-such-branch', path: 'apps/good'}),
				app('gone', `${sandbox.root}/does-not-exist`, namespace, {path: 'apps/good'}),
			],
		});
		const rows = await waitFor(
			() => {
				const found = ['good', 'broken', 'lost', 'gone'].map(name =>
					monitor.store
						.getSnapshot()
						.apps.find(candidate => candidate.kind === 'Git' && candidate.namespace === namespace && candidate.name === name),
				);
				return found.every(row => row && row.stateLabel !== 'Comparing') ? (found as AppSummary[]) : undefined;
			},
			20_000,
			() => describeSnapshot(monitor.store.getSnapshot()),
		);
		const [good, broken, lost, gone] = rows as [AppSummary, AppSummary, AppSummary, AppSummary];
		assert.equal(good.sync, 'Synced', good.message);
		assert.equal(broken.sync, 'Unknown');
		assert.match(broken.message, /apps\/broken\/settings\.yaml:\d+/);
		assert.equal(lost.sync, 'Unknown');
		assert.match(lost.message, /no-such-branch/);
		assert.equal(gone.sync, 'Unknown');
		assert.match(gone.message, /does-not-exist|not found|unreachable|does not appear to be a git repository/i);
	});
});
