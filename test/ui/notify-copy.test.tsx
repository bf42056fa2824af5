// Noticing a change and copying the command, as the user meets them: an app that turns Degraded or OutOfSync while
// driftwatch runs is named in the header and rings the bell once (config `notify:`), never for the state it
// started in; `a` or opening the app clears it. `c` copies the equivalent command through OSC 52 and shows it in
// the footer.
import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import type {AppSummary} from '../../source/core/apps/model.js';
import type {ActionPlan} from '../../source/core/actions/types.js';
import {keys, mountApp, type Mounted} from '../support/app-harness.js';
import {fleet, liveSource, makeApp} from './fixtures.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const BEL = '\u0007';
const ESC = '\u001B';

function apps(): AppSummary[] {
	return [
		makeApp({name: 'web', namespace: 'shop', kind: 'Application'}),
		makeApp({name: 'api', namespace: 'shop'}),
		makeApp({name: 'db', namespace: 'shop', health: 'Degraded'}),
	];
}

const snapshot = (list = apps()) => ({
	context: 'prod-eu',
	contexts: ['prod-eu'],
	apps: list,
	sources: [liveSource('Argo CD apps'), liveSource('Flux kustomizations')],
	updatedAt: Date.now(),
});

async function mount(...args: Parameters<typeof mountApp>): Promise<Mounted> {
	mounted = await mountApp(...args);
	return mounted;
}

function change(ui: Mounted, edit: (app: AppSummary) => AppSummary): void {
	ui.monitor.store.update(current => ({...current, apps: current.apps.map(edit), updatedAt: Date.now()}));
}

describe('notice a change', () => {
	test('the state at start rings nothing; a Degraded and an OutOfSync later: one header notice, one bell', async () => {
		const ui = await mount(snapshot());
		assert.deepEqual(ui.signals(), [], 'db was Degraded already when driftwatch started');
		assert.doesNotMatch(ui.frame(), /new:/);
		change(ui, app => (app.name === 'web' ? {...app, health: 'Degraded'} : app.name === 'api' ? {...app, sync: 'OutOfSync'} : app));
		const frame = await ui.until(text => text.includes('2 new:'), 'the notice');
		assert.match(frame, /✗ 2 new: shop\/web Degraded, shop\/api OutOfSync \(a: seen\) · ● all 2 sources live/);
		assert.deepEqual(ui.signals(), [BEL], 'one bell for the batch');
		// No news, no bell, no frame: the same apps again change nothing.
		const frames = ui.frames.length;
		change(ui, app => app);
		assert.deepEqual(ui.signals(), [BEL]);
		assert.equal(ui.frames.length, frames);
	});

	test('`a` clears the notice; a second change rings again; opening the app clears its own', async () => {
		const ui = await mount(snapshot());
		change(ui, app => (app.name === 'web' ? {...app, health: 'Degraded'} : app));
		await ui.until(text => text.includes('1 new: shop/web Degraded'), 'the notice');
		ui.press('a');
		await ui.until(text => !text.includes('new:'), 'the notice gone');
		change(ui, app => (app.name === 'api' ? {...app, health: 'Progressing'} : app));
		change(ui, app => (app.name === 'api' ? {...app, health: 'Degraded'} : app));
		await ui.until(text => text.includes('1 new: shop/api Degraded'), 'the second notice');
		assert.deepEqual(ui.signals(), [BEL, BEL]);
		// The list is sorted by name: api is the first row.
		ui.press(keys.enter);
		await ui.until(text => !text.includes('new:'), 'seen by opening it');
		ui.press('a');
		await ui.until(text => text.includes('no new Degraded or OutOfSync apps to acknowledge'), 'nothing to acknowledge');
	});

	test('an app that recovers leaves the notice; notify: osc adds a desktop notification, off stays silent', async () => {
		const ui = await mount(snapshot(), {options: {notify: 'osc'}});
		change(ui, app => (app.name === 'web' ? {...app, sync: 'OutOfSync'} : app));
		await ui.until(text => text.includes('1 new: shop/web OutOfSync'), 'the notice');
		assert.deepEqual(ui.signals(), [`${BEL}${ESC}]9;driftwatch: 1 new: shop/web OutOfSync${BEL}`]);
		change(ui, app => (app.name === 'web' ? {...app, sync: 'Synced'} : app));
		await ui.until(text => !text.includes('new:'), 'recovered');
		ui.unmount();
		mounted = undefined;

		const quiet = await mount(snapshot(), {options: {notify: 'off'}});
		change(quiet, app => (app.name === 'web' ? {...app, health: 'Degraded'} : app));
		await quiet.until(text => text.includes('1 new: shop/web Degraded'), 'the notice without a bell');
		assert.deepEqual(quiet.signals(), []);
	});

	test('while the first listing is incomplete nothing counts; at 80 columns the notice fits the second line', async () => {
		const connecting = {...snapshot(), sources: [liveSource('Argo CD apps'), {...liveSource('Flux'), phase: 'connecting' as const}]};
		const ui = await mount(connecting, {width: 80});
		change(ui, app => (app.name === 'web' ? {...app, health: 'Degraded'} : app));
		ui.monitor.store.update(current => ({...current, sources: [liveSource('Argo CD apps'), liveSource('Flux')]}));
		await ui.until(text => text.includes('all 2 sources live'), 'complete');
		assert.deepEqual(ui.signals(), []);
		change(ui, app => (app.name === 'api' ? {...app, health: 'Degraded'} : app));
		const frame = await ui.until(text => text.includes('1 new: shop/api Degraded'), 'the notice');
		for (const line of frame.split('\n')) assert.ok(line.length <= 80, line);
	});
});

describe('copy the command', () => {
	const osc52 = (text: string) => `${ESC}]52;c;${Buffer.from(text).toString('base64')}${BEL}`;

	test("`c` on the list copies the selected app's command through OSC 52 and shows it in the footer", async () => {
		const ui = await mount(snapshot());
		ui.press('c');
		await ui.until(text => text.includes('copied: flux reconcile kustomization api -n shop --with-source'), 'the footer');
		assert.deepEqual(ui.signals(), [osc52('flux reconcile kustomization api -n shop --with-source')]);
		ui.press('jj');
		await ui.until(text => !text.includes('copied:'), 'the notice goes with the next key');
		ui.press('c');
		await ui.until(text => text.includes('copied: argocd app sync shop/web'), 'the Argo CD app');
	});

	test('in detail it is the open app; in the action dialog, the action being confirmed; inside tmux also wrapped', async () => {
		const list = fleet();
		const frontend = list[0]!;
		const plan: ActionPlan = {
			request: {kind: 'sync', appId: frontend.id},
			app: frontend,
			context: 'prod-eu',
			production: true,
			title: 'Sync Application shop/frontend',
			effects: ['sync to 0123456', 'prune: on'],
			warnings: [],
			refusal: null,
			switches: {prune: true},
		};
		const ui = await mount(
			{...snapshot(list)},
			{options: {terminalEnv: {TMUX: '/tmp/tmux-1/default,1,0'}}, actions: {available: {[frontend.id]: ['sync']}, plan: () => plan}},
		);
		ui.press(keys.enter);
		await ui.until(text => text.includes('frontend') && !text.includes('> '), 'detail');
		ui.press('c');
		await ui.until(text => text.includes('copied: argocd app sync shop/frontend'), 'detail copy');
		const sequence = osc52('argocd app sync shop/frontend');
		assert.equal(ui.signals()[0], `${sequence}${ESC}Ptmux;${sequence.replaceAll(ESC, ESC + ESC)}${ESC}\\`);
		ui.press('S');
		await ui.until(text => text.includes('prune: on'), 'the dialog');
		ui.press('c');
		await ui.until(text => text.includes('copied: argocd app sync shop/frontend --prune'), 'the action with its switches');
	});
});
