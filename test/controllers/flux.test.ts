// driftwatch against the real Flux controllers (source-, kustomize- and helm-controller built from their Go
// modules, on a real kube-apiserver, reading a git server on loopback): every action is the CLI a user runs,
// every outcome is what the controllers wrote, read back from the API with a bounded poll.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {stringify} from 'yaml';
import {requestJson} from '../../source/core/kube/http.js';
import {providers} from '../../source/core/controllers/controllers.js';
import {GitRepos} from '../../source/core/git/git-repos.js';
import {loadKubeConfig} from '../../source/core/kube/kubeconfig.js';
import {createLiveMonitor, type LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import type {AppDriftState} from '../../source/core/drift/drift-state.js';
import {renderApp, rowOf, type AppScreen} from '../support/app-harness.js';
import {AuditLog} from '../../source/core/actions/audit-log.js';
import {runCli, type CliRun} from '../support/cli.js';
import {waitForAsync, waitFor} from '../support/wait-for.js';
import {startFlux} from './flux/controllers.js';
import {cloneWorkdir, gitIdentityEnv, type GitWorkdir} from './harness/git-server.js';
import {startTier, type ControllerTier} from './harness/tier.js';

// Objects read back from the API, checked field by field.
type Json = any;

type StatusApp = {kind: string; name: string; namespace: string; sync: string; health: string; revision: string; message: string};

/** What a controller answers within: 1–4 s measured; the bound is for a loaded 2-core machine. */
const controllerMs = 90_000;

const kustomizationPath = (namespace: string, name: string) =>
	`/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${namespace}/kustomizations/${name}`;
const gitRepositoryPath = (namespace: string, name: string) =>
	`/apis/source.toolkit.fluxcd.io/v1/namespaces/${namespace}/gitrepositories/${name}`;
const helmReleasePath = (namespace: string, name: string) => `/apis/helm.toolkit.fluxcd.io/v2/namespaces/${namespace}/helmreleases/${name}`;
const configMapPath = (namespace: string, name: string) => `/api/v1/namespaces/${namespace}/configmaps/${name}`;

function settingsConfigMap(namespace: string, release: string): string {
	return stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web-settings', namespace}, data: {release}});
}

function deploymentManifest(namespace: string): string {
	return stringify({
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'slow', namespace},
		spec: {
			replicas: 1,
			selector: {matchLabels: {app: 'slow'}},
			template: {metadata: {labels: {app: 'slow'}}, spec: {containers: [{name: 'slow', image: 'registry.invalid/slow:1'}]}},
		},
	});
}

const chartFiles = {
	'charts/hello/Chart.yaml': stringify({apiVersion: 'v2', name: 'hello', version: '0.1.0', appVersion: '1.0.0'}),
	'charts/hello/templates/configmap.yaml':
		'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
	'charts/hello/values.yaml': 'greeting: hello\n',
};

const condition = (object: Json, type: string) => (object?.status?.conditions ?? []).find((entry: Json) => entry.type === type);

// The tests run side by side: each has its own namespace and repository, and most of their time is spent waiting.
describe('driftwatch on the real Flux controllers', {timeout: 30 * 60_000, concurrency: true}, () => {
	let tier: ControllerTier;
	let home: string;
	let cliEnv: NodeJS.ProcessEnv;
	const workdirs: GitWorkdir[] = [];
	const monitors: LiveMonitor[] = [];
	const gitLayers: GitRepos[] = [];

	before(async () => {
		tier = await startTier();
		try {
			await startFlux(tier);
		} catch (error) {
			await tier.stop();
			throw error;
		}
		home = mkdtempSync(join(tmpdir(), 'driftwatch-flux-home-'));
		// The user's own git (revert commits need an identity) and driftwatch's clones, audit log and config in a temp HOME.
		cliEnv = {
			KUBECONFIG: tier.kubeconfigPath,
			HOME: home,
			XDG_CACHE_HOME: join(home, 'cache'),
			XDG_STATE_HOME: join(home, 'state'),
			XDG_CONFIG_HOME: join(home, 'config'),
			...gitIdentityEnv,
		};
	});

	after(async () => {
		for (const monitor of monitors) await monitor.close();
		for (const git of gitLayers) await git.stop();
		for (const workdir of workdirs) await workdir.remove();
		await tier?.stop();
		if (home) rmSync(home, {recursive: true, force: true});
	});

	const admin = () => tier.kubeConfig('admin');
	const get = (path: string): Promise<Json> => requestJson<Json>(admin(), path);
	const create = (path: string, body: Json) => requestJson(admin(), path, {method: 'POST', body: JSON.stringify(body)});

	function cli(args: string[], context?: string): Promise<CliRun> {
		return runCli(context ? [...args, '--context', context] : args, cliEnv, {timeoutMs: 120_000});
	}

	async function statusOf(namespace: string): Promise<StatusApp[]> {
		const run = await cli(['status', '--json', '--namespace', namespace]);
		assert.ok(run.code === 0 || run.code === 1, `status exit ${run.code}: ${run.stderr}`);
		return (JSON.parse(run.stdout) as {apps: StatusApp[]}).apps;
	}

	async function statusRow(namespace: string, kind: string, name: string): Promise<StatusApp> {
		const row = (await statusOf(namespace)).find(app => app.kind === kind && app.name === name);
		assert.ok(row, `status --json lists ${kind} ${namespace}/${name}`);
		return row;
	}

	/** Poll the object until `check` holds; the failure shows its status and the controllers' logs. */
	async function until(path: string, check: (object: Json) => boolean, what: string): Promise<Json> {
		let last: Json;
		try {
			return await waitForAsync(
				async () => {
					last = await get(path);
					return check(last) ? last : undefined;
				},
				controllerMs,
				() => what,
			);
		} catch (error) {
			throw new Error(`${(error as Error).message}\nlast status: ${JSON.stringify(last?.status ?? last)}\n${tier.logs(15)}`);
		}
	}

	/** A repository with `files` pushed, a GitRepository for it and a Kustomization of `path`, applied by the controller. */
	async function deployedApp(options: {
		prefix: string;
		files: (namespace: string) => Record<string, string>;
		path: string;
		kustomization?: Json;
	}) {
		const namespace = await tier.namespace(options.prefix);
		const url = await tier.git.createRepo(namespace);
		const workdir = await cloneWorkdir(url);
		workdirs.push(workdir);
		const first = await workdir.commitAndPush(options.files(namespace), 'first release');
		// Long intervals: only a push noticed through a reconcile request (or a resume) moves anything.
		await create(`/apis/source.toolkit.fluxcd.io/v1/namespaces/${namespace}/gitrepositories`, {
			apiVersion: 'source.toolkit.fluxcd.io/v1',
			kind: 'GitRepository',
			metadata: {name: 'platform', namespace},
			spec: {url, interval: '1h', ref: {branch: 'main'}, timeout: '20s'},
		});
		await create(`/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${namespace}/kustomizations`, {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			metadata: {name: 'web', namespace},
			spec: {
				interval: '1h',
				path: options.path,
				prune: true,
				sourceRef: {kind: 'GitRepository', name: 'platform'},
				...options.kustomization,
			},
		});
		return {namespace, url, workdir, first};
	}

	const applied = (sha: string) => (object: Json) =>
		object?.status?.lastAppliedRevision === `main@sha1:${sha}` && condition(object, 'Ready')?.status === 'True';

	function openMonitor(context = 'admin', namespace: string | null = null): LiveMonitor {
		const audit = new AuditLog(join(home, `audit-${monitors.length}.log`));
		const git = new GitRepos({
			env: {...process.env, ...cliEnv} as Record<string, string>,
			cacheDir: join(home, 'monitor-repos'),
			pollSeconds: 3600,
		});
		gitLayers.push(git);
		const monitor = createLiveMonitor({
			providers,
			kubeconfig: loadKubeConfig({path: tier.kubeconfigPath, context}),
			namespace,
			git,
			audit,
			batchMs: 50,
		});
		monitors.push(monitor);
		return monitor;
	}

	async function untilDrift(monitor: LiveMonitor, id: string, check: (state: AppDriftState) => boolean, what: string) {
		let latest: AppDriftState | null = null;
		const stop = monitor.watchDrift(id, state => {
			latest = state;
		});
		try {
			return await waitFor(
				() => (latest && check(latest) ? latest : undefined),
				controllerMs,
				() =>
					`${what}; drift: ${JSON.stringify({phase: latest?.phase, error: latest?.error, status: latest?.report?.status, disagreement: latest?.disagreement, ahead: latest?.tracked?.ahead})}`,
			);
		} finally {
			stop();
		}
	}

	test('a Kustomization and a HelmRelease (chart from the GitRepository) read Ready at the controllers’ revisions, in status --json and the TUI', async () => {
		const {namespace, first} = await deployedApp({
			prefix: 'flux-ready',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1'), ...chartFiles}),
		});
		await create(`/apis/helm.toolkit.fluxcd.io/v2/namespaces/${namespace}/helmreleases`, {
			apiVersion: 'helm.toolkit.fluxcd.io/v2',
			kind: 'HelmRelease',
			metadata: {name: 'hello', namespace},
			spec: {
				interval: '1h',
				chart: {spec: {chart: './charts/hello', sourceRef: {kind: 'GitRepository', name: 'platform'}, interval: '1h'}},
			},
		});
		const kustomization = await until(kustomizationPath(namespace, 'web'), applied(first), 'the Kustomization applied the first commit');
		assert.equal(condition(kustomization, 'Ready').message, `Applied revision: main@sha1:${first}`);
		assert.equal((await get(configMapPath(namespace, 'web-settings'))).data.release, '1');
		const release = await until(
			helmReleasePath(namespace, 'hello'),
			object => condition(object, 'Ready')?.status === 'True',
			'the HelmRelease installed',
		);
		assert.equal((await get(configMapPath(namespace, 'hello-greeting'))).data.greeting, 'hello');
		// --events-addr is empty (no notification-controller), yet the controllers record Kubernetes Events.
		const events = await waitForAsync(
			async () => {
				const list = await get(`/api/v1/namespaces/${namespace}/events`);
				const seen = new Set((list.items as Json[]).map(event => `${event.involvedObject.kind}/${event.reason}`));
				const wanted = ['GitRepository/NewArtifact', 'Kustomization/ReconciliationSucceeded', 'HelmRelease/InstallSucceeded'];
				return wanted.every(entry => seen.has(entry)) ? seen : undefined;
			},
			controllerMs,
			() => 'the controllers’ Events',
		);
		assert.ok(events.has('Kustomization/Progressing'), 'the apply event (one line per changed object)');

		const rows = await statusOf(namespace);
		const web = rows.find(app => app.kind === 'Kustomization' && app.name === 'web');
		const hello = rows.find(app => app.kind === 'HelmRelease' && app.name === 'hello');
		assert.deepEqual(
			{sync: web?.sync, health: web?.health, revision: web?.revision},
			{sync: 'Synced', health: 'Healthy', revision: kustomization.status.lastAppliedRevision},
		);
		assert.deepEqual(
			{sync: hello?.sync, health: hello?.health, revision: hello?.revision},
			{sync: 'Synced', health: 'Healthy', revision: release.status.history?.[0]?.chartVersion ?? '0.1.0'},
			JSON.stringify(release.status),
		);

		const monitor = openMonitor('admin', namespace);
		const screen = renderApp(monitor, {width: 140, height: 20, timeoutMs: controllerMs});
		try {
			const frame = await screen.until(
				text => /Synced +Healthy/.test(rowOf(text, 'web') ?? '') && /Synced +Healthy/.test(rowOf(text, 'hello') ?? ''),
				'both rows Synced and Healthy',
			);
			assert.match(rowOf(frame, 'web')!, new RegExp(first.slice(0, 7)));
			assert.match(rowOf(frame, 'hello')!, /0\.1\.0/);
		} finally {
			screen.unmount();
		}
		const webId = (await waitFor(() => monitor.store.getSnapshot().apps.find(app => app.name === 'web'), controllerMs))!.id;
		const drift = await untilDrift(monitor, webId, state => state.phase !== 'pending', 'the local drift of web');
		assert.equal(drift.phase, 'ready', drift.error ?? '');
		assert.equal(drift.report?.status, 'Synced', 'nothing differs from the applied revision, as the controller says');
		assert.equal(drift.disagreement, null);
	});

	test('a new commit is applied only after reconcile, which annotates the GitRepository too', async () => {
		const {namespace, workdir, first} = await deployedApp({
			prefix: 'flux-reconcile',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1')}),
		});
		await until(kustomizationPath(namespace, 'web'), applied(first), 'the first commit applied');
		const second = await workdir.commitAndPush({'apps/web/settings.yaml': settingsConfigMap(namespace, '2')}, 'second release');

		// Flux has not fetched it (1 h interval): the controller still reports the first commit, and so do we.
		const before = await statusRow(namespace, 'Kustomization', 'web');
		assert.equal(before.revision, `main@sha1:${first}`);
		assert.equal(before.sync, 'Synced');
		const monitor = openMonitor('admin', namespace);
		const id = (await waitFor(() => monitor.store.getSnapshot().apps.find(app => app.name === 'web'), controllerMs))!.id;
		const ahead = await untilDrift(monitor, id, state => state.phase === 'ready' && state.tracked?.ahead === 1, 'main one commit ahead');
		assert.equal(ahead.report?.status, 'Synced', 'the cluster matches the applied revision');
		assert.equal(ahead.disagreement, null);

		const reconcile = await cli(['reconcile', `ks/${namespace}/web`, '--yes']);
		assert.equal(reconcile.code, 0, reconcile.stderr);
		const source = await until(
			gitRepositoryPath(namespace, 'platform'),
			object => object.status?.artifact?.revision === `main@sha1:${second}`,
			'the GitRepository fetched the second commit',
		);
		assert.ok(source.metadata.annotations['reconcile.fluxcd.io/requestedAt'], 'the source was annotated');
		assert.equal(source.status.lastHandledReconcileAt, source.metadata.annotations['reconcile.fluxcd.io/requestedAt']);
		const kustomization = await until(kustomizationPath(namespace, 'web'), applied(second), 'the second commit applied');
		assert.equal(kustomization.status.lastHandledReconcileAt, kustomization.metadata.annotations['reconcile.fluxcd.io/requestedAt']);
		assert.equal((await get(configMapPath(namespace, 'web-settings'))).data.release, '2');
		const after = await statusRow(namespace, 'Kustomization', 'web');
		assert.deepEqual(
			{sync: after.sync, health: after.health, revision: after.revision},
			{sync: 'Synced', health: 'Healthy', revision: `main@sha1:${second}`},
		);
		const caughtUp = await untilDrift(
			monitor,
			id,
			state => state.phase === 'ready' && state.tracked?.ahead === 0,
			'the follower at the new revision',
		);
		assert.equal(caughtUp.report?.status, 'Synced');
		assert.equal(caughtUp.disagreement, null);
	});

	test('a hand edit: diff shows it and Flux has not seen it (the follower says so); reconcile undoes it, as the controller applies', async () => {
		const {namespace, first} = await deployedApp({
			prefix: 'flux-edit',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1')}),
		});
		await until(kustomizationPath(namespace, 'web'), applied(first), 'the first commit applied');
		const monitor = openMonitor('admin', namespace);
		const id = (await waitFor(() => monitor.store.getSnapshot().apps.find(app => app.name === 'web'), controllerMs))!.id;
		await untilDrift(monitor, id, state => state.phase === 'ready' && state.report?.status === 'Synced', 'no drift at first');

		await requestJson(admin(), configMapPath(namespace, 'web-settings'), {
			method: 'PATCH',
			query: {fieldManager: 'hand-edit'},
			contentType: 'application/merge-patch+json',
			body: JSON.stringify({data: {release: 'edited by hand'}}),
		});
		const diff = await cli(['diff', `ks/${namespace}/web`]);
		assert.equal(diff.code, 1, diff.stderr);
		assert.match(diff.stdout, /^-\s+release: edited by hand$/m);
		assert.match(diff.stdout, /^\+\s+release: "?1"?$/m);
		// Flux reconciles on its interval (1 h here): it still says Applied revision, and so does the row.
		const row = await statusRow(namespace, 'Kustomization', 'web');
		assert.deepEqual({sync: row.sync, health: row.health}, {sync: 'Synced', health: 'Healthy'});
		const edited = await untilDrift(monitor, id, state => state.report?.status === 'OutOfSync', 'the follower sees the edit');
		assert.match(edited.disagreement ?? '', /^Flux says Synced, but 1 object here differs from Git at /);

		const reconcile = await cli(['reconcile', `ks/${namespace}/web`, '--yes']);
		assert.equal(reconcile.code, 0, reconcile.stderr);
		await waitForAsync(
			async () => (await get(configMapPath(namespace, 'web-settings'))).data.release === '1',
			controllerMs,
			() => 'kustomize-controller to take data.release back',
		);
		const clean = await cli(['diff', `ks/${namespace}/web`]);
		assert.equal(clean.code, 0, clean.stdout + clean.stderr);
		const agreed = await untilDrift(monitor, id, state => state.report?.status === 'Synced', 'the follower after the reconcile');
		assert.equal(agreed.disagreement, null);
	});

	test('a HelmRelease of a chart in the GitRepository upgrades to a new chart version pushed, after reconcile', async () => {
		const {namespace, workdir} = await deployedApp({
			prefix: 'flux-helm',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1'), ...chartFiles}),
		});
		await create(`/apis/helm.toolkit.fluxcd.io/v2/namespaces/${namespace}/helmreleases`, {
			apiVersion: 'helm.toolkit.fluxcd.io/v2',
			kind: 'HelmRelease',
			metadata: {name: 'hello', namespace},
			spec: {
				interval: '1h',
				chart: {spec: {chart: './charts/hello', sourceRef: {kind: 'GitRepository', name: 'platform'}, interval: '1h'}},
			},
		});
		await until(
			helmReleasePath(namespace, 'hello'),
			object => object.status?.history?.[0]?.chartVersion === '0.1.0',
			'hello 0.1.0 installed',
		);
		await workdir.commitAndPush(
			{
				'charts/hello/Chart.yaml': stringify({apiVersion: 'v2', name: 'hello', version: '0.2.0', appVersion: '1.1.0'}),
				'charts/hello/values.yaml': 'greeting: hello again\n',
			},
			'hello 0.2.0',
		);
		const reconcile = await cli(['reconcile', `hr/${namespace}/hello`, '--yes']);
		assert.equal(reconcile.code, 0, reconcile.stderr);
		const upgraded = await until(
			helmReleasePath(namespace, 'hello'),
			object => object.status?.history?.[0]?.chartVersion === '0.2.0' && condition(object, 'Ready')?.status === 'True',
			'hello upgraded to 0.2.0',
		);
		assert.equal(condition(upgraded, 'Ready').reason, 'UpgradeSucceeded');
		assert.equal((await get(configMapPath(namespace, 'hello-greeting'))).data.greeting, 'hello again');
		const row = await statusRow(namespace, 'HelmRelease', 'hello');
		assert.deepEqual({sync: row.sync, health: row.health, revision: row.revision}, {sync: 'Synced', health: 'Healthy', revision: '0.2.0'});
	});

	test('from the TUI: r reconciles a pushed commit into the row, u suspends and resumes; the viewer is told it may not', async () => {
		const {namespace, workdir, first} = await deployedApp({
			prefix: 'flux-tui',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1')}),
		});
		await until(kustomizationPath(namespace, 'web'), applied(first), 'the first commit applied');
		const second = await workdir.commitAndPush({'apps/web/settings.yaml': settingsConfigMap(namespace, '2')}, 'second release');
		const screens: AppScreen[] = [];
		const show = (context: string) => {
			const screen = renderApp(openMonitor(context, namespace), {width: 120, height: 24, timeoutMs: controllerMs});
			screens.push(screen);
			return screen;
		};
		try {
			const ui = show('admin');
			await ui.until(
				text => new RegExp(`${first.slice(0, 7)} .*Synced +Healthy`).test(rowOf(text, 'web') ?? ''),
				'web at the first commit',
			);
			ui.press('r');
			let frame = await ui.until(text => /runs it on|Cannot run/.test(text), 'the reconcile confirmation');
			assert.match(frame, new RegExp(`^Reconcile Kustomization ${namespace}/web$`, 'm'));
			assert.match(frame, new RegExp(`annotate GitRepository ${namespace}/platform`));
			ui.press('y');
			frame = await ui.until(
				text => new RegExp(`${second.slice(0, 7)} .*Synced +Healthy`).test(rowOf(text, 'web') ?? ''),
				'the row at the pushed commit, as the controller applied it',
			);
			assert.equal((await get(kustomizationPath(namespace, 'web'))).status.lastAppliedRevision, `main@sha1:${second}`);

			ui.press('u');
			await ui.until(text => /^Suspend Kustomization/m.test(text) && /runs it on/.test(text), 'the suspend confirmation');
			ui.press('y');
			await ui.until(text => /Suspended/.test(rowOf(text, 'web') ?? ''), 'the row says Suspended');
			assert.equal((await get(kustomizationPath(namespace, 'web'))).spec.suspend, true);
			ui.press('u');
			await ui.until(text => /^Resume Kustomization/m.test(text) && /runs it on/.test(text), 'the resume confirmation');
			ui.press('y');
			await ui.until(text => /Synced +Healthy/.test(rowOf(text, 'web') ?? ''), 'resumed: Synced and Healthy again');
			assert.equal((await get(kustomizationPath(namespace, 'web'))).spec.suspend, undefined);

			const before = (await get(kustomizationPath(namespace, 'web'))).metadata.resourceVersion;
			const viewer = show('viewer');
			await viewer.until(text => Boolean(rowOf(text, 'web')), 'the viewer lists web');
			viewer.press('u');
			frame = await viewer.until(text => /Cannot run/.test(text), 'the suspend refused');
			assert.match(frame.replace(/[│┃|]/g, ' ').replace(/\s+/g, ' '), /may not patch kustomizations\.kustomize\.toolkit\.fluxcd\.io/);
			viewer.press('y');
			assert.equal((await get(kustomizationPath(namespace, 'web'))).metadata.resourceVersion, before, 'nothing written');
		} finally {
			for (const screen of screens) screen.unmount();
		}
	});

	test('suspend: a fetched commit is not applied and the row says Suspended; resume applies it', async () => {
		const {namespace, workdir, first} = await deployedApp({
			prefix: 'flux-suspend',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1')}),
		});
		await until(kustomizationPath(namespace, 'web'), applied(first), 'the first commit applied');
		const suspend = await cli(['suspend', `ks/${namespace}/web`, '--yes']);
		assert.equal(suspend.code, 0, suspend.stderr);
		await until(kustomizationPath(namespace, 'web'), object => object.spec.suspend === true, 'spec.suspend set');

		const second = await workdir.commitAndPush({'apps/web/settings.yaml': settingsConfigMap(namespace, '2')}, 'second release');
		// A reconcile of a suspended app is refused, as flux's CLI does; the source alone is fetched with a request.
		const refused = await cli(['reconcile', `ks/${namespace}/web`, '--yes']);
		assert.equal(refused.code, 2, refused.stdout + refused.stderr);
		await requestJson(admin(), gitRepositoryPath(namespace, 'platform'), {
			method: 'PATCH',
			contentType: 'application/merge-patch+json',
			body: JSON.stringify({metadata: {annotations: {'reconcile.fluxcd.io/requestedAt': `fetch-${Date.now()}`}}}),
		});
		await until(
			gitRepositoryPath(namespace, 'platform'),
			object => object.status?.artifact?.revision === `main@sha1:${second}`,
			'the GitRepository fetched the second commit',
		);
		const kustomization = await get(kustomizationPath(namespace, 'web'));
		assert.equal(kustomization.status.lastAppliedRevision, `main@sha1:${first}`, 'nothing applied while suspended');
		assert.equal((await get(configMapPath(namespace, 'web-settings'))).data.release, '1');
		const row = await statusRow(namespace, 'Kustomization', 'web');
		assert.equal(row.health, 'Suspended');
		assert.equal(row.sync, 'OutOfSync', 'the source offers a revision the app has not applied');
		const monitor = openMonitor('admin', namespace);
		const id = (await waitFor(
			() => monitor.store.getSnapshot().apps.find(app => app.name === 'web' && app.health === 'Suspended'),
			controllerMs,
		))!.id;
		const drift = await untilDrift(monitor, id, state => state.phase === 'ready', 'the follower while suspended');
		// Live still matches the applied commit and the newer one waits: what OutOfSync says, no disagreement.
		assert.equal(drift.report?.status, 'Synced');
		assert.equal(drift.rendered?.revision, first);
		assert.equal(drift.disagreement, null);

		const resume = await cli(['resume', `ks/${namespace}/web`, '--yes']);
		assert.equal(resume.code, 0, resume.stderr);
		await until(kustomizationPath(namespace, 'web'), applied(second), 'the second commit applied after resume');
		assert.equal((await get(configMapPath(namespace, 'web-settings'))).data.release, '2');
		const resumed = await statusRow(namespace, 'Kustomization', 'web');
		assert.deepEqual({sync: resumed.sync, health: resumed.health}, {sync: 'Synced', health: 'Healthy'});
	});

	test('a Kustomization waiting on a Deployment that never becomes available reads Degraded with the controller’s message', async () => {
		const {namespace} = await deployedApp({
			prefix: 'flux-health',
			path: './apps/slow',
			files: ns => ({'apps/slow/deployment.yaml': deploymentManifest(ns)}),
			// The shortest timeout kustomize-controller allows (30 s); no kubelet runs the pod.
			kustomization: {wait: true, timeout: '30s'},
		});
		const failed = await until(
			kustomizationPath(namespace, 'web'),
			object => condition(object, 'Ready')?.status === 'False' && condition(object, 'Ready')?.reason === 'HealthCheckFailed',
			'Ready=False HealthCheckFailed',
		);
		const row = await statusRow(namespace, 'Kustomization', 'web');
		assert.equal(row.health, 'Degraded');
		const controllerMessage = condition(failed, 'Ready').message.split('\n')[0];
		assert.ok(
			row.message.includes(controllerMessage),
			`row message ${JSON.stringify(row.message)} carries ${JSON.stringify(controllerMessage)}`,
		);
		assert.match(row.message, /^HealthCheckFailed: /);
		// The apply happened (only the health check failed): the row runs the attempted revision, as the follower renders it.
		assert.equal(row.revision, failed.status.lastAttemptedRevision);
		assert.equal(row.sync, 'Synced');
		const monitor = openMonitor('admin', namespace);
		const id = (await waitFor(() => monitor.store.getSnapshot().apps.find(app => app.name === 'web'), controllerMs))!.id;
		const drift = await untilDrift(monitor, id, state => state.phase !== 'pending', 'the follower of the failing app');
		assert.equal(drift.phase, 'ready', drift.error ?? '');
		assert.equal(drift.report?.status, 'Synced', 'the Deployment is as Git has it: unavailable is a matter of health');
		assert.equal(`main@sha1:${drift.rendered?.revision}`, failed.status.lastAttemptedRevision);
		assert.equal(drift.disagreement, null);
	});

	test('rollback by git revert + push: the controller applies the reverted revision; a refused push keeps the revert on a local branch', async () => {
		const {namespace, workdir, first} = await deployedApp({
			prefix: 'flux-rollback',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1')}),
		});
		await until(kustomizationPath(namespace, 'web'), applied(first), 'the first commit applied');
		const second = await workdir.commitAndPush({'apps/web/settings.yaml': settingsConfigMap(namespace, '2')}, 'second release');
		assert.equal((await cli(['reconcile', `ks/${namespace}/web`, '--yes'])).code, 0);
		await until(kustomizationPath(namespace, 'web'), applied(second), 'the second commit applied');

		const rollback = await cli(['rollback', `ks/${namespace}/web`, '--to', first, '--yes']);
		assert.equal(rollback.code, 0, rollback.stderr);
		const revert = await tier.git.branchTip(namespace);
		assert.ok(revert && revert !== second, 'a revert commit was pushed');
		await until(kustomizationPath(namespace, 'web'), applied(revert), 'the revert applied');
		assert.equal((await get(configMapPath(namespace, 'web-settings'))).data.release, '1');
		const row = await statusRow(namespace, 'Kustomization', 'web');
		assert.deepEqual(
			{sync: row.sync, health: row.health, revision: row.revision},
			{sync: 'Synced', health: 'Healthy', revision: `main@sha1:${revert}`},
		);

		await tier.git.rejectPushes(namespace, 'main is protected: open a pull request');
		const refused = await cli(['rollback', `ks/${namespace}/web`, '--to', second, '--yes']);
		assert.equal(refused.code, 1, refused.stdout + refused.stderr);
		const kept = /kept on local branch (\S+) in (\S+?);/.exec(refused.stdout + refused.stderr);
		assert.ok(kept, `names the local branch: ${refused.stdout}${refused.stderr}`);
		assert.match(refused.stdout + refused.stderr, /main is protected: open a pull request/);
		assert.equal(await tier.git.branchTip(namespace), revert, 'nothing reached the server');
		assert.ok(existsSync(kept[2]!), 'the work tree is there');
		const keptCommit = execFileSync('git', ['-C', kept[2]!, 'rev-parse', '--verify', `refs/heads/${kept[1]}`], {encoding: 'utf8'}).trim();
		const keptSubject = execFileSync('git', ['-C', kept[2]!, 'log', '-1', '--format=%s', keptCommit], {encoding: 'utf8'});
		assert.match(keptSubject, /^Revert /, 'the branch holds the revert');
		const kustomization = await get(kustomizationPath(namespace, 'web'));
		assert.equal(kustomization.status.lastAppliedRevision, `main@sha1:${revert}`, 'the controller keeps the last pushed revision');
	});

	test('the viewer context is refused every action as forbidden, and nothing changes', async () => {
		const {namespace, workdir, first} = await deployedApp({
			prefix: 'flux-viewer',
			path: './apps/web',
			files: ns => ({'apps/web/settings.yaml': settingsConfigMap(ns, '1')}),
		});
		const before = await until(kustomizationPath(namespace, 'web'), applied(first), 'the first commit applied');
		// Something to roll back: a second commit on the path (not applied: nobody asked Flux to fetch it).
		const second = await workdir.commitAndPush({'apps/web/settings.yaml': settingsConfigMap(namespace, '2')}, 'second release');
		for (const action of [['suspend'], ['reconcile'], ['rollback', '--to', first]]) {
			const run = await cli([action[0]!, `ks/${namespace}/web`, ...action.slice(1), '--yes'], 'viewer');
			assert.equal(run.code, 2, `${action[0]}: ${run.stdout}${run.stderr}`);
			// RBAC's Forbidden, as driftwatch words it: who may not do what, and that nothing was written.
			assert.match(run.stderr, /your identity \(context viewer\) may not (patch|create) [^:]+: nothing was changed/, action[0]);
		}
		const afterwards = await get(kustomizationPath(namespace, 'web'));
		assert.equal(afterwards.metadata.resourceVersion, before.metadata.resourceVersion, 'the Kustomization is untouched');
		const source = await get(gitRepositoryPath(namespace, 'platform'));
		assert.equal(source.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'], undefined, 'the source is untouched');
		assert.equal(await tier.git.branchTip(namespace), second, 'no revert was pushed');
	});
});
