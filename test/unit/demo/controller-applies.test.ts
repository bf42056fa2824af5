// The demo's simulated controllers apply what they sync: after a sync, a reconcile or a rollback the cluster holds
// what Git says at that revision, so the drift the diff showed is gone (not "Sync ✓" over the same diff).
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {ActionRequest} from '../../../source/core/actions/types.js';
import type {AppDriftState} from '../../../source/core/drift/drift-state.js';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {getObject, mergePatch} from '../../../source/demo/rest.js';
import {demoSessionFixture} from '../../support/demo-session.js';
import {waitFor} from '../../support/wait-for.js';

const timeoutMs = 60_000;

function changes(state: AppDriftState): string[] {
	return (state.report?.resources ?? [])
		.filter(resource => resource.change !== 'unchanged')
		.map(resource => `${resource.change} ${resource.ref.kind}/${resource.ref.name}`)
		.sort();
}

describe('the demo controllers apply what they sync', () => {
	const demo = demoSessionFixture({readonly: false});
	const {app} = demo;

	/** Follows the app's drift until `check` holds; the drift computed last. */
	async function driftUntil(row: AppSummary, check: (state: AppDriftState) => boolean, what: string): Promise<AppDriftState> {
		let latest: AppDriftState | null = null;
		const stop = demo.session.monitor.watchDrift(row.id, state => (latest = state));
		try {
			return await waitFor(
				() => (latest && latest.phase !== 'pending' && check(latest) ? latest : undefined),
				timeoutMs,
				() => `${row.name} ${what}: ${latest && JSON.stringify({phase: latest.phase, error: latest.error, changes: changes(latest)})}`,
			);
		} finally {
			stop();
		}
	}

	async function act(request: ActionRequest): Promise<void> {
		const plan = await demo.session.monitor.planAction(request);
		assert.equal(plan.refusal, null);
		const outcome = await demo.session.monitor.runAction(plan);
		assert.ok(outcome.ok, outcome.message);
	}

	test('Argo CD sync of cart: the hand edits are undone, the drift is gone and the app is Synced', async () => {
		const cart = await app('Application', 'cart');
		await driftUntil(cart, state => changes(state).includes('modified Deployment/cart'), 'shows the hand edits');
		await act({kind: 'sync', appId: cart.id});
		await driftUntil(cart, state => state.report?.status === 'Synced' && changes(state).length === 0, 'in sync after the sync');
		await waitFor(
			() =>
				demo.session.monitor.store
					.getSnapshot()
					.apps.find(row => row.id === cart.id && row.sync === 'Synced' && row.operation?.phase !== 'Running'),
			timeoutMs,
			() => 'cart Synced',
		);
		const deployment = await getObject(demo.estate.kc, {apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'cart'});
		assert.equal(deployment.spec.replicas, 2);
	});

	test('Flux reconcile of guestbook undoes a hand edit', async () => {
		const guestbook = await app('Kustomization', 'guestbook');
		await mergePatch(
			demo.estate.kc,
			{apiVersion: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'guestbook-config'},
			{data: {GREETING: 'edited by hand'}},
			'kubectl-edit',
		);
		await driftUntil(guestbook, state => changes(state).includes('modified ConfigMap/guestbook-config'), 'shows the hand edit');
		await act({kind: 'reconcile', appId: guestbook.id});
		await driftUntil(guestbook, state => state.report?.status === 'Synced' && changes(state).length === 0, 'in sync after the reconcile');
	});

	test('Argo CD rollback of checkout to its earlier release runs that release', async () => {
		const checkout = await app('Application', 'checkout');
		const plan = await demo.session.monitor.planAction({kind: 'rollback', appId: checkout.id});
		const earlier = plan.choices?.find(choice => choice.label.includes('shop:') || choice.detail.includes(demo.estate.repo.sha('shop')));
		assert.ok(earlier, JSON.stringify(plan.choices));
		await act({kind: 'rollback', appId: checkout.id, params: {to: earlier.id}});
		await waitFor(
			() => demo.session.monitor.store.getSnapshot().apps.find(row => row.id === checkout.id && row.health === 'Healthy'),
			timeoutMs,
			() => 'checkout Healthy again',
		);
		const deployment = await getObject(demo.estate.kc, {apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'checkout'});
		assert.equal(deployment.spec.template.spec.containers[0].image, 'ghcr.io/acme/checkout:3.1.4');
	});
});
