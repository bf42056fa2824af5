// Argo CD actions against a real API server, the simulated Argo CD controller and a real git repository: sync,
// refresh and hard refresh, terminate, rollback with auto-sync on (then enable-auto-sync), and the refusals that
// send nothing (operation in progress, deleting, stale review, a read-only user).
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {argoCdActions} from '../../source/core/controllers/argocd/actions/index.js';
import {isPlanDiff, type ActionContext, type Mutator} from '../../source/core/actions/provider-actions.js';
import type {ActionRequest} from '../../source/core/actions/types.js';
import type {AppSummary} from '../../source/core/apps/model.js';
import {renderDesired} from '../../source/core/desired/render-desired.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import {Discovery} from '../../source/core/kube/discovery.js';
import {requestJson} from '../../source/core/kube/http.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {projectApplication, applicationType} from '../../source/core/controllers/argocd/projection.js';
import {argoSummary} from '../../source/core/controllers/argocd/summary.js';
import {argoApplication, type ArgoAppOptions} from '../../source/demo/argo-objects.js';
import {Budget} from '../../source/demo/controller.js';
import {stepArgoCd} from '../../source/demo/controller-argocd.js';
import {jsonPatch, mergePatch} from '../../source/demo/rest.js';
import type {TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {createObject, createWithStatus, ensureNamespace, getObject, installGitOpsCrds, markDeleting, refOf} from '../support/fixtures.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {deployment, serverSideApply} from './drift/support.js';

const user = 'alice@acme.example';

type Sent = {method: string; path: string; contentType: string; body: unknown};

/** Runs after the n-th write answered: someone else acting between two writes of one action. */
type Meanwhile = (written: number) => Promise<void>;

/** The test's Mutator: the real requests, each one recorded. */
function recordingMutator(kc: KubeConfig, sent: Sent[], meanwhile?: Meanwhile): Mutator {
	return {
		async request<T>(path: string, options: Parameters<Mutator['request']>[1]): Promise<T> {
			sent.push({method: options.method, path, contentType: options.contentType ?? '', body: JSON.parse(options.body ?? 'null')});
			const result = await requestJson<T>(kc, path, options);
			await meanwhile?.(sent.length);
			return result;
		},
	};
}

describe('Argo CD actions', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let git: GitRepos;
	let repo: WorkRepo;
	let namespace: string;
	/** Commits of the app's repository: first release, replicas raised, then a settings change (HEAD). */
	let commits: {first: string; raise: string; settings: string};
	let count = 0;

	before(async () => {
		fixture = await startIntegration();
		({backend, kc, gitSandbox: sandbox, git} = fixture);
		await installGitOpsCrds(kc);
		namespace = `argo-actions-${process.pid}`;
		await ensureNamespace(kc, namespace);
		repo = WorkRepo.create(sandbox, 'deploy');
		const web = (replicas: number) => stringify(deployment('web', namespace, {replicas}));
		commits = {
			first: repo.commit('shop: first release', {'apps/shop/web.yaml': web(2)}, '2026-01-01T10:00:00+01:00'),
			raise: repo.commit('shop: raise replicas', {'apps/shop/web.yaml': web(4)}, '2026-01-02T10:00:00+01:00'),
			settings: repo.commit('shop: settings', {'apps/shop/settings.txt': 'not a manifest\n'}, '2026-01-03T10:00:00+01:00'),
		};
	});
	after(async () => {
		await fixture?.close();
	});

	/**
	 * An Application deploying apps/shop of the test repository: `history` lists the deployed commits oldest first
	 * (the last one runs), `revision` is what Git offers now (status.sync.revision).
	 */
	async function createApp(
		options: Omit<ArgoAppOptions, 'name' | 'namespace' | 'repoURL' | 'path' | 'history'> & {
			history: string[];
			extra?: (app: KubeObject) => void;
		},
	): Promise<KubeObject> {
		const name = `shop-${++count}`;
		const {history, extra, ...rest} = options;
		const object = argoApplication({
			name,
			namespace,
			repoURL: repo.dir,
			path: 'apps/shop',
			destinationNamespace: namespace,
			history: history.length,
			...rest,
		});
		object.status.history = object.status.history.map((entry: Record<string, unknown>, index: number) => ({
			...entry,
			revision: history[index],
		}));
		extra?.(object);
		return createWithStatus(kc, object);
	}

	type PrepareOptions = {context?: string; meanwhile?: Meanwhile};

	function contextFor(object: KubeObject, sent: Sent[], {context = backend.adminContext, meanwhile}: PrepareOptions = {}): ActionContext {
		const client = backend.kubeConfig(context);
		return {
			kc: client,
			discovery: new Discovery(client),
			git,
			render: (sources, signal) => renderDesired(git, sources, {signal}),
			app: rowOf(object, context),
			type: applicationType,
			typeOf: kind => (kind === applicationType.kind ? applicationType : undefined),
			kubeContext: 'test',
			configApps: [],
			user,
			mutate: recordingMutator(client, sent, meanwhile),
		};
	}

	/** The row as the list shows it, built by the Argo CD provider. */
	function rowOf(object: KubeObject, context = backend.adminContext): AppSummary {
		return argoSummary(context, projectApplication(object));
	}

	async function prepare(object: KubeObject, request: Omit<ActionRequest, 'appId'>, sent: Sent[], options: PrepareOptions = {}) {
		const fresh = await getObject(kc, refOf(object));
		const actionContext = contextFor(fresh, sent, options);
		return argoCdActions.prepare(actionContext, {...request, appId: actionContext.app.id});
	}

	/** Steps the simulated controller until the app satisfies `check` (no sleeps: each step is real work). */
	async function untilController(object: KubeObject, check: (current: KubeObject) => boolean, what: string): Promise<KubeObject> {
		const deadline = Date.now() + 15_000;
		for (;;) {
			await stepArgoCd(kc, new Budget(1000));
			const current = await getObject(kc, refOf(object));
			if (check(current)) return current;
			if (Date.now() > deadline)
				throw new Error(
					`timed out waiting for ${what}; last: ${JSON.stringify({operation: current['operation'], status: current.status}).slice(0, 800)}`,
				);
		}
	}

	const short = (sha: string) => sha.slice(0, 7);

	test('sync writes the reviewed revision as an operation; the controller runs it and records history', async () => {
		const app = await createApp({autoSync: false, sync: 'OutOfSync', revision: commits.settings, history: [commits.first, commits.raise]});
		assert.deepEqual(argoCdActions.available(rowOf(app), app), ['sync', 'refresh', 'hard-refresh', 'rollback', 'enable-auto-sync']);

		const sent: Sent[] = [];
		const prepared = await prepare(app, {kind: 'sync'}, sent);
		assert.equal(prepared.title, `Sync Application ${namespace}/${app.metadata?.name}`);
		assert.equal(prepared.refusal, null);
		assert.deepEqual(prepared.effects, [
			`sync to ${short(commits.settings)} "shop: settings" (Ada Lovelace)`,
			'prune: off',
			'sync options: CreateNamespace=true',
		]);
		assert.equal(sent.length, 0, 'prepare sends nothing');

		const outcome = await prepared.execute();
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.message, `sync requested: ${short(commits.settings)} (main), prune off`);
		assert.deepEqual(
			sent.map(request => `${request.method} ${request.contentType}`),
			['PATCH application/json-patch+json'],
		);

		const written = await getObject(kc, refOf(app));
		assert.deepEqual(written['operation'], {
			initiatedBy: {username: user},
			info: [{name: 'client', value: 'driftwatch'}],
			sync: {revision: commits.settings, prune: false, syncStrategy: {hook: {}}, syncOptions: ['CreateNamespace=true']},
		});
		assert.equal(written.status?.operationState ?? null, null, 'the previous operationState is cleared, as Argo CD does');
		assert.equal(rowOf(written).stateLabel, 'Syncing');

		const done = await untilController(
			app,
			current => !current['operation'] && current.status?.operationState?.phase === 'Succeeded',
			'the sync to finish',
		);
		assert.equal(done.status.operationState.syncResult.revision, commits.settings);
		const newest = done.status.history.at(-1);
		assert.equal(newest.id, 3);
		assert.equal(newest.revision, commits.settings);
		assert.deepEqual(newest.initiatedBy, {username: user});
		assert.equal(done.status.sync.status, 'Synced');
	});

	test('partial sync with prune names the resources and sends exactly them; sync windows are named as not checked', async () => {
		const project = `windowed-${process.pid}`;
		await ensureNamespace(kc, 'argocd');
		await createObject(kc, {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'AppProject',
			metadata: {name: project, namespace: 'argocd'},
			spec: {syncWindows: [{kind: 'deny', schedule: '0 22 * * *', duration: '8h', applications: ['*']}]},
		});
		const app = await createApp({project, autoSync: false, sync: 'OutOfSync', revision: commits.settings, history: [commits.raise]});
		const sent: Sent[] = [];
		const web = {group: 'apps', kind: 'Deployment', namespace, name: 'web'};
		const settings = {group: '', kind: 'ConfigMap', namespace: '', name: 'settings'};
		const prepared = await prepare(app, {kind: 'sync', params: {prune: true, resources: [web, settings]}}, sent);
		assert.deepEqual(prepared.effects.slice(1), [
			'prune: on',
			'only: Deployment/web, ConfigMap/settings',
			'hooks will not run (partial sync)',
			'sync options: CreateNamespace=true',
		]);
		assert.deepEqual(prepared.warnings, [
			`sync windows not checked: AppProject ${project} has 1; the controller may hold this until one allows it`,
		]);
		const outcome = await prepared.execute();
		assert.equal(outcome.message, `sync requested: ${short(commits.settings)} (main), prune on, 2 resources only`);
		const operation = (await getObject(kc, refOf(app)))['operation'] as {sync: {prune: boolean; resources: unknown}};
		assert.equal(operation.sync.prune, true);
		assert.deepEqual(operation.sync.resources, [
			{group: 'apps', kind: 'Deployment', name: 'web', namespace},
			{group: '', kind: 'ConfigMap', name: 'settings'},
		]);
	});

	test('a sync reviewed before the app changed is rejected by the server and writes nothing', async () => {
		const app = await createApp({autoSync: false, sync: 'OutOfSync', revision: commits.settings, history: [commits.raise]});
		const sent: Sent[] = [];
		const prepared = await prepare(app, {kind: 'sync'}, sent);
		// Someone else syncs (or edits) in between.
		const changed = await mergePatch(kc, refOf(app), {metadata: {labels: {team: 'payments'}}});
		const outcome = await prepared.execute();
		assert.equal(outcome.ok, false);
		assert.match(outcome.message, /^the app changed since you reviewed it \(.+\); look again$/);
		const after = await getObject(kc, refOf(app));
		assert.equal(after.metadata?.resourceVersion, changed.metadata?.resourceVersion, 'nothing was written');
		assert.equal(after['operation'], undefined);
	});

	for (const kind of ['refresh', 'hard-refresh'] as const) {
		test(`${kind} sets the refresh annotation; the controller compares again and removes it`, async () => {
			const app = await createApp({history: [commits.raise], revision: commits.raise});
			const sent: Sent[] = [];
			const prepared = await prepare(app, {kind}, sent);
			const value = kind === 'hard-refresh' ? 'hard' : 'normal';
			assert.equal(prepared.refusal, null);
			assert.equal(prepared.effects[0], `annotate argocd.argoproj.io/refresh=${value}`);
			const outcome = await prepared.execute();
			assert.deepEqual(outcome, {
				ok: true,
				message: `${kind === 'hard-refresh' ? 'hard refresh' : 'refresh'} requested`,
				details: {refresh: value},
			});
			assert.equal(sent[0]?.contentType, 'application/merge-patch+json');

			const requested = await getObject(kc, refOf(app));
			assert.equal(requested.metadata?.annotations?.['argocd.argoproj.io/refresh'], value);
			assert.match(
				requested.metadata?.annotations?.['argocd.argoproj.io/refresh-timestamp'] ?? '',
				/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/,
			);
			const refreshed = await untilController(
				app,
				current => current.metadata?.annotations?.['argocd.argoproj.io/refresh'] === undefined,
				'the refresh to be handled',
			);
			assert.notEqual(refreshed.status.reconciledAt, app.status.reconciledAt, 'compared again');
		});
	}

	test('terminate flips a running operation to Terminating; the controller ends it "Operation terminated"', async () => {
		const app = await createApp({
			autoSync: false,
			sync: 'OutOfSync',
			health: 'Progressing',
			history: [commits.raise],
			revision: commits.settings,
			operation: {phase: 'Running', initiatedBy: 'bob@acme.example'},
		});
		assert.ok(argoCdActions.available(rowOf(app), app).includes('terminate'));
		const sent: Sent[] = [];
		const prepared = await prepare(app, {kind: 'terminate'}, sent);
		assert.equal(prepared.refusal, null);
		assert.match(
			prepared.effects[0] ?? '',
			new RegExp(`^terminate the running sync to ${short(commits.settings)}, by bob@acme\\.example, started `),
		);
		assert.deepEqual(
			prepared.diff,
			{unavailable: 'terminating changes no resource: it stops the operation, and what it applied stays'},
			'd says why there is no diff',
		);
		const outcome = await prepared.execute();
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal((await getObject(kc, refOf(app))).status.operationState.phase, 'Terminating');

		const ended = await untilController(
			app,
			current => current.status?.operationState?.phase !== 'Terminating',
			'the termination to finish',
		);
		assert.equal(ended.status.operationState.phase, 'Failed');
		assert.equal(ended.status.operationState.message, 'Operation terminated');
		assert.equal(ended['operation'], undefined);
		assert.equal(ended.status.history.length, 1, 'a terminated operation is not history');
		assert.ok(!argoCdActions.available(rowOf(ended), ended).includes('terminate'));

		// Reviewed while running, confirmed after it ended: the phase test rejects it.
		const running = await createApp({history: [commits.raise], operation: {phase: 'Running'}});
		const late = await prepare(running, {kind: 'terminate'}, sent);
		await untilController(running, current => current.status?.operationState?.phase === 'Succeeded', 'the operation to complete');
		const lateOutcome = await late.execute();
		assert.equal(lateOutcome.ok, false);
		assert.match(lateOutcome.message, /^the operation is no longer the one you reviewed running/);
		assert.equal((await prepare(running, {kind: 'terminate'}, sent)).refusal, 'no operation is in progress');
	});

	test('d in the sync, refresh and enable-auto-sync confirmations: the local drift at the revision the controller would deploy', async () => {
		await serverSideApply(kc, deployment('web', namespace, {replicas: 4}), 'argocd-controller');
		// Compared last at the first release (2 replicas); the branch tip has 4, as live.
		const app = await createApp({autoSync: false, sync: 'OutOfSync', revision: commits.first, history: [commits.raise]});
		const sent: Sent[] = [];
		const replicasOf = async (prepared: Awaited<ReturnType<typeof prepare>>) => {
			assert.ok(isPlanDiff(prepared.diff), `${prepared.title} has a diff`);
			const report = await prepared.diff();
			assert.ok(report, `${prepared.title}: rendered`);
			const web = report.resources.find(resource => resource.ref.kind === 'Deployment' && resource.ref.name === 'web');
			assert.ok(web, `${prepared.title}: web compared ${JSON.stringify(report.errors)}`);
			return {change: web.change, text: web.diff?.text() ?? '', warnings: report.warnings};
		};

		// Sync deploys the revision it names (the last comparison's): the first release, 2 replicas.
		const sync = await replicasOf(await prepare(app, {kind: 'sync'}, sent));
		assert.equal(sync.change, 'modified');
		assert.match(sync.text, /^\+\s+replicas: 2$/m);

		// Refresh compares again: the tip of main, which matches live. Said to be what a sync after it would deploy.
		const refresh = await replicasOf(await prepare(app, {kind: 'refresh'}, sent));
		assert.equal(refresh.change, 'unchanged', refresh.text);
		assert.match(
			refresh.warnings[0] ?? '',
			/the refresh itself changes no resource; this is what a sync after it would deploy: the app at the tip of main/,
		);

		const enable = await replicasOf(await prepare(app, {kind: 'enable-auto-sync'}, sent));
		assert.equal(enable.change, 'unchanged', enable.text);
		assert.match(enable.warnings[0] ?? '', /with auto-sync on the controller deploys the tip of main/);
		assert.equal(sent.length, 0, 'preparing and diffing send nothing');
	});

	test('rollback with auto-sync on: choices newest first, auto-sync disabled first, then the entry synced with the apply strategy', async () => {
		const app = await createApp({
			autoSync: true,
			revision: commits.raise,
			history: [commits.first, commits.raise],
			extra: object => {
				object.metadata!['ownerReferences'] = [
					{apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: 'shops', uid: '6f1c1f7e-0000-4000-8000-000000000001'},
				];
			},
		});
		// The live Deployment runs the current entry (4 replicas) and is tracked by the app.
		await serverSideApply(kc, deployment('web', namespace, {replicas: 4}), 'argocd-controller');
		await mergePatch(kc, refOf(app), {
			status: {resources: [{group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'web', status: 'Synced'}]},
		});
		const sent: Sent[] = [];

		const choosing = await prepare(app, {kind: 'rollback'}, sent);
		assert.equal(choosing.refusal, null);
		const deployedAt = app.status.history.map((entry: {deployedAt: string}) => entry.deployedAt);
		assert.deepEqual(
			choosing.choices?.map(choice => choice.label),
			[
				`#2 ${short(commits.raise)} shop: raise replicas — Ada Lovelace, ${deployedAt[1]} (current)`,
				`#1 ${short(commits.first)} shop: first release — Ada Lovelace, ${deployedAt[0]}`,
			],
		);
		// The picker starts on the first entry that is not the current one.
		assert.deepEqual(
			choosing.choices?.map(choice => choice.current === true),
			[true, false],
		);
		assert.equal((await choosing.execute()).ok, false, 'nothing chosen, nothing sent');
		assert.equal((await prepare(app, {kind: 'rollback', params: {to: '7'}}, sent)).refusal, 'no history entry #7');

		const prepared = await prepare(app, {kind: 'rollback', params: {to: '1'}}, sent);
		assert.equal(prepared.title, `Roll back Application ${namespace}/${app.metadata?.name}`);
		assert.equal(prepared.refusal, null);
		assert.deepEqual(prepared.effects, [
			`roll back to #1: ${short(commits.first)} "shop: first release" (Ada Lovelace)`,
			`source: ${repo.dir} apps/shop`,
			'prune: off',
			'auto-sync will be DISABLED first (spec.syncPolicy.automated.enabled=false)',
			'hooks will not run (apply strategy)',
		]);
		assert.deepEqual(prepared.warnings, [
			'ApplicationSet shops owns this app and may turn auto-sync back on',
			'afterwards the app is OutOfSync with main until you sync again; auto-sync stays off',
		]);
		// What the rollback would change: the first release's 2 replicas against the live 4.
		assert.ok(isPlanDiff(prepared.diff), 'the rollback has a diff');
		const diff = await prepared.diff();
		assert.ok(diff, 'the rollback diff renders');
		const web = diff.resources.find(resource => resource.ref.kind === 'Deployment' && resource.ref.name === 'web');
		assert.equal(web?.change, 'modified', JSON.stringify(diff.errors));
		assert.match(web!.diff?.text() ?? '', /^\+\s+replicas: 2$/m);
		assert.equal(sent.length, 0, 'preparing and diffing send nothing');

		const outcome = await prepared.execute();
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.message, `rollback requested: #1 ${short(commits.first)}, auto-sync disabled`);
		assert.deepEqual(
			sent.map(request => request.contentType),
			['application/merge-patch+json', 'application/json-patch+json'],
		);
		assert.deepEqual((sent[0]!.body as {spec: unknown}).spec, {syncPolicy: {automated: {enabled: false}}});

		const written = await getObject(kc, refOf(app));
		assert.deepEqual(
			written.spec.syncPolicy.automated,
			{prune: true, selfHeal: true, enabled: false},
			'prune and self-heal kept for later',
		);
		assert.deepEqual(written['operation'], {
			initiatedBy: {username: user},
			info: [{name: 'client', value: 'driftwatch'}],
			sync: {
				revision: commits.first,
				source: app.status.history[0].source,
				prune: false,
				dryRun: false,
				syncStrategy: {apply: {}},
				syncOptions: ['CreateNamespace=true'],
			},
		});
		assert.equal(rowOf(written).autoSync, false);

		const done = await untilController(
			app,
			current => !current['operation'] && current.status?.operationState?.phase === 'Succeeded',
			'the rollback to finish',
		);
		const newest = done.status.history.at(-1);
		assert.equal(newest.id, 3);
		assert.equal(newest.revision, commits.first);
		assert.deepEqual(newest.source, app.status.history[0].source);
		assert.equal(done.status.sync.status, 'OutOfSync', 'a rollback leaves the app behind Git by design');

		// Turning auto-sync back on restores the policy as it was.
		assert.ok(argoCdActions.available(rowOf(done), done).includes('enable-auto-sync'));
		const enable = await prepare(done, {kind: 'enable-auto-sync'}, sent);
		assert.deepEqual(enable.effects, ['auto-sync will be ENABLED (spec.syncPolicy.automated.enabled=true)', 'prune: on, self-heal: on']);
		assert.match(enable.warnings[0] ?? '', /^the app is OutOfSync: the controller will sync it to main right away/);
		assert.deepEqual(await enable.execute(), {ok: true, message: 'auto-sync enabled (prune on, self-heal on)'});
		const enabled = await getObject(kc, refOf(app));
		assert.deepEqual(enabled.spec.syncPolicy.automated, {prune: true, selfHeal: true, enabled: true});
		assert.equal((await prepare(enabled, {kind: 'enable-auto-sync'}, sent)).refusal, 'auto-sync is already on');
	});

	test('a status write by the controller between the auto-sync switch and the rollback is expected: the rollback still goes out', async () => {
		const app = await createApp({autoSync: true, revision: commits.raise, history: [commits.first, commits.raise]});
		const sent: Sent[] = [];
		const controllerWrites: Meanwhile = async written => {
			// The controller reacts to the spec change by comparing again.
			if (written === 1)
				await mergePatch(kc, refOf(app), {status: {reconciledAt: '2026-01-05T10:00:00Z'}}, 'argocd-application-controller');
		};
		const prepared = await prepare(app, {kind: 'rollback', params: {to: '1'}}, sent, {meanwhile: controllerWrites});
		const outcome = await prepared.execute();
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(sent.length, 3, 'auto-sync off, the operation rejected as stale, then the operation again');
		const written = await getObject(kc, refOf(app));
		assert.equal(written.status.reconciledAt, '2026-01-05T10:00:00Z');
		assert.equal((written['operation'] as {sync: {revision: string}}).sync.revision, commits.first);
	});

	test('another sync overtaking a rollback after auto-sync went off: the rollback is not sent and the message says auto-sync is OFF', async () => {
		const app = await createApp({autoSync: true, revision: commits.raise, history: [commits.first, commits.raise]});
		const sent: Sent[] = [];
		const bob = {initiatedBy: {username: 'bob@acme.example'}, sync: {revision: commits.raise}};
		const bobSyncs: Meanwhile = async written => {
			if (written === 1) await jsonPatch(kc, refOf(app), [{op: 'add', path: '/operation', value: bob}]);
		};
		const prepared = await prepare(app, {kind: 'rollback', params: {to: '1'}}, sent, {meanwhile: bobSyncs});
		const outcome = await prepared.execute();
		assert.equal(outcome.ok, false);
		assert.equal(
			outcome.message,
			'rollback not sent: another operation is already in progress; auto-sync is now OFF: turn it back on with enable-auto-sync',
		);
		const written = await getObject(kc, refOf(app));
		assert.deepEqual(written['operation'], bob, "bob's sync stands");
		assert.equal(rowOf(written).autoSync, false);
	});

	test('an operation already in progress refuses sync and rollback, and nothing is written', async () => {
		const app = await createApp({sync: 'OutOfSync', history: [commits.first, commits.raise], operation: {phase: 'Running', pending: true}});
		const sent: Sent[] = [];
		const before = (await getObject(kc, refOf(app))).metadata?.resourceVersion;
		for (const request of [{kind: 'sync'}, {kind: 'rollback', params: {to: '1'}}] satisfies Array<Omit<ActionRequest, 'appId'>>) {
			const prepared = await prepare(app, request, sent);
			assert.equal(prepared.refusal, 'another operation is already in progress', request.kind);
			const outcome = await prepared.execute();
			assert.deepEqual(outcome, {ok: false, message: 'another operation is already in progress'});
		}
		assert.equal(sent.length, 0);
		assert.equal((await getObject(kc, refOf(app))).metadata?.resourceVersion, before);
	});

	test('a deleting app offers no sync or rollback, and refuses them', async () => {
		const app = await markDeleting(kc, await createApp({history: [commits.raise], finalizers: ['resources-finalizer.argocd.argoproj.io']}));
		assert.deepEqual(argoCdActions.available(rowOf(app), app), ['refresh', 'hard-refresh']);
		const sent: Sent[] = [];
		assert.equal((await prepare(app, {kind: 'sync'}, sent)).refusal, 'application is deleting');
		assert.equal((await prepare(app, {kind: 'rollback', params: {to: '1'}}, sent)).refusal, 'application is deleting');
		assert.equal(sent.length, 0);
	});

	test('a read-only user gets a clear 403 and nothing is written, not even the auto-sync switch of a rollback', async () => {
		const app = await createApp({autoSync: true, history: [commits.first, commits.raise], revision: commits.raise});
		const before = (await getObject(kc, refOf(app))).metadata?.resourceVersion;
		const sent: Sent[] = [];
		const sync = await prepare(app, {kind: 'sync'}, sent, {context: backend.viewerContext});
		assert.equal(sync.refusal, null, 'the viewer may read the app and review the sync');
		const synced = await sync.execute();
		assert.equal(synced.ok, false);
		assert.match(
			synced.message,
			new RegExp(`^forbidden: you may not patch Application ${namespace}/${app.metadata?.name} \\(.*cannot patch resource "applications"`),
		);
		assert.doesNotMatch(synced.message, /\n/);

		const rollback = await prepare(app, {kind: 'rollback', params: {to: '1'}}, sent, {context: backend.viewerContext});
		const rolledBack = await rollback.execute();
		assert.equal(rolledBack.ok, false);
		assert.match(rolledBack.message, /^forbidden: you may not turn off auto-sync of Application /);
		assert.doesNotMatch(rolledBack.message, /auto-sync is now OFF/);
		assert.equal(sent.length, 2, 'one refused write each: the rollback stopped at its first step');

		const after = await getObject(kc, refOf(app));
		assert.equal(after.metadata?.resourceVersion, before);
		assert.equal(rowOf(after).autoSync, true);
	});

	// What Argo CD's real controller does (test/controllers/argocd.test.ts pins it there), the simulated one does too.

	test('as Argo CD: the first deployment is history id 0, and a plain resource keeps hookPhase Running', async () => {
		const app = await createApp({autoSync: false, sync: 'OutOfSync', health: 'Missing', revision: commits.first, history: []});
		const sent: Sent[] = [];
		const outcome = await (await prepare(app, {kind: 'sync'}, sent)).execute();
		assert.equal(outcome.ok, true, outcome.message);
		const done = await untilController(app, current => current.status?.operationState?.phase === 'Succeeded', 'the sync to succeed');
		assert.equal(done.status.sync.status, 'Synced');
		assert.deepEqual(
			done.status.history.map((entry: {id: number}) => entry.id),
			[0],
		);
		assert.equal(done.status.operationState.syncResult.resources[0].hookPhase, 'Running');
	});

	test('as Argo CD: a refresh resolves the branch anew, so a pushed commit reads OutOfSync; with auto-sync on the controller then deploys it', async () => {
		const branch = `refresh-${process.pid}`;
		const web = (replicas: number) => stringify(deployment('web', namespace, {replicas}));
		repo.git('branch', branch, commits.first);
		const manual = await createApp({autoSync: false, revision: commits.first, history: [commits.first], targetRevision: branch});
		const automatic = await createApp({revision: commits.first, history: [commits.first], targetRevision: branch});
		repo.git('checkout', '--quiet', branch);
		const pushed = repo.commit('shop: five replicas', {'apps/shop/web.yaml': web(5)}, '2026-01-04T10:00:00+01:00');
		repo.git('checkout', '--quiet', 'main');

		for (const app of [manual, automatic]) {
			const sent: Sent[] = [];
			assert.equal((await (await prepare(app, {kind: 'refresh'}, sent)).execute()).ok, true);
		}
		const behind = await untilController(
			manual,
			current => current.status.sync.revision === pushed,
			'the manual app compared with the new commit',
		);
		assert.equal(behind.status.sync.status, 'OutOfSync');
		assert.equal(behind.metadata?.annotations?.['argocd.argoproj.io/refresh'], undefined);
		const deployed = await untilController(
			automatic,
			current => current.status.operationState?.phase === 'Succeeded' && current.status.history.at(-1)?.revision === pushed,
			'auto-sync of the new commit',
		);
		assert.equal(deployed.status.operationState.operation.initiatedBy.automated, true);
		assert.equal(deployed.status.sync.status, 'Synced');
	});

	test('as Argo CD: a sync runs its hooks without making them resources (HookSucceeded deletes one), and never applies a Skip object', async () => {
		const branch = `hooks-${process.pid}`;
		const annotated = (name: string, annotations: Record<string, string>) =>
			stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace, annotations}, data: {a: 'b'}});
		repo.git('checkout', '--quiet', '-b', branch, commits.first);
		const hooked = repo.commit(
			'shop: a pre-sync check and a skipped object',
			{
				'apps/shop/pre-check.yaml': annotated('pre-check', {
					'argocd.argoproj.io/hook': 'PreSync',
					'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
				}),
				'apps/shop/skipped.yaml': annotated('skipped', {'argocd.argoproj.io/hook': 'Skip'}),
			},
			'2026-01-05T10:00:00+01:00',
		);
		repo.git('checkout', '--quiet', 'main');
		const app = await createApp({autoSync: false, sync: 'OutOfSync', revision: hooked, history: [commits.first], targetRevision: branch});
		const sent: Sent[] = [];
		assert.equal((await (await prepare(app, {kind: 'sync'}, sent)).execute()).ok, true);
		const done = await untilController(app, current => current.status?.operationState?.phase === 'Succeeded', 'the sync');
		const listed = done.status.resources.map(
			(resource: {kind: string; name: string; status?: string}) => `${resource.kind}/${resource.name} ${resource.status ?? '-'}`,
		);
		assert.deepEqual(listed.sort(), ['ConfigMap/skipped -', 'Deployment/web Synced']);
		for (const name of ['pre-check', 'skipped']) {
			await assert.rejects(getObject(kc, {apiVersion: 'v1', kind: 'ConfigMap', namespace, name}), /404|not found/i, `${name} is not live`);
		}
	});
});
