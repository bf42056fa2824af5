import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import type {ActionPlan, ActionRequest} from '../../source/core/actions/types.js';
import type {StaticActions} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {planner, type Planner, type PlannerOptions} from './action-fixtures.js';
import {mixedReport} from './drift-fixtures.js';
import {fleet, frontendDetail, liveSource, makeApp} from './fixtures.js';
import {keys, mountApp, rowOf, type Mounted} from '../support/app-harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const apps = fleet();
const [frontend, payments, infra, monitoring] = apps as [(typeof apps)[0], (typeof apps)[0], (typeof apps)[0], (typeof apps)[0]];

const available = {
	[frontend.id]: ['sync', 'refresh', 'hard-refresh', 'rollback'] as const,
	[infra.id]: ['reconcile', 'suspend', 'rollback'] as const,
	[monitoring.id]: ['resume'] as const,
	[payments.id]: ['reconcile', 'suspend'] as const,
};

function snapshot(overrides: Partial<MonitorSnapshot> = {}): Partial<MonitorSnapshot> {
	return {
		context: 'prod-eu',
		contexts: ['prod-eu'],
		apps: fleet(),
		sources: [liveSource('Argo CD apps')],
		updatedAt: Date.now(),
		...overrides,
	};
}

type Setup = {
	snapshot?: Partial<MonitorSnapshot>;
	plan?: Partial<PlannerOptions>;
	outcome?: StaticActions['outcome'];
	width?: number;
	height?: number;
};

async function mount(setup: Setup = {}): Promise<Mounted & {plans: Planner}> {
	const plans = planner(apps, {context: 'prod-eu', production: true, ...setup.plan});
	const actions: StaticActions = {
		available: Object.fromEntries(Object.entries(available).map(([id, kinds]) => [id, [...kinds]])),
		plan: plans,
		outcome: setup.outcome,
	};
	const ui = await mountApp(snapshot(setup.snapshot), {
		details: {[frontend.id]: frontendDetail()},
		actions,
		width: setup.width,
		height: setup.height ?? 40,
	});
	mounted = ui;
	return Object.assign(ui, {plans});
}

function footer(frame: string): string {
	return frame.split('\n').at(-1) ?? '';
}

/** Open the dialog with `key` on the selected row and wait for the plan to show. */
async function openDialog(ui: Mounted, key: string, shows = /runs it on|Cannot run/): Promise<string> {
	ui.press(key);
	return ui.until(text => shows.test(text), `dialog after "${key}"`);
}

describe('confirmation dialog', () => {
	test('names the context (production, marked), namespace, app, every effect and warning', async () => {
		const ui = await mount();
		const frame = await openDialog(ui, 'S');
		assert.match(frame, /^Sync Application shop\/frontend$/m);
		assert.match(frame, /^Context +\[PROD\] prod-eu$/m);
		assert.match(frame, /^Namespace +shop$/m);
		assert.match(frame, /^App +Application shop\/frontend$/m);
		assert.match(
			frame,
			/What will happen\n {2}- sync to revision 0123456 \(main\)\n {2}- prune: off\n {2}! owned by ApplicationSet shop-apps/,
		);
		assert.match(frame, /^y runs it on \[PROD\] prod-eu · esc, n or q cancels$/m);
		assert.match(footer(frame), /^y run it {2}esc cancel {2}p prune/);
		assert.deepEqual(ui.monitor.calls.planAction, [{kind: 'sync', appId: frontend.id}]);
		assert.equal(ui.monitor.calls.runAction.length, 0, 'planning sends nothing');
	});

	test('says "preparing…" until the plan arrives; a plan that fails is an error line, and nothing can run', async () => {
		const ui = await mount();
		let release: (plan: ActionPlan) => void = () => {};
		ui.monitor.planAction = (request: ActionRequest) =>
			new Promise<ActionPlan>(resolve => {
				release = () => resolve(ui.plans(request));
			});
		ui.press('S');
		let frame = await ui.until(text => text.includes('preparing…'), 'preparing');
		assert.match(frame, /^App +Application shop\/frontend$/m, 'the app is named while preparing');
		assert.doesNotMatch(footer(frame), /y run/);
		ui.press('y');
		release(ui.plans({kind: 'sync', appId: frontend.id}));
		frame = await ui.until(text => text.includes('runs it on'), 'plan shown');
		assert.equal(ui.monitor.calls.runAction.length, 0, 'a y pressed while preparing is not kept for later');

		ui.press(keys.escape);
		await ui.until(text => !text.includes('runs it on'), 'closed');
		ui.monitor.planAction = async () => {
			throw new Error('applications.argoproj.io "frontend" is forbidden: cannot get');
		};
		frame = await openDialog(ui, 'S', /Could not prepare/);
		assert.match(frame, /Could not prepare this action: applications\.argoproj\.io "frontend" is forbidden/);
		ui.press('y\r');
		await ui.until(text => footer(text).includes('nothing to run here'), 'Enter says why');
		assert.equal(ui.monitor.calls.runAction.length, 0);
	});

	test('Enter, Esc, n and q never run the action; y runs exactly the plan shown', async () => {
		const ui = await mount();
		await openDialog(ui, 'S');
		ui.press(keys.enter);
		let frame = await ui.until(text => footer(text).includes('Enter does not run actions'), 'Enter explains');
		assert.match(frame, /runs it on/, 'still open');
		for (const key of [keys.escape, 'n', 'q']) {
			ui.press(key);
			frame = await ui.until(text => !text.includes('runs it on') && text.includes('nothing was sent'), `closed by ${JSON.stringify(key)}`);
			assert.ok(rowOf(frame, 'frontend'), 'back on the list');
			await openDialog(ui, 'S');
		}

		assert.equal(ui.monitor.calls.runAction.length, 0);
		ui.press('y');
		frame = await ui.until(text => !text.includes('runs it on') && rowOf(text, 'frontend') !== undefined, 'dialog closed');
		assert.equal(ui.monitor.calls.runAction.length, 1);
		assert.equal(ui.monitor.calls.runAction[0], ui.plans.plans.at(-1), 'the plan on screen, not a new one');
		assert.equal(ui.monitor.calls.planAction.length, 4);
	});

	test('keys pasted in one event cannot confirm a plan nobody saw', async () => {
		const ui = await mount();
		ui.press('Sy');
		await ui.until(text => text.includes('runs it on'), 'plan shown');
		assert.equal(ui.monitor.calls.runAction.length, 0);
	});

	test('a refusal is shown and cannot be confirmed: y does nothing, esc closes', async () => {
		const ui = await mount({plan: {refusal: request => (request.kind === 'sync' ? 'another operation is already in progress' : null)}});
		const frame = await openDialog(ui, 'S');
		assert.match(frame, /^Cannot run: another operation is already in progress$/m);
		assert.match(frame, /Nothing will be sent\. esc closes\./);
		assert.doesNotMatch(frame, /runs it on/);
		assert.doesNotMatch(footer(frame), /y run|p prune/);
		assert.match(footer(frame), /^esc close/);
		ui.press('yp');
		await ui.until(text => text.includes('Cannot run'), 'still refused');
		assert.equal(ui.monitor.calls.runAction.length, 0);
		assert.equal(ui.monitor.calls.planAction.length, 1, 'p does not re-plan a refused action');
		ui.press(keys.escape);
		await ui.until(text => !text.includes('Cannot run'), 'closed');
		assert.equal(ui.monitor.calls.runAction.length, 0);
	});

	test('rollback: the picker starts on the newest entry that is not the current deployment; Enter picks (it does not confirm), re-plan, then y', async () => {
		const ui = await mount();
		let frame = await openDialog(ui, 'B', /Roll back to which one/);
		assert.match(frame, /^Roll back Application shop\/frontend: pick the target$/m);
		assert.match(frame, /^ {2}7 +0123456 deployed 2026-11-01 10:00Z \(current\)$/m);
		assert.match(frame, /^> 6 +fedcba9 deployed/m, 'the one before the current deployment is highlighted');
		assert.match(footer(frame), /enter pick/);
		assert.doesNotMatch(footer(frame), /y run/);
		ui.press('y');
		ui.press('j');
		frame = await ui.until(text => /^> 5 /m.test(text), 'an older target highlighted');
		ui.press('k');
		frame = await ui.until(text => /^> 6 /m.test(text), 'back on the previous deployment');
		assert.equal(ui.monitor.calls.runAction.length, 0, 'y does nothing in the picker');
		ui.press(keys.enter);
		frame = await ui.until(text => text.includes('runs it on'), 're-planned');
		assert.deepEqual(ui.monitor.calls.planAction.at(-1), {kind: 'rollback', appId: frontend.id, params: {to: '6'}});
		assert.match(frame, /^Roll back Application shop\/frontend to 6$/m);
		assert.match(frame, /- auto-sync: on -> off first/);
		assert.match(frame, /! after the rollback the app stays OutOfSync/);
		assert.equal(ui.monitor.calls.runAction.length, 0, 'picking sent nothing');
		ui.press('y');
		await ui.until(() => ui.monitor.calls.runAction.length === 1, 'ran');
		assert.deepEqual(ui.monitor.calls.runAction[0]!.request.params, {to: '6'});
	});

	test('":rollback 5" goes straight to the confirmation of that target', async () => {
		const ui = await mount();
		ui.press(':rollback 5\r');
		const frame = await ui.until(text => text.includes('runs it on'), 'confirmation');
		assert.match(frame, /^Roll back Application shop\/frontend to 5$/m);
		assert.deepEqual(ui.monitor.calls.planAction, [{kind: 'rollback', appId: frontend.id, params: {to: '5'}}]);
	});

	test('p switches prune: each press plans again and the dialog says the state', async () => {
		const ui = await mount();
		let frame = await openDialog(ui, 'S');
		assert.match(frame, /^ {2}p {2}prune \(delete what left Git\): off {2}\(p turns it on\)$/m);
		ui.press('p');
		frame = await ui.until(text => /prune \(delete what left Git\): on/.test(text), 'prune on');
		assert.match(frame, /- prune: on/);
		assert.deepEqual(ui.monitor.calls.planAction.at(-1), {kind: 'sync', appId: frontend.id, params: {prune: true}});
		ui.press('p');
		await ui.until(text => /prune \(delete what left Git\): off/.test(text), 'prune off again');
		assert.deepEqual(ui.monitor.calls.planAction.at(-1)!.params, {prune: false});
		ui.press('p');
		await ui.until(text => /- prune: on/.test(text), 'prune on again');
		ui.press('y');
		await ui.until(() => ui.monitor.calls.runAction.length === 1, 'ran');
		assert.deepEqual(ui.monitor.calls.runAction[0]!.request.params, {prune: true}, 'runs with the prune shown last');
	});

	test('prune says what will happen: on a Git app whose config does not enable prune, p says it changes nothing', async () => {
		const notes = makeApp({name: 'notes', namespace: 'demo-native', kind: 'Git', provider: 'git'});
		const argo = planner([notes], {context: 'prod-eu'});
		// As the native provider plans it: whatever the request asks, prune stays off, and the plan says why.
		const plan = (request: ActionRequest): ActionPlan => ({
			...argo(request),
			effects: [
				'apply d46c430 "notes: bump to 1.8.0" by server-side apply as driftwatch',
				'prune: off (the app does not enable it in the config)',
			],
			switches: {prune: false},
			fixedParams: {prune: "not enabled in the app's config"},
		});
		const ui = await mountApp(snapshot({apps: [notes]}), {actions: {available: {[notes.id]: ['sync']}, plan}, height: 40});
		mounted = ui;
		let frame = await openDialog(ui, 'S');
		assert.match(frame, /^ {2}p {2}prune \(delete what left Git\): off {2}\(not enabled in the app's config\)$/m);
		assert.doesNotMatch(footer(frame), /p prune/, 'a switch that changes nothing is not advertised');
		ui.press('p');
		frame = await ui.until(text => footer(text) === "prune stays off: not enabled in the app's config", 'p explains');
		assert.match(frame, /prune \(delete what left Git\): off/, 'still off, as the plan says');
		assert.equal(ui.monitor.calls.planAction.length, 1, 'nothing planned again');
	});

	test('d shows what the action would change; Esc returns to the dialog, which still needs y', async () => {
		const ui = await mount({plan: {diff: mixedReport()}});
		let frame = await openDialog(ui, 'S');
		assert.match(frame, /d shows the diff/);
		ui.press('d');
		frame = await ui.until(text => text.includes('~ modified Deployment shop/frontend-web'), 'plan diff');
		assert.match(frame, /^Diff of Sync Application shop\/frontend · ctx \[PROD\] prod-eu$/m);
		assert.match(frame, /- {2}replicas: 2\n\+ {2}replicas: 3/);
		ui.press('n');
		await ui.until(text => text.includes('@@ -4,7 +4,7 @@'), 'hunk keys work');
		ui.press('y');
		ui.press(keys.escape);
		frame = await ui.until(text => text.includes('runs it on'), 'back in the dialog');
		assert.equal(ui.monitor.calls.runAction.length, 0, 'y in the diff runs nothing');
		ui.press('y');
		await ui.until(() => ui.monitor.calls.runAction.length === 1, 'ran');
	});

	test('d is hinted only where the plan has a diff; without one the dialog and the key say why', async () => {
		const about = 'the refresh itself changes no resource; this is what a sync after it would deploy';
		const withDiff = await mount({plan: {diff: mixedReport(), diffAbout: about}});
		const shown = await openDialog(withDiff, 'S');
		assert.match(footer(shown), /d diff/);
		assert.match(shown, /^ {2}d shows: the refresh itself changes no resource; this is what a sync after it would deploy$/m);
		withDiff.unmount();
		mounted = undefined;

		const reason = 'terminating changes no resource: it stops the operation, and what it applied stays';
		const ui = await mount({plan: {noDiff: reason}});
		const frame = await openDialog(ui, 'S');
		assert.doesNotMatch(footer(frame), /d diff/);
		assert.match(frame, /^ {2}No diff: terminating changes no resource: it stops the operation, and what it applied stays$/m);
		assert.doesNotMatch(frame, /d shows the diff/);
		ui.press('d');
		await ui.until(text => footer(text) === `no diff: ${reason}`, 'd says why');
		assert.equal(ui.monitor.calls.runAction.length, 0);
	});

	test('a plan without a diff says so instead of a blank view', async () => {
		const ui = await mount({plan: {diff: null}});
		await openDialog(ui, 'S');
		ui.press('d');
		await ui.until(text => text.includes('no diff is available for this action'), 'no diff');
	});

	test('Flux: r reconciles (s switches the source), u suspends or resumes, as the app offers', async () => {
		const ui = await mount();
		ui.press('j');
		let frame = await ui.until(text => rowOf(text, 'infra')?.startsWith('>') ?? false, 'on infra');
		assert.match(footer(frame), /r reconcile/);
		assert.match(footer(frame), /u suspend/);
		assert.doesNotMatch(footer(frame), /S sync/);
		frame = await openDialog(ui, 'r');
		assert.match(frame, /^Reconcile Kustomization flux-system\/infra$/m);
		assert.match(frame, /reconcile the source first: on/);
		ui.press('s');
		frame = await ui.until(text => text.includes('reconcile the source first: off'), 'source off');
		assert.match(frame, /- reconcile only the app/);
		ui.press(keys.escape);
		ui.press('j');
		frame = await ui.until(text => rowOf(text, 'monitoring')?.startsWith('>') ?? false, 'on monitoring');
		assert.match(footer(frame), /u resume/);
		frame = await openDialog(ui, 'u');
		assert.match(frame, /^Resume Kustomization observability\/monitoring$/m);
		ui.press(keys.escape);
		// Argo CD's S and R on a Flux app: one line pointing at r, nothing planned.
		ui.press('S');
		await ui.until(text => footer(text) === 'Flux has no sync: r reconciles monitoring (source first)', 'S points at r');
		ui.press('j');
		await ui.until(text => !footer(text).includes('Flux has no'), 'notice cleared');
		ui.press('k');
		ui.press('R');
		await ui.until(text => footer(text) === 'Flux has no hard refresh: r reconciles monitoring (source first)', 'R points at r');
		assert.deepEqual(
			ui.monitor.calls.planAction.map(request => request.kind),
			['reconcile', 'reconcile', 'resume'],
		);
	});

	test('on a screen too small for the whole dialog, y runs only after the end was shown', async () => {
		const ui = await mount({height: 12});
		let frame = await openDialog(ui, 'S', /^Sync Application shop\/frontend +↓ more: j$/m);
		ui.press('y');
		frame = await ui.until(text => footer(text).includes('read all of it first'), 'y explains');
		assert.equal(ui.monitor.calls.runAction.length, 0);
		ui.press('G');
		frame = await ui.until(text => text.includes('runs it on'), 'end shown');
		assert.doesNotMatch(frame, /more: j/);
		ui.press('y');
		await ui.until(() => ui.monitor.calls.runAction.length === 1, 'ran');
	});

	test('at 80 columns the footer keeps the offered actions, help and quit', async () => {
		const ui = await mount({width: 80});
		const hints = footer(ui.frame());
		for (const hint of ['S sync', 'r refresh', 'R hard refresh', 'B rollback', '? help', 'q quit'])
			assert.ok(hints.includes(hint), `"${hint}" in "${hints}"`);
		assert.ok(hints.length <= 80);
	});

	test('action keys work from the detail, and the detail shows the action', async () => {
		const ui = await mount();
		ui.press(keys.enter);
		let frame = await ui.until(text => text.includes('Resources (3)'), 'detail');
		assert.match(footer(frame), /S sync/);
		frame = await openDialog(ui, 'R');
		assert.match(frame, /^Hard refresh Application shop\/frontend$/m);
		ui.press('y');
		frame = await ui.until(text => /^Action +Hard… requested/m.test(text), 'progress in the detail');
		assert.match(frame, /Resources \(3\)/, 'back in the detail');
	});
});

describe('progress on the row', () => {
	test('the label follows the store without a key press; a success shows its mark', async () => {
		const ui = await mount();
		const set = (phase: 'sending' | 'waiting' | 'succeeded', message: string) =>
			ui.monitor.store.update(current => ({
				...current,
				actions: {
					[frontend.id]: {
						action: 'sync',
						label: 'Sync',
						phase,
						message,
						startedAt: Date.now(),
						finishedAt: phase === 'succeeded' ? Date.now() : null,
					},
				},
			}));
		set('sending', '');
		await ui.until(text => /Sync… sending$/.test(rowOf(text, 'frontend') ?? ''), 'sending');
		set('waiting', 'waiting for controller');
		await ui.until(text => /Sync… waiting for c/.test(rowOf(text, 'frontend') ?? ''), 'waiting');
		set('succeeded', '');
		await ui.until(text => /Sync ✓$/.test(rowOf(text, 'frontend') ?? ''), 'succeeded');
		ui.monitor.store.update(current => ({...current, actions: {}}));
		await ui.until(text => !/Sync ✓/.test(rowOf(text, 'frontend') ?? ''), 'faded');
	});

	test('a failure stays (moving, other keys) until x on its row dismisses it', async () => {
		const ui = await mount({outcome: () => ({ok: false, message: 'permission denied: cannot patch applications'})});
		await openDialog(ui, 'S');
		ui.press('y');
		let frame = await ui.until(
			text =>
				/Sync failed: permis/.test(rowOf(text, 'frontend') ?? '') &&
				footer(text).includes('Sync Application shop/frontend: permission denied'),
			'failure on the row, and the outcome as a notice',
		);
		ui.press('j');
		await ui.until(text => rowOf(text, 'infra')?.startsWith('>') ?? false, 'moved away');
		ui.press('k');
		frame = await ui.until(text => rowOf(text, 'frontend')?.startsWith('>') ?? false, 'back on frontend');
		assert.match(rowOf(frame, 'frontend')!, /Sync failed: permis/);
		assert.match(footer(frame), /x dismiss/);
		ui.press('jx');
		await ui.until(text => footer(text).includes('no finished action to dismiss'), 'x elsewhere');
		assert.deepEqual(ui.monitor.calls.dismissAction, []);
		ui.press('k');
		frame = await ui.until(text => rowOf(text, 'frontend')?.startsWith('>') ?? false, 'on frontend');
		ui.press(keys.enter);
		frame = await ui.until(
			text => /^Action +Sync failed: permission denied: cannot patch applications +\(x dismisses\)$/m.test(text),
			'failure in the detail',
		);
		ui.press('x');
		frame = await ui.until(text => !text.includes('Sync failed'), 'dismissed');
		assert.deepEqual(ui.monitor.calls.dismissAction, [frontend.id]);
		ui.press(keys.escape);
		frame = await ui.until(text => rowOf(text, 'frontend') !== undefined, 'list');
		assert.match(rowOf(frame, 'frontend')!, /Healthy +Applied revision/, 'the status is back');
	});

	test('a narrow row without a status column still shows the action', async () => {
		const ui = await mount({width: 50});
		ui.monitor.store.update(current => ({
			...current,
			actions: {
				[frontend.id]: {action: 'sync', label: 'Sync', phase: 'failed', message: 'denied', startedAt: Date.now(), finishedAt: Date.now()},
			},
		}));
		await ui.until(text => /frontend +App +✗ Sync f… main/.test(rowOf(text, 'frontend') ?? ''), 'short label');
	});
});

describe('read-only and production cues', () => {
	test('read-only: no action hints or help, keys say why, nothing is run (each attempt goes to the core only to be refused and audited)', async () => {
		const ui = await mount({snapshot: {readonly: true, production: true}, height: 160});
		let frame = ui.frame();
		assert.match(frame.split('\n')[0]!, /^\[PROD\] driftwatch · read-only · ctx prod-eu · ns all/);
		assert.doesNotMatch(footer(frame), /sync|refresh|rollback/);
		for (const key of ['S', 'r', 'R', 'B', 'u', 'T', 'A']) {
			ui.press(key);
			await ui.until(text => footer(text) === 'read-only context: actions are off', `${key} explains`);
			ui.press('j');
			await ui.until(text => !footer(text).includes('read-only context'), 'notice cleared');
		}

		ui.press(':sync\r');
		await ui.until(text => footer(text) === 'read-only context: actions are off', ':sync explains');
		ui.press(':syn\t');
		await ui.until(text => footer(text).startsWith(':syn█'), 'no completion to an action');
		ui.press(`${keys.escape}?`);
		frame = await ui.until(text => text.includes('Keys and commands'), 'help');
		assert.match(frame, /Actions are off: this is a read-only context\./);
		assert.doesNotMatch(frame, /Sync the app|:rollback|Run the action shown/);
		assert.deepEqual(
			ui.monitor.calls.refuseAction.map(request => request.kind),
			['sync', 'refresh', 'hard-refresh', 'rollback', 'suspend', 'terminate', 'enable-auto-sync', 'sync'],
		);
		assert.deepEqual(ui.monitor.calls.planAction, [], 'nothing is planned for a dialog');
		assert.deepEqual(ui.monitor.calls.runAction, []);
	});

	test('a context that turns read-only while the dialog is open runs nothing', async () => {
		const ui = await mount();
		await openDialog(ui, 'S');
		ui.monitor.store.update(current => ({...current, readonly: true}));
		await ui.until(text => text.includes('read-only ·'), 'header says read-only');
		ui.press('y');
		await ui.until(text => footer(text) === 'read-only context: actions are off' && !text.includes('runs it on'), 'closed, saying why');
		assert.deepEqual(ui.monitor.calls.runAction, []);
	});

	test('a production context is marked in the header; the dialog uses the context the plan names', async () => {
		const ui = await mount({snapshot: {production: true}, plan: {context: 'prod-eu', production: true}});
		assert.match(ui.frame().split('\n')[0]!, /^\[PROD\] driftwatch · ctx prod-eu · ns all/);
		ui.monitor.store.update(current => ({...current, production: false, context: 'staging'}));
		await ui.until(text => text.split('\n')[0]!.includes('ctx staging ·'), 'not production');
		const frame = await openDialog(ui, 'S');
		assert.match(frame, /^Context +\[PROD\] prod-eu$/m, 'the plan names where it runs');
	});

	test('a cancelled dialog ignores its late plan', async () => {
		const ui = await mount();
		let release: () => void = () => {};
		ui.monitor.planAction = (request: ActionRequest) =>
			new Promise<ActionPlan>(resolve => {
				release = () => resolve(ui.plans(request));
			});
		ui.press('S');
		await ui.until(text => text.includes('preparing…'), 'preparing');
		ui.press(keys.escape);
		await ui.until(text => !text.includes('preparing…'), 'cancelled');
		release();
		// The late answer must not reopen anything: wait until it has certainly been handled.
		await waitFor(() => ui.plans.plans.length === 1);
		await new Promise(resolve => setImmediate(resolve));
		ui.press('j');
		const frame = await ui.until(text => rowOf(text, 'infra')?.startsWith('>') ?? false, 'list keys work');
		assert.doesNotMatch(frame, /runs it on/);
	});
});
