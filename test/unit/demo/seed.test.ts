// Seeding the demo on an API server: the estate a user sees in `driftwatch demo`.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {listObjects} from '../../../source/demo/rest.js';
import {seedDemo} from '../../../source/demo/seed.js';
import {startBackend, type TestBackend} from '../../support/backend.js';
import {getObject} from '../../support/fixtures.js';
import {find, summarize} from './summarize.js';

const gitOpsKinds: Array<[apiVersion: string, kind: string]> = [
	['argoproj.io/v1alpha1', 'Application'],
	['kustomize.toolkit.fluxcd.io/v1', 'Kustomization'],
	['helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
	['source.toolkit.fluxcd.io/v1', 'GitRepository'],
	['source.toolkit.fluxcd.io/v1', 'OCIRepository'],
	['source.toolkit.fluxcd.io/v1', 'HelmRepository'],
	['source.toolkit.fluxcd.io/v1', 'HelmChart'],
];

async function listGitOps(kc: KubeConfig): Promise<KubeObject[]> {
	const lists = await Promise.all(gitOpsKinds.map(([apiVersion, kind]) => listObjects(kc, apiVersion, kind)));
	return lists.flat();
}

describe('seedDemo', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let apps: AppSummary[];

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await seedDemo(kc);
		apps = summarize(await listGitOps(kc));
	});
	after(() => backend?.close());

	test('creates a believable number of Argo CD and Flux apps', () => {
		const byProvider = (provider: string) => apps.filter(app => app.provider === provider).length;
		assert.ok(apps.length >= 20 && apps.length <= 40, `${apps.length} apps`);
		assert.ok(byProvider('argocd') >= 10, `${byProvider('argocd')} Argo CD apps`);
		assert.ok(byProvider('flux') >= 10, `${byProvider('flux')} Flux apps`);
	});

	test('apps are spread over every health, sync and state the list distinguishes', () => {
		const set = (pick: (app: AppSummary) => string) => new Set(apps.map(pick));
		for (const health of ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']) {
			assert.ok(set(app => app.health).has(health), `no ${health} app`);
		}
		for (const sync of ['Synced', 'OutOfSync', 'Unknown']) assert.ok(set(app => app.sync).has(sync), `no ${sync} app`);
		for (const label of ['Syncing', 'Sync failed', 'Sync error', 'Suspended', 'Stalled', 'Waiting on dependency']) {
			assert.ok(set(app => app.stateLabel).has(label), `no app labelled ${label}`);
		}
	});

	test('a deleted app held by its finalizer shows as Deleting', () => {
		// Both backends keep an object with finalizers after its delete (a real kube-apiserver and the
		// sandbox alike): an app missing here means the seed or the server's finalizers regressed.
		const app = apps.find(candidate => candidate.kind === 'Application' && candidate.name === 'legacy-reports');
		assert.ok(app, 'legacy-reports is still listed, held by its finalizer');
		assert.equal(app.stateLabel, 'Deleting');
	});

	test('the same app name lives in two namespaces', () => {
		assert.equal(find(apps, 'HelmRelease', 'shop', 'redis').health, 'Healthy');
		assert.equal(find(apps, 'HelmRelease', 'payments', 'redis').sync, 'OutOfSync');
	});

	test('a degraded app says which workload is failing and why', async () => {
		const checkout = find(apps, 'Application', 'argocd', 'checkout');
		assert.equal(checkout.health, 'Degraded');
		// Argo CD 3.6 names the resources at the worst level; the reason is the resource's own health.
		assert.equal(checkout.message, 'Caused by apps/Deployment:shop/checkout');
		// The workload's status was written through /status, not dropped on create.
		const deployment = await getObject(kc, {apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'checkout'});
		assert.deepEqual(resourceHealth(deployment), {status: 'Degraded', message: 'Deployment "checkout" exceeded its progress deadline'});
		const progressing = deployment.status.conditions.find((condition: {type: string}) => condition.type === 'Progressing');
		assert.equal(progressing.reason, 'ProgressDeadlineExceeded');
		const pods = await listObjects(kc, 'v1', 'Pod', 'shop', 'app.kubernetes.io/name=checkout');
		assert.equal(pods.length, 2);
		for (const pod of pods) assert.equal(pod.status.containerStatuses[0].state.waiting.reason, 'CrashLoopBackOff');
	});

	test('managed resources exist where status.resources and inventories point', async () => {
		const objects = await listGitOps(kc);
		const storefront = objects.find(object => object.kind === 'Application' && object.metadata?.name === 'storefront')!;
		for (const resource of storefront.status.resources) {
			const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
			await getObject(kc, {apiVersion, kind: resource.kind, namespace: resource.namespace, name: resource.name});
		}
		const podinfo = objects.find(object => object.kind === 'Kustomization' && object.metadata?.name === 'podinfo')!;
		const ids = podinfo.status.inventory.entries.map((entry: {id: string}) => entry.id);
		assert.ok(ids.includes('podinfo_podinfo_apps_Deployment'), ids.join(', '));
		const claim = await getObject(kc, {apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'data', name: 'data-postgres-0'});
		assert.equal(claim.status.phase, 'Bound');
	});

	test('Argo CD history has 40-hex revisions, oldest first', async () => {
		const app = await getObject(kc, {apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: 'argocd', name: 'storefront'});
		const history = app.status.history as Array<{id: number; revision: string}>;
		assert.ok(history.length >= 2);
		assert.deepEqual(
			history.map(entry => entry.id),
			[...history.map(entry => entry.id)].sort((a, b) => a - b),
		);
		for (const entry of history) assert.match(entry.revision, /^[0-9a-f]{40}$/);
	});

	test('the controllers have written events: reconciliations and syncs, and a Warning about a failing app', async () => {
		const events = await listObjects(kc, 'v1', 'Event');
		const reasons = new Set(events.map(event => event['reason']));
		for (const reason of ['OperationStarted', 'OperationCompleted', 'ReconciliationSucceeded', 'NewArtifact']) {
			assert.ok(reasons.has(reason), `an event ${reason}; got ${[...reasons].join(', ')}`);
		}
		const warnings = events.filter(event => event['type'] === 'Warning');
		assert.ok(warnings.length > 0, 'a Warning');
		const repeated = events.find(event => event['reason'] === 'ReconciliationSucceeded');
		assert.ok(Number(repeated?.['count']) > 1, 'repeats are counted on one event');
		// The same events through events.k8s.io/v1, as a real server serves them.
		const v1 = await listObjects(kc, 'events.k8s.io/v1', 'Event');
		assert.equal(v1.length, events.length);
	});

	test('seeding again over an existing estate succeeds', async () => {
		await seedDemo(kc);
		assert.equal(summarize(await listGitOps(kc)).length, apps.length);
	});
});
