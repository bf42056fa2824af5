// An identity that may read but not write is refused before anything changes: the server is asked
// (SelfSubjectAccessReview) about every write an action makes, before the confirmation and again right before the
// first write or push. Flux rollback by the CLI as the viewer pushes nothing; Argo CD sync and rollback write
// nothing; a user allowed only part of an action is refused all of it; a role lost after the confirmation still
// stops the run before the push.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {ActionService, kubeUser} from '../../source/core/actions/action-service.js';
import {argoCdActions} from '../../source/core/controllers/argocd/actions/index.js';
import {AuditLog, readAuditLog} from '../../source/core/actions/audit-log.js';
import {createFluxActions} from '../../source/core/controllers/flux/actions/index.js';
import type {ActionRequest} from '../../source/core/actions/types.js';
import type {AppSummary} from '../../source/core/apps/model.js';
import {renderDesired} from '../../source/core/desired/render-desired.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import {Discovery} from '../../source/core/kube/discovery.js';
import {loadKubeConfig} from '../../source/core/kube/kubeconfig.js';
import type {KubeConfigLike} from '../../source/core/kube/kubeconfig-file.js';
import {typeKey, type KubeObject} from '../../source/core/kube/resource-type.js';
import {projectApplication, applicationType} from '../../source/core/controllers/argocd/projection.js';
import {argoSummary} from '../../source/core/controllers/argocd/summary.js';
import {projectKustomization, projectSource} from '../../source/core/controllers/flux/projection.js';
import {fluxSummary} from '../../source/core/controllers/flux/summary.js';
import {fluxSourceTypes, gitRepositoryType, helmReleaseType, kustomizationType} from '../../source/core/controllers/flux/types.js';
import {argoApplication} from '../../source/demo/argo-objects.js';
import {faultsOf, type TestBackend, sandboxOrSkip} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {type CliRun, runCli} from '../support/cli.js';
import {createWithStatus, ensureNamespace, getObject, gitRepository, installGitOpsCrds, kustomization, refOf} from '../support/fixtures.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {writesSent} from './support/sent-writes.js';

const requestedAt = 'reconcile.fluxcd.io/requestedAt';
const types = [applicationType, kustomizationType, helmReleaseType, ...fluxSourceTypes];

describe('actions check what the identity may write before the first write', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let git: GitRepos;
	let stateDir: string;
	let count = 0;

	before(async () => {
		fixture = await startIntegration();
		({backend, kc, gitSandbox: sandbox, git} = fixture);
		await installGitOpsCrds(kc);
		stateDir = mkdtempSync(join(sandbox.root, 'state-'));
	});
	after(async () => {
		await fixture?.close();
		rmSync(stateDir, {recursive: true, force: true});
	});

	async function freshNamespace(): Promise<string> {
		const namespace = `access-${process.pid}-${++count}`;
		await ensureNamespace(kc, namespace);
		return namespace;
	}

	/** The service as the TUI and CLI make it, acting as `context`; `kc` is the client it acts with. */
	function serviceAs(context: string, audit: AuditLog): {service: ActionService; kc: KubeConfigLike} {
		const loaded = loadKubeConfig({path: backend.kubeconfigPath, context});
		const service = new ActionService({
			kc: loaded.kc,
			discovery: new Discovery(loaded.kc),
			git,
			render: (sources, signal) => renderDesired(git, sources, {signal}),
			context: loaded.context,
			production: false,
			readonly: false,
			user: kubeUser(loaded.kc),
			audit,
			providers: {argocd: argoCdActions, flux: createFluxActions()},
			typeOf: kind => types.find(type => type.kind === kind),
			configApps: [],
		});
		return {service, kc: loaded.kc};
	}

	function auditLog(name: string): AuditLog {
		return new AuditLog(join(stateDir, `${name}.log`));
	}

	function writesSince(first: number): string[] {
		return writesSent(faultsOf(backend)?.requests.slice(first) ?? []);
	}

	function requestCount(): number {
		return faultsOf(backend)?.requests.length ?? 0;
	}

	/** A remote whose main has web at 1.0, then 1.1 (the one that broke things); the Flux objects deploying it. */
	async function fluxRollbackFixture(name: string) {
		const namespace = await freshNamespace();
		const work = WorkRepo.create(sandbox, `${name}-work`);
		const good = work.commit('web: 1.0', {'apps/web/deploy.yaml': 'image: web:1.0\n'}, '2026-01-01T10:00:00+01:00');
		const bad = work.commit('web: 1.1', {'apps/web/deploy.yaml': 'image: web:1.1\n'}, '2026-01-02T10:00:00+01:00');
		const bare = work.pushToBare(sandbox, `${name}.git`);
		const refs = () => execFileSync('git', ['--git-dir', bare, 'show-ref'], {env: sandbox.env, encoding: 'utf8'});
		const source = await createWithStatus(kc, gitRepository('apps', namespace, {url: bare, commit: bad}));
		const base = kustomization('web', namespace, {source: {kind: 'GitRepository', name: 'apps'}, appliedRevision: `main@sha1:${bad}`});
		const app = await createWithStatus(kc, {...base, spec: {...base.spec, path: './apps/web'}});
		return {namespace, bare, refs, good, bad, source, app};
	}

	function fluxRow(context: string, app: KubeObject, source: KubeObject): AppSummary {
		const sources = new Map([[`${source.metadata?.namespace}/${source.metadata?.name}`, projectSource(source, 'GitRepository')]]);
		return fluxSummary(context, projectKustomization(app), new Map([[typeKey(gitRepositoryType), sources]]));
	}

	/** bin/driftwatch.js on Node 22 as a user runs it, stdin not a terminal; never rejects. */
	function driftwatch(args: readonly string[]): Promise<CliRun> {
		return runCli(
			[...args, '--kubeconfig', backend.kubeconfigPath],
			{...sandbox.env, XDG_CONFIG_HOME: join(sandbox.root, 'config-home'), XDG_STATE_HOME: stateDir},
			{timeoutMs: 60_000},
		);
	}

	test('the viewer rolling back a Flux Kustomization from the CLI: exit 2 with one line, nothing pushed, nothing annotated', async () => {
		const {namespace, refs, good, source, app} = await fluxRollbackFixture('viewer-cli');
		const before = refs();
		const first = requestCount();
		const run = await driftwatch(['rollback', `Kustomization/${namespace}/web`, '--to', good, '--yes', '--context', backend.viewerContext]);
		assert.equal(run.code, 2, run.stderr);
		assert.equal(run.stdout, '');
		const line = `driftwatch: your identity (context ${backend.viewerContext}) may not patch gitrepositories.source.toolkit.fluxcd.io in ${namespace}, patch kustomizations.kustomize.toolkit.fluxcd.io in ${namespace}: nothing was changed`;
		assert.deepEqual(
			run.stderr.split('\n').filter(text => text.startsWith('driftwatch:')),
			[line],
		);
		assert.equal(refs(), before, "the remote's refs are unchanged");
		for (const object of [source, app]) assert.equal((await getObject(kc, refOf(object))).metadata?.annotations?.[requestedAt], undefined);
		assert.deepEqual(writesSince(first), []);
	});

	test('a role lost after the confirmation: the run asks again and stops before the push', async () => {
		const {refs, good, source, app} = await fluxRollbackFixture('lost-role');
		const audit = auditLog('lost-role');
		const {service, kc: client} = serviceAs(backend.adminContext, audit);
		const row = fluxRow(backend.adminContext, app, source);
		const plan = await service.plan({kind: 'rollback', appId: row.id, params: {to: good}}, row);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		const before = refs();
		// The same client now authenticates as the viewer: the identity the service acts with has lost its write rights.
		client.setCurrentContext(backend.viewerContext);
		const outcome = await service.run(plan);
		assert.deepEqual({ok: outcome.ok, refused: outcome.refused}, {ok: false, refused: true});
		assert.match(
			outcome.message,
			new RegExp(
				`^your identity \\(context ${backend.adminContext}\\) may not patch gitrepositories\\.source\\.toolkit\\.fluxcd\\.io in .*: nothing was changed$`,
			),
		);
		assert.equal(refs(), before, 'nothing was pushed');
		const lines = await readAuditLog(audit.path);
		assert.deepEqual(
			lines.map(entry => `${entry.action} ${entry.result}`),
			['rollback refused'],
		);
	});

	test('a user who may patch Kustomizations but not GitRepositories: a reconcile with source is refused whole, naming what is not allowed', async () => {
		const namespace = await freshNamespace();
		const source = await createWithStatus(kc, gitRepository('platform', namespace));
		const app = await createWithStatus(kc, kustomization('infra', namespace, {source: {kind: 'GitRepository', name: 'platform'}}));
		const context = await backend.addUser('kustomization-patcher', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*']},
			{verbs: ['patch'], apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations']},
		]);
		const {service} = serviceAs(context, auditLog('patcher'));
		const row = fluxRow(context, app, source);
		const first = requestCount();
		const plan = await service.plan({kind: 'reconcile', appId: row.id, params: {withSource: true}}, row);
		assert.equal(
			plan.refusal,
			`your identity (context ${context}) may not patch gitrepositories.source.toolkit.fluxcd.io in ${namespace}: nothing was changed`,
		);
		assert.equal((await service.run(plan)).refused, true);
		assert.deepEqual(writesSince(first), [], 'not even the Kustomization it may patch was annotated');
		assert.equal((await getObject(kc, refOf(app))).metadata?.annotations?.[requestedAt], undefined);

		const suspend = await service.plan({kind: 'suspend', appId: row.id}, row);
		assert.equal(suspend.refusal, null, 'what it may do is not refused');
	});

	test('the viewer: Argo CD sync and rollback are refused in the plan and in the run; the Application is not written', async () => {
		const namespace = await freshNamespace();
		const work = WorkRepo.create(sandbox, `argo-${namespace}`);
		const first = work.commit('shop: first', {'apps/shop/settings.txt': 'one\n'});
		const second = work.commit('shop: second', {'apps/shop/settings.txt': 'two\n'});
		const object = argoApplication({
			name: 'shop',
			namespace,
			repoURL: work.dir,
			path: 'apps/shop',
			destinationNamespace: namespace,
			history: 2,
			sync: 'OutOfSync',
			revision: second,
		});
		object.status.history = object.status.history.map((entry: Record<string, unknown>, index: number) => ({
			...entry,
			revision: [first, second][index],
		}));
		const created = await createWithStatus(kc, object);
		const resourceVersion = created.metadata?.resourceVersion;
		const audit = auditLog('argo-viewer');
		const {service} = serviceAs(backend.viewerContext, audit);
		const row = argoSummary(backend.viewerContext, projectApplication(created));
		const refusal = `your identity (context ${backend.viewerContext}) may not patch applications.argoproj.io in ${namespace}: nothing was changed`;
		const start = requestCount();
		const requests: ActionRequest[] = [
			{kind: 'sync', appId: row.id},
			{kind: 'rollback', appId: row.id},
			{kind: 'rollback', appId: row.id, params: {to: '1'}},
		];
		for (const request of requests) {
			const plan = await service.plan(request, row);
			assert.equal(plan.refusal, refusal, `${request.kind} ${request.params?.to ?? ''}`);
			const outcome = await service.run(plan);
			assert.deepEqual({ok: outcome.ok, refused: outcome.refused, message: outcome.message}, {ok: false, refused: true, message: refusal});
		}
		assert.deepEqual(writesSince(start), []);
		assert.equal((await getObject(kc, refOf(created))).metadata?.resourceVersion, resourceVersion, 'the Application was not written');
		const lines = await readAuditLog(audit.path);
		assert.deepEqual(
			lines.map(entry => `${entry.action} ${entry.result}`),
			['sync refused', 'rollback refused', 'rollback refused'],
		);
	});

	test('a server that does not answer the review: refused, saying it could not check; nothing written', async t => {
		const faults = sandboxOrSkip(t, backend, "failing the review on purpose takes the sandbox's fault injection");
		if (!faults) return;
		const namespace = await freshNamespace();
		const created = await createWithStatus(
			kc,
			argoApplication({name: 'shop', namespace, destinationNamespace: namespace, sync: 'OutOfSync'}),
		);
		const {service} = serviceAs(backend.adminContext, auditLog('unchecked'));
		const row = argoSummary(backend.adminContext, projectApplication(created));
		const plan = await service.plan({kind: 'refresh', appId: row.id}, row);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		const first = requestCount();
		// The run's first request is the review.
		faults.faults.failNext(1, 404, 'the server could not find the requested resource');
		const outcome = await service.run(plan);
		assert.deepEqual({ok: outcome.ok, refused: outcome.refused}, {ok: false, refused: true});
		assert.equal(
			outcome.message,
			`cannot check what your identity (context ${backend.adminContext}) may change: the API server does not serve SelfSubjectAccessReview (HTTP 404); nothing was changed`,
		);
		assert.deepEqual(writesSince(first), []);
		assert.equal((await getObject(kc, refOf(created))).metadata?.annotations?.['argocd.argoproj.io/refresh'], undefined);
	});
});
