// The simulated controller keeps the demo alive: rollouts finish, syncs run and
// complete, and refresh/reconcile requests from the TUI are answered.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {startDemoController, type DemoController} from '../../../source/demo/controller.js';
import {listObjects, mergePatch} from '../../../source/demo/rest.js';
import {seedDemo} from '../../../source/demo/seed.js';
import {startBackend, type TestBackend} from '../../support/backend.js';
import {getObject, waitForObject, type ObjectRef} from '../../support/fixtures.js';

const application = (name: string): ObjectRef => ({apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: 'argocd', name});
const kustomization = (name: string): ObjectRef => ({
	apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
	kind: 'Kustomization',
	namespace: 'flux-system',
	name,
});

function condition(object: KubeObject, type: string): {status?: string; reason?: string} | undefined {
	return (object.status?.conditions ?? []).find((candidate: {type: string}) => candidate.type === type);
}

describe('startDemoController', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let controller: DemoController;
	let seeded: Map<string, KubeObject>;

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await seedDemo(kc);
		seeded = new Map();
		for (const name of ['payments-api', 'storefront']) seeded.set(name, await getObject(kc, application(name)));
		controller = startDemoController(kc, {intervalMs: 40, commitEveryTicks: 1000});
	});
	after(async () => {
		await controller?.stop();
		await backend?.close();
	});

	test('a progressing rollout becomes ready and its app Healthy', async () => {
		await waitForObject(kc, application('catalog'), app => app.status.health.status === 'Healthy', {describe: 'catalog Healthy'});
		const deployment = await getObject(kc, {apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'catalog'});
		assert.equal(deployment.status.readyReplicas, 4);
		assert.equal(condition(deployment, 'Progressing')?.reason, 'NewReplicaSetAvailable');
	});

	test('a running sync completes: Succeeded, operation cleared, history appended', async () => {
		const before = seeded.get('payments-api')!;
		assert.equal(before.status.operationState.phase, 'Running');
		const app = await waitForObject(kc, application('payments-api'), candidate => candidate.status.operationState.phase === 'Succeeded', {
			describe: 'payments-api sync Succeeded',
		});
		assert.equal(app['operation'], undefined);
		assert.equal(app.status.sync.status, 'Synced');
		assert.equal(app.status.health.status, 'Healthy');
		assert.equal(app.status.history.length, before.status.history.length + 1);
		assert.equal(app.status.history.at(-1).revision, before.status.operationState.syncResult.revision);
		assert.ok(app.status.operationState.finishedAt);
		// As Argo CD does, the controller says so in an event on the Application.
		const events = await listObjects(kc, 'v1', 'Event', app.metadata?.namespace);
		const completed = events.find(
			event =>
				event['reason'] === 'OperationCompleted' && (event['involvedObject'] as {name?: string} | undefined)?.name === 'payments-api',
		);
		assert.match(String(completed?.['message']), /^Sync operation to [0-9a-f]{7} succeeded$/);
	});

	test('a sync requested through .operation runs with the requested revision', async () => {
		const before = seeded.get('storefront')!;
		const revision = before.status.sync.revision as string;
		await mergePatch(kc, application('storefront'), {
			operation: {initiatedBy: {username: 'oncall@acme.example'}, sync: {revision, syncStrategy: {hook: {}}}},
		});
		const app = await waitForObject(
			kc,
			application('storefront'),
			candidate =>
				!candidate['operation'] &&
				candidate.status.operationState?.operation?.initiatedBy?.username === 'oncall@acme.example' &&
				candidate.status.operationState.phase === 'Succeeded',
			{describe: 'storefront sync by oncall Succeeded'},
		);
		assert.equal(app.status.operationState.syncResult.revision, revision);
		assert.equal(app.status.history.length, before.status.history.length + 1);
		assert.deepEqual(app.status.history.at(-1).initiatedBy, {username: 'oncall@acme.example'});
	});

	test('a terminate request ends the running operation as terminated', async () => {
		// A sync the controller is running, which the user asked to terminate (reference/argocd.md §2.3).
		const operation = {initiatedBy: {username: 'oncall@acme.example'}, sync: {revision: 'abc'}};
		await mergePatch(kc, application('cart'), {
			operation,
			status: {
				operationState: {operation, phase: 'Terminating', message: 'one or more tasks are running', startedAt: new Date().toISOString()},
			},
		});
		const app = await waitForObject(kc, application('cart'), candidate => candidate.status.operationState.phase !== 'Terminating', {
			describe: 'cart operation no longer Terminating',
		});
		assert.equal(app.status.operationState.phase, 'Failed');
		assert.equal(app.status.operationState.message, 'Operation terminated');
		assert.equal(app['operation'], undefined);
	});

	test('a refresh request is handled: annotation removed, reconciledAt bumped', async () => {
		const before = await getObject(kc, application('grafana'));
		await mergePatch(kc, application('grafana'), {metadata: {annotations: {'argocd.argoproj.io/refresh': 'hard'}}});
		const app = await waitForObject(
			kc,
			application('grafana'),
			candidate => candidate.metadata?.annotations?.['argocd.argoproj.io/refresh'] === undefined,
			{
				describe: 'refresh annotation removed',
			},
		);
		assert.ok(Date.parse(app.status.reconciledAt) >= Date.parse(before.status.reconciledAt));
		assert.notEqual(app.status.reconciledAt, before.status.reconciledAt);
	});

	test('a Flux reconcile request is acknowledged in lastHandledReconcileAt', async () => {
		const token = new Date().toISOString();
		await mergePatch(kc, kustomization('infrastructure'), {metadata: {annotations: {'reconcile.fluxcd.io/requestedAt': token}}});
		await waitForObject(kc, kustomization('infrastructure'), ks => ks.status.lastHandledReconcileAt === token, {
			describe: 'requestedAt handled',
		});
	});

	test('a Kustomization behind its source applies the new revision, a reconciling one finishes', async () => {
		const source = await getObject(kc, {
			apiVersion: 'source.toolkit.fluxcd.io/v1',
			kind: 'GitRepository',
			namespace: 'flux-system',
			name: 'flux-system',
		});
		const head = source.status.artifact.revision as string;
		await waitForObject(kc, kustomization('apps'), ks => ks.status.lastAppliedRevision === head, {describe: `apps applied ${head}`});
		const observability = await waitForObject(kc, kustomization('observability'), ks => condition(ks, 'Ready')?.status === 'True', {
			describe: 'observability Ready',
		});
		assert.equal(condition(observability, 'Reconciling'), undefined);
		assert.equal(observability.status.lastAppliedRevision, head);
	});

	test('a suspended Kustomization is left alone', async () => {
		const tenants = await getObject(kc, kustomization('tenants'));
		assert.notEqual(
			tenants.status.lastAppliedRevision,
			(
				await getObject(kc, {
					apiVersion: 'source.toolkit.fluxcd.io/v1',
					kind: 'GitRepository',
					namespace: 'flux-system',
					name: 'flux-system',
				})
			).status.artifact.revision,
		);
	});
});

describe('startDemoController new commits', () => {
	test('a new commit makes a Kustomization OutOfSync for a moment, then it catches up', async () => {
		const backend = await startBackend();
		const kc = backend.kubeConfig();
		const controller = startDemoController(kc, {intervalMs: 40, commitEveryTicks: 3});
		try {
			await seedDemo(kc);
			const source = {apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system'};
			const seededHead = (await getObject(kc, source)).status.artifact.revision as string;
			const moved = await waitForObject(kc, source, repo => repo.status.artifact.revision !== seededHead, {describe: 'a new commit'});
			const newHead = moved.status.artifact.revision as string;
			assert.match(newHead, /^main@sha1:[0-9a-f]{40}$/);
			await waitForObject(kc, kustomization('infrastructure'), ks => ks.status.lastAppliedRevision === newHead, {
				describe: `infrastructure applied ${newHead}`,
			});
		} finally {
			await controller.stop();
			await backend.close();
		}
	});
});
