// The log view on a live monitor over the test backend: Enter on the app, `l`, and the app's pods are found
// through the API. On both backends a pod on no node shows the one line saying there is no log and why; on the
// sandbox (which stands in for the kubelet) the crash-looping pod's log, its previous crash, and a dropped
// stream that says so and comes back.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {sandboxOrSkip} from '../support/backend.js';
import {argoApp, createTrees, deploymentWithPods} from '../support/fixtures.js';
import {requestJson} from '../../source/core/kube/http.js';
import {rowOf, type AppScreen} from '../support/app-harness.js';
import {crashLoopStatus, testPod} from '../support/test-pods.js';
import {tuiSuite} from './support/tui.js';
import {prepareCluster, put} from './support/seed.js';

const namespace = 'tui-logs';
const workloads = 'tui-logs-pods';
const rollout = 'tui-logs-rollout';
const enter = '\r';

const pod = (name: string, node: string | null, status?: Record<string, unknown>) =>
	testPod(name, workloads, {node, ...(status ? {status} : {})});

describe('TUI log view on a live monitor', () => {
	const suite = tuiSuite(async kc => {
		await prepareCluster(kc, [namespace, workloads]);
		await put(kc, pod('waiting', null));
		await put(kc, pod('crashing', 'node-1', crashLoopStatus(3, 2)));
		await put(
			kc,
			argoApp('unscheduled', namespace, {
				destinationNamespace: workloads,
				resources: [{version: 'v1', kind: 'Pod', namespace: workloads, name: 'waiting'}],
			}),
		);
		await put(
			kc,
			argoApp('crashy', namespace, {
				destinationNamespace: workloads,
				health: 'Degraded',
				resources: [{version: 'v1', kind: 'Pod', namespace: workloads, name: 'crashing'}],
			}),
		);
	});

	async function openLogs(app: string): Promise<AppScreen> {
		const screen = suite.show(suite.monitors.open({namespace}), {width: 80, height: 24});
		await screen.until(text => rowOf(text, app) !== undefined, app);
		screen.press(`/${app}`);
		screen.press(enter);
		await screen.until(text => rowOf(text, app) !== undefined && text.includes('1 of 2 apps'), 'filtered');
		screen.press(enter);
		await screen.until(text => text.includes('detail updated'), 'detail');
		screen.press('l');
		return screen;
	}

	test("a Deployment's pod deleted and replaced while its log is open: the view says so at once, C lists the new pod", async () => {
		const kc = suite.backend.kubeConfig();
		await prepareCluster(kc, [rollout]);
		await createTrees(kc, [deploymentWithPods('web', rollout, {replicas: 2, ready: 1, state: 'rolling'})]);
		await put(
			kc,
			argoApp('rolling', rollout, {
				destinationNamespace: rollout,
				health: 'Progressing',
				resources: [{group: 'apps', version: 'v1', kind: 'Deployment', namespace: rollout, name: 'web'}],
			}),
		);
		const listed = await requestJson<{items: KubeObject[]}>(kc, `/api/v1/namespaces/${rollout}/pods`);
		const screen = suite.show(suite.monitors.open({namespace: rollout}), {width: 80, height: 24});
		await screen.until(text => rowOf(text, 'rolling') !== undefined, 'the app');
		screen.press(enter);
		await screen.until(text => text.includes('detail updated'), 'detail');
		screen.press('l');
		const title = await screen.until(text => /^logs web-\S+ -c \S+/m.test(text), 'a pod of the Deployment');
		const shown = /^logs (web-\S+) -c/m.exec(title)![1]!;
		const found = listed.items.find(item => item.metadata?.name === shown);
		assert.ok(found, `${shown} is one of ${listed.items.map(item => item.metadata?.name).join(', ')}`);
		// A list's items carry no kind of their own.
		const old: KubeObject = {...found, apiVersion: 'v1', kind: 'Pod'};
		// What a rollout does: the pod goes (at once here: no kubelet ends a graceful delete), the ReplicaSet makes another.
		await requestJson(kc, `/api/v1/namespaces/${rollout}/pods/${shown}?gracePeriodSeconds=0`, {method: 'DELETE'});
		const replacement = `${shown.slice(0, -5)}zzzzz`;
		await put(kc, {
			...old,
			metadata: {name: replacement, namespace: rollout, labels: old.metadata?.labels, ownerReferences: old.metadata?.['ownerReferences']},
		});
		const frame = await screen.until(text => text.includes(`-- pod ${shown} is gone; C picks one of the 2 pods now --`), 'the gone notice');
		assert.match(frame, /pod gone/);
		screen.press('C');
		await screen.until(text => text.includes('pick a pod and container') && text.includes(replacement), 'the new pod in the picker');
	});

	test('a pod on no node: one line saying there is no log and why', async () => {
		const ui = await openLogs('unscheduled');
		const frame = await ui.until(text => text.includes('-- no log: pod waiting is not on a node'), 'the no-log line');
		assert.match(frame, /logs waiting -c app {2}no log/);
	});

	test('sandbox: the crash, the previous crash, and a dropped stream that says so and comes back', async t => {
		const sandbox = sandboxOrSkip(t, suite.backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		const ref = {namespace: workloads, pod: 'crashing', container: 'app'};
		sandbox.podLogs.append(ref, ['starting', 'panic: first crash']);
		sandbox.podLogs.restart(ref);
		sandbox.podLogs.append(ref, ['starting', 'panic: second crash']);
		const ui = await openLogs('crashy');
		await ui.until(text => text.includes('panic: second crash'), 'the current crash');
		sandbox.faults.dropWatches(`/api/v1/namespaces/${workloads}/pods/crashing/log`);
		await ui.until(text => text.includes('-- log stream reconnected --'), 'reconnected');
		const frame = ui.frame();
		assert.ok(frame.includes('-- log stream ended; reconnecting… --') || frame.includes('-- log stream broken'), frame);
		assert.equal(frame.split('\n').filter(line => line === 'panic: second crash').length, 1, 'nothing shown twice');
		sandbox.podLogs.append(ref, ['GET /healthz 200']);
		await ui.until(text => text.includes('GET /healthz 200'), 'new line after the reconnect');
		ui.press('p');
		await ui.until(text => text.includes('panic: first crash') && text.includes('-c app previous'), 'the previous crash');
	});
});
