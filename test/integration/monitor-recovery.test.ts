// How the live monitor recovers from faults that used to leave it silently
// incomplete or busy: a cluster-wide list forbidden for a while (partial
// coverage, said so, and full coverage back once allowed), a CRD installed or
// removed while watching (found without polling discovery), and an idle
// monitor (no request beyond its open watches). Each runs on both backends
// where the fault can be made there: the sandbox's fault injection, or RBAC
// changes on a real kube-apiserver.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {ApiHttpError, requestJson} from '../../source/core/kube/http.js';
import {allCrds, installCrds} from '../../source/sandbox/crds.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {argoCdProvider} from '../../source/core/controllers/argocd/apps.js';
import {backendName, type TestBackend, faultsOf, sandboxOrSkip} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {runCli} from '../support/cli.js';
import {KubeConfig} from '@kubernetes/client-node';
import {ResourceWatcher} from '../../source/core/kube/watcher.js';
import {projectApplication, applicationType} from '../../source/core/controllers/argocd/projection.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/sandbox.js';
import {waitFor} from '../support/wait-for.js';
import {argoApp, ensureNamespace, helmRelease, kustomization} from '../support/fixtures.js';
import {findApp, type Monitors, sourceByKey, untilAllLive, untilApp, untilSnapshot, untilSourcePhase} from './support/live.js';
import {fluxSystemSource, putAll, sharedFluxSources} from './support/seed.js';

const home = 'argocd';
const elsewhere = 'recovery-elsewhere';
const argoKey = 'argoproj.io/applications';
const helmReleaseKey = 'helm.toolkit.fluxcd.io/helmreleases';
const readVerbs = ['get', 'list', 'watch'];
const rbacPath = '/apis/rbac.authorization.k8s.io/v1';
/** Argo CD apps listed or watched in all namespaces (a namespace's are under /namespaces/NS/). */
const appsInAllNamespaces = /^\/apis\/argoproj\.io\/v1alpha1\/applications$/;
/** Quick reconnects; the 401/403 retry keeps its default (1 s doubling), which is what recovery depends on. */
const timing = {backoff: {initialMs: 50, maxMs: 400}};

const isHelmReleaseCrd = (crd: KubeObject) => (crd.spec as {names?: {kind?: string}}).names?.kind === 'HelmRelease';

const driftwatch = runCli;

describe('live monitor: recovery from faults', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let monitors: Monitors;

	before(async () => {
		fixture = await startIntegration();
		({backend, monitors} = fixture);
		const kc = backend.kubeConfig();
		// Every GitOps CRD but HelmRelease's: that one is installed while a monitor watches.
		await installCrds(
			kc,
			allCrds.filter(crd => !isHelmReleaseCrd(crd)),
		);
		for (const namespace of ['flux-system', home, elsewhere]) await ensureNamespace(kc, namespace);
		await sharedFluxSources(kc);
		await putAll(kc, [
			argoApp('at-home', home),
			argoApp('far-away', elsewhere),
			kustomization('infra', home, {source: fluxSystemSource('GitRepository', 'flux-system')}),
		]);
	});
	after(async () => {
		await fixture?.close();
	});

	/**
	 * Who may list Argo CD apps in all namespaces, switched by the test; the home namespace stays readable.
	 * Sandbox: a 403 injected on the cluster-wide path for the admin. Real server: a user with a RoleBinding in the
	 * home namespace, and a ClusterRoleBinding created and deleted.
	 */
	let access: {context: string; forbid: () => Promise<void>; allow: () => Promise<void>} | undefined;
	async function allNamespacesAccess(): Promise<NonNullable<typeof access>> {
		if (access) return access;
		const sandbox = faultsOf(backend);
		if (sandbox) {
			access = {
				context: backend.adminContext,
				forbid: async () => sandbox.faults.failNext('until-cleared', 403, undefined, {path: appsInAllNamespaces}),
				allow: async () => sandbox.faults.clearFailures(),
			};
			return access;
		}
		const name = 'partial-reader';
		const context = await backend.addUser(name, [
			{verbs: readVerbs, apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions']},
			{
				verbs: readVerbs,
				apiGroups: ['kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io'],
				resources: ['*'],
			},
		]);
		const admin = backend.kubeConfig();
		const send = async (method: string, path: string, body?: unknown) => {
			await requestJson(admin, path, {method, ...(body === undefined ? {} : {body: JSON.stringify(body)})}).catch((error: unknown) => {
				// Already there (409) or already gone (404): the state asked for holds.
				if (!(error instanceof ApiHttpError && (error.code === 409 || error.code === 404))) throw error;
			});
		};
		const role = 'recovery-argo-app-reader';
		const subjects = [{kind: 'ServiceAccount', name, namespace: 'kube-system'}];
		const roleRef = {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role};
		await send('POST', `${rbacPath}/clusterroles`, {
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRole',
			metadata: {name: role},
			rules: [{verbs: readVerbs, apiGroups: ['argoproj.io'], resources: ['applications']}],
		});
		await send('POST', `${rbacPath}/namespaces/${home}/rolebindings`, {
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'RoleBinding',
			metadata: {name: role, namespace: home},
			roleRef,
			subjects,
		});
		access = {
			context,
			forbid: async () => send('DELETE', `${rbacPath}/clusterrolebindings/${role}`),
			allow: async () =>
				send('POST', `${rbacPath}/clusterrolebindings`, {
					apiVersion: 'rbac.authorization.k8s.io/v1',
					kind: 'ClusterRoleBinding',
					metadata: {name: role},
					roleRef,
					subjects,
				}),
		};
		return access;
	}

	test('a cluster-wide list forbidden: "partial" naming the namespace read (never "all live"), status exits 1 saying so; once allowed, every namespace is back within 5 s', async () => {
		const {context, forbid, allow} = await allNamespacesAccess();
		await forbid();
		const monitor = monitors.open({context, batchMs: 20, timing});
		try {
			const partial = await untilSourcePhase(monitor, argoKey, 'partial', 10_000);
			assert.ok(partial.coveredNamespaces?.includes(home), `covers ${home}: ${JSON.stringify(partial)}`);
			assert.ok(!partial.coveredNamespaces?.includes(elsewhere));
			assert.match(
				partial.message,
				new RegExp(`^only namespaces? (.*, )?${home}(, .*)?: listing in all namespaces is forbidden \\(retrying\\)$`),
			);
			const shown = await untilApp(monitor, {kind: 'Application', namespace: home, name: 'at-home'});
			assert.ok(shown);
			assert.equal(
				findApp(monitor.store.getSnapshot(), 'Application', elsewhere, 'far-away'),
				undefined,
				'nothing outside the covered namespaces',
			);

			const json = await driftwatch(['status', '--json', '--kubeconfig', backend.kubeconfigPath, '--context', context]);
			assert.equal(json.code, 1, `exit 1 while partial; stderr: ${json.stderr}`);
			const body = JSON.parse(json.stdout) as {partial?: Array<{source: string; onlyNamespaces: string[]}>};
			assert.equal(body.partial?.[0]?.source, argoKey);
			assert.ok(body.partial?.[0]?.onlyNamespaces.includes(home));
			const warnings = json.stderr
				.trim()
				.split('\n')
				.filter(line => line.includes('partial'));
			assert.equal(warnings.length, 1, json.stderr);
			assert.match(warnings[0]!, /^driftwatch: warning: Argo CD apps: partial — only namespaces? .*listing in all namespaces is forbidden/);

			await allow();
			// The cluster-wide list is retried 1 s, 2 s, then every 3 s while a 403 may be transient: back within 5 s.
			await untilApp(monitor, {kind: 'Application', namespace: elsewhere, name: 'far-away'}, () => true, 5000);
			const live = await untilSourcePhase(monitor, argoKey, 'live', 5000);
			assert.equal(live.coveredNamespaces, undefined);
		} finally {
			await monitors.close(monitor);
		}
	});

	test('a transient 403 while watching (sandbox: dropped watches; real server: RBAC removed, then a restart drops the watches): partial meanwhile, all namespaces back within 5 s once allowed', async () => {
		const {context, forbid, allow} = await allNamespacesAccess();
		await allow();
		const monitor = monitors.open({context, batchMs: 20, timing});
		try {
			await untilAllLive(monitor, 10_000);
			await untilApp(monitor, {kind: 'Application', namespace: elsewhere, name: 'far-away'});
			await forbid();
			// Open watches outlive an RBAC change: the fault is on reconnecting.
			const sandbox = faultsOf(backend);
			if (sandbox) sandbox.faults.dropWatches();
			else await backend.restart();
			const partial = await untilSourcePhase(monitor, argoKey, 'partial', 60_000);
			assert.ok(partial.coveredNamespaces?.includes(home));
			const during = monitor.store.getSnapshot();
			assert.ok(findApp(during, 'Application', home, 'at-home'), 'the covered namespace stays');
			assert.ok(!during.sources.every(source => source.phase === 'live'));
			await allow();
			await untilApp(monitor, {kind: 'Application', namespace: elsewhere, name: 'far-away'}, () => true, 5000);
			await untilAllLive(monitor, 5000);
		} finally {
			await allow();
			await monitors.close(monitor);
		}
	});

	test("30 injected 403s on every request with dropped watches (the issue's case): every app and every source back within 5 s of the last 403", async t => {
		const sandbox = sandboxOrSkip(t, backend, "needs the sandbox's fault injection");
		if (!sandbox) return;
		const monitor = monitors.open({batchMs: 20, timing});
		try {
			await untilAllLive(monitor);
			const before = await untilApp(monitor, {kind: 'Application', namespace: elsewhere, name: 'far-away'});
			assert.ok(before);
			const rows = monitor.store.getSnapshot().apps.length;
			sandbox.clearRequests();
			sandbox.faults.failNext(30, 403);
			sandbox.faults.dropWatches();
			const denied = () => sandbox.requests.filter(request => request.status === 403).length;
			await waitFor(
				() => denied() === 30,
				30_000,
				() => `30 refused requests; saw ${denied()}`,
			);
			// The fault has cleared: from here, 5 s for everything to be back.
			await untilSnapshot(
				monitor,
				snapshot => snapshot.sources.every(source => source.phase === 'live') && snapshot.apps.length === rows && snapshot,
				'every source live, every row back',
				5000,
			);
			assert.ok(findApp(monitor.store.getSnapshot(), 'Application', elsewhere, 'far-away'));
		} finally {
			await monitors.close(monitor);
		}
	});

	test('a CRD installed while watching is found without polling discovery, and a removed one stops its watch and takes its rows', async () => {
		const monitor = monitors.open({batchMs: 20, timing});
		const kc = backend.kubeConfig();
		try {
			await untilAllLive(monitor);
			assert.equal(sourceByKey(monitor.store.getSnapshot(), helmReleaseKey), undefined, 'no HelmRelease CRD yet');
			await installCrds(kc, allCrds.filter(isHelmReleaseCrd));
			// Without Flux's finalizer: no controller here would remove it, and the CRD would wait for it forever.
			const late = helmRelease('late', home);
			await putAll(kc, [{...late, metadata: {...late.metadata, finalizers: []}}]);
			await untilApp(monitor, {kind: 'HelmRelease', namespace: home, name: 'late'}, () => true, 5000);
			await untilSourcePhase(monitor, helmReleaseKey, 'live');

			const crd = allCrds.find(isHelmReleaseCrd)!;
			await requestJson(kc, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata!.name}`, {method: 'DELETE'});
			await untilSnapshot(
				monitor,
				snapshot => !sourceByKey(snapshot, helmReleaseKey) && !findApp(snapshot, 'HelmRelease', home, 'late'),
				'the HelmRelease source and row gone',
				10_000,
			);
			await untilAllLive(monitor);
		} finally {
			await monitors.close(monitor);
		}
	});

	test('idle: no discovery, list or any other request beyond the open watches (sandbox request log)', async t => {
		const sandbox = sandboxOrSkip(t, backend, "needs the sandbox's request log");
		if (!sandbox) return;
		// Periodic discovery is only for users who may not watch CRDs: a short period shows it is not used here.
		const monitor = monitors.open({batchMs: 20, timing, rediscoverMs: 100});
		const blind = await backend.addUser('no-crd-reader', [
			{
				verbs: readVerbs,
				apiGroups: ['argoproj.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io'],
				resources: ['*'],
			},
		]);
		const polling = monitors.open({context: blind, batchMs: 20, timing, rediscoverMs: 100});
		try {
			await untilAllLive(monitor);
			await untilAllLive(polling);
			// A source is live once listed; its watch opens a moment later.
			const watching = (user: string, of: typeof monitor) =>
				of.store
					.getSnapshot()
					.sources.every(source =>
						sandbox.requests.some(
							request => request.user === user && request.verb === 'watch' && request.path.endsWith(`/${source.key.split('/').at(-1)}`),
						),
					);
			await waitFor(
				() => watching('admin', monitor) && watching(blind, polling),
				5000,
				() => 'every source watching',
			);
			// CRDs are followed for changes only: their list (schemas and all) is never read, one object tells the version.
			const crdLists = sandbox.requests.filter(
				request => request.verb === 'list' && request.path.endsWith('/customresourcedefinitions') && request.user === 'admin',
			);
			assert.ok(
				crdLists.length > 0 && crdLists.every(request => /(^|&)limit=1(&|$)/.test(request.query)),
				JSON.stringify(crdLists.map(request => request.query)),
			);
			sandbox.clearRequests();
			// An idle window, not a synchronisation: nothing may happen in it, whatever its length.
			const windowMs = 1500;
			await new Promise(resolve => setTimeout(resolve, windowMs));
			const byAdmin = sandbox.requests.filter(request => request.user === 'admin');
			assert.deepEqual(
				byAdmin.map(request => `${request.verb} ${request.path}?${request.query}`),
				[],
				'no request while idle',
			);
			// The user who may not watch CRDs looks at discovery now and then instead: this is what the window would show.
			const polled = sandbox.requests.filter(request => request.user === blind);
			assert.ok(
				polled.some(request => request.path.startsWith('/apis/argoproj.io')),
				`periodic discovery for a user without CRD access; saw ${JSON.stringify(polled.map(request => request.path))}`,
			);
			assert.ok(
				polled.every(request => request.verb === 'get'),
				`discovery only: no list; saw ${JSON.stringify(polled.map(request => [request.verb, request.path, request.status]))}`,
			);
		} finally {
			await monitors.close(monitor);
			await monitors.close(polling);
		}
	});

	test('the first list shows each page as it arrives: rows of the first page while the rest is still coming', async t => {
		const sandbox = sandboxOrSkip(t, backend, "needs the sandbox's latency injection to hold the second page back");
		if (!sandbox) return;
		const namespace = 'recovery-paged';
		const kc = backend.kubeConfig();
		await ensureNamespace(kc, namespace);
		// One more than a page (500).
		const names = Array.from({length: 501}, (_, index) => `paged-${String(index).padStart(3, '0')}`);
		for (let start = 0; start < names.length; start += 50)
			await putAll(
				kc,
				names.slice(start, start + 50).map(name => argoApp(name, namespace)),
			);
		sandbox.faults.setLatency(400);
		// Argo CD only: no other source's news may publish the rows listed so far.
		const monitor = monitors.open({batchMs: 20, timing, namespace, providers: [argoCdProvider]});
		try {
			const early = await untilSnapshot(
				monitor,
				snapshot => snapshot.apps.filter(app => app.namespace === namespace).length >= 500 && snapshot,
				'the first page shown',
				10_000,
			);
			assert.equal(sourceByKey(early, argoKey)?.phase, 'connecting', 'shown before the list is complete');
			assert.ok(early.apps.filter(app => app.namespace === namespace).length < names.length);
			await untilSnapshot(
				monitor,
				snapshot =>
					snapshot.apps.filter(app => app.namespace === namespace).length === names.length &&
					sourceByKey(snapshot, argoKey)?.phase === 'live',
				'every page',
				10_000,
			);
		} finally {
			sandbox.faults.setLatency(0);
			await monitors.close(monitor);
		}
	});

	// Last: it wipes the server.
	test('the server restarted with fresh storage under a running monitor: disconnected meanwhile, then the new state with no ghost of the old', async () => {
		const kc = backend.kubeConfig();
		const monitor = monitors.open({batchMs: 20, timing});
		try {
			await untilAllLive(monitor);
			await untilApp(monitor, {kind: 'Application', namespace: elsewhere, name: 'far-away'});
			await backend.stopServer();
			await untilSnapshot(
				monitor,
				snapshot => snapshot.sources.length > 0 && snapshot.sources.every(source => source.phase === 'disconnected'),
				'every source disconnected',
				10_000,
			);
			assert.ok(findApp(monitor.store.getSnapshot(), 'Application', elsewhere, 'far-away'), 'rows kept while disconnected');
			await backend.startServer({freshData: true});
			await installCrds(
				kc,
				allCrds.filter(crd => !isHelmReleaseCrd(crd)),
			);
			for (const namespace of [home, elsewhere]) await ensureNamespace(kc, namespace);
			await putAll(kc, [argoApp('reborn', elsewhere)]);
			const after = await untilSnapshot(
				monitor,
				snapshot =>
					findApp(snapshot, 'Application', elsewhere, 'reborn') && snapshot.sources.every(source => source.phase === 'live') && snapshot,
				'the new app shown and every source live',
				15_000,
			);
			const ghosts = after.apps
				.filter(app => ['far-away', 'at-home', 'infra'].includes(app.name))
				.map(app => `${app.kind} ${app.namespace}/${app.name}`);
			assert.deepEqual(ghosts, [], 'nothing of the old storage');
		} finally {
			await monitors.close(monitor);
		}
	});
});

/**
 * A server that comes back with fresh storage numbers its resourceVersions from scratch, so what the watcher
 * resumes from is not in its history. Two sandboxes (same certificate authority) stand for the server before and
 * after; the watcher's kubeconfig is pointed from one to the other.
 */
describe('a server back with fresh storage: no ghosts', () => {
	let before_: Sandbox;
	let after_: Sandbox | undefined;
	const kc = new KubeConfig();
	const namespace = 'fresh';

	/** A server with the apps; `churn` writes first, so its resourceVersions run ahead. */
	async function serverWith(sandbox: Sandbox, apps: string[], churn: number): Promise<KubeConfig> {
		const admin = new KubeConfig();
		admin.loadFromString(sandbox.kubeconfig());
		await installCrds(
			admin,
			allCrds.filter(crd => !isHelmReleaseCrd(crd)),
		);
		await ensureNamespace(admin, namespace);
		for (let index = 0; index < churn; index++) await ensureNamespace(admin, `churn-${index}`);
		await putAll(
			admin,
			apps.map(name => argoApp(name, namespace)),
		);
		return admin;
	}

	function pointAt(sandbox: Sandbox, admin: KubeConfig): void {
		Object.assign(kc.getCurrentCluster()!, {server: sandbox.url});
		Object.assign(kc.getCurrentUser()!, {token: admin.getCurrentUser()!.token});
	}

	function watcher(): ResourceWatcher<unknown> {
		return new ResourceWatcher({
			kc,
			type: applicationType,
			namespace: null,
			project: projectApplication,
			reloginHint: '',
			timing,
			onChange: () => {},
		});
	}

	before(async () => {
		before_ = await startSandbox({port: 0});
		await serverWith(before_, ['kept', 'ghost'], 30);
		kc.loadFromString(before_.kubeconfig());
	});
	after(async () => {
		await before_?.close();
		await after_?.close();
	});

	test('resumed on a new server whose history is behind ours: it refuses the version (504 Too large resource version, as a real server does) and the relist replaces, so the ghost goes', async t => {
		if (backendName() === 'cluster') {
			t.skip("two sandboxes stand for the restarted server; the real-server restart with fresh data is the fault suite's");
			return;
		}
		const watching = watcher();
		watching.start();
		try {
			await waitFor(
				() => watching.state.phase === 'live' && watching.items.has(`${namespace}/ghost`),
				5000,
				() => JSON.stringify(watching.state),
			);
			after_ = await startSandbox({port: 0});
			const admin = await serverWith(after_, ['kept'], 0);
			pointAt(after_, admin);
			before_.faults.dropWatches();
			await waitFor(
				() => after_!.requests.some(request => request.verb === 'watch' && request.path.endsWith('/applications')),
				5000,
				() => 'tried to resume on the new server',
			);
			await putAll(admin, [argoApp('late', namespace)]);
			await waitFor(
				() => watching.items.has(`${namespace}/late`) && !watching.items.has(`${namespace}/ghost`),
				5000,
				() => `items ${[...watching.items.keys()].join(', ')}`,
			);
			assert.ok(
				after_.requests.some(request => request.verb === 'list' && request.path.endsWith('/applications')),
				'relisted',
			);
			assert.ok(watching.items.has(`${namespace}/kept`));
		} finally {
			await watching.stop();
			await after_?.close();
			after_ = undefined;
		}
	});

	test('restarted on the same port after being away: the reconnect lists and replaces, and the ghost goes with the first list', async t => {
		if (backendName() === 'cluster') {
			t.skip("two sandboxes stand for the restarted server; the real-server restart with fresh data is the fault suite's");
			return;
		}
		kc.loadFromString(before_.kubeconfig());
		const watching = watcher();
		watching.start();
		try {
			await waitFor(
				() => watching.state.phase === 'live' && watching.items.has(`${namespace}/ghost`),
				5000,
				() => JSON.stringify(watching.state),
			);
			const port = before_.port;
			await before_.stop();
			await waitFor(
				() => watching.state.phase === 'disconnected',
				5000,
				() => JSON.stringify(watching.state),
			);
			after_ = await startSandbox({port});
			const admin = await serverWith(after_, ['kept'], 0);
			pointAt(after_, admin);
			await waitFor(
				() => watching.state.phase === 'live' && !watching.items.has(`${namespace}/ghost`),
				5000,
				() => `${JSON.stringify(watching.state)}; items ${[...watching.items.keys()].join(', ')}`,
			);
			assert.deepEqual([...watching.items.keys()], [`${namespace}/kept`]);
		} finally {
			await watching.stop();
		}
	});
});
