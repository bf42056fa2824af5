// The log view at 80x24 without colour: `l` from the detail opens the failing pod's log at its end, following;
// new lines scroll in, a broken stream says so where it broke, p shows the previous crash, / n N search, w wraps,
// C picks another pod or container, L shows the controller's lines, and escapes in log text are shown, not obeyed.
import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import type {LogPod} from '../../source/core/kube/pod-containers.js';
import {keys, mountApp, type Mounted} from '../support/app-harness.js';
import {staticLogSource, type StaticLogSource} from '../support/static-logs.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';
import {crashingLogPod, runningLogPod} from './node-fixtures.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const frontendId = fleet()[0]!.id;

const pods: LogPod[] = [
	crashingLogPod('frontend-web-7d9f-crash', 'node-2', 7, [
		{name: 'migrate', init: true, restarts: 0, state: 'terminated: Completed', hasPrevious: false},
	]),
	runningLogPod('frontend-web-7d9f-ok', 'node-1'),
];

function logSource(): StaticLogSource {
	return staticLogSource({
		pods,
		lines: {
			'frontend-web-7d9f-crash/app': [
				...Array.from({length: 240}, (_, index) => `GET /item/${index} 200`),
				'connecting to postgres:5432',
				'\u001b[2J\u001b]0;owned\u0007title',
			],
			'frontend-web-7d9f-crash/app/previous': ['starting', 'panic: dial tcp 10.0.0.5:5432: connection refused', 'exit status 2'],
			'frontend-web-7d9f-ok/app': ['serving on :8080', `${'x'.repeat(100)}END`],
		},
		controller: ['[application-controller] level=info msg="Reconciliation completed" application=argocd/frontend'],
	});
}

/** The detail of frontend at 80x24 in ASCII, `l` pressed. */
async function pressLogs(logs: StaticLogSource): Promise<Mounted> {
	mounted = await mountApp(
		{context: 'prod-eu', contexts: ['prod-eu'], apps: fleet(), sources: [liveSource('Argo CD apps')], updatedAt: Date.now()},
		{details: {[frontendId]: frontendDetail()}, width: 80, height: 24, options: {ascii: true, color: false}, logs},
	);
	mounted.press(keys.enter);
	await mounted.until(text => text.includes('detail updated'), 'detail');
	mounted.press('l');
	return mounted;
}

async function openLogs(logs = logSource()): Promise<{ui: Mounted; logs: StaticLogSource; frame: string}> {
	const ui = await pressLogs(logs);
	const frame = await ui.until(text => text.includes('title'), 'the end of the log');
	return {ui, logs, frame};
}

function fits(frame: string): void {
	const lines = frame.split('\n');
	assert.ok(lines.length <= 23, `at most 23 lines, got ${lines.length}`);
	for (const line of lines) assert.ok([...line].length <= 80, `line wider than 80: ${line}`);
	assert.ok(/^[\x20-\x7e\n]*$/.test(frame), `ASCII only:\n${frame}`);
}

describe('log view', () => {
	test("l opens the failing pod's troubled container at the end of its log, following, escapes shown as text", async () => {
		const {logs, frame} = await openLogs();
		assert.deepEqual(logs.opened, ['frontend-web-7d9f-crash/app follow']);
		assert.match(frame, /logs frontend-web-7d9f-crash -c app {2}following/);
		const lines = frame.split('\n');
		const last = lines.findIndex(line => line.includes('title'));
		assert.equal(lines[last], '\\x1b[2J\\x1b]0;owned\\x07title');
		assert.equal(lines[last - 1], 'connecting to postgres:5432');
		assert.ok(lines.some(line => line.includes('l logs') === false));
		fits(frame);
	});

	test('new lines scroll in; a broken stream says so where it broke, and its return', async () => {
		const {ui, logs} = await openLogs();
		logs.push('frontend-web-7d9f-crash/app', ['GET /orders 500']);
		await ui.until(text => text.trimEnd().split('\n').at(-2) === 'GET /orders 500', 'the new line at the bottom');
		logs.notify('frontend-web-7d9f-crash/app', {kind: 'broken', text: 'log stream broken (connection reset); reconnecting…'});
		let frame = await ui.until(text => text.includes('-- log stream broken (connection reset); reconnecting… --'), 'broken');
		assert.match(frame, /-c app {2}reconnecting/);
		logs.notify('frontend-web-7d9f-crash/app', {kind: 'reconnected', text: 'log stream reconnected'});
		frame = await ui.until(text => text.includes('-- log stream reconnected --'), 'reconnected');
		assert.match(frame, /-c app {2}following/);
	});

	test('p shows the previous container (the crash), / finds a line, n wraps around, Esc clears', async () => {
		const {ui, logs} = await openLogs();
		ui.press('p');
		let frame = await ui.until(text => text.includes('exit status 2'), 'previous log');
		assert.deepEqual(logs.opened.at(-1), 'frontend-web-7d9f-crash/app/previous follow');
		assert.match(frame, /-c app previous/);
		assert.ok(frame.includes('panic: dial tcp 10.0.0.5:5432: connection refused'));
		ui.press('/panic');
		await ui.until(text => (text.split('\n').at(-1) ?? '').startsWith('/panic_'), 'typed');
		ui.press(keys.enter);
		frame = await ui.until(text => text.includes('/panic 1/1'), 'one match');
		ui.press('n');
		await ui.until(text => text.includes('search wrapped to the top'), 'wrapped');
		ui.press('/');
		ui.press(keys.escape);
		frame = await ui.until(text => !text.includes('/panic'), 'search cleared');
		ui.press('p');
		await ui.until(text => text.includes('logs frontend-web-7d9f-crash -c app  following'), 'current again');
	});

	test('C picks another pod and container; w wraps its long line', async () => {
		const {ui, logs} = await openLogs();
		ui.press('C');
		let frame = await ui.until(text => text.includes('pick a pod and container'), 'picker');
		assert.ok(frame.includes('  frontend-web-7d9f-crash  migrate (init)  terminated: Completed'));
		assert.ok(frame.includes('> frontend-web-7d9f-crash  app  waiting: CrashLoopBackOff  restarts 7'));
		assert.ok(frame.includes('  frontend-web-7d9f-ok  app  running'));
		ui.press('j');
		ui.press(keys.enter);
		frame = await ui.until(text => text.includes('serving on :8080'), 'the other pod');
		assert.equal(logs.opened.at(-1), 'frontend-web-7d9f-ok/app follow');
		assert.ok(
			frame.split('\n').some(line => line.startsWith('xxxx') && [...line].length === 80),
			`cut at the edge:\n${frame}`,
		);
		ui.press('w');
		frame = await ui.until(text => text.split('\n').includes(`${'x'.repeat(20)}END`), 'wrapped');
		assert.match(frame, /-c app {2}following, wrap/);
		const rows = frame.split('\n');
		const start = rows.indexOf('x'.repeat(80));
		assert.equal(rows[start + 1], `${'x'.repeat(20)}END`);
		fits(frame);
	});

	test('the pod shown is replaced while the view is open: its lines stay, it says the pod is gone, C lists the new one', async () => {
		const {ui, logs} = await openLogs();
		const replacement = runningLogPod('frontend-web-8c4e-new', 'node-3');
		// A rollout: the crash-looping pod deleted, a new one started (listed first would be wrong to jump to).
		logs.setPods([replacement, pods[1]!]);
		let frame = await ui.until(
			text => text.includes('-- pod frontend-web-7d9f-crash is gone; C picks one of the 2 pods now --'),
			'the gone notice',
		);
		assert.match(frame, /logs frontend-web-7d9f-crash -c app {2}pod gone/);
		assert.ok(frame.includes('connecting to postgres:5432'), 'the lines it showed stay');
		assert.deepEqual(logs.opened, ['frontend-web-7d9f-crash/app follow'], 'no other stream opened by itself');
		ui.press('C');
		frame = await ui.until(text => text.includes('pick a pod and container'), 'picker');
		assert.ok(frame.includes('frontend-web-8c4e-new  app  running'), frame);
		assert.ok(!frame.includes('frontend-web-7d9f-crash  app'), frame);
		ui.press(keys.enter);
		await ui.until(text => text.includes('logs frontend-web-8c4e-new -c app  following'), 'the new pod');
		assert.equal(logs.opened.at(-1), 'frontend-web-8c4e-new/app follow');

		// Every pod gone: it says there is none to pick.
		logs.setPods([]);
		frame = await ui.until(text => text.includes('-- pod frontend-web-8c4e-new is gone; no pods now --'), 'none left');
		fits(frame);
	});

	test('a blank line in the log stays a blank row, as in a stack trace, wrapped or not', async () => {
		const {ui, logs} = await openLogs();
		const trace = ['Traceback (most recent call last):', '', '  File "app.py", line 3', '', '', 'ValueError: boom'];
		logs.push('frontend-web-7d9f-crash/app', trace);
		const tail = (frame: string) => frame.split('\n').slice(-8, -1);
		let frame = await ui.until(text => text.includes('ValueError: boom'), 'the trace');
		assert.deepEqual(tail(frame).slice(1), trace, frame);
		ui.press('w');
		frame = await ui.until(text => text.includes('following, wrap'), 'wrapped');
		assert.deepEqual(tail(frame).slice(1), trace, frame);
	});

	test("L shows the controller's lines about the app; Esc goes back to the detail", async () => {
		const {ui} = await openLogs();
		ui.press('L');
		const frame = await ui.until(text => text.includes('Reconciliation completed'), 'controller lines');
		assert.match(frame, /logs controller lines about frontend/);
		ui.press(keys.escape);
		await ui.until(text => text.includes('detail updated'), 'the detail');
	});

	test('a pod on no node, or a forbidden log, is one clear line', async () => {
		const logs = staticLogSource({
			pods: [{...pods[1]!, node: null}],
			notices: {
				'frontend-web-7d9f-ok/app': {
					kind: 'no-log',
					text: 'no log: pod frontend-web-7d9f-ok is not on a node (not scheduled), so no kubelet has a log for app',
				},
			},
		});
		const ui = await pressLogs(logs);
		const frame = await ui.until(text => text.includes('-- no log: pod frontend-web-7d9f-ok is not on a node'), 'no log');
		assert.match(frame, /-c app {2}no log/);
	});
});
