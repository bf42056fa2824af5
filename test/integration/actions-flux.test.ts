// Flux actions against a real API server, the simulated Flux controller and real git repositories: reconcile with
// source, suspend/resume, rollback by revert + push, a rejected push that keeps the revert, and refusals.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {createFluxActions} from '../../source/core/controllers/flux/actions/index.js';
import {isPlanDiff, type ActionContext, type Mutator, type ProviderActions} from '../../source/core/actions/provider-actions.js';
import {renderDesired} from '../../source/core/desired/render-desired.js';
import {appGoneText} from '../../source/core/util/error-text.js';
import {stringify} from 'yaml';
import {deployment, serverSideApply} from './drift/support.js';
import type {ActionRequest} from '../../source/core/actions/types.js';
import type {AppSummary} from '../../source/core/apps/model.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import {Discovery} from '../../source/core/kube/discovery.js';
import {requestJson} from '../../source/core/kube/http.js';
import {typeKey, type KubeObject} from '../../source/core/kube/resource-type.js';
import {projectHelmRelease, projectKustomization, projectSource} from '../../source/core/controllers/flux/projection.js';
import {fluxSummary} from '../../source/core/controllers/flux/summary.js';
import {fluxSourceTypes, gitRepositoryType, helmReleaseType, kustomizationType} from '../../source/core/controllers/flux/types.js';
import {Budget} from '../../source/demo/controller.js';
import {helmReleaseObject} from '../../source/demo/flux-apps.js';
import {helmChartObject} from '../../source/demo/flux-sources.js';
import {stepFlux} from '../../source/demo/controller-flux.js';
import {mergePatch} from '../../source/demo/rest.js';
import type {TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {
	createWithStatus,
	ensureNamespace,
	fluxCommit,
	fluxHead,
	fluxPrevious,
	getObject,
	gitRepository,
	helmChart,
	helmRelease,
	installGitOpsCrds,
	kustomization,
	refOf,
} from '../support/fixtures.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';

const requestedAt = 'reconcile.fluxcd.io/requestedAt';
const user = 'alice@example.com';

type Sent = {method: string; path: string; body: string};

/** The test's Mutator: the real requests, each one recorded. */
function recordingMutator(kc: KubeConfig, sent: Sent[]): Mutator {
	return {
		request<T>(path: string, options: Parameters<Mutator['request']>[1]): Promise<T> {
			sent.push({method: options.method, path, body: options.body ?? ''});
			return requestJson<T>(kc, path, options);
		},
	};
}

function revisionOf(commit: string): string {
	return `main@sha1:${commit}`;
}

describe('Flux actions', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let git: GitRepos;
	let discovery: Discovery;
	let actions: ProviderActions;
	let count = 0;

	before(async () => {
		fixture = await startIntegration();
		({backend, kc, gitSandbox: sandbox, git} = fixture);
		await installGitOpsCrds(kc);
		discovery = new Discovery(kc);
		actions = createFluxActions();
	});
	after(async () => {
		await fixture?.close();
	});

	async function freshNamespace(): Promise<string> {
		const namespace = `flux-actions-${process.pid}-${++count}`;
		await ensureNamespace(kc, namespace);
		return namespace;
	}

	/** The row as the list shows it, built by the Flux provider from the objects. */
	function appOf(object: KubeObject, source: KubeObject | null): AppSummary {
		const sources = new Map(
			source ? [[`${source.metadata?.namespace}/${source.metadata?.name}`, projectSource(source, 'GitRepository')]] : [],
		);
		return fluxSummary(backend.adminContext, projectKustomization(object), new Map([[typeKey(gitRepositoryType), sources]]));
	}

	function contextFor(app: AppSummary, sent: Sent[]): ActionContext {
		return {
			kc,
			discovery,
			git,
			render: () => Promise.reject(new Error('not used by Flux actions')),
			app,
			type: kustomizationType,
			typeOf: kind => [...fluxSourceTypes, kustomizationType, helmReleaseType].find(type => type.kind === kind),
			kubeContext: 'test',
			configApps: [],
			user,
			mutate: recordingMutator(kc, sent),
		};
	}

	async function prepare(object: KubeObject, source: KubeObject | null, request: Omit<ActionRequest, 'appId'>, sent: Sent[]) {
		const app = appOf(await getObject(kc, refOf(object)), source);
		return actions.prepare(contextFor(app, sent), {...request, appId: app.id});
	}

	/** Steps the simulated controllers until the object satisfies `check` (no sleeps: each step is real work). */
	async function untilController(object: KubeObject, check: (current: KubeObject) => boolean, what: string): Promise<KubeObject> {
		const deadline = Date.now() + 15_000;
		let last: unknown;
		for (;;) {
			try {
				// Like the demo's ticks, a failed step is tried again (a real server answers 429 while a new CRD's storage starts).
				await stepFlux(kc, new Budget(1000), 0, Number.MAX_SAFE_INTEGER);
				const current = await getObject(kc, refOf(object));
				if (check(current)) return current;
				last = {metadata: current.metadata, status: current.status};
			} catch (error) {
				last = String(error);
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 800)}`);
		}
	}

	test('reconcile annotates the GitRepository, then the Kustomization; the controller handles both', async () => {
		const namespace = await freshNamespace();
		const source = await createWithStatus(kc, gitRepository('platform', namespace));
		const app = await createWithStatus(kc, kustomization('web', namespace, {source: {kind: 'GitRepository', name: 'platform'}}));
		assert.deepEqual(actions.available(appOf(app, source), app), ['reconcile', 'suspend', 'rollback']);

		const sent: Sent[] = [];
		const prepared = await prepare(app, source, {kind: 'reconcile'}, sent);
		assert.equal(prepared.refusal, null);
		assert.deepEqual(prepared.effects, [
			`annotate GitRepository ${namespace}/platform (${requestedAt})`,
			`annotate Kustomization ${namespace}/web (${requestedAt})`,
		]);
		assert.equal(sent.length, 0, 'prepare sends nothing');

		const outcome = await prepared.execute();
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.message, 'reconcile requested');
		assert.deepEqual(
			sent.map(request => `${request.method} ${request.path.split('/').slice(-2).join('/')}`),
			['PATCH gitrepositories/platform', 'PATCH kustomizations/web'],
		);

		const sourceToken = (await getObject(kc, refOf(source))).metadata?.annotations?.[requestedAt];
		const appToken = (await getObject(kc, refOf(app))).metadata?.annotations?.[requestedAt];
		assert.match(sourceToken ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
		assert.match(appToken ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
		await untilController(
			source,
			current => current.status?.lastHandledReconcileAt === sourceToken,
			'the GitRepository to handle the request',
		);
		await untilController(app, current => current.status?.lastHandledReconcileAt === appToken, 'the Kustomization to handle the request');
	});

	test('HelmRelease: reconcile annotates its HelmChart first; suspend and resume; no rollback by revert', async () => {
		const namespace = await freshNamespace();
		await ensureNamespace(kc, 'flux-system');
		const chart = await createWithStatus(kc, helmChart('podinfo', namespace, 'podinfo', '6.7.1'));
		const release = await createWithStatus(kc, helmRelease('podinfo', namespace, {version: '6.7.1'}));
		const row = fluxSummary(backend.adminContext, projectHelmRelease(release), new Map());
		assert.deepEqual(actions.available(row, release), ['reconcile', 'suspend']);
		const sent: Sent[] = [];
		const context = {...contextFor(row, sent), type: helmReleaseType};

		const reconcile = await actions.prepare(context, {kind: 'reconcile', appId: row.id});
		assert.ok(
			!isPlanDiff(reconcile.diff) && /driftwatch does not render Helm charts/.test(reconcile.diff.unavailable),
			'd says why a HelmRelease has no diff',
		);
		assert.deepEqual(reconcile.effects, [
			`annotate HelmChart flux-system/${namespace}-podinfo (${requestedAt})`,
			`annotate HelmRelease ${namespace}/podinfo (${requestedAt})`,
		]);
		assert.equal((await reconcile.execute()).message, 'reconcile requested');
		const chartToken = (await getObject(kc, refOf(chart))).metadata?.annotations?.[requestedAt];
		assert.ok(chartToken);
		await untilController(chart, current => current.status?.lastHandledReconcileAt === chartToken, 'the HelmChart to handle the request');

		assert.equal((await (await actions.prepare(context, {kind: 'suspend', appId: row.id})).execute()).message, 'suspended');
		assert.equal((await getObject(kc, refOf(release))).spec?.suspend, true);
		assert.equal((await (await actions.prepare(context, {kind: 'resume', appId: row.id})).execute()).message, 'resumed');
		assert.equal((await getObject(kc, refOf(release))).spec?.suspend, undefined);
		assert.match(
			(await actions.prepare(context, {kind: 'rollback', appId: row.id})).refusal ?? '',
			/^HelmRelease rollback is not a Git revert here/,
		);
	});

	test('HelmRelease of a chart in a GitRepository: reconcile annotates the GitRepository, then the HelmChart, then the release', async () => {
		// Real source-controller builds the HelmChart from the artifact the GitRepository already holds: a chart
		// version pushed to Git reached the release only once the GitRepository fetched (seen with the real controllers).
		const namespace = await freshNamespace();
		const source = {kind: 'GitRepository', name: 'platform', namespace};
		await createWithStatus(kc, gitRepository('platform', namespace));
		await createWithStatus(
			kc,
			helmChartObject({name: `${namespace}-hello`, namespace, chart: './charts/hello', version: '0.1.0', sourceRef: source}),
		);
		const release = await createWithStatus(
			kc,
			helmReleaseObject({name: 'hello', namespace, chart: './charts/hello', version: '0.1.0', sourceRef: source}),
		);
		const row = fluxSummary(backend.adminContext, projectHelmRelease(release), new Map());
		const sent: Sent[] = [];
		const reconcile = await actions.prepare({...contextFor(row, sent), type: helmReleaseType}, {kind: 'reconcile', appId: row.id});
		assert.deepEqual(reconcile.effects, [
			`annotate GitRepository ${namespace}/platform (${requestedAt})`,
			`annotate HelmChart ${namespace}/${namespace}-hello (${requestedAt})`,
			`annotate HelmRelease ${namespace}/hello (${requestedAt})`,
		]);
		assert.deepEqual(reconcile.warnings, []);
		assert.equal((await reconcile.execute()).message, 'reconcile requested');
		assert.deepEqual(
			sent.map(request => `${request.method} ${request.path.split('?')[0]}`),
			[
				`PATCH /apis/source.toolkit.fluxcd.io/v1/namespaces/${namespace}/gitrepositories/platform`,
				`PATCH /apis/source.toolkit.fluxcd.io/v1/namespaces/${namespace}/helmcharts/${namespace}-hello`,
				`PATCH /apis/helm.toolkit.fluxcd.io/v2/namespaces/${namespace}/helmreleases/hello`,
			],
		);
	});

	test('the simulated kustomize-controller writes status as the real one: Healthy only with wait, observedGeneration on suspend, history by content', async () => {
		// Each point was seen on the real kustomize-controller (test/controllers/flux.test.ts runs it).
		const namespace = await freshNamespace();
		const repo = WorkRepo.create(sandbox, `status-${namespace}`);
		const settings = (release: string) =>
			stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace}, data: {release}});
		const first = repo.commit('settings: 1', {'apps/web/settings.yaml': settings('1')});
		const second = repo.commit('settings: 2', {'apps/web/settings.yaml': settings('2')});
		await createWithStatus(kc, gitRepository('repo', namespace, {url: repo.dir, commit: second}));
		const base = kustomization('web', namespace, {source: {kind: 'GitRepository', name: 'repo'}, appliedRevision: revisionOf(first)});
		const {wait: _wait, ...spec} = base.spec as Record<string, unknown>;
		const app = await createWithStatus(kc, {...base, spec: {...spec, path: './apps/web'}});

		// Without spec.wait or spec.healthChecks the controller deletes Healthy.
		const applied = await untilController(
			app,
			current => current.status?.lastAppliedRevision === revisionOf(second),
			'the second commit applied',
		);
		const types = ((applied.status?.conditions ?? []) as Array<{type: string}>).map(condition => condition.type);
		assert.deepEqual(types, ['Ready']);
		const entry = applied.status?.history?.[0];
		assert.equal(entry?.metadata?.revision, revisionOf(second));
		assert.equal(entry?.totalReconciliations, 1);

		// A reconcile request applies the same content again: the same history entry, one more reconciliation.
		await mergePatch(kc, refOf(app), {metadata: {annotations: {[requestedAt]: 'again'}}});
		const again = await untilController(app, current => current.status?.lastHandledReconcileAt === 'again', 'the request handled');
		assert.equal(again.status?.history?.length, applied.status?.history?.length);
		assert.equal(again.status?.history?.[0]?.digest, entry?.digest);
		assert.equal(again.status?.history?.[0]?.totalReconciliations, 2);

		// Suspending is a new generation; the controller still records it as observed while Ready is True.
		const suspended = await mergePatch(kc, refOf(app), {spec: {suspend: true}});
		await untilController(
			app,
			current => current.status?.observedGeneration === suspended.metadata?.generation,
			'observedGeneration to follow the suspend',
		);
	});

	test('the simulated kustomize-controller retries a failing Kustomization with a new artifact, as the real one does', async () => {
		const namespace = await freshNamespace();
		await createWithStatus(kc, gitRepository('platform', namespace, {commit: fluxCommit}));
		const failing = await createWithStatus(
			kc,
			kustomization('broken', namespace, {
				source: {kind: 'GitRepository', name: 'platform'},
				state: 'failed',
				reason: 'BuildFailed',
				message: 'kustomize build failed: no such file or directory',
				appliedRevision: fluxPrevious,
				attemptedRevision: fluxPrevious,
			}),
		);
		const waiting = await createWithStatus(
			kc,
			kustomization('waiting', namespace, {
				source: {kind: 'GitRepository', name: 'platform'},
				state: 'dependency',
				dependsOn: ['broken'],
				appliedRevision: fluxPrevious,
				attemptedRevision: fluxPrevious,
			}),
		);
		const retried = await untilController(
			failing,
			current => current.status?.lastAttemptedRevision === fluxHead,
			'the new artifact attempted',
		);
		assert.equal(retried.status?.lastAppliedRevision, fluxPrevious, 'nothing applied: the build fails again');
		assert.equal(
			((retried.status?.conditions ?? []) as Array<{type: string; status: string}>).find(entry => entry.type === 'Ready')?.status,
			'False',
		);
		// Waiting on a dependency is decided before the artifact is read: its attempt does not move.
		assert.equal((await getObject(kc, refOf(waiting))).status?.lastAttemptedRevision, fluxPrevious);
	});

	test('suspend writes spec.suspend and who did it; resume removes both; a suspended Kustomization is not reconciled', async () => {
		const namespace = await freshNamespace();
		const source = await createWithStatus(kc, gitRepository('platform', namespace));
		const app = await createWithStatus(kc, kustomization('api', namespace, {source: {kind: 'GitRepository', name: 'platform'}}));

		const sent: Sent[] = [];
		const suspend = await prepare(app, source, {kind: 'suspend', params: {reason: 'incident 4711: bad config'}}, sent);
		assert.equal(suspend.refusal, null);
		assert.deepEqual(suspend.effects, [
			`set spec.suspend: true on Kustomization ${namespace}/api`,
			`annotate driftwatch.dev/suspended-by: ${user}`,
			'annotate driftwatch.dev/suspended-reason: incident 4711: bad config',
		]);
		assert.deepEqual(await suspend.execute(), {
			ok: true,
			message: 'suspended',
			details: {suspendedBy: user, reason: 'incident 4711: bad config'},
		});
		const suspended = await getObject(kc, refOf(app));
		assert.equal(suspended.spec?.suspend, true);
		assert.equal(suspended.metadata?.annotations?.['driftwatch.dev/suspended-by'], user);
		assert.equal(suspended.metadata?.annotations?.['driftwatch.dev/suspended-reason'], 'incident 4711: bad config');
		assert.deepEqual(actions.available(appOf(suspended, source), suspended), ['resume', 'rollback']);

		const writes = sent.length;
		const reconcile = await prepare(app, source, {kind: 'reconcile'}, sent);
		assert.equal(reconcile.refusal, 'resource is suspended');
		assert.equal((await reconcile.execute()).ok, false);
		assert.equal(sent.length, writes, 'a refused reconcile sends nothing');
		assert.equal((await getObject(kc, refOf(app))).metadata?.annotations?.[requestedAt], undefined);

		const resume = await prepare(app, source, {kind: 'resume'}, sent);
		assert.equal(resume.refusal, null);
		assert.deepEqual(resume.warnings, [`suspended by ${user}: incident 4711: bad config`]);
		assert.deepEqual(await resume.execute(), {ok: true, message: 'resumed', details: {}});
		const resumed = await getObject(kc, refOf(app));
		assert.equal(resumed.spec?.suspend, undefined);
		assert.deepEqual(
			Object.keys(resumed.metadata?.annotations ?? {}).filter(key => key.startsWith('driftwatch.dev/')),
			[],
		);
		assert.equal((await prepare(app, source, {kind: 'resume'}, sent)).refusal, 'not suspended');

		// Deleted while the row was still on screen: every action says so in the same words.
		const row = appOf(resumed, source);
		const path = `/apis/${resumed.apiVersion}/namespaces/${namespace}/kustomizations/api`;
		await requestJson(kc, path, {method: 'DELETE'});
		// What kustomize-controller does once it has cleaned up: the finalizer goes, and with it the object.
		await requestJson(kc, path, {
			method: 'PATCH',
			body: JSON.stringify({metadata: {finalizers: null}}),
			contentType: 'application/merge-patch+json',
		});
		for (const kind of ['suspend', 'reconcile'] as const) {
			const gone = await actions.prepare(contextFor(row, sent), {kind, appId: row.id});
			assert.equal(gone.refusal, `Kustomization ${namespace}/api: ${appGoneText}`, kind);
		}
	});

	test('d in the reconcile and resume confirmations: the local drift at the revision kustomize-controller would apply; suspend says why not', async () => {
		const namespace = await freshNamespace();
		const repo = WorkRepo.create(sandbox, `diff-${namespace}`);
		const web = (replicas: number) => stringify(deployment('web', namespace, {replicas}));
		const applied = repo.commit('web: 2 replicas', {'apps/web/web.yaml': web(2)}, '2026-01-01T10:00:00+01:00');
		repo.commit('web: 3 replicas', {'apps/web/web.yaml': web(3)}, '2026-01-02T10:00:00+01:00');
		await serverSideApply(kc, deployment('web', namespace, {replicas: 2}), 'kustomize-controller');
		// The source's artifact and the app are at the first commit; the branch tip has moved on.
		const source = await createWithStatus(kc, gitRepository('repo', namespace, {url: repo.dir, commit: applied}));
		const base = kustomization('web', namespace, {source: {kind: 'GitRepository', name: 'repo'}, appliedRevision: revisionOf(applied)});
		const app = await createWithStatus(kc, {...base, spec: {...base.spec, path: './apps/web'}});
		const sent: Sent[] = [];
		const diffOf = async (request: Omit<ActionRequest, 'appId'>) => {
			const row = appOf(await getObject(kc, refOf(app)), source);
			const context = {
				...contextFor(row, sent),
				render: (sources: Parameters<ActionContext['render']>[0], signal: AbortSignal) => renderDesired(git, sources, {signal}),
			};
			const prepared = await actions.prepare(context, {...request, appId: row.id});
			assert.ok(isPlanDiff(prepared.diff), `${prepared.title}: has a diff`);
			const report = await prepared.diff();
			const resource = report?.resources.find(candidate => candidate.ref.kind === 'Deployment' && candidate.ref.name === 'web');
			assert.ok(report && resource, `${prepared.title}: web compared ${JSON.stringify(report?.errors)}`);
			return {change: resource.change, text: resource.diff?.text() ?? '', note: report.warnings[0] ?? ''};
		};

		// With the source first: it fetches, and the app applies the tip (3 replicas).
		const withSource = await diffOf({kind: 'reconcile'});
		assert.equal(withSource.change, 'modified');
		assert.match(withSource.text, /^\+\s+replicas: 3$/m);
		assert.match(withSource.note, /the source fetches first: this is what applying the tip of its branch/);
		// Without it: the artifact the source holds, which is what runs.
		const appOnly = await diffOf({kind: 'reconcile', params: {withSource: false}});
		assert.equal(appOnly.change, 'unchanged', appOnly.text);
		assert.match(appOnly.note, /only the app reconciles/);

		const suspend = await prepare(app, source, {kind: 'suspend'}, sent);
		assert.deepEqual(suspend.diff, {unavailable: 'suspending changes no resource: the controller stops applying Git until resumed'});
		assert.equal(sent.length, 0, 'preparing and diffing send nothing');
	});

	/** A remote with four commits: web twice, an unrelated path, then a web change that broke things. */
	function gitFixture(name: string) {
		const repo = WorkRepo.create(sandbox, `${name}-work`);
		const c1 = repo.commit(
			'web: first release',
			{'apps/web/deploy.yaml': 'image: web:1.0\n', 'apps/other/cm.yaml': 'level: info\n'},
			'2026-01-01T10:00:00+01:00',
		);
		const c2 = repo.commit('web: 1.1', {'apps/web/deploy.yaml': 'image: web:1.1\n'}, '2026-01-02T10:00:00+01:00');
		const c3 = repo.commit('other: debug logs', {'apps/other/cm.yaml': 'level: debug\n'}, '2026-01-03T10:00:00+01:00');
		const c4 = repo.commit(
			'web: 1.2 with a sidecar',
			{'apps/web/deploy.yaml': 'image: web:1.2\n', 'apps/web/sidecar.yaml': 'image: proxy:2\n'},
			'2026-01-04T10:00:00+01:00',
		);
		const bare = repo.pushToBare(sandbox, `${name}.git`);
		const inBare = (...args: string[]) => execFileSync('git', args, {cwd: bare, env: sandbox.env, encoding: 'utf8'}).trim();
		return {repo, bare, inBare, c1, c2, c3, c4};
	}

	async function rollbackObjects(
		namespace: string,
		url: string,
		head: string,
		history: Array<{commit: string; status: string; total: number}>,
		options: {suspend?: boolean} = {},
	) {
		const source = gitRepository('apps', namespace, {url, commit: head});
		const base = kustomization('web', namespace, {source: {kind: 'GitRepository', name: 'apps'}, appliedRevision: revisionOf(head)});
		const app: KubeObject = {
			...base,
			spec: {...base.spec, path: './apps/web', ...(options.suspend ? {suspend: true} : {})},
			status: {
				...base.status,
				history: history.map(entry => ({
					digest: `sha256:${entry.commit}`,
					firstReconciled: '2026-01-04T09:00:00Z',
					lastReconciled: '2026-01-04T11:00:00Z',
					lastReconciledDuration: '2.1s',
					lastReconciledStatus: entry.status,
					totalReconciliations: entry.total,
					metadata: {revision: revisionOf(entry.commit)},
				})),
			},
		};
		return {source: await createWithStatus(kc, source), app: await createWithStatus(kc, app)};
	}

	test('rollback: choices from history and the path log, then revert + push to the remote, then reconcile with source', async () => {
		const namespace = await freshNamespace();
		const {bare, inBare, c1, c2, c3, c4} = gitFixture('rollback');
		const {source, app} = await rollbackObjects(namespace, bare, c4, [
			{commit: c4, status: 'HealthCheckFailed', total: 3},
			{commit: c3, status: 'ReconciliationSucceeded', total: 1},
			{commit: c2, status: 'ReconciliationSucceeded', total: 12},
		]);
		const sent: Sent[] = [];

		const choosing = await prepare(app, source, {kind: 'rollback'}, sent);
		assert.equal(choosing.refusal, null);
		assert.deepEqual(
			choosing.choices?.map(choice => choice.id),
			[c4, c3, c2, c1],
			'newest first, history and path commits together',
		);
		assert.equal(choosing.choices?.[0]?.label, `${c4.slice(0, 7)} web: 1.2 with a sidecar — Ada Lovelace, 2026-01-04 10:00 (applied)`);
		assert.match(choosing.choices?.[0]?.detail ?? '', /^currently applied; HealthCheckFailed 3×/);
		// The picker starts on the first choice that is not the applied one.
		assert.deepEqual(
			choosing.choices?.map(choice => choice.current === true),
			[true, false, false, false],
		);
		assert.match(choosing.choices?.[1]?.detail ?? '', /does not change apps\/web/);
		assert.equal(choosing.choices?.[2]?.label, `${c2.slice(0, 7)} web: 1.1 — Ada Lovelace, 2026-01-02 10:00`);
		assert.match(choosing.choices?.[2]?.detail ?? '', /^ReconciliationSucceeded 12×/);

		const prepared = await prepare(app, source, {kind: 'rollback', params: {to: c1}}, sent);
		assert.equal(prepared.refusal, null);
		assert.deepEqual(prepared.effects, [
			`revert 2 commits on main touching apps/web: ${c4.slice(0, 7)} web: 1.2 with a sidecar, ${c2.slice(0, 7)} web: 1.1`,
			`push to ${bare} main`,
			`then reconcile GitRepository ${namespace}/apps + Kustomization ${namespace}/web`,
		]);
		assert.equal(sent.length, 0, 'prepare sends nothing');
		assert.equal(inBare('rev-parse', 'main'), c4, 'prepare pushes nothing');

		const outcome = await prepared.execute();
		assert.equal(outcome.ok, true, outcome.message);
		const tip = inBare('rev-parse', 'main');
		assert.match(
			outcome.message,
			new RegExp(`^reverted 2 commits on main back to ${c1.slice(0, 7)} at ${tip.slice(0, 7)}, pushed to ${bare}; reconcile requested$`),
		);

		assert.equal(inBare('diff', '--name-only', c1, 'main', '--', 'apps/web'), '', 'apps/web on the remote is the chosen revision again');
		assert.equal(inBare('diff', '--name-only', c3, 'main', '--', 'apps/other'), '', 'other paths keep their newest state');
		assert.deepEqual(inBare('log', '--format=%s', `${c4}..main`).split('\n'), ['Revert "web: 1.1"', 'Revert "web: 1.2 with a sidecar"']);
		assert.equal(inBare('log', '-1', '--format=%cn', 'main'), user, 'without a git identity the kube user commits');

		// The controller fetches the reverted branch and applies it.
		const fetched = await untilController(
			source,
			current => current.status?.artifact?.revision === revisionOf(tip),
			'the GitRepository to fetch the revert',
		);
		assert.equal(fetched.status?.lastHandledReconcileAt, fetched.metadata?.annotations?.[requestedAt]);
		const applied = await untilController(
			app,
			current => current.status?.lastAppliedRevision === revisionOf(tip),
			'the Kustomization to apply the revert',
		);
		assert.equal(applied.status?.lastHandledReconcileAt, applied.metadata?.annotations?.[requestedAt]);
	});

	test('a rejected push loses nothing: the revert stays on a named local branch, the remote and the cluster are untouched', async () => {
		const namespace = await freshNamespace();
		const {bare, inBare, c1, c4} = gitFixture('protected');
		writeFileSync(join(bare, 'hooks', 'pre-receive'), '#!/bin/sh\necho "main is protected: open a pull request" >&2\nexit 1\n', {
			mode: 0o755,
		});
		const {source, app} = await rollbackObjects(namespace, bare, c4, [{commit: c4, status: 'HealthCheckFailed', total: 1}]);
		const sent: Sent[] = [];

		const prepared = await prepare(app, source, {kind: 'rollback', params: {to: revisionOf(c1)}}, sent);
		assert.equal(prepared.refusal, null);
		const outcome = await prepared.execute();
		assert.equal(outcome.ok, false);
		const message =
			/^push rejected \(pre-receive hook declined: main is protected: open a pull request\): the revert is kept on local branch (driftwatch\/rollback-[0-9a-f]{7}-\d{14}) in (\S+); push it or open a PR$/.exec(
				outcome.message,
			);
		assert.ok(message, outcome.message);
		const [, branch = '', dir = ''] = message;
		assert.ok(branch.startsWith(`driftwatch/rollback-${c1.slice(0, 7)}-`), branch);
		assert.ok(dir.startsWith(join(sandbox.cacheHome, 'driftwatch', 'worktrees')), dir);
		assert.ok(existsSync(dir));

		const inWorkTree = (...args: string[]) => execFileSync('git', args, {cwd: dir, env: sandbox.env, encoding: 'utf8'}).trim();
		assert.equal(inWorkTree('diff', '--name-only', c1, branch, '--', 'apps/web'), '', 'the kept branch holds the rollback');
		assert.equal(inWorkTree('rev-parse', `${branch}~2`), c4, 'the kept branch is the reverts on top of the old tip');
		assert.equal(inWorkTree('rev-parse', 'main'), c4, 'the tracked branch is reset');
		assert.equal(inBare('rev-parse', 'main'), c4, 'the remote is unchanged');

		assert.equal(sent.length, 0, 'no reconcile request after a rejected push');
		assert.equal((await getObject(kc, refOf(source))).metadata?.annotations?.[requestedAt], undefined);
		assert.equal((await getObject(kc, refOf(app))).metadata?.annotations?.[requestedAt], undefined);
	});

	test('a push git reports as done is success only when the remote holds it: moved back by the server is a failure, built on is not', async () => {
		const identity =
			'export GIT_AUTHOR_NAME=hook GIT_AUTHOR_EMAIL=hook@example.com GIT_COMMITTER_NAME=hook GIT_COMMITTER_EMAIL=hook@example.com';
		const cases = [
			// Someone (or a server-side job) puts main back right after the push.
			{name: 'undone', hook: (c4: string) => `git update-ref refs/heads/main ${c4}`},
			// A commit lands on top at once, leaving apps/web alone.
			{
				name: 'built-on',
				hook: () =>
					`${identity}\nnext=$(echo "ci: stamp" | git commit-tree "$(git rev-parse main^{tree})" -p main)\ngit update-ref refs/heads/main "$next"`,
			},
		];
		for (const {name, hook} of cases) {
			const namespace = await freshNamespace();
			const {bare, inBare, c1, c4} = gitFixture(`confirm-${name}`);
			writeFileSync(join(bare, 'hooks', 'post-receive'), `#!/bin/sh\n${hook(c4)}\n`, {mode: 0o755});
			const {source, app} = await rollbackObjects(namespace, bare, c4, [{commit: c4, status: 'HealthCheckFailed', total: 1}]);
			const sent: Sent[] = [];
			const outcome = await (await prepare(app, source, {kind: 'rollback', params: {to: c1}}, sent)).execute();
			const revert = String(outcome.details?.revert ?? '');
			assert.match(revert, /^[0-9a-f]{40}$/, outcome.message);
			if (name === 'undone') {
				assert.equal(outcome.ok, false);
				assert.equal(
					outcome.message,
					`pushed ${revert.slice(0, 7)} to ${bare} main, but main is at ${c4.slice(0, 7)}, which does not contain it: check main before relying on the rollback; no reconcile requested`,
				);
				assert.equal(inBare('rev-parse', 'main'), c4);
				assert.equal(sent.length, 0, 'no reconcile for a rollback the remote does not hold');
			} else {
				const tip = inBare('rev-parse', 'main');
				assert.equal(outcome.ok, true, outcome.message);
				assert.equal(inBare('rev-parse', 'main~1'), revert);
				assert.match(
					outcome.message,
					new RegExp(
						`at ${revert.slice(0, 7)}, pushed to ${bare} \\(main has since moved on to ${tip.slice(0, 7)}, which keeps it\\); reconcile requested$`,
					),
				);
			}
		}
	});

	test('rollback refusals: a suspended Kustomization, nothing to revert, a GitRepository that follows a tag', async () => {
		const namespace = await freshNamespace();
		const {bare, inBare, c1, c4} = gitFixture('refusals');
		const sent: Sent[] = [];

		const suspended = await rollbackObjects(namespace, bare, c4, [{commit: c4, status: 'ReconciliationSucceeded', total: 1}], {
			suspend: true,
		});
		const refusedSuspended = await prepare(suspended.app, suspended.source, {kind: 'rollback', params: {to: c1}}, sent);
		assert.match(refusedSuspended.refusal ?? '', /^resource is suspended/);
		assert.deepEqual(refusedSuspended.effects, []);
		assert.equal((await refusedSuspended.execute()).ok, false);

		const current = await createWithStatus(kc, {
			...suspended.app,
			metadata: {name: 'web-current', namespace},
			spec: {...suspended.app.spec, suspend: undefined},
		});
		const nothing = await prepare(current, suspended.source, {kind: 'rollback', params: {to: c4}}, sent);
		assert.equal(nothing.refusal, `nothing to revert: apps/web on main already matches ${c4.slice(0, 7)}`);

		const tagged = await createWithStatus(kc, {
			...gitRepository('tagged', namespace, {url: bare, commit: c4}),
			spec: {url: bare, interval: '1m', ref: {tag: 'v1.2.0'}},
		});
		const onTag = await createWithStatus(kc, {
			...current,
			metadata: {name: 'web-tagged', namespace},
			spec: {...current.spec, sourceRef: {kind: 'GitRepository', name: 'tagged'}},
		});
		const refusedTag = await prepare(onTag, tagged, {kind: 'rollback', params: {to: c1}}, sent);
		assert.match(refusedTag.refusal ?? '', /follows tag v1\.2\.0.*the rollback is a ref change in Git/);

		assert.equal(sent.length, 0, 'refusals send nothing');
		assert.equal(inBare('rev-parse', 'main'), c4, 'refusals push nothing');
		for (const object of [suspended.app, current, onTag, suspended.source]) {
			assert.equal((await getObject(kc, refOf(object))).metadata?.annotations?.[requestedAt], undefined);
		}
	});
});
