import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pendingDrift} from '../../source/core/drift/drift-state.js';
import {bigConfigMap, drifted, mixedReport, notCompared, readyDrift, reportOf, webDeployment} from './drift-fixtures.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';
import {keys, mountApp, selectedRow, type Mounted} from '../support/app-harness.js';

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

async function mount(setup: Parameters<typeof mountApp>[1] = {}): Promise<Mounted> {
	mounted = await mountApp(snapshot(), {
		details: {[frontendId]: frontendDetail()},
		drifts: {[frontendId]: readyDrift(mixedReport())},
		...setup,
	});
	return mounted;
}

/** The diff view's title line. */
function titleOf(frame: string): string {
	return frame.split('\n').find(line => line.startsWith('App shop/frontend')) ?? '';
}

/** The first diff line under the title: where n/N/]/[ put their target. */
function topLine(frame: string): string {
	const lines = frame.split('\n');
	return lines[lines.findIndex(line => line.startsWith('App shop/frontend')) + 1] ?? '';
}

async function openDiff(ui: Mounted): Promise<string> {
	ui.press('d');
	return ui.until(text => text.includes('~ modified Deployment shop/frontend-web'), 'diff open');
}

describe('diff view', () => {
	test('d on the list shows each changed resource with its hunks; Esc goes back to the same row', async () => {
		const ui = await mount({height: 60});
		const frame = await openDiff(ui);
		assert.match(titleOf(frame), /^App shop\/frontend · ctx prod-eu +resource 1\/4, hunk 1\/4 · OutOfSync · @abc1234$/);
		assert.equal(topLine(frame), '~ modified Deployment shop/frontend-web');
		const expected = [
			'~ modified Deployment shop/frontend-web',
			'⋯ 3 unchanged lines',
			'@@ -4,7 +4,7 @@',
			'   name: frontend-web',
			'   namespace: shop',
			' spec:',
			'-  replicas: 2',
			'+  replicas: 3',
			'   template:',
			'     spec:',
			'       containers:',
			'⋯ 71 unchanged lines',
			'@@ -82,7 +82,7 @@',
		];
		assert.ok(frame.includes(expected.join('\n')), frame);
		assert.match(frame, /- {14}value: value-36\n\+ {14}value: changed-in-git\n/);
		assert.match(frame, /\+ missing live Service shop\/frontend-svc\n@@ -0,0 \+1,10 @@\n\+apiVersion: v1\n\+kind: Service/);
		assert.match(frame, /- would be pruned ConfigMap shop\/old-config\n@@ -1,7 \+0,0 @@\n-apiVersion: v1/);
		assert.match(frame, /! not compared Secret shop\/frontend-creds\n {2}forbidden: cannot get secrets in shop/);
		assert.ok(!frame.includes('frontend-cache'), 'an unchanged resource is not shown');
		assert.deepEqual(ui.monitor.calls.watchDrift, [frontendId]);

		ui.press(keys.escape);
		await ui.until(text => selectedRow(text)?.includes('frontend') ?? false, 'back on the list');
		assert.equal(ui.monitor.watchingDrift.size, 0, 'drift no longer watched');
	});

	test('n/N move between hunks across resources, ]/[ between resources, and the title follows', async () => {
		const ui = await mount();
		await openDiff(ui);
		const step = async (key: string, top: string | RegExp, title: RegExp) => {
			ui.press(key);
			const frame = await ui.until(
				text => (typeof top === 'string' ? topLine(text) === top : top.test(topLine(text))) && title.test(titleOf(text)),
				`after "${key}": ${top}`,
			);
			return frame;
		};

		await step('n', '@@ -4,7 +4,7 @@', /resource 1\/4, hunk 1\/4/);
		await step('n', '@@ -82,7 +82,7 @@', /resource 1\/4, hunk 2\/4/);
		await step('n', '@@ -0,0 +1,10 @@', /resource 2\/4, hunk 3\/4/);
		await step('N', '@@ -82,7 +82,7 @@', /resource 1\/4, hunk 2\/4/);
		await step(']', '+ missing live Service shop/frontend-svc', /resource 2\/4, hunk 3\/4/);
		await step(']', '- would be pruned ConfigMap shop/old-config', /resource 3\/4, hunk 4\/4/);
		const frame = await step(']', '! not compared Secret shop/frontend-creds', /resource 4\/4/);
		assert.match(frame, /! not compared Secret shop\/frontend-creds\n {2}forbidden/);
		ui.press(']');
		await ui.until(text => text.includes('this is the last resource'), 'no resource after the last');
		await step('[', '- would be pruned ConfigMap shop/old-config', /resource 3\/4/);
		await step('[', '+ missing live Service shop/frontend-svc', /resource 2\/4/);
		await step('g', '~ modified Deployment shop/frontend-web', /resource 1\/4, hunk 1\/4/);
		ui.press('N');
		await ui.until(text => text.includes('this is the first hunk'), 'no hunk before the first');
	});

	test('j/k, PgDn and G scroll; G shows the last line', async () => {
		const ui = await mount();
		await openDiff(ui);
		await ui.press('jj');
		await ui.until(text => topLine(text) === '@@ -4,7 +4,7 @@', 'two lines down');
		ui.press('k');
		await ui.until(text => topLine(text) === '⋯ 3 unchanged lines', 'one line up');
		ui.press(keys.pageDown);
		await ui.until(text => !text.includes('~ modified Deployment') && titleOf(text).includes('hunk 2/4'), 'a page down');
		ui.press('G');
		const frame = await ui.until(text => text.includes('forbidden: cannot get secrets'), 'bottom');
		// The last line sits right above the footer: nothing past the end.
		const lines = frame.split('\n');
		assert.match(lines.at(-2)!, /forbidden: cannot get secrets in shop/);
	});

	test('z shows the whole YAML at the same place, and folds it again', async () => {
		const ui = await mount({height: 40});
		await openDiff(ui);
		ui.press('nn');
		await ui.until(text => topLine(text) === '@@ -82,7 +82,7 @@', 'second hunk');
		ui.press('z');
		let frame = await ui.until(text => / · full$/.test(titleOf(text)), 'unfolded');
		assert.equal(topLine(frame), '@@ -82,7 +82,7 @@', 'still at the same hunk');
		assert.match(titleOf(frame), /hunk 2\/4/);
		assert.ok(!frame.includes('unchanged lines'), 'nothing folded');
		ui.press('g');
		frame = await ui.until(text => topLine(text) === '~ modified Deployment shop/frontend-web', 'top');
		assert.ok(
			frame.includes('~ modified Deployment shop/frontend-web\n apiVersion: apps/v1\n kind: Deployment\n metadata:\n@@ -4,7 +4,7 @@'),
			frame,
		);
		assert.match(frame, / {13}- name: VAR_00\n {15}value: value-0\n/, 'lines between hunks are shown');
		ui.press('z');
		frame = await ui.until(text => !titleOf(text).includes('full'), 'folded again');
		assert.match(frame, /⋯ 3 unchanged lines\n@@ -4,7 \+4,7 @@/);
	});

	test('a new drift state updates the view without a key and keeps the same resource', async () => {
		const ui = await mount();
		await openDiff(ui);
		ui.press(']]');
		await ui.until(text => topLine(text) === '- would be pruned ConfigMap shop/old-config', 'on the ConfigMap');
		const [, service, , configMap, secret] = mixedReport().resources;
		// The Deployment was fixed and the Service created: the ConfigMap moves to the top.
		ui.monitor.publishDrift(frontendId, readyDrift(reportOf([configMap!, secret!])));
		let frame = await ui.until(text => titleOf(text).includes('resource 1/2'), 'live update');
		assert.equal(topLine(frame), '- would be pruned ConfigMap shop/old-config');
		assert.ok(!frame.includes('Deployment shop/frontend-web'));
		// It is gone: the view shows what now sits at its place, instead of jumping to the start.
		ui.monitor.publishDrift(frontendId, readyDrift(reportOf([service!, secret!])));
		frame = await ui.until(text => !text.includes('ConfigMap shop/old-config'), 'ConfigMap gone');
		assert.equal(topLine(frame), '! not compared Secret shop/frontend-creds');
	});

	test('empty states: computing, no drift, error, unsupported', async () => {
		const ui = await mount({drifts: {}});
		ui.press('d');
		await ui.until(text => text.includes('computing drift…'), 'pending');
		ui.monitor.publishDrift(frontendId, readyDrift(reportOf([drifted('Service', 'shop', 'web', {spec: {a: 1}}, {spec: {a: 1}})])));
		let frame = await ui.until(text => text.includes('no drift: live matches Git at abc1234'), 'no drift');
		assert.match(titleOf(frame), /Synced · @abc1234$/);
		ui.monitor.publishDrift(frontendId, {
			...pendingDrift,
			phase: 'error',
			error: 'kustomize build failed: overlays/prod/kustomization.yaml:3: bad indentation',
		});
		frame = await ui.until(
			text => text.includes('drift: kustomize build failed: overlays/prod/kustomization.yaml:3: bad indentation'),
			'error',
		);
		ui.monitor.publishDrift(frontendId, {...pendingDrift, phase: 'unsupported', error: 'Helm repository charts are not rendered locally'});
		await ui.until(
			text => text.includes('drift is not computed for this app: Helm repository charts are not rendered locally'),
			'unsupported',
		);
	});

	test('Secret values show only as the masks the diff carries', async () => {
		const secret = drifted('Secret', 'shop', 'api-token', {data: {token: 'b2xkLXNlY3JldA=='}}, {data: {token: 'bmV3LXNlY3JldA=='}});
		const ui = await mount({drifts: {[frontendId]: readyDrift(reportOf([secret]))}});
		ui.press('d');
		const frame = await ui.until(text => text.includes('~ modified Secret shop/api-token'), 'secret diff');
		// Masks are numbered desired side first, as Argo CD numbers them: the Git value is ++++++++.
		assert.match(frame, /- {2}token: \+{12}\n\+ {2}token: \+{8}/);
		assert.ok(!frame.includes('b2xkLXNlY3JldA') && !frame.includes('bmV3LXNlY3JldA'));
	});

	test('a 5 000-line ConfigMap diff opens, and the keys after it are handled', async () => {
		const ui = await mount({drifts: {[frontendId]: readyDrift(reportOf([bigConfigMap(5000)]))}});
		ui.press('d');
		let frame = await ui.until(text => titleOf(text).includes('resource 1/1, hunk 1/3'), 'big diff open');
		assert.match(frame, /⋯ 99 unchanged lines\n@@ -100,7 \+100,7 @@/);
		ui.press('nn');
		frame = await ui.until(text => titleOf(text).includes('hunk 2/3'), 'second hunk');
		assert.match(frame, /\+ {2}key-02500: changed 2500/);
		ui.press('zG');
		frame = await ui.until(
			text => titleOf(text).endsWith('full') && text.includes(' kind: ConfigMap\n metadata:'),
			'bottom of the whole file',
		);
		assert.match(frame, / {2}key-04999: value 4999\n/);
		ui.press('N');
		frame = await ui.until(text => topLine(text) === '@@ -4900,7 +4900,7 @@', 'previous hunk from the bottom');
		assert.match(titleOf(frame), /hunk 3\/3/);
		assert.match(frame, /- {2}key-04900: value 4900\n\+ {2}key-04900: changed 4900/);
	});

	test('help and footer list the diff keys; x is offered only with an external tool', async () => {
		const ui = await mount({height: 200});
		await openDiff(ui);
		let frame = ui.frame();
		const footer = frame.split('\n').at(-1)!;
		assert.match(footer, /n hunk/);
		assert.match(footer, /z full/);
		assert.match(footer, /esc back/);
		assert.doesNotMatch(footer, /x external/);
		ui.press('?');
		frame = await ui.until(text => text.includes('Keys and commands'), 'help');
		assert.match(frame, /Diff view \(d\)\n {2}n +Next hunk/);
		assert.match(frame, /N +Previous hunk/);
		assert.match(frame, /z +Whole YAML of each resource/);
		assert.match(frame, /:diff +Diff from Git/);
		assert.match(frame, /:fetch +Fetch Git now/);
		ui.press('q');
		await ui.until(text => titleOf(text).includes('resource 1/4'), 'help closed, diff still open');
	});

	test('x hands the diffs to the external tool as LIVE and MERGED directories', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'driftwatch-ui-'));
		try {
			const script = join(dir, 'record-diff.sh');
			const out = join(dir, 'seen');
			// Writes nothing to the terminal: the test runner's output stays clean.
			await writeFile(script, '#!/bin/sh\nls "$2" > "$1.live"\nls "$3" > "$1.merged"\nexit 1\n');
			await chmod(script, 0o755);
			const ui = await mount({options: {externalDiff: {command: `${script} ${out}`, variable: 'DRIFTWATCH_DIFF', interactive: true}}});
			await openDiff(ui);
			assert.match(ui.frame().split('\n').at(-1)!, /x external/);
			ui.press('x');
			await ui.until(text => text.includes('finished'), 'tool finished');
			assert.deepEqual((await readFile(`${out}.live`, 'utf8')).trim().split('\n'), [
				'ConfigMap.shop.old-config.yaml',
				'Deployment.shop.frontend-web.yaml',
			]);
			assert.deepEqual((await readFile(`${out}.merged`, 'utf8')).trim().split('\n'), [
				'Deployment.shop.frontend-web.yaml',
				'Service.shop.frontend-svc.yaml',
			]);
			assert.match(ui.frame(), /~ modified Deployment shop\/frontend-web/, 'the diff view is back');
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('x with a tool that prints and exits (diff -u -N) pages its output, then the diff view is back', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'driftwatch-ui-'));
		try {
			// A pager that keeps what it was given: the test reads what the user would have read.
			const pager = join(dir, 'pager.sh');
			const paged = join(dir, 'paged');
			await writeFile(pager, '#!/bin/sh\ncat > "$1"\n');
			await chmod(pager, 0o755);
			const ui = await mount({options: {externalDiff: {command: 'diff -u -N', variable: 'DRIFTWATCH_DIFF', pager: `${pager} ${paged}`}}});
			await openDiff(ui);
			ui.press('x');
			await ui.until(text => text.includes('diff -u -N finished'), 'paged, then back');
			const text = await readFile(paged, 'utf8');
			assert.match(text, /^--- .*LIVE-[^/]+\/Deployment\.shop\.frontend-web\.yaml/m);
			assert.match(text, /^\+\+\+ .*MERGED-[^/]+\/Deployment\.shop\.frontend-web\.yaml/m);
			assert.match(text, /^\+\+\+ .*MERGED-[^/]+\/Service\.shop\.frontend-svc\.yaml/m);
			assert.match(ui.frame(), /~ modified Deployment shop\/frontend-web/, 'the diff view is back');
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('x with no external tool says how to set one, and is not hinted', async () => {
		const ui = await mount();
		await openDiff(ui);
		assert.doesNotMatch(ui.frame().split('\n').at(-1)!, /external/);
		ui.press('x');
		await ui.until(
			text => text.split('\n').at(-1)!.startsWith('no external diff tool: set DRIFTWATCH_DIFF (e.g. "diff -u -N"'),
			'says how',
		);
	});

	test('help names x among the keys that cannot run on the diff now; with a tool it does not', async () => {
		const notHere = /^Not available here now \(the key says why\): (.*)$/m;
		const ui = await mount();
		await openDiff(ui);
		ui.press('?');
		let frame = await ui.until(text => text.includes('Keys and commands'), 'help');
		assert.deepEqual(notHere.exec(frame)?.[1]?.split(' '), ['x']);
		ui.unmount();
		const withTool = await mount({options: {externalDiff: {command: 'diff -u -N', variable: 'DRIFTWATCH_DIFF'}}});
		await openDiff(withTool);
		withTool.press('?');
		frame = await withTool.until(text => text.includes('Keys and commands'), 'help');
		assert.doesNotMatch(frame, notHere);
	});

	test('a tool that cannot run is a one-line error', async () => {
		const ui = await mount({options: {externalDiff: {command: 'driftwatch-no-such-diff-tool -u', variable: 'KUBECTL_EXTERNAL_DIFF'}}});
		await openDiff(ui);
		ui.press('x');
		await ui.until(text => text.includes('KUBECTL_EXTERNAL_DIFF: program "driftwatch-no-such-diff-tool" not found'), 'error notice');
	});

	test('from the list, d with a resource that failed first still starts at the first change', async () => {
		const report = reportOf([notCompared('Secret', 'shop', 'a-secret', 'forbidden'), webDeployment()]);
		const ui = await mount({drifts: {[frontendId]: readyDrift(report)}});
		ui.press('d');
		const frame = await ui.until(text => titleOf(text).includes('resource 2/2'), 'at the Deployment');
		assert.equal(topLine(frame), '~ modified Deployment shop/frontend-web');
	});
});
