// The on-call loop from the resource tree: with the cursor on a crash-looping pod, `l` shows its log, `e` its
// events only, `c` copies `kubectl get` of it (and `kubectl logs` in the log view); Esc comes back to the tree.
import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import type {CollapsedEvent} from '../../source/core/events/event-record.js';
import type {LogPod} from '../../source/core/kube/pod-containers.js';
import type {AppEventsState} from '../../source/core/monitor/app-events.js';
import type {OwnedObject} from '../../source/core/tree/resource-tree.js';
import {keys, type Mounted} from '../support/app-harness.js';
import {staticLogSource} from '../support/static-logs.js';
import type {StaticActions} from '../support/static-monitor.js';
import {planner} from './action-fixtures.js';
import {fleet} from './fixtures.js';
import {collapsedEvent, crashingLogPod, liveEvents, minutesAgo, openFrontendTree, ownedChild, runningLogPod} from './node-fixtures.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const apps = fleet();
const frontendId = apps[0]!.id;
const crashPod = 'frontend-web-7d9f-crash';

const children: OwnedObject[] = [
	ownedChild('ReplicaSet', 'frontend-web-7d9f', {kind: 'Deployment', name: 'frontend-web'}, {status: 'Degraded', message: ''}),
	ownedChild('Pod', 'frontend-web-7d9f-ok', {kind: 'ReplicaSet', name: 'frontend-web-7d9f'}, {status: 'Healthy', message: ''}),
	ownedChild(
		'Pod',
		crashPod,
		{kind: 'ReplicaSet', name: 'frontend-web-7d9f'},
		{status: 'Degraded', message: 'back-off restarting failed container=app'},
	),
];

const pods: LogPod[] = [crashingLogPod(crashPod, 'node-2', 7), runningLogPod('frontend-web-7d9f-ok', 'node-1')];

/** A Warning a minute ago. */
const event = (reason: string, message: string, subject: CollapsedEvent['subject']) =>
	collapsedEvent({reason, message, subject, type: 'Warning', firstTime: minutesAgo(1), lastTime: minutesAgo(1)});

const frontendEvents: AppEventsState = liveEvents([
	event('BackOff', 'Back-off restarting failed container app', {apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: crashPod}),
	event('FailedCreate', 'quota exceeded', {apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'shop', name: 'frontend-web-7d9f'}),
]);

async function openTreeOnCrashPod(setup: {actions?: StaticActions; readonly?: boolean} = {}): Promise<Mounted> {
	// The tree opens on its worst node: the crash-looping pod.
	mounted = await openFrontendTree(children, text => (text.split('\n').find(line => line.startsWith('>')) ?? '').includes(crashPod), {
		...(setup.actions ? {actions: setup.actions} : {}),
		...(setup.readonly ? {readonly: true} : {}),
		feeds: {events: {[frontendId]: frontendEvents}},
		logs: staticLogSource({
			pods,
			lines: {
				[`${crashPod}/app`]: ['connecting to postgres:5432'],
				[`${crashPod}/app/previous`]: ['panic: dial tcp 10.0.0.5:5432: connection refused'],
				'frontend-web-7d9f-ok/app': ['serving on :8080'],
			},
		}),
		width: 100,
		height: 30,
	});
	return mounted;
}

describe('acting on a tree node', () => {
	test('l on a crash-looping pod shows its log; p its last crash; c copies that kubectl logs line; Esc back to the tree', async () => {
		const ui = await openTreeOnCrashPod();
		ui.press('l');
		let frame = await ui.until(text => text.includes('connecting to postgres:5432'), "the pod's log");
		assert.ok(!frame.includes('serving on :8080'), frame);
		ui.press('p');
		await ui.until(text => text.includes('panic: dial tcp'), 'the previous container');
		ui.press('c');
		await ui.until(text => text.includes(`copied: kubectl -n shop logs pod/${crashPod} -c app --previous`), 'the logs line');
		ui.press(keys.escape);
		frame = await ui.until(text => text.includes('resource tree'), 'back to the tree');
		assert.ok((frame.split('\n').find(line => line.startsWith('>')) ?? '').includes(crashPod), frame);
	});

	test("e on the pod shows that pod's events only; a widens to the app; Esc back to the tree", async () => {
		const ui = await openTreeOnCrashPod();
		ui.press('e');
		let frame = await ui.until(text => text.includes(`Events Pod/${crashPod}`), 'the pod events');
		assert.ok(frame.includes('BackOff') && !frame.includes('FailedCreate'), frame);
		ui.press('a');
		frame = await ui.until(text => text.includes('FailedCreate'), 'the whole app');
		ui.press(keys.escape);
		await ui.until(text => text.includes('resource tree'), 'back to the tree');
	});

	test('c copies kubectl get of the node, and on the root the app command', async () => {
		const ui = await openTreeOnCrashPod();
		ui.press('c');
		await ui.until(text => text.includes(`copied: kubectl -n shop get pod ${crashPod}`), 'the copied command');
		ui.press('g');
		ui.press('c');
		await ui.until(text => text.includes('copied: argocd app sync shop/frontend'), 'the root is the app');
	});

	test('l on a node without pods (a Service) says so and stays on the tree', async () => {
		const ui = await openTreeOnCrashPod();
		// The Service is the row above the last one (the StatefulSet).
		ui.press('G');
		ui.press('k');
		await ui.until(text => (text.split('\n').find(line => line.startsWith('>')) ?? '').includes('Service/frontend-svc'), 'on the Service');
		ui.press('l');
		const frame = await ui.until(text => text.includes('Service/frontend-svc has no logs'), 'the info line');
		assert.ok(frame.includes('resource tree'), frame);
	});

	test('? in the tree lists e, l and c under the resource tree', async () => {
		const ui = await openTreeOnCrashPod();
		ui.press('?');
		await ui.until(text => text.includes('Keys and commands'), 'help');
		// Page down until the tree's section is on screen with its keys (help is longer than the screen).
		let frame = ui.frame();
		for (let page = 0; page < 12 && !frame.includes('Copy `kubectl get` of the selected node'); page++) {
			ui.press(keys.pageDown);
			frame = await ui.until(text => text !== frame, 'the next page');
		}
		const lines = frame.split('\n');
		const from = lines.findIndex(line => line.startsWith('Resource tree'));
		assert.ok(from >= 0, frame);
		const section = lines.slice(from).join('\n');
		assert.match(section, /^ {2}e +Events of the selected node/m);
		assert.match(section, /^ {2}l +Logs of the selected Pod/m);
		assert.match(section, /^ {2}c +Copy `kubectl get` of the selected node/m);
	});
});

describe('action keys on the tree', () => {
	const actions = (): StaticActions => ({
		available: {[frontendId]: ['sync', 'refresh', 'hard-refresh', 'rollback']},
		plan: planner(apps, {context: 'prod-eu', production: true}),
	});
	const cursorRow = (frame: string) => frame.split('\n').find(line => line.startsWith('>')) ?? '';

	test('S on the tree opens the same confirmation as in the detail, naming context, namespace, app and effect; y runs it, the tree stays', async () => {
		const ui = await openTreeOnCrashPod({actions: actions()});
		assert.match(ui.frame().split('\n').at(-1) ?? '', /S sync/, 'the footer offers the action keys');
		ui.press('S');
		let frame = await ui.until(text => text.includes('runs it on'), 'the confirmation');
		assert.match(frame, /^Sync Application shop\/frontend/m);
		assert.match(frame, /^Context +\[PROD\] prod-eu$/m);
		assert.match(frame, /^Namespace +shop$/m);
		assert.match(frame, /^App +Application shop\/frontend$/m);
		assert.match(frame, /What will happen\n {2}- sync to revision 0123456 \(main\)/);
		assert.deepEqual(ui.monitor.calls.planAction, [{kind: 'sync', appId: frontendId}]);
		ui.press(keys.escape);
		frame = await ui.until(text => text.includes('resource tree') && !text.includes('runs it on'), 'back to the tree');
		assert.ok(cursorRow(frame).includes(crashPod), 'on the node it was on');
		assert.equal(ui.monitor.calls.runAction.length, 0, 'Esc sent nothing');

		ui.press('r');
		await ui.until(text => /^Refresh Application shop\/frontend/m.test(text) && text.includes('runs it on'), 'refresh confirmation');
		ui.press('y');
		frame = await ui.until(text => text.includes('resource tree') && !text.includes('runs it on'), 'ran, back on the tree');
		assert.equal(ui.monitor.calls.runAction.length, 1);
		assert.equal(ui.monitor.calls.runAction[0]?.request.kind, 'refresh');
		assert.ok(cursorRow(frame).includes(crashPod), frame);
	});

	test('an action the app does not offer, or a read-only context, says why on the tree and opens nothing', async () => {
		let ui = await openTreeOnCrashPod({actions: actions()});
		ui.press('A');
		await ui.until(text => text.includes('Enable auto-sync is not offered for frontend now'), 'not offered');
		assert.deepEqual(ui.monitor.calls.planAction, []);
		ui.unmount();
		ui = await openTreeOnCrashPod({actions: actions(), readonly: true});
		ui.press('S');
		await ui.until(text => text.includes('read-only'), 'read-only');
		assert.deepEqual(ui.monitor.calls.planAction, []);
		assert.ok(ui.frame().includes('resource tree'));
	});
});
