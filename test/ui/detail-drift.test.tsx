import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {pendingDrift} from '../../source/core/drift/drift-state.js';
import {mixedReport, notCompared, readyDrift, renderedSha, reportOf, webDeployment} from './drift-fixtures.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';
import {keys, mountApp, type Mounted} from '../support/app-harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const snapshot = () => ({
	context: 'prod-eu',
	contexts: ['prod-eu'],
	apps: fleet(),
	sources: [liveSource('Argo CD apps')],
	updatedAt: Date.now(),
});

const frontendId = fleet()[0]!.id;

async function openDetail(setup: Parameters<typeof mountApp>[1] = {}): Promise<{ui: Mounted; frame: string}> {
	mounted = await mountApp(snapshot(), {
		details: {[frontendId]: frontendDetail()},
		drifts: {[frontendId]: readyDrift(mixedReport())},
		height: 60,
		...setup,
	});
	mounted.press(keys.enter);
	const frame = await mounted.until(
		text => text.includes('detail updated') && text.includes('Drift from Git') && (setup.drifts !== undefined || text.includes('Changes')),
		'detail with drift',
	);
	return {ui: mounted, frame};
}

function lineWith(frame: string, text: string): string {
	return frame.split('\n').find(line => line.includes(text)) ?? '';
}

describe('detail: drift from Git', () => {
	test('local status, counts, rendered commit, followed branch and one line per drifted resource', async () => {
		const {ui, frame} = await openDetail();
		assert.match(
			frame,
			/Drift from Git\n {2}Local +↻ OutOfSync +controller says Synced\n {2}Changes +1 modified, 1 missing live, 1 would be pruned, 1 not compared\n/,
		);
		assert.match(frame, / {2}Rendered +abc1234 Bump web to 3 replicas +Alice Example, 3h ago\n/);
		assert.match(frame, / {2}Following +main is 3 commits ahead of deployed · fetched 2m ago\n/);
		assert.ok(
			frame.includes(
				[
					'  ~ Deployment shop/frontend-web',
					'  + Service shop/frontend-svc missing live',
					'  - ConfigMap shop/old-config would be pruned',
					'  ! Secret shop/frontend-creds error: forbidden: cannot get secrets in shop',
				].join('\n'),
			),
			frame,
		);
		assert.ok(!lineWith(frame, 'Drift from Git').includes('frontend-cache'));
		// The resources table marks what drifted; the unchanged StatefulSet gets no marker.
		assert.match(frame, /^ ~✓ Deployment +shop +frontend-web/m);
		assert.match(frame, /^ \+ {2}Service +shop +frontend-svc/m);
		assert.match(frame, /^ {2}✗ StatefulSet +shop +frontend-cache/m);
		assert.deepEqual(ui.monitor.calls.watchDrift, [frontendId]);
		ui.press(keys.escape);
		await ui.until(text => text.includes('enter open'), 'back to the list');
		assert.equal(ui.monitor.watchingDrift.size, 0);
	});

	test('a disagreement with the controller is said, and a live drift update shows without a key', async () => {
		const {ui} = await openDetail();
		ui.monitor.publishDrift(
			frontendId,
			readyDrift(reportOf([webDeployment()]), {disagreement: 'Argo CD says Synced, but 1 resource differs from Git', tracked: null}),
		);
		const frame = await ui.until(text => /Changes +1 modified\n/.test(text), 'live update');
		assert.match(frame, / {2}! Argo CD says Synced, but 1 resource differs from Git\n/);
		assert.ok(!frame.includes('Following'));
		assert.ok(!frame.includes('Service shop/frontend-svc missing live'));
	});

	test('computing, error, unsupported and a failing fetch each say so in one line', async () => {
		const {ui} = await openDetail({drifts: {}});
		const pending = ui.frame();
		assert.match(pending, /Drift from Git\n {2}Local +computing…\n/);
		ui.monitor.publishDrift(frontendId, {
			...pendingDrift,
			phase: 'error',
			error: 'git: authentication failed for https://git.example.com/shop/deploy.git',
		});
		await ui.until(
			text => /Local +error: git: authentication failed for https:\/\/git\.example\.com\/shop\/deploy\.git/.test(text),
			'error',
		);
		ui.monitor.publishDrift(frontendId, {...pendingDrift, phase: 'unsupported', error: 'OCI sources are not rendered locally'});
		await ui.until(text => /Local +unsupported: OCI sources are not rendered locally/.test(text), 'unsupported');
		const failing = readyDrift(mixedReport());
		failing.tracked = {...failing.tracked!, ahead: null, error: {kind: 'unreachable', message: 'could not resolve host git.example.com'}};
		ui.monitor.publishDrift(frontendId, failing);
		await ui.until(
			text => /Following +main · fetch failed \(unreachable\): could not resolve host git\.example\.com/.test(text),
			'fetch error',
		);
		ui.monitor.publishDrift(frontendId, {...failing, phase: 'pending'});
		await ui.until(text => /Local +↻ OutOfSync +controller says Synced +\(recomputing…\)/.test(text), 'recomputing keeps the last report');
	});

	test('a native app follows HEAD itself: the detail says whether HEAD runs, never that HEAD is "the deployed revision"', async () => {
		const {ui} = await openDetail();
		// A new commit on main, fetched and compared, not applied yet: the live objects differ from HEAD.
		const head = {revision: renderedSha, commit: null};
		const native = (report: ReturnType<typeof reportOf>) =>
			readyDrift(report, {controllerSync: null, tracked: {...readyDrift(report).tracked!, head, ahead: null, comparesHead: true}});
		ui.monitor.publishDrift(frontendId, native(reportOf([webDeployment()])));
		let frame = await ui.until(text => /Following +main HEAD/.test(text), 'native following line');
		assert.match(lineWith(frame, 'Following'), /main HEAD abc1234, not applied: the live objects differ · fetched 2m ago/);
		assert.doesNotMatch(frame, /deployed/);
		ui.monitor.publishDrift(frontendId, native(reportOf([])));
		frame = await ui.until(text => /Following +main HEAD abc1234, applied: the live objects match it/.test(text), 'applied');
		assert.doesNotMatch(frame, /deployed/);
	});

	test(']/[ select drifted resources (marked without colour too); d opens the diff there; Esc comes back', async () => {
		const {ui} = await openDetail();
		ui.press(']');
		let frame = await ui.until(text => text.includes('> ~ Deployment shop/frontend-web'), 'first selected');
		ui.press(']]');
		frame = await ui.until(text => text.includes('> - ConfigMap shop/old-config'), 'third selected');
		assert.ok(!frame.includes('> ~ Deployment'), 'one selection');
		ui.press('[');
		await ui.until(text => text.includes('> + Service shop/frontend-svc'), 'back one');
		ui.press('d');
		frame = await ui.until(text => text.includes('resource 2/4'), 'diff at the Service');
		const lines = frame.split('\n');
		assert.equal(lines[lines.findIndex(line => line.startsWith('App shop/frontend')) + 1], '+ missing live Service shop/frontend-svc');
		ui.press('q');
		frame = await ui.until(text => text.includes('Drift from Git'), 'back in the detail');
		assert.match(frame, /> \+ Service shop\/frontend-svc/, 'selection kept');
		assert.deepEqual(ui.monitor.calls.watchDetail, [frontendId], 'the detail was not fetched again');
		assert.deepEqual(ui.monitor.calls.watchDrift, [frontendId], 'one drift subscription for detail and diff');
	});

	test(']/[ scroll a short screen to the selected line', async () => {
		const {ui} = await openDetail({height: 14});
		ui.press(']]]]');
		const frame = await ui.until(text => text.includes('> ! Secret shop/frontend-creds'), 'last one on screen');
		assert.ok(!frame.includes('Sync        ● Synced'), 'scrolled');
	});

	test('d without a selection opens the diff at the first changed resource', async () => {
		const report = reportOf([notCompared('Secret', 'shop', 'a-secret', 'forbidden'), webDeployment()]);
		const {ui} = await openDetail({drifts: {[frontendId]: readyDrift(report)}});
		ui.press('d');
		await ui.until(text => text.includes('resource 2/2, hunk 1/2'), 'at the Deployment');
	});

	test('f fetches Git now, from the list and from the detail', async () => {
		const {ui} = await openDetail();
		ui.press('f');
		await ui.until(text => text.includes('fetching Git now'), 'notice in the detail');
		assert.equal(ui.monitor.calls.refreshGit, 1);
		ui.press(keys.escape);
		await ui.until(text => text.includes('enter open'), 'list');
		ui.press('f');
		await ui.until(text => text.includes('fetching Git now'), 'notice in the list');
		assert.equal(ui.monitor.calls.refreshGit, 2);
	});
});
