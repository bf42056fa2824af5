// `:ns shop` and `:into shop` answer two questions: which app objects live in shop, and what runs in shop. The
// header says which one is active by what it means; help and completion come from the one command table.
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {liveSource, makeApp} from './fixtures.js';
import {keys, mountApp, rowOf, type Mounted} from '../support/app-harness.js';

/** Argo CD apps live in argocd and Flux ones in flux-system, as is usual; what they run lives elsewhere. */
function estate() {
	return [
		makeApp({name: 'storefront', kind: 'Application', namespace: 'argocd', deploysInto: ['shop']}),
		makeApp({name: 'checkout', kind: 'Application', namespace: 'argocd', deploysInto: ['shop', 'shop-jobs']}),
		makeApp({name: 'ledger', kind: 'Kustomization', namespace: 'flux-system', deploysInto: ['payments']}),
		makeApp({name: 'redis', kind: 'HelmRelease', namespace: 'shop', deploysInto: ['shop']}),
		makeApp({name: 'grafana', kind: 'Application', namespace: 'argocd', deploysInto: ['monitoring']}),
	];
}

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

async function mount(height = 40): Promise<Mounted> {
	mounted = await mountApp(
		{context: 'prod-eu', contexts: ['prod-eu'], apps: estate(), sources: [liveSource('Argo CD apps')], updatedAt: Date.now()},
		{height},
	);
	await mounted.until(text => text.includes('storefront'), 'the list');
	return mounted;
}

const title = (frame: string) => frame.split('\n')[0]!;
const footer = (frame: string) => frame.split('\n').at(-1)!;
const shown = (frame: string) => ['checkout', 'grafana', 'ledger', 'redis', 'storefront'].filter(name => rowOf(frame, name) !== undefined);

describe(':ns and :into', () => {
	test(':into shop lists what runs in shop, wherever its app object lives; the header says "deploys into shop"; Esc shows all again', async () => {
		const ui = await mount();
		assert.match(title(ui.frame()), / · ns all · /);
		ui.press(':into shop\r');
		let frame = await ui.until(text => shown(text).length === 3, 'three apps deploy into shop');
		assert.deepEqual(shown(frame), ['checkout', 'redis', 'storefront']);
		assert.match(title(frame), / · deploys into shop · sort name/);
		assert.doesNotMatch(title(frame), /ns all/, 'no claim that every namespace is shown');
		assert.match(frame, /^3 of 5 apps/m);
		assert.match(footer(frame), /deploys into shop: apps whose destination or managed objects are in shop/);
		assert.deepEqual(ui.monitor.calls.setNamespace, [], 'the watch scope is not changed');
		ui.press('j');
		frame = await ui.until(text => /esc clear filter/.test(footer(text)), 'esc is hinted');
		ui.press(keys.escape);
		frame = await ui.until(text => shown(text).length === 5, 'all again');
		assert.match(title(frame), / · ns all · /);
	});

	test(':ns shop is about where the app objects live, and says so; it points at :into for what runs there', async () => {
		const ui = await mount();
		ui.press(':ns shop\r');
		const frame = await ui.until(text => / · ns shop \(object\) · /.test(title(text)), 'object namespace in the header');
		assert.deepEqual(ui.monitor.calls.setNamespace, ['shop']);
		assert.equal(footer(frame), 'ns shop: apps whose object is in shop (:into shop: apps that deploy into it)');
	});

	test('a :ns that finds no app object says where to look for what runs in that namespace', async () => {
		mounted = await mountApp(
			{
				context: 'prod-eu',
				contexts: ['prod-eu'],
				apps: [],
				namespace: 'shop',
				sources: [liveSource('Argo CD apps')],
				updatedAt: Date.now(),
			},
			{height: 20},
		);
		await mounted.until(
			text => text.includes('No app objects in namespace shop. Apps that deploy into it: :ns all, then :into shop'),
			'empty list',
		);
	});

	test('help lists both, each by what it filters; Tab completes :into with the namespaces apps deploy into', async () => {
		const ui = await mount(200);
		ui.press('?');
		const help = await ui.until(text => text.includes(':into'), 'help');
		assert.match(help, /:ns NAME\|all +Apps whose object is in NAME \(also :namespace\)\n/);
		assert.match(help, /:into NAME\|all +Apps that deploy into NAME \(destination, target ns\)\n/);
		ui.press(keys.escape);
		ui.press(':into pay\t');
		await ui.until(text => footer(text).startsWith(':into payments'), 'completed');
	});
});
