import './force-color.js';
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ActionKind} from '../../source/core/actions/types.js';
import type {AppSummary} from '../../source/core/apps/model.js';
import type {SourceState} from '../../source/core/kube/source-state.js';
import type {MonitorSnapshot, WatchedContext} from '../../source/core/monitor/monitor.js';
import {contextLabels} from '../../source/ui/text/context-label.js';
import {liveSource, makeApp} from './fixtures.js';
import {planner} from './action-fixtures.js';
import {keys, mountApp, type Mounted} from '../support/app-harness.js';

// Several contexts watched at once, at 80×24: one list with a CONTEXT column, a header line per context, rows of a
// context that cannot be read marked while the others are not, `:ctx` narrowing, `i` the sources of each context,
// and actions that name the row's context (read-only per context).

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const plain = (text: string) => text.replace(/\u001B\[[\d;]*m/g, '');
const rowsOf = (frame: string, name: string) =>
	plain(frame)
		.split('\n')
		.filter(row => new RegExp(`\\b${name}\\b`).test(row));

const east = 'arn:aws:eks:eu-west-1:1234:cluster/staging';
const prod = 'arn:aws:eks:us-east-1:1234:cluster/prod-us';

function argoSource(context: string, phase: SourceState['phase'] = 'live'): SourceState {
	return {
		...liveSource('Argo CD apps', 'argoproj.io/applications'),
		kind: 'Application',
		context,
		phase,
		message: phase === 'live' ? '' : 'connect ECONNREFUSED 10.0.0.1:443',
	};
}

function apps(): AppSummary[] {
	return [
		makeApp({name: 'checkout', kind: 'Application', namespace: 'argocd', context: east}),
		makeApp({name: 'payments', kind: 'Application', namespace: 'argocd', context: east, health: 'Degraded'}),
		makeApp({name: 'checkout', kind: 'Application', namespace: 'argocd', context: prod}),
		makeApp({name: 'ledger', kind: 'Application', namespace: 'argocd', context: prod, sync: 'OutOfSync'}),
	];
}

function watched(prodPhase: SourceState['phase'] = 'live', prodReadonly = false): WatchedContext[] {
	return [
		{name: east, production: false, readonly: false, sources: [argoSource(east)], apps: 2, notice: null, updatedAt: Date.now()},
		{
			name: prod,
			production: true,
			readonly: prodReadonly,
			sources: [argoSource(prod, prodPhase)],
			apps: 2,
			notice: null,
			updatedAt: Date.now(),
		},
	];
}

function snapshot(prodPhase: SourceState['phase'] = 'live', prodReadonly = false): Partial<MonitorSnapshot> {
	const contexts = watched(prodPhase, prodReadonly);
	return {
		context: east,
		contexts: [east, prod],
		apps: apps(),
		watched: contexts,
		sources: contexts.flatMap(context => context.sources),
		updatedAt: Date.now(),
		production: true,
	};
}

async function mount(snap: Partial<MonitorSnapshot>, setup: Parameters<typeof mountApp>[1] = {}) {
	mounted = await mountApp(snap, {width: 80, height: 24, options: {ascii: true, color: false}, ...setup});
	return mounted;
}

describe('several contexts in one list', () => {
	test('short context names: the part after the last / : _ or @ while those stay distinct', () => {
		assert.deepEqual([...contextLabels([east, prod]).values()], ['staging', 'prod-us']);
		assert.deepEqual([...contextLabels(['a/admin', 'b/admin']).values()], ['a/admin', 'b/admin']);
		assert.deepEqual([...contextLabels(['kind-dev', 'gke_acme_europe-west1_prod-eu']).values()], ['kind-dev', 'prod-eu']);
	});

	test('a CONTEXT column at 80 columns, and a header line naming each context with its state and count', async () => {
		const ui = await mount(snapshot());
		const frame = plain(ui.frame());
		assert.match(frame, /S H CONTEXT\s+NAME/);
		assert.equal(rowsOf(frame, 'checkout').length, 2, 'the same name in two contexts: two rows');
		assert.ok(rowsOf(frame, 'checkout').some(row => /staging\s+checkout/.test(row)));
		assert.ok(rowsOf(frame, 'checkout').some(row => /prod-us\s+checkout/.test(row)));
		assert.match(frame, /ctx 2 contexts/);
		assert.match(frame, /\+ staging live 2 \| \+ \[PROD\] prod-us live 2/);
		for (const row of frame.split('\n')) assert.ok(row.length <= 80, `fits 80 columns: ${row}`);
	});

	test("the footer at 80 columns keeps i, the key to each context's sources, when the row offers many actions", async () => {
		const all = apps();
		const offered: ActionKind[] = ['sync', 'refresh', 'hard-refresh', 'rollback', 'suspend'];
		const ui = await mount(snapshot(), {actions: {available: Object.fromEntries(all.map(app => [app.id, offered]))}});
		const footer = plain(ui.frame()).split('\n').at(-1)!;
		assert.match(footer, /S sync {2}r refresh/);
		assert.match(footer, /\bi contexts\b/);
	});

	test('one context watched: no CONTEXT column, the header as before', async () => {
		const ui = await mount({
			context: 'prod-eu',
			apps: [makeApp({name: 'web'})],
			sources: [liveSource('Flux kustomizations')],
			updatedAt: Date.now(),
		});
		const frame = plain(ui.frame());
		assert.doesNotMatch(frame, /CONTEXT/);
		assert.match(frame, /ctx prod-eu/);
	});

	test("a context that cannot be read: its rows stay, marked not live; the other context's are not; it recovers", async () => {
		const ui = await mount(snapshot('disconnected'));
		let frame = plain(ui.frame());
		for (const row of rowsOf(frame, 'ledger')) assert.match(row, /^.\*/, `marked: ${row}`);
		assert.ok(
			rowsOf(frame, 'payments').every(row => /^. /.test(row)),
			'the live context is not marked',
		);
		assert.match(frame, /prod-us disconnected 2/);
		assert.match(frame, /\(\* 2 not live\)/);
		// How old the data is, of the context it is that old in: the other one's is live.
		assert.match(frame.split('\n')[0]!, /prod-us data from just now$/);
		ui.monitor.store.update(current => ({...current, ...snapshot('live')}));
		frame = plain(await ui.until(text => !plain(text).includes('not live'), 'the context back live'));
		assert.ok(rowsOf(frame, 'ledger').every(row => /^. /.test(row)));
	});

	test(':ctx NAME narrows to that context (nothing is switched); esc shows every context again', async () => {
		const ui = await mount(snapshot());
		ui.press(`:ctx ${prod}\r`);
		let frame = plain(await ui.until(text => !plain(text).includes('payments'), 'only prod-us'));
		assert.equal(rowsOf(frame, 'checkout').length, 1);
		assert.equal(rowsOf(frame, 'ledger').length, 1);
		assert.match(frame, /ctx prod-us \(1 of 2\)/);
		assert.deepEqual(ui.monitor.calls.setContext, []);
		ui.press(keys.escape);
		frame = plain(await ui.until(text => plain(text).includes('payments'), 'every context again'));
		assert.equal(rowsOf(frame, 'checkout').length, 2);
		ui.press(':ctx stag\t\r');
		frame = plain(await ui.until(text => !plain(text).includes('ledger'), 'only staging, by its short name (completed with tab)'));
		assert.match(frame, /ctx staging \(1 of 2\)/);
		ui.press(':ctx all\r');
		await ui.until(text => plain(text).includes('ledger'), 'every context again');
		ui.press(':ctx nowhere\r');
		await ui.until(text => plain(text).includes('context "nowhere" is not watched'), 'an unknown context named');
	});

	test('/ matches the context; s sorts by context too', async () => {
		const ui = await mount(snapshot());
		ui.press('/staging\r');
		const frame = plain(await ui.until(text => !plain(text).includes('ledger'), 'filtered to staging'));
		assert.equal(rowsOf(frame, 'checkout').length, 1);
		assert.equal(rowsOf(frame, 'payments').length, 1);
		ui.press(`${keys.escape}ssss`);
		await ui.until(text => plain(text).includes('sort context'), 'the context sort');
	});

	test('i: the sources of every context, with their state and message', async () => {
		const ui = await mount(snapshot('disconnected'));
		ui.press('i');
		const frame = plain(await ui.until(text => plain(text).includes('Sources'), 'the sources screen'));
		assert.match(frame, /cluster\/staging\s+2 apps/);
		assert.match(frame, /cluster\/prod-us\s+2 apps/);
		assert.match(frame, /Argo CD apps disconnected, data from just now: connect ECONNREFUSED/);
		assert.ok(frame.indexOf('cluster/prod-us') < frame.indexOf('cluster/staging'), 'the context in trouble first');
		assert.match(frame, /its source is live, data from just now/);
		ui.press(keys.escape);
		await ui.until(text => plain(text).includes('S H CONTEXT'), 'back to the list');
	});

	test('a context whose kubeconfig entry cannot be used: unusable in the header, why in i; the others listed', async () => {
		const gone = 'old-prod';
		const why = 'context "old-prod" names cluster "decommissioned", which the kubeconfig does not define';
		const base = snapshot();
		const contexts: WatchedContext[] = [
			...base.watched!,
			{name: gone, production: true, readonly: true, sources: [], apps: 0, notice: null, updatedAt: null, fatal: why},
		];
		const ui = await mount({...base, contexts: [east, prod, gone], watched: contexts});
		let frame = plain(ui.frame());
		assert.match(frame, /\+ staging live 2 \| \+ \[PROD\] prod-us live 2 \| x \[PROD\] old-prod unusable/);
		assert.equal(rowsOf(frame, 'checkout').length, 2, "the other contexts' apps are listed");
		assert.doesNotMatch(frame, /connecting/, 'never "connecting": nothing will be');
		ui.press('i');
		frame = plain(await ui.until(text => plain(text).includes('Sources'), 'the sources screen'));
		assert.match(frame, /old-prod\s+unusable: nothing is read from it/);
		assert.match(frame, /names cluster "decommissioned", which the kubeconfig does not define/);
		assert.ok(frame.indexOf('old-prod') < frame.indexOf('cluster/staging'), 'the unusable context first');
		// Narrowing to it says why there is nothing to show, and keeps the others on screen.
		ui.press(keys.escape);
		await ui.until(text => plain(text).includes('S H CONTEXT'), 'back to the list');
		ui.press(`:ctx ${gone}\r`);
		frame = plain(await ui.until(text => plain(text).includes('nothing is read from it'), 'the reason'));
		assert.match(frame, /context "old-prod" is unusable, nothing is read from it \(i: why\)/);
		assert.equal(rowsOf(frame, 'checkout').length, 2, 'still every usable context');
	});

	test('the all-apps timeline names each entry with its context: the same app name lives in each', async () => {
		const [eastCheckout, , prodCheckout] = apps();
		const entry = (app: AppSummary, context: string, text: string) => ({
			time: new Date().toISOString(),
			kind: 'transition' as const,
			appId: app.id,
			app: `Application/argocd/${app.name}`,
			context,
			text,
			who: '',
			tone: 'bad' as const,
		});
		const unowned = {
			...entry(prodCheckout!, prod, 'Warning ProgressDeadlineExceeded Deployment/checkout'),
			kind: 'event' as const,
			appId: null,
			app: '',
		};
		const timeline = {
			loading: false,
			problems: [],
			entries: [entry(prodCheckout!, prod, 'health Healthy -> Degraded'), entry(eastCheckout!, east, 'sync Synced -> OutOfSync'), unowned],
		};
		const ui = await mount(snapshot(), {feeds: {timeline: {'*': timeline}}});
		ui.press('H');
		const frame = plain(await ui.until(text => plain(text).includes('Timeline'), 'the timeline'));
		assert.match(frame, /prod-us:checkout\s+health Healthy -> Degraded/);
		assert.match(frame, /staging:checkout\s+sync Synced -> OutOfSync/);
		assert.match(
			frame,
			/warning\s+prod-us\s+Warning ProgressDeadlineExceeded Deployment\/checkout/,
			'an entry of no one app names its context',
		);
	});

	test("an action names the row's context first, [PROD] where it is production", async () => {
		const all = apps();
		const plan = planner(all, {context: prod, production: true});
		const ui = await mount(snapshot(), {actions: {available: Object.fromEntries(all.map(app => [app.id, ['refresh']])), plan}});
		ui.press('/ledger\r');
		await ui.until(text => !plain(text).includes('payments'), 'ledger only');
		ui.press('r');
		const frame = plain(await ui.until(text => plain(text).includes('Refresh'), 'the confirmation'));
		assert.match(frame, /Context\s+\[PROD\] arn:aws:eks:us-east-1:1234:cluster\/prod-us/);
		assert.equal(ui.monitor.calls.planAction[0]?.appId, all[3]!.id);
	});

	test('read-only per context: the read-only context refuses, naming itself; the other still offers actions', async () => {
		const all = apps();
		const ui = await mount(snapshot('live', true), {actions: {available: Object.fromEntries(all.map(app => [app.id, ['refresh']]))}});
		ui.press('/ledger\rr');
		await ui.until(text => plain(text).includes(`read-only context ${prod}`), 'refused, naming the context');
		assert.deepEqual(ui.monitor.calls.planAction, []);
		assert.equal(ui.monitor.calls.refuseAction[0]?.appId, all[3]!.id);
		assert.doesNotMatch(plain(ui.frame()).split('\n')[0]!, /read-only/, 'the header: not every context is read-only');
	});
});
