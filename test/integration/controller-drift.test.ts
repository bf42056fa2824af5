// Local drift of Argo CD and Flux apps: desired state rendered from a real git repository at the revision the
// controller recorded, compared with a real API server, shown beside the controller's own status.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import type {AppDriftState} from '../../source/core/drift/drift-state.js';
import type {DetailState} from '../../source/core/monitor/monitor.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {createWithStatus, ensureNamespace, installGitOpsCrds} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, deployment, edit, serverSideApply} from './drift/support.js';
import {type Monitors, untilApp} from './support/live.js';

function withMetadata(object: KubeObject, labels: Record<string, string>, annotations: Record<string, string>): KubeObject {
	return {
		...object,
		metadata: {
			...object.metadata,
			labels: {...object.metadata?.labels, ...labels},
			annotations: {...object.metadata?.annotations, ...annotations},
		},
	};
}

function untilDrift(monitor: LiveMonitor, id: string, check: (state: AppDriftState) => boolean, what: string): Promise<AppDriftState> {
	let latest: AppDriftState | null = null;
	const stop = monitor.watchDrift(id, state => {
		latest = state;
	});
	return waitFor(
		() => (latest && check(latest) ? latest : undefined),
		20_000,
		() =>
			`${what}; drift: ${JSON.stringify({phase: latest?.phase, error: latest?.error, status: latest?.report?.status, disagreement: latest?.disagreement})}`,
	).finally(stop);
}

describe('local drift of controller apps', () => {
	let fixture: Integration;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let monitors: Monitors;
	let git: GitRepos;
	let count = 0;

	before(async () => {
		fixture = await startIntegration();
		({kc, gitSandbox: sandbox, git, monitors} = fixture);
		await installGitOpsCrds(kc);
	});
	after(async () => {
		await fixture?.close();
	});

	test('Argo CD app: rendered at the synced revision, a hand edit is drift the controller does not report, HEAD ahead is counted', async () => {
		const namespace = `argo-drift-${process.pid}-${++count}`;
		await ensureNamespace(kc, namespace);
		await ensureNamespace(kc, 'argocd');
		const repo = WorkRepo.create(sandbox, `argo-${count}`);
		const web = deployment('web', namespace, {replicas: 2});
		const settings = configMap('settings', namespace, {LOG_LEVEL: 'info'});
		const synced = repo.commit('shop: first release', {
			'apps/shop/web.yaml': stringify(web),
			'apps/shop/settings.yaml': stringify(settings),
		});
		repo.commit('shop: raise replicas', {'apps/shop/web.yaml': stringify(deployment('web', namespace, {replicas: 4}))});
		const leftover = configMap('leftover', namespace, {old: 'yes'});
		for (const object of [web, settings, leftover]) {
			const tracking = `shop:${object.kind === 'Deployment' ? 'apps' : ''}/${object.kind}:${namespace}/${object.metadata!.name}`;
			await serverSideApply(kc, withMetadata(object, {}, {'argocd.argoproj.io/tracking-id': tracking}), 'argocd-controller');
		}
		const source = {repoURL: repo.dir, path: 'apps/shop', targetRevision: 'main'};
		const destination = {server: 'https://kubernetes.default.svc', namespace};
		await createWithStatus(kc, {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name: `shop-${count}`, namespace: 'argocd'},
			spec: {project: 'default', source, destination},
			status: {
				sync: {status: 'Synced', revision: synced, comparedTo: {source, destination}},
				health: {status: 'Healthy'},
				history: [{id: 1, revision: synced, deployedAt: '2026-01-02T03:10:00Z', source}],
				resources: [
					{group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'web', status: 'Synced'},
					{group: '', version: 'v1', kind: 'ConfigMap', namespace, name: 'settings', status: 'Synced'},
					{group: '', version: 'v1', kind: 'ConfigMap', namespace, name: 'leftover', status: 'Synced'},
				],
			},
		});
		const monitor = monitors.open({git, driftRecheckMs: 10 * 60_000, batchMs: 50});
		const app = await untilApp(monitor, {kind: 'Application', namespace: 'argocd', name: `shop-${count}`}, undefined, 10_000);

		const first = await untilDrift(monitor, app.id, state => state.phase !== 'pending', 'first drift result');
		assert.equal(first.phase, 'ready', first.error ?? '');
		assert.equal(first.rendered?.revision, synced);
		assert.equal(first.rendered?.commit?.subject, 'shop: first release');
		assert.equal(first.tracked?.ref, 'main');
		assert.equal(first.tracked?.ahead, 1, 'main is one commit ahead of the synced revision');
		assert.equal(first.tracked?.head?.commit?.subject, 'shop: raise replicas');
		const changes = first.report!.resources.map(resource => `${resource.change} ${resource.ref.kind}/${resource.ref.name}`).sort();
		assert.deepEqual(changes, ['removed ConfigMap/leftover', 'unchanged ConfigMap/settings', 'unchanged Deployment/web']);
		assert.match(first.disagreement ?? '', /Argo CD says Synced, but 1 object here differs/);

		// History shows what each deployed SHA was and who made it.
		let history: DetailState | null = null;
		const stopDetail = monitor.watchDetail(app.id, state => {
			history = state;
		});
		const entry = await waitFor(
			() => (history as DetailState | null)?.detail?.history[0]?.commit ?? undefined,
			10_000,
			() => `history: ${JSON.stringify((history as DetailState | null)?.detail?.history)}`,
		).finally(stopDetail);
		assert.equal(entry.subject, 'shop: first release');
		assert.equal(entry.author, 'Ada Lovelace');

		await edit(kc, web, {spec: {replicas: 5}});
		const edited = await untilDrift(
			monitor,
			app.id,
			state => state.report?.resources.some(resource => resource.ref.kind === 'Deployment' && resource.change === 'modified') === true,
			'the hand edit to show',
		);
		const diff = edited.report!.resources.find(resource => resource.ref.kind === 'Deployment')!.diff!.text();
		assert.match(diff, /^-\s+replicas: 5$/m);
		assert.match(diff, /^\+\s+replicas: 2$/m, 'compared with the synced revision, not HEAD');
		assert.match(edited.disagreement ?? '', /2 objects here differ/);
	});

	test('Flux Kustomization: its GitRepository URL at the applied revision and spec.path', async () => {
		const namespace = `flux-drift-${process.pid}-${++count}`;
		await ensureNamespace(kc, namespace);
		await ensureNamespace(kc, 'flux-system');
		const repo = WorkRepo.create(sandbox, `flux-${count}`);
		const settings = configMap('settings', namespace, {LOG_LEVEL: 'info'});
		const applied = repo.commit('infra: settings', {'clusters/prod/settings.yaml': stringify(settings)});
		const fluxLabels = {'kustomize.toolkit.fluxcd.io/name': `infra-${count}`, 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system'};
		await serverSideApply(kc, withMetadata(settings, fluxLabels, {}), 'kustomize-controller');
		const revision = `main@sha1:${applied}`;
		await createWithStatus(kc, {
			apiVersion: 'source.toolkit.fluxcd.io/v1',
			kind: 'GitRepository',
			metadata: {name: `infra-${count}`, namespace: 'flux-system'},
			spec: {url: repo.dir, interval: '1m', ref: {branch: 'main'}},
			status: {
				artifact: {revision, digest: `sha256:${'0'.repeat(64)}`, path: 'x', url: 'http://x', lastUpdateTime: '2026-01-01T00:00:00Z'},
				conditions: [
					{
						type: 'Ready',
						status: 'True',
						reason: 'Succeeded',
						message: `stored artifact for revision '${revision}'`,
						lastTransitionTime: '2026-01-01T00:00:00Z',
						observedGeneration: 1,
					},
				],
			},
		});
		await createWithStatus(kc, {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			metadata: {name: `infra-${count}`, namespace: 'flux-system'},
			spec: {interval: '10m', path: './clusters/prod', prune: true, sourceRef: {kind: 'GitRepository', name: `infra-${count}`}},
			status: {
				lastAppliedRevision: revision,
				lastAttemptedRevision: revision,
				inventory: {entries: [{id: `${namespace}_settings__ConfigMap`, v: 'v1'}]},
				conditions: [
					{
						type: 'Ready',
						status: 'True',
						reason: 'ReconciliationSucceeded',
						message: `Applied revision: ${revision}`,
						lastTransitionTime: '2026-01-01T00:00:00Z',
						observedGeneration: 1,
					},
				],
			},
		});
		const monitor = monitors.open({git, driftRecheckMs: 10 * 60_000, batchMs: 50});
		const app = await untilApp(monitor, {kind: 'Kustomization', namespace: 'flux-system', name: `infra-${count}`}, undefined, 10_000);
		const first = await untilDrift(monitor, app.id, state => state.phase !== 'pending', 'first drift result');
		assert.equal(first.phase, 'ready', first.error ?? '');
		assert.equal(first.report?.status, 'Synced');
		assert.equal(first.rendered?.commit?.subject, 'infra: settings');
		assert.equal(first.disagreement, null);

		await edit(kc, settings, {data: {LOG_LEVEL: 'trace'}});
		const edited = await untilDrift(monitor, app.id, state => state.report?.status === 'OutOfSync', 'the hand edit to show');
		assert.match(edited.disagreement ?? '', /Flux says Synced, but 1 object here differs/);
	});
});
