// The TUI on a live monitor over the test backend: what a user sees appears,
// changes on the server show without a key press, a forbidden Flux shows in
// the header, and Enter opens a detail whose health comes from live objects.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {argoResourceOf} from '../../source/demo/argo-objects.js';
import {argoApp, deployment, kustomization, setStatus} from '../support/fixtures.js';
import {rowOf} from '../support/app-harness.js';
import {untilAllLive} from './support/live.js';
import {tuiSuite} from './support/tui.js';
import {fluxSystemSource, prepareCluster, put, putAll, sharedFluxSources} from './support/seed.js';

const namespace = 'tui';
const workloads = 'tui-workloads';
const enter = '\r';

describe('TUI on a live monitor', () => {
	let web: KubeObject;
	const suite = tuiSuite(async kc => {
		await prepareCluster(kc, [namespace, workloads]);
		await sharedFluxSources(kc);
		// The Deployment alone: its status is what health is computed from (no controllers run on a test server).
		web = await put(kc, deployment('web', workloads, {replicas: 2, ready: 1, state: 'rolling'}));
		await putAll(kc, [
			argoApp('storefront', namespace, {destinationNamespace: workloads, resources: [argoResourceOf(web)]}),
			argoApp('payments', namespace),
			kustomization('infra', namespace, {source: fluxSystemSource('GitRepository', 'flux-system')}),
		]);
	});
	const show = (monitor: LiveMonitor) => suite.show(monitor);

	test('the apps appear, with every source live; a status change shows without a key press', async () => {
		const monitor = suite.monitors.open({namespace});
		const ui = show(monitor);
		let frame = await ui.until(text => ['storefront', 'payments', 'infra'].every(name => rowOf(text, name)), 'the three apps');
		frame = await ui.until(text => /all \d+ sources live/.test(text), 'sources live');
		assert.match(frame, new RegExp(`ctx ${suite.backend.adminContext} · ns ${namespace}`));
		assert.match(frame, /3 apps +✓ 3 Healthy/);
		assert.match(rowOf(frame, 'payments')!, /^. ● ✓ payments +App +tui /);

		await setStatus(
			suite.backend.kubeConfig(),
			{apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace, name: 'payments'},
			{
				sync: {status: 'OutOfSync'},
				health: {status: 'Degraded', message: 'Deployment "payments" exceeded its progress deadline'},
			},
		);
		frame = await ui.until(text => /✗ payments .*OutOfSync +Degraded/.test(rowOf(text, 'payments') ?? ''), 'payments Degraded in the row');
		assert.match(rowOf(frame, 'payments')!, /Deployment "payments" e/);
		assert.match(frame, /3 apps +✓ 2 Healthy +✗ 1 Degraded +↻ 1 OutOfSync/);
	});

	test('a user who may not read Flux sees the Argo CD apps and Flux as forbidden in the header', async () => {
		const context = await suite.backend.addUser('tui-argo-reader', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['argoproj.io'], resources: ['applications']},
		]);
		const monitor = suite.monitors.open({context, namespace});
		const ui = show(monitor);
		// Every Flux type is forbidden; the header names them, the app types first.
		const forbidden = /⊘ forbidden Flux kustomizations, Helm releases, /;
		const frame = await ui.until(text => Boolean(rowOf(text, 'storefront')) && forbidden.test(text), 'Argo apps and forbidden Flux');
		assert.ok(rowOf(frame, 'payments'));
		assert.equal(rowOf(frame, 'infra'), undefined, 'no Flux rows');
		assert.doesNotMatch(frame.split('\n')[1]!, /Argo CD/, 'the Argo CD source is not a problem');
	});

	test('Enter opens the detail with resource health from the live objects, and it follows them', async () => {
		const monitor = suite.monitors.open({namespace, detailPollMs: 200});
		const ui = show(monitor);
		await untilAllLive(monitor);
		await ui.until(text => Boolean(rowOf(text, 'storefront')), 'storefront listed');
		ui.press('/storefront');
		await ui.until(text => rowOf(text, 'infra') === undefined, 'filtered to storefront');
		ui.press(enter);
		await ui.until(text => text.includes('enter open'), 'filter kept');
		ui.press(enter);
		let frame = await ui.until(text => text.includes('Resources (1)'), 'detail with its resource');
		assert.match(frame, new RegExp(`Application ${namespace}/storefront · ctx ${suite.backend.adminContext}`));
		assert.match(frame, new RegExp(`◐ Deployment +${workloads} +web +Synced +Progressing Waiting for rollout to finish: 1 of 2 upd`));

		await setStatus(suite.backend.kubeConfig(), web, {readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 0});
		frame = await ui.until(
			text => new RegExp(`✓ Deployment +${workloads} +web +Synced +Healthy`).test(text),
			'the Deployment Healthy in the detail',
		);
		assert.match(frame, /Resources \(1\)/);
	});
});
