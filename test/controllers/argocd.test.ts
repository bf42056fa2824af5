// driftwatch against Argo CD's real controllers (argocd-repo-server and argocd-application-controller v3.6.2 on a
// real kube-apiserver, Git over smart HTTP on loopback): every action is taken as a user takes it — the CLI
// subcommands, and the TUI where the CLI has none — and every assertion is about what the controller did.
// Controller outcomes are polled from the API with a bound; nothing sleeps.
import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, describe, test} from 'node:test';
import {stringify} from 'yaml';
import {AuditLog} from '../../source/core/actions/audit-log.js';
import type {AppDriftState} from '../../source/core/drift/drift-state.js';
import {GitRepos} from '../../source/core/git/git-repos.js';
import {requestJson} from '../../source/core/kube/http.js';
import {loadKubeConfig} from '../../source/core/kube/kubeconfig.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {providers} from '../../source/core/controllers/controllers.js';
import {createLiveMonitor, type LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {rowOf, showApp, type AppScreen} from '../support/app-harness.js';
import {runCli, type CliRun} from '../support/cli.js';
import {waitFor, waitForAsync} from '../support/wait-for.js';
import {argoNamespace, startArgoCd} from './argocd/controllers.js';
import {cloneWorkdir, gitIdentityEnv, type GitWorkdir} from './harness/git-server.js';
import {startTierWith, type ControllerTier} from './harness/tier.js';
import {unavailableDeployment} from './harness/workloads.js';

type Application = KubeObject & {operation?: any; status?: any; spec?: any};

/** How long the controller may take for one answer; it takes 0.3–4 s on an idle machine. */
const controllerMs = 60_000;

describe('driftwatch on Argo CD’s real controllers', () => {
	let tier: ControllerTier;
	let stateDir: string;
	let git: GitRepos;
	const monitors: LiveMonitor[] = [];
	const workdirs: GitWorkdir[] = [];
	let screen: AppScreen | undefined;

	before(async () => {
		stateDir = await mkdtemp(join(tmpdir(), 'driftwatch-argocd-state-'));
		tier = await startTierWith(startArgoCd);
		git = new GitRepos({
			env: {...process.env, ...gitIdentityEnv, HOME: stateDir},
			cacheDir: join(stateDir, 'repos'),
			pollSeconds: 2,
		});
	});
	afterEach(async () => {
		screen?.unmount();
		screen = undefined;
		await Promise.all(monitors.splice(0).map(monitor => monitor.close()));
	});
	after(async () => {
		await Promise.all(workdirs.map(workdir => workdir.remove()));
		await git?.stop();
		await tier?.stop();
		await rm(stateDir, {recursive: true, force: true});
	});

	/** The CLI as a user runs it on this cluster: own state/cache/config homes, --yes for actions. */
	function cli(args: string[], context = 'admin'): Promise<CliRun> {
		return runCli([...args, '--kubeconfig', tier.kubeconfigPath, '--context', context], {
			XDG_STATE_HOME: join(stateDir, 'state'),
			XDG_CACHE_HOME: join(stateDir, 'cache'),
			XDG_CONFIG_HOME: join(stateDir, 'config'),
			HOME: stateDir,
			...gitIdentityEnv,
		});
	}

	async function action(args: string[], context = 'admin'): Promise<CliRun> {
		const run = await cli([...args, '--yes'], context);
		assert.equal(run.code, 0, `driftwatch ${args.join(' ')}: exit ${run.code}\n${run.stderr}\n${tier.logs(20)}`);
		return run;
	}

	function application(name: string): Promise<Application> {
		return requestJson<Application>(
			tier.kubeConfig('admin'),
			`/apis/argoproj.io/v1alpha1/namespaces/${argoNamespace}/applications/${name}`,
		);
	}

	/** Poll the Application until `check` holds; a timeout shows its status and the controllers' logs. */
	async function untilApplication(name: string, check: (app: Application) => boolean, what: string): Promise<Application> {
		return waitForAsync(
			async () => {
				const app = await application(name);
				return check(app) ? app : undefined;
			},
			controllerMs,
			() => `${name}: ${what}`,
		).catch(async (error: Error) => {
			const app = await application(name).catch(() => null);
			throw new Error(
				`${error.message}\n--- Application ${name} ---\n${stringify({operation: app?.operation, status: app?.status, annotations: app?.metadata?.annotations})}\n${tier.logs(15)}`,
			);
		});
	}

	type Repo = {url: string; workdir: GitWorkdir};

	async function repository(name: string): Promise<Repo> {
		const url = await tier.git.createRepo(name);
		const workdir = await cloneWorkdir(url);
		workdirs.push(workdir);
		return {url, workdir};
	}

	async function createApplication(
		name: string,
		repo: Repo,
		namespace: string,
		options: {automated?: boolean; path?: string} = {},
	): Promise<void> {
		const app = {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name, namespace: argoNamespace},
			spec: {
				project: 'default',
				source: {repoURL: repo.url, path: options.path ?? 'app', targetRevision: 'main'},
				destination: {server: 'https://kubernetes.default.svc', namespace},
				...(options.automated ? {syncPolicy: {automated: {}}} : {}),
			},
		};
		await requestJson(tier.kubeConfig('admin'), `/apis/argoproj.io/v1alpha1/namespaces/${argoNamespace}/applications`, {
			method: 'POST',
			body: JSON.stringify(app),
		});
	}

	/** What `status --json` says of an app: its row. */
	async function statusRow(name: string): Promise<Record<string, unknown>> {
		const run = await cli(['status', '--json']);
		assert.ok(run.code === 0 || run.code === 1, `status exit ${run.code}: ${run.stderr}`);
		const report = JSON.parse(run.stdout) as {apps: Array<Record<string, unknown>>};
		const row = report.apps.find(app => app['name'] === name && app['namespace'] === argoNamespace);
		assert.ok(row, `status --json lists ${name}:\n${run.stdout}`);
		return row;
	}

	function openMonitor(context = 'admin'): LiveMonitor {
		const kubeconfig = loadKubeConfig({path: tier.kubeconfigPath, context});
		const monitor = createLiveMonitor({
			providers,
			kubeconfig,
			namespace: null,
			git,
			audit: new AuditLog(join(stateDir, `audit-${monitors.length}.log`)),
		});
		monitors.push(monitor);
		return monitor;
	}

	/**
	 * Wait until the monitor's local drift for `name` has a result for `revision` (reading `status`, when given: it
	 * follows the live objects as they change; and counting `ahead` commits on the followed branch past the
	 * deployed one, once it has fetched it); returns it.
	 */
	async function driftAt(monitor: LiveMonitor, name: string, revision: string, status?: string, ahead?: number): Promise<AppDriftState> {
		const id = await waitFor(
			() => monitor.store.getSnapshot().apps.find(app => app.name === name && app.namespace === argoNamespace)?.id,
			controllerMs,
			() => `${name} in the monitor`,
		);
		let latest: AppDriftState | null = null;
		const stop = monitor.watchDrift(id, state => {
			latest = state;
		});
		try {
			return await waitFor(
				() => {
					const state = latest as AppDriftState | null;
					return state?.phase === 'ready' &&
						state.rendered?.revision === revision &&
						// The controller's word as the follower last saw it too: the monitor's watch may bring the
						// Application's new status after the live objects changed, and agreement is judged on both.
						(status === undefined || (state.report?.status === status && state.controllerSync === status)) &&
						(ahead === undefined || state.tracked?.ahead === ahead)
						? state
						: undefined;
				},
				controllerMs,
				() =>
					`${name}: local drift at ${revision.slice(0, 7)}; monitor row ${JSON.stringify(monitor.store.getSnapshot().apps.find(app => app.id === id)?.sync)} rv ${monitor.store.getSnapshot().apps.find(app => app.id === id)?.resourceVersion}; latest ${JSON.stringify(latest)}`,
			);
		} finally {
			stop();
		}
	}

	function configMap(name: string, data: Record<string, string>): string {
		return stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data});
	}

	const synced = (revision: string) => (app: Application) =>
		app.operation === undefined &&
		app.status?.operationState?.phase === 'Succeeded' &&
		app.status?.sync?.status === 'Synced' &&
		app.status?.sync?.revision === revision;

	test('sync: the Application reaches Synced/Healthy at the commit it was compared with; status --json, the TUI and the local drift agree', async () => {
		const namespace = await tier.namespace('argo-sync');
		const repo = await repository('sync');
		const first = await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'info'})}, 'settings');
		await createApplication('shop', repo, namespace);

		const compared = await untilApplication('shop', app => app.status?.sync?.status === 'OutOfSync', 'the first comparison');
		assert.equal(compared.status.sync.revision, first);
		assert.equal(compared.status.health.status, 'Missing');
		const before = await statusRow('shop');
		assert.equal(before['sync'], 'OutOfSync');
		assert.equal(before['health'], 'Missing');

		const run = await action(['sync', 'shop']);
		assert.match(run.stdout, new RegExp(`sync requested: ${first.slice(0, 7)}`));
		const done = await untilApplication('shop', synced(first), 'the sync to succeed');
		assert.equal(done.status.health.status, 'Healthy');
		assert.equal(done.status.history.length, 1);
		assert.equal(done.status.history[0].revision, first);
		assert.equal(done.status.operationState.operation.initiatedBy.username !== '', true);
		const live = await requestJson<KubeObject>(tier.kubeConfig('admin'), `/api/v1/namespaces/${namespace}/configmaps/settings`);
		assert.equal((live as {data?: Record<string, string>}).data?.['LEVEL'], 'info');

		const after = await statusRow('shop');
		assert.equal(after['sync'], 'Synced');
		assert.equal(after['health'], 'Healthy');

		const monitor = openMonitor();
		screen = showApp(monitor);
		const row = await screen.until(text => /Synced/.test(rowOf(text, 'shop') ?? ''), 'shop Synced in the TUI', controllerMs);
		assert.match(rowOf(row, 'shop') ?? '', /Healthy/);
		const drift = await driftAt(monitor, 'shop', first);
		assert.equal(drift.report?.status, 'Synced', `local drift: ${JSON.stringify(drift.report)}`);
		assert.equal(drift.controllerSync, 'Synced');
		assert.equal(drift.disagreement, null);
	});
	test('refresh and hard refresh: the controller answers and removes the annotation', async () => {
		const namespace = await tier.namespace('argo-refresh');
		const repo = await repository('refresh');
		await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'info'})}, 'settings');
		await createApplication('catalog', repo, namespace);
		await untilApplication('catalog', app => app.status?.sync?.status === 'OutOfSync', 'the first comparison');
		const refreshKey = 'argocd.argoproj.io/refresh';

		for (const hard of [false, true]) {
			const run = await action(['refresh', 'catalog', ...(hard ? ['--hard'] : [])]);
			assert.match(run.stdout, hard ? /hard refresh requested/ : /refresh requested/);
			// Only the controller removes it, once it compared again.
			const answered = await untilApplication(
				'catalog',
				app => app.metadata?.annotations?.[refreshKey] === undefined,
				`the ${hard ? 'hard ' : ''}refresh to be handled`,
			);
			assert.equal(answered.metadata?.annotations?.['argocd.argoproj.io/refresh-timestamp'], undefined);
			assert.equal(answered.status.sync.status, 'OutOfSync');
		}
	});

	test('a sync to a new commit: refresh shows it OutOfSync at the new commit, sync deploys it; the local drift agrees at each step', async () => {
		const namespace = await tier.namespace('argo-commit');
		const repo = await repository('commit');
		const first = await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'info'})}, 'info');
		await createApplication('ledger', repo, namespace);
		await untilApplication('ledger', app => app.status?.sync?.revision === first, 'the first comparison');
		await action(['sync', 'ledger']);
		await untilApplication('ledger', synced(first), 'the first sync');
		const monitor = openMonitor();
		assert.equal((await driftAt(monitor, 'ledger', first)).report?.status, 'Synced');

		const second = await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'debug'})}, 'debug');
		await action(['refresh', 'ledger']);
		const behind = await untilApplication('ledger', app => app.status?.sync?.revision === second, 'the new commit compared');
		assert.equal(behind.status.sync.status, 'OutOfSync');
		assert.equal((await statusRow('ledger'))['sync'], 'OutOfSync');
		// Argo CD compares with the new commit; the first one still runs: main is one commit ahead of it.
		const drift = await driftAt(monitor, 'ledger', second, 'OutOfSync', 1);
		assert.equal(drift.disagreement, null);

		const run = await action(['sync', 'ledger']);
		assert.match(run.stdout, new RegExp(`sync requested: ${second.slice(0, 7)}`));
		const done = await untilApplication('ledger', synced(second), 'the sync to the new commit');
		assert.deepEqual(
			done.status.history.map((entry: {revision: string}) => entry.revision),
			[first, second],
		);
		const live = await requestJson<{data?: Record<string, string>}>(
			tier.kubeConfig('admin'),
			`/api/v1/namespaces/${namespace}/configmaps/settings`,
		);
		assert.equal(live.data?.['LEVEL'], 'debug');
		assert.equal((await statusRow('ledger'))['sync'], 'Synced');
		const after = await driftAt(monitor, 'ledger', second, 'Synced', 0);
		assert.equal(after.disagreement, null);
	});

	test('rollback to a history id: auto-sync is disabled first, the controller deploys the old revision, and the app reads OutOfSync', async () => {
		const namespace = await tier.namespace('argo-rollback');
		const repo = await repository('rollback');
		const first = await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'info'})}, 'info');
		await createApplication('billing', repo, namespace, {automated: true});
		await untilApplication('billing', synced(first), 'auto-sync of the first commit');
		const second = await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'debug'})}, 'debug');
		await action(['refresh', 'billing']);
		const deployed = await untilApplication('billing', synced(second), 'auto-sync of the second commit');
		assert.equal(deployed.status.history.length, 2);
		const firstId = String(deployed.status.history[0].id);

		const listing = await cli(['rollback', 'billing']);
		assert.equal(listing.code, 2, listing.stderr);
		assert.match(listing.stderr, new RegExp(`#?${firstId} .*${first.slice(0, 7)}`));

		const run = await action(['rollback', 'billing', '--to', firstId]);
		assert.match(run.stdout, /auto-sync disabled/);
		const rolledBack = await untilApplication(
			'billing',
			app =>
				app.operation === undefined &&
				app.status?.operationState?.phase === 'Succeeded' &&
				app.status?.operationState?.syncResult?.revision === first,
			'the rollback to finish',
		);
		assert.equal(rolledBack.spec.syncPolicy.automated.enabled, false, 'auto-sync off');
		assert.equal(
			rolledBack.status.operationState.operation.sync.syncStrategy.apply !== undefined,
			true,
			'apply strategy, as Argo CD builds it',
		);
		assert.equal(rolledBack.status.history.at(-1).revision, first);
		const live = await requestJson<{data?: Record<string, string>}>(
			tier.kubeConfig('admin'),
			`/api/v1/namespaces/${namespace}/configmaps/settings`,
		);
		assert.equal(live.data?.['LEVEL'], 'info', 'the old revision is deployed');
		const outOfSync = await untilApplication('billing', app => app.status?.sync?.status === 'OutOfSync', 'OutOfSync after the rollback');
		assert.equal(outOfSync.status.sync.revision, second, 'compared with the branch tip, as before');

		assert.equal((await statusRow('billing'))['sync'], 'OutOfSync');
		const monitor = openMonitor();
		screen = showApp(monitor);
		await screen.until(text => /OutOfSync/.test(rowOf(text, 'billing') ?? ''), 'billing OutOfSync in the TUI', controllerMs);
		// main is one commit ahead of the revision rolled back to.
		const drift = await driftAt(monitor, 'billing', second, 'OutOfSync', 1);
		assert.equal(drift.disagreement, null);
	});

	test('terminate a running operation from the TUI: a PreSync hook Job that never completes (no kubelet) holds it; the controller ends it "Operation terminated"', async () => {
		const namespace = await tier.namespace('argo-terminate');
		const repo = await repository('terminate');
		const job = {
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {name: 'migrate', annotations: {'argocd.argoproj.io/hook': 'PreSync'}},
			spec: {
				backoffLimit: 0,
				template: {spec: {restartPolicy: 'Never', containers: [{name: 'migrate', image: 'registry.invalid/migrate:1', command: ['true']}]}},
			},
		};
		await repo.workdir.commitAndPush(
			{'app/settings.yaml': configMap('settings', {LEVEL: 'info'}), 'app/migrate.yaml': stringify(job)},
			'settings and a migration hook',
		);
		await createApplication('migrations', repo, namespace);
		await untilApplication('migrations', app => app.status?.sync?.status === 'OutOfSync', 'the first comparison');
		await action(['sync', 'migrations']);
		await untilApplication(
			'migrations',
			app => app.status?.operationState?.phase === 'Running' && /migrate/.test(app.status?.operationState?.message ?? ''),
			'the sync waiting for its hook',
		);

		const monitor = openMonitor();
		const ui = showApp(monitor);
		screen = ui;
		await ui.until(text => Boolean(rowOf(text, 'migrations')), 'migrations listed', controllerMs);
		ui.press('/migrations\r');
		await ui.until(text => rowOf(text, 'shop') === undefined, 'filtered', controllerMs);
		ui.press('T');
		await ui.until(text => /Terminate/.test(text) && !/preparing/.test(text), 'the terminate confirmation', controllerMs);
		ui.press('y');
		const ended = await untilApplication(
			'migrations',
			app => app.status?.operationState?.phase === 'Failed',
			'the operation to end terminated',
		);
		assert.equal(ended.status.operationState.message, 'Operation terminated');
		assert.equal(ended.operation, undefined);
		assert.equal((ended.status.history ?? []).length, 0, 'a terminated operation is not history');
		const row = await statusRow('migrations');
		assert.deepEqual(row['operation'], {phase: 'Failed', message: 'Operation terminated'});
	});

	test('an app with a Deployment is Synced and stays Progressing (no kubelet: it never becomes available)', async () => {
		const namespace = await tier.namespace('argo-progressing');
		const repo = await repository('progressing');
		const first = await repo.workdir.commitAndPush({'app/web.yaml': stringify(unavailableDeployment('web'))}, 'web');
		await createApplication('web', repo, namespace);
		await untilApplication('web', app => app.status?.sync?.status === 'OutOfSync', 'the first comparison');
		await action(['sync', 'web']);
		const done = await untilApplication('web', synced(first), 'the sync');
		assert.equal(done.status.health.status, 'Progressing');
		// Compared again, it still is.
		await action(['refresh', 'web']);
		const again = await untilApplication(
			'web',
			app => app.metadata?.annotations?.['argocd.argoproj.io/refresh'] === undefined,
			'the refresh',
		);
		assert.equal(again.status.health.status, 'Progressing');
		assert.equal(again.status.sync.status, 'Synced');
		const row = await statusRow('web');
		assert.equal(row['sync'], 'Synced');
		assert.equal(row['health'], 'Progressing');
		const monitor = openMonitor();
		screen = showApp(monitor);
		await screen.until(text => /Progressing/.test(rowOf(text, 'web') ?? ''), 'web Progressing in the TUI', controllerMs);
		const drift = await driftAt(monitor, 'web', first);
		assert.equal(drift.report?.status, 'Synced', `local drift: ${JSON.stringify(drift.report)}`);
		assert.equal(drift.disagreement, null);
	});

	test('the viewer context: sync, refresh and rollback are refused as forbidden and nothing changes', async () => {
		const namespace = await tier.namespace('argo-viewer');
		const repo = await repository('viewer');
		await repo.workdir.commitAndPush({'app/settings.yaml': configMap('settings', {LEVEL: 'info'})}, 'settings');
		await createApplication('readonly', repo, namespace);
		const compared = await untilApplication('readonly', app => app.status?.sync?.status === 'OutOfSync', 'the first comparison');
		for (const args of [
			['sync', 'readonly'],
			['refresh', 'readonly'],
			['refresh', 'readonly', '--hard'],
		]) {
			const run = await cli([...args, '--yes'], 'viewer');
			assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
			assert.match(run.stderr, /forbidden|may not/i, args.join(' '));
		}
		const after = await application('readonly');
		assert.equal(after.operation, undefined);
		assert.equal(after.metadata?.annotations?.['argocd.argoproj.io/refresh'], undefined);
		assert.equal(after.metadata?.generation, compared.metadata?.generation);
		const listed = await cli(['status', '--json'], 'viewer');
		assert.match(listed.stdout, /"name": ?"readonly"/, 'the viewer still lists it');
	});

	test('hooks and Skip objects are not part of the comparison: a PreSync hook deleted after it succeeded, or a Skip object never applied, is no drift, as Argo CD says Synced', async () => {
		const namespace = await tier.namespace('argo-hooks');
		const repo = await repository('hooks');
		// A hook of a kind without a health check succeeds once created; HookSucceeded then deletes it.
		const hook = {
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {
				name: 'pre-check',
				annotations: {'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded'},
			},
			data: {checked: 'done'},
		};
		// Never applied; Argo CD lists it without a sync status.
		const skipped = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'skipped', annotations: {'argocd.argoproj.io/hook': 'Skip'}}};
		const first = await repo.workdir.commitAndPush(
			{
				'app/settings.yaml': configMap('settings', {LEVEL: 'info'}),
				'app/pre-check.yaml': stringify(hook),
				'app/skipped.yaml': stringify(skipped),
			},
			'settings with a pre-sync check',
		);
		await createApplication('hooked', repo, namespace);
		await untilApplication('hooked', app => app.status?.sync?.status === 'OutOfSync', 'the first comparison');
		await action(['sync', 'hooked']);
		const done = await untilApplication('hooked', synced(first), 'the sync with its hook');
		assert.equal(done.status.health.status, 'Healthy');
		// Argo CD deletes it in the foreground; the garbage collector that would then drop the foregroundDeletion
		// finalizer is kube-controller-manager's, which this tier does not run: drop it as the collector would.
		const hookPath = `/api/v1/namespaces/${namespace}/configmaps/pre-check`;
		const deleting = await waitForAsync(
			async () => {
				const live = await requestJson<KubeObject>(tier.kubeConfig('admin'), hookPath);
				return live.metadata?.deletionTimestamp ? live : undefined;
			},
			controllerMs,
			() => 'Argo CD deleting the succeeded hook',
		);
		assert.deepEqual(deleting.metadata?.finalizers, ['foregroundDeletion']);
		await requestJson(tier.kubeConfig('admin'), hookPath, {
			method: 'PATCH',
			contentType: 'application/merge-patch+json',
			body: JSON.stringify({metadata: {finalizers: null}}),
		});
		await waitForAsync(
			() =>
				requestJson(tier.kubeConfig('admin'), hookPath).then(
					() => false,
					() => true,
				),
			controllerMs,
			() => 'the hook gone',
		);
		await action(['refresh', 'hooked']);
		const compared = await untilApplication(
			'hooked',
			app => app.metadata?.annotations?.['argocd.argoproj.io/refresh'] === undefined,
			'the comparison without the hook',
		);
		assert.equal(compared.status.sync.status, 'Synced', 'Argo CD does not compare hooks');
		const monitor = openMonitor();
		const drift = await driftAt(monitor, 'hooked', first);
		assert.equal(drift.report?.status, 'Synced', `local drift: ${JSON.stringify(drift.report?.resources)}`);
		assert.equal(drift.disagreement, null);
	});
});
