// Changes on the server reach a live monitor's store quickly and on their own:
// status writes, new and deleted apps, a source's new revision, and an open
// detail view that follows its live objects.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {ManagedResource} from '../../source/core/apps/detail.js';
import type {DetailState} from '../../source/core/monitor/monitor.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {argoResourceOf} from '../../source/demo/argo-objects.js';
import {deleteObject} from '../../source/demo/rest.js';
import type {TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {argoApp, deployment, fluxCommit, gitRepository, kustomization, refOf, setStatus} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {findApp, type Monitors, untilAllLive, untilApp, untilSnapshot} from './support/live.js';
import {fluxSystemSource, prepareCluster, put, putAll} from './support/seed.js';

const argoNs = 'live-argo';
const fluxNs = 'live-flux';
const workloadNs = 'live-workloads';

/** A ConfigMap and a ClusterIP Service: no health, and always Healthy. */
function configMap(name: string): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: workloadNs}, data: {mode: 'live'}};
}

function service(name: string): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name, namespace: workloadNs},
		spec: {type: 'ClusterIP', selector: {'app.kubernetes.io/name': name}, ports: [{port: 80, targetPort: 8080}]},
	};
}

function healthOf(resources: readonly ManagedResource[], kind: string, name: string) {
	return resources.find(resource => resource.kind === kind && resource.name === name)?.health;
}

/** Follow an app's detail, keeping every state reported. */
function follow(monitor: LiveMonitor, appId: string) {
	const states: DetailState[] = [];
	const stop = monitor.watchDetail(appId, state => states.push(state));
	const until = (check: (state: DetailState) => boolean, what: string, timeoutMs = 5000) =>
		waitFor(
			() => states.find(check),
			timeoutMs,
			() => `${what}; last detail: ${JSON.stringify(states.at(-1))?.slice(0, 800)}`,
		);
	return {states, stop, until, latest: () => states.at(-1)};
}

describe('live monitor: changes arrive by themselves', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let monitors: Monitors;
	let monitor: LiveMonitor;
	let checkout: KubeObject;
	let web: KubeObject;
	let shop: KubeObject;

	before(async () => {
		fixture = await startIntegration();
		({backend, monitors} = fixture);
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [argoNs, fluxNs, workloadNs]);
		// The Deployment alone: its status is what health is computed from (no controllers run on a test server).
		web = await put(kc, deployment('web', workloadNs, {replicas: 2}));
		await putAll(kc, [service('web'), configMap('web-config'), gitRepository('live-source', 'flux-system')]);
		[checkout, shop] = (await putAll(kc, [
			argoApp('checkout', argoNs),
			argoApp('shop', argoNs, {
				destinationNamespace: workloadNs,
				resources: [
					argoResourceOf(web),
					argoResourceOf(service('web')),
					argoResourceOf(configMap('web-config')),
					argoResourceOf(service('gone')),
				],
			}),
			kustomization('platform', fluxNs, {source: fluxSystemSource('GitRepository', 'live-source'), inventory: [web, service('web')]}),
		])) as [KubeObject, KubeObject, KubeObject];
		// Default batching (250 ms): the 1-second promise must hold with it.
		monitor = monitors.open({detailPollMs: 200});
		await untilAllLive(monitor);
		await untilApp(monitor, {kind: 'Kustomization', namespace: fluxNs, name: 'platform'});
		await untilApp(monitor, {kind: 'Application', namespace: argoNs, name: 'checkout'});
	});
	after(async () => {
		await fixture?.close();
	});

	test('a status change written to an app is in the store within 1 s of the write', async () => {
		const kc = backend.kubeConfig();
		const ref = {kind: 'Application', namespace: argoNs, name: 'checkout'};
		assert.equal(findApp(monitor.store.getSnapshot(), ref.kind, ref.namespace, ref.name)?.health, 'Healthy');
		let arrivedAt = 0;
		const unsubscribe = monitor.store.subscribe(() => {
			const app = findApp(monitor.store.getSnapshot(), ref.kind, ref.namespace, ref.name);
			if (!arrivedAt && app?.health === 'Degraded') arrivedAt = Date.now();
		});
		try {
			const writtenAt = Date.now();
			await setStatus(kc, checkout, {health: {status: 'Degraded', message: 'Deployment "checkout" exceeded its progress deadline'}});
			await waitFor(
				() => arrivedAt,
				1000 - (Date.now() - writtenAt),
				() =>
					`checkout Degraded; store shows ${JSON.stringify(findApp(monitor.store.getSnapshot(), ref.kind, ref.namespace, ref.name)?.health)}`,
			);
			assert.ok(arrivedAt - writtenAt <= 1000, `arrived ${arrivedAt - writtenAt} ms after the write`);
			const app = findApp(monitor.store.getSnapshot(), ref.kind, ref.namespace, ref.name)!;
			assert.equal(app.message, 'Deployment "checkout" exceeded its progress deadline');
			assert.ok((monitor.store.getSnapshot().updatedAt ?? 0) >= writtenAt, 'updatedAt moves with the change');
		} finally {
			unsubscribe();
		}
	});

	test('a new app appears and a deleted app disappears', async () => {
		const kc = backend.kubeConfig();
		const created = await put(kc, argoApp('newcomer', argoNs, {sync: 'OutOfSync'}));
		const app = await untilApp(monitor, {kind: 'Application', namespace: argoNs, name: 'newcomer'});
		assert.equal(app.sync, 'OutOfSync');
		await deleteObject(kc, refOf(created));
		await untilSnapshot(monitor, snapshot => !findApp(snapshot, 'Application', argoNs, 'newcomer'), 'newcomer gone');
		// Only that app went.
		assert.ok(findApp(monitor.store.getSnapshot(), 'Application', argoNs, 'checkout'));
	});

	test('a Flux source offering a new revision turns its Kustomization OutOfSync, and back when applied', async () => {
		const kc = backend.kubeConfig();
		const ref = {kind: 'Kustomization', namespace: fluxNs, name: 'platform'};
		assert.equal((await untilApp(monitor, ref)).sync, 'Synced');
		const next = `main@sha1:${'a'.repeat(40)}`;
		await setStatus(
			kc,
			{apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', namespace: 'flux-system', name: 'live-source'},
			{
				artifact: {
					revision: next,
					digest: `sha256:${'b'.repeat(64)}`,
					path: 'x',
					url: 'http://source-controller/x',
					lastUpdateTime: new Date().toISOString(),
				},
			},
		);
		const lagging = await untilApp(monitor, ref, app => app.sync === 'OutOfSync');
		assert.equal(lagging.source?.revision, next);
		assert.match(lagging.revision, new RegExp(fluxCommit));
		await setStatus(
			kc,
			{apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: fluxNs, name: 'platform'},
			{lastAppliedRevision: next},
		);
		const applied = await untilApp(monitor, ref, app => app.sync === 'Synced');
		assert.equal(applied.revision, next);
	});

	test('detail shows the managed resources with health computed from the live objects, and follows a Deployment', async () => {
		const kc = backend.kubeConfig();
		const id = `${backend.adminContext}/Application/${argoNs}/shop`;
		assert.ok(findApp(monitor.store.getSnapshot(), 'Application', argoNs, 'shop'));
		const detail = follow(monitor, id);
		try {
			const loaded = await detail.until(state => state.detail !== null, 'detail loaded');
			const resources = loaded.detail!.resources;
			assert.deepEqual(resources.map(resource => `${resource.kind}/${resource.name}`).sort(), [
				'ConfigMap/web-config',
				'Deployment/web',
				'Service/gone',
				'Service/web',
			]);
			// The app object carries no per-resource health (Argo CD 3.x): all of it is computed here.
			assert.ok(!JSON.stringify(shop.status.resources).includes('"health"'));
			assert.deepEqual(healthOf(resources, 'Deployment', 'web'), {status: 'Healthy', message: ''});
			assert.equal(healthOf(resources, 'Service', 'web')?.status, 'Healthy');
			assert.equal(healthOf(resources, 'ConfigMap', 'web-config'), null);
			assert.equal(healthOf(resources, 'Service', 'gone')?.status, 'Missing');

			// Only the Deployment changes, not the app: the open detail still follows it.
			await setStatus(kc, web, {readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1});
			const rolling = await detail.until(
				state => healthOf(state.detail?.resources ?? [], 'Deployment', 'web')?.status === 'Progressing',
				'Deployment Progressing',
			);
			assert.match(healthOf(rolling.detail!.resources, 'Deployment', 'web')!.message, /1 of 2 updated replicas are available/);
			await setStatus(kc, web, {readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 0});
			await detail.until(
				state => state === detail.latest() && healthOf(state.detail?.resources ?? [], 'Deployment', 'web')?.status === 'Healthy',
				'Deployment Healthy again',
			);
		} finally {
			detail.stop();
		}
	});

	test("a Flux Kustomization's detail lists its inventory with live health", async () => {
		const id = `${backend.adminContext}/Kustomization/${fluxNs}/platform`;
		const detail = follow(monitor, id);
		try {
			const loaded = await detail.until(
				state => state.detail?.resources.every(resource => resource.health !== null) === true,
				'detail with health',
			);
			assert.deepEqual(loaded.detail!.resources.map(resource => `${resource.kind}/${resource.namespace}/${resource.name}`).sort(), [
				`Deployment/${workloadNs}/web`,
				`Service/${workloadNs}/web`,
			]);
			assert.equal(healthOf(loaded.detail!.resources, 'Deployment', 'web')?.status, 'Healthy');
		} finally {
			detail.stop();
		}
	});

	test('a detail of an app deleted meanwhile says so', async () => {
		const kc = backend.kubeConfig();
		const doomed = await put(kc, argoApp('doomed', argoNs));
		await untilApp(monitor, {kind: 'Application', namespace: argoNs, name: 'doomed'});
		const detail = follow(monitor, `${backend.adminContext}/Application/${argoNs}/doomed`);
		try {
			await detail.until(state => state.detail !== null, 'detail loaded');
			await deleteObject(kc, refOf(doomed));
			// A poll may hit the 404 first; once the list drops the app, the detail says why.
			const gone = await detail.until(
				state => state === detail.latest() && /no longer exists/.test(state.error ?? ''),
				'an error once deleted',
			);
			assert.equal(gone.loading, false);
		} finally {
			detail.stop();
		}
	});
});
