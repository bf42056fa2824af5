import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {GIT_APP_KIND, GIT_APP_PROVIDER} from '../../source/core/controllers/git/apps.js';
import {commands} from '../../source/ui/commands/table.js';
import {asciiGlyphs, glyphMeanings, unicodeGlyphs} from '../../source/ui/style/glyphs.js';
import {keyLabel} from '../../source/ui/commands/keys.js';
import type {Mode} from '../../source/ui/state/ui-state.js';
import {manualClock} from '../../source/ui/hooks/use-coarse-clock.js';
import {fleet, frontendDetail, liveSource, makeApp} from './fixtures.js';
import {keys, mountApp, rowOf, selectedRow, type Mounted} from '../support/app-harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

async function mount(...args: Parameters<typeof mountApp>): Promise<Mounted> {
	mounted = await mountApp(...args);
	return mounted;
}

const snapshot = () => ({
	context: 'prod-eu',
	contexts: ['prod-eu', 'staging'],
	apps: fleet(),
	sources: [liveSource('Argo CD apps'), liveSource('Flux kustomizations')],
	updatedAt: Date.now(),
});

const frontendId = fleet()[0]!.id;

describe('app list', () => {
	test('shows one row per app with sync and health glyphs, and counts in the header', async () => {
		const ui = await mount(snapshot());
		const frame = ui.frame();
		assert.match(rowOf(frame, 'frontend')!, /^> ● ✓ frontend +App +shop +main@0123456 +5m /);
		assert.match(rowOf(frame, 'payments')!, /^ {2}↻ ✗ payments +HR +shop +1\.4\.2 +2m +OutOfSync +Degraded +Sync failed: inst/);
		assert.match(rowOf(frame, 'infra')!, /◐ infra .* 3h /);
		assert.match(rowOf(frame, 'monitoring')!, /⏸ monitoring .* - /);
		assert.match(frame, /ctx prod-eu/);
		assert.match(frame, /4 apps +✓ 1 Healthy +✗ 1 Degraded +◐ 1 Progressing +⏸ 1 Suspended +↻ 1 OutOfSync/);
		assert.match(frame, /all 2 sources live/);
		assert.match(frame, /updated \d\d:\d\dZ/);
	});

	test('a store update changes the row without any key press', async () => {
		const ui = await mount(snapshot());
		const apps = fleet().map(app =>
			app.name === 'payments' ? {...app, health: 'Healthy' as const, sync: 'Synced' as const, stateLabel: '', message: 'recovered'} : app,
		);
		ui.monitor.store.update(current => ({...current, apps}));
		const frame = await ui.until(text => /● ✓ payments .*Synced +Healthy +recovered/.test(text), 'payments healthy');
		assert.match(frame, /4 apps +✓ 2 Healthy +◐ 1 Progressing/);
	});

	test('a pasted "jjj" moves three rows, "k" moves back one', async () => {
		const ui = await mount(snapshot());
		ui.press('jjj');
		await ui.until(text => selectedRow(text)?.includes('payments') ?? false, 'cursor on payments');
		ui.press('k');
		await ui.until(text => selectedRow(text)?.includes('monitoring') ?? false, 'cursor on monitoring');
		ui.press('g');
		await ui.until(text => selectedRow(text)?.includes('frontend') ?? false, 'cursor on top');
		ui.press(keys.down);
		await ui.until(text => selectedRow(text)?.includes('infra') ?? false, 'arrow down');
	});

	test('the cursor follows its app when a live update reorders the list', async () => {
		const ui = await mount(snapshot());
		ui.press('j');
		await ui.until(text => selectedRow(text)?.includes('infra') ?? false, 'cursor on infra');
		ui.monitor.store.update(current => ({...current, apps: [makeApp({name: 'aaa-new'}), ...current.apps]}));
		const frame = await ui.until(text => rowOf(text, 'aaa-new') !== undefined, 'new app shown');
		assert.match(selectedRow(frame)!, /infra/);
	});

	test('"/" filters as you type, by name and by status words; Enter keeps it, Esc clears it', async () => {
		const ui = await mount(snapshot());
		ui.press('/pay');
		let frame = await ui.until(text => rowOf(text, 'frontend') === undefined, 'filtered');
		assert.ok(rowOf(frame, 'payments'));
		assert.match(frame, /\/pay█/);
		ui.press(keys.enter);
		frame = await ui.until(text => text.includes('enter open'), 'filter kept, hints back');
		assert.match(frame, /filter "pay"/);
		assert.match(frame, /1 of 4 apps/);
		assert.equal(rowOf(frame, 'infra'), undefined);
		ui.press(keys.escape);
		frame = await ui.until(text => rowOf(text, 'infra') !== undefined, 'filter cleared');
		assert.doesNotMatch(frame, /filter "/);

		ui.press('/progressing');
		frame = await ui.until(text => rowOf(text, 'payments') === undefined, 'status word');
		assert.ok(rowOf(frame, 'infra'));
		assert.equal(rowOf(frame, 'frontend'), undefined);
		ui.press(keys.escape);
		frame = await ui.until(text => rowOf(text, 'payments') !== undefined && !text.includes('/progressing'), 'Esc clears');

		ui.press('/shop outofsync\r');
		frame = await ui.until(text => text.includes('filter "shop outofsync"'), 'two words');
		assert.ok(rowOf(frame, 'payments'));
		assert.equal(rowOf(frame, 'frontend'), undefined);
	});

	test('a Git app is called Git in the KIND column, and "/" finds rows by the kind and revision they show (and by the old name native)', async () => {
		const gitApp = makeApp({provider: GIT_APP_PROVIDER, kind: GIT_APP_KIND, name: 'notes', namespace: 'docs'});
		const ui = await mount({...snapshot(), apps: [...fleet(), gitApp]});
		assert.match(rowOf(ui.frame(), 'notes')!, /notes +Git +docs /);
		for (const [word, shown, hidden] of [
			['git', 'notes', 'frontend'],
			['native', 'notes', 'frontend'],
			['hr', 'payments', 'notes'],
			['ks', 'infra', 'notes'],
			['main@0123456', 'frontend', 'payments'],
		] as const) {
			ui.press(`/${word}\r`);
			await ui.until(
				text => rowOf(text, shown) !== undefined && rowOf(text, hidden) === undefined,
				`/${word} shows ${shown}, hides ${hidden}`,
			);
			ui.press(keys.escape);
			await ui.until(text => rowOf(text, hidden) !== undefined, 'filter cleared');
		}
	});

	test('a filter that matches nothing says so', async () => {
		const ui = await mount(snapshot());
		ui.press('/nothing-like-this');
		await ui.until(text => text.includes('No apps match "nothing-like-this"'), 'empty message');
	});

	test('"s" cycles the sort and the header names it', async () => {
		const ui = await mount(snapshot());
		const appRows = (text: string) => text.split('\n').filter(line => /^[> ] \S \S [a-z]/.test(line));
		const firstRow = (text: string) => appRows(text)[0] ?? '';
		ui.press('s');
		let frame = await ui.until(text => text.includes('sort health'), 'sort health');
		assert.match(firstRow(frame), /payments/);
		ui.press('s');
		frame = await ui.until(text => text.includes('sort sync'), 'sort sync');
		assert.match(firstRow(frame), /payments/);
		ui.press('s');
		frame = await ui.until(text => text.includes('sort last change'), 'sort last change');
		assert.match(firstRow(frame), /payments/);
		assert.match(appRows(frame).at(-1)!, /monitoring/);
		ui.press('s');
		frame = await ui.until(text => text.includes('sort name'), 'back to name');
		assert.match(firstRow(frame), /frontend/);
	});

	test('"q" quits from the list; Ctrl-C quits from anywhere', async () => {
		const ui = await mount(snapshot(), {details: {[frontendId]: frontendDetail()}});
		ui.press('q');
		await ui.until(() => ui.quits() === 1, 'q quits');
		mounted?.unmount();

		const second = await mount(snapshot(), {details: {[frontendId]: frontendDetail()}});
		second.press(keys.enter);
		await second.until(text => text.includes('Resources'), 'detail open');
		second.press('q');
		await second.until(text => text.includes('enter open'), 'q in detail goes back');
		assert.equal(second.quits(), 0);
		second.press(keys.enter);
		await second.until(text => text.includes('Resources'), 'detail open again');
		second.press(keys.ctrlC);
		await second.until(() => second.quits() === 1, 'ctrl-c quits');
	});
});

describe('help and palette', () => {
	test('"?" lists every command of the table; Esc closes it', async () => {
		const ui = await mount(snapshot(), {height: 200});
		ui.press('?');
		const frame = await ui.until(text => text.includes('Keys and commands'), 'help open');
		for (const command of commands) {
			assert.ok(frame.includes(command.description), `help lists "${command.description}"`);
		}

		assert.match(frame, /:ctx NAME +Switch kube context/);
		assert.match(frame, /:ns NAME\|all/);
		assert.match(frame, /j ↓ +Move down/);
		ui.press(keys.escape);
		await ui.until(text => !text.includes('Keys and commands') && rowOf(text, 'frontend') !== undefined, 'help closed');
	});

	test('"?" in a read-only context lists every key and command that works there, and no action', async () => {
		const ui = await mount({...snapshot(), readonly: true}, {height: 240});
		ui.press('?');
		const frame = await ui.until(text => text.includes('Keys and commands'), 'help open');
		const lines = frame.split('\n').map(line => line.trimEnd());
		// Read-only closes exactly the action keys and the dialog they open; every other mode is still reached.
		const reachable: readonly Mode[] = [
			'list',
			'detail',
			'tree',
			'diff',
			'help',
			'filter',
			'palette',
			'events',
			'timeline',
			'logs',
			'log-picker',
			'log-search',
		];
		for (const command of commands) {
			const keyText = command.keys.map(spec => keyLabel(spec, unicodeGlyphs)).join(' ');
			const keyLine = `  ${keyText}`.padEnd(24, ' ') + command.description;
			const paletteLine = lines.find(line => command.palette && line.startsWith(`  :${command.palette.name}`));
			if (command.action) {
				assert.ok(!lines.includes(keyLine), `action key listed: ${keyLine}`);
				assert.equal(paletteLine, undefined, `action command listed: :${command.palette?.name}`);
				continue;
			}

			if (command.keys.length > 0 && command.modes.some(mode => reachable.includes(mode))) {
				assert.ok(lines.includes(keyLine), `missing in read-only help: ${keyLine}`);
			} else if (command.keys.length > 0) {
				assert.ok(!lines.includes(keyLine), `dialog key listed in read-only: ${keyLine}`);
			}

			if (command.palette) assert.ok(paletteLine, `missing in read-only help: :${command.palette.name}`);
		}

		// The navigation a tester missed, by name.
		for (const line of [/^ {2}j ↓ +Move down/, /^ {2}\] +Next drifted resource/, /^ {2}n +Next hunk/, /^ {2}ctrl-c +Quit from anywhere/]) {
			assert.ok(
				lines.some(text => line.test(text)),
				`help shows ${line}`,
			);
		}
	});

	test('the list says what its time column measures (SYNCED), and "?" has a legend of every symbol, Unicode and ASCII', async () => {
		for (const ascii of [false, true]) {
			const ui = await mount(snapshot(), {height: 240, width: 80, options: {ascii}});
			assert.match(ui.frame(), /^ {2}S H NAME +KIND +NAMESPACE +REVISION +SYNCED /m);
			assert.doesNotMatch(ui.frame(), /\bAGE\b/);
			ui.press('?');
			const frame = await ui.until(text => text.includes('Keys and commands'), 'help open');
			const lines = frame.split('\n').map(line => line.trimEnd());
			const glyphs = ascii ? asciiGlyphs : unicodeGlyphs;
			const legend = (symbol: string, meaning: string) =>
				assert.ok(lines.includes(`  ${symbol}`.padEnd(24, ' ') + meaning), `legend: ${symbol} ${meaning}`);
			for (const group of ['sync', 'health', 'phase'] as const) {
				for (const [word, meaning] of Object.entries(glyphMeanings[group]))
					legend((glyphs[group] as Record<string, string>)[word]!, meaning);
			}

			for (const [mark, meaning] of Object.entries(glyphMeanings.marks)) legend(glyphs[mark as keyof typeof glyphMeanings.marks], meaning);
			assert.ok(
				lines.some(line => /^ {2}SYNCED +column: time since the last sync or deploy \(- never\)$/.test(line)),
				'SYNCED explained',
			);
			// Every word of a status appears beside its glyph, so no symbol is left to guess.
			assert.match(frame, /OutOfSync: the cluster differs from Git/);
			assert.match(frame, /stale: the watch broke/);
			assert.match(frame, /disconnected: no answer from the server/);
			if (ascii) assert.doesNotMatch(frame, /[^\x20-\x7e\n]/, 'ASCII help is ASCII');
			else
				assert.deepEqual(
					lines.filter(line => line.endsWith('…')),
					[],
					'every help line fits 80 columns',
				);
			mounted?.unmount();
			mounted = undefined;
		}
	});

	test('the help scrolls when it is taller than the screen', async () => {
		const ui = await mount(snapshot(), {height: 16});
		ui.press('?');
		await ui.until(text => text.includes('Keys and commands (1-'), 'help with position');
		ui.press('G');
		await ui.until(text => text.includes(':help'), 'last lines');
	});

	test('":ns all", ":ns shop" and ":ctx staging" call the monitor', async () => {
		const ui = await mount(snapshot());
		ui.press(':ns all\r');
		await ui.until(() => ui.monitor.calls.setNamespace.length === 1, 'ns all');
		assert.deepEqual(ui.monitor.calls.setNamespace, [null]);
		ui.press(':ns shop\r');
		await ui.until(text => text.includes('ns shop'), 'header shows the namespace');
		assert.deepEqual(ui.monitor.calls.setNamespace, [null, 'shop']);
		ui.press(':ctx staging\r');
		await ui.until(text => text.includes('ctx staging'), 'header shows the context');
		assert.deepEqual(ui.monitor.calls.setContext, ['staging']);
	});

	test('Tab completes palette arguments', async () => {
		const ui = await mount(snapshot());
		ui.press(':ctx st');
		await ui.until(text => text.includes(':ctx st█'), 'typed');
		ui.press(keys.tab);
		await ui.until(text => text.includes(':ctx staging█'), 'completed');
		ui.press(keys.enter);
		await ui.until(() => ui.monitor.calls.setContext.length === 1, 'ran');
		assert.deepEqual(ui.monitor.calls.setContext, ['staging']);
	});

	test('an unknown command or a missing argument is a one-line error in the footer', async () => {
		const ui = await mount(snapshot());
		ui.press(':frobnicate\r');
		let frame = await ui.until(text => text.includes('unknown command ":frobnicate"'), 'error shown');
		assert.ok(!frame.includes('enter open'));
		ui.press('j');
		await ui.until(text => text.includes('enter open'), 'next key clears the error');
		ui.press(':ctx nope\r');
		frame = await ui.until(text => text.includes('unknown context "nope"'), 'unknown context');
		assert.deepEqual(ui.monitor.calls.setContext, []);
		ui.press(':ns\r');
		await ui.until(text => text.includes('usage: :ns NAME'), 'usage');
	});

	test('":q" quits', async () => {
		const ui = await mount(snapshot());
		ui.press(':q\r');
		await ui.until(() => ui.quits() === 1, ':q');
	});
});

describe('detail', () => {
	test('Enter opens the detail with resources and their health; Esc returns to the same row', async () => {
		const ui = await mount(snapshot(), {details: {[frontendId]: frontendDetail()}, height: 40});
		ui.press(keys.enter);
		const frame = await ui.until(text => text.includes('Resources (3)'), 'detail loaded');
		assert.match(frame, /Application shop\/frontend · ctx prod-eu +detail updated just now/);
		assert.match(frame, /Sync +● Synced +Health ✓ Healthy +Auto-sync on/);
		assert.match(
			frame,
			/Operation\n +phase Succeeded +started 2026-11-01 10:00Z +finished 2026-11-01 10:00Z +revision 0123456 +by automated/,
		);
		assert.match(frame, /Ready=True +ReconciliationSucceeded +all good/);
		assert.match(frame, /✓ Deployment +shop +frontend-web +Synced +Healthy/);
		assert.match(frame, / {4}Service +shop +frontend-svc +Synced +-/);
		assert.match(frame, /✗ StatefulSet +shop +frontend-cache +OutOfSync +Degraded Waiting for 2 pods to be ready/);
		assert.match(frame, /History \(1\)\n +7 +0123456 +2026-11-01 10:00Z +apps\/frontend/);
		assert.deepEqual(ui.monitor.calls.watchDetail, [frontendId]);
		ui.press(keys.escape);
		await ui.until(text => selectedRow(text)?.includes('frontend') ?? false, 'back on frontend');
		assert.equal(ui.monitor.watching.size, 0, 'detail watch stopped');
	});

	test('the cursor is where it was after Esc, and a failed detail load says why', async () => {
		const ui = await mount(snapshot());
		ui.press('jj\r');
		const frame = await ui.until(text => text.includes('Resources (?)') && text.includes('unavailable'), 'error state');
		assert.match(frame, /Kustomization observability\/monitoring/);
		assert.match(frame, /detail: no detail for/);
		ui.press(keys.escape);
		await ui.until(text => selectedRow(text)?.includes('monitoring') ?? false, 'cursor kept');
	});

	test('shows loading until the detail arrives, then live detail updates', async () => {
		const ui = await mount(snapshot(), {details: {[frontendId]: frontendDetail()}, height: 40});
		ui.press(keys.enter);
		await ui.until(text => text.includes('Resources (3)'), 'loaded');
		ui.monitor.publishDetail(frontendId, {loading: true, detail: null, error: null, updatedAt: null});
		await ui.until(text => text.includes('loading detail…') && text.includes('Resources (?)'), 'loading');
		const detail = frontendDetail();
		detail.resources = detail.resources.slice(0, 1);
		ui.monitor.publishDetail(frontendId, {loading: false, detail, error: null, updatedAt: Date.now()});
		await ui.until(text => text.includes('Resources (1)'), 'updated');
	});

	test('history says what each deployed SHA changed and who did it, when Git knows', async () => {
		const detail = frontendDetail();
		const commit = {
			hash: '0123456789abcdef',
			subject: 'frontend: raise memory limit',
			author: 'Grace Hopper',
			authorEmail: 'grace@example.com',
			date: '2026-11-01T09:58:00Z',
		};
		const ui = await mount(snapshot(), {details: {[frontendId]: {...detail, history: [{...detail.history[0]!, commit}]}}, height: 40});
		ui.press(keys.enter);
		const frame = await ui.until(text => text.includes('History (1)'), 'history shown');
		assert.match(frame, /History \(1\)\n +7 +0123456 +2026-11-01 10:00Z +apps\/frontend\n +frontend: raise memory limit — Grace Hopper/);
	});

	test('scrolls with j/k when the detail is taller than the screen', async () => {
		const ui = await mount(snapshot(), {details: {[frontendId]: frontendDetail()}, height: 14});
		ui.press(keys.enter);
		let frame = await ui.until(text => text.includes('Sync ') && text.includes('detail updated'), 'detail top');
		assert.ok(!frame.includes('History'));
		ui.press('G');
		frame = await ui.until(text => text.includes('History (1)'), 'scrolled to the end');
		assert.match(frame, /Application shop\/frontend/, 'title stays');
		ui.press('g');
		await ui.until(text => text.includes('Auto-sync'), 'back to the top');
	});

	test('says so when the open app disappears, without crashing', async () => {
		const ui = await mount(snapshot(), {details: {[frontendId]: frontendDetail()}});
		ui.press(keys.enter);
		await ui.until(text => text.includes('Resources (3)'), 'loaded');
		ui.monitor.store.update(current => ({...current, apps: current.apps.filter(app => app.name !== 'frontend')}));
		await ui.until(text => text.includes('no longer in the list'), 'gone message');
		ui.press(keys.escape);
		const frame = await ui.until(text => text.includes('enter open'), 'back to the list');
		assert.match(selectedRow(frame)!, /infra/);
	});
});

describe('header states', () => {
	test('names forbidden, unauthorized and disconnected sources with their message', async () => {
		const ui = await mount(
			{
				...snapshot(),
				sources: [
					liveSource('Argo CD apps'),
					{...liveSource('Flux helmreleases'), phase: 'forbidden', message: 'cannot list helmreleases'},
					{...liveSource('Flux kustomizations'), phase: 'disconnected', message: 'connection refused'},
				],
			},
			{width: 100},
		);
		const frame = ui.frame();
		assert.match(frame, /✗ disconnected Flux kustomizations: connection refused · ⊘ forbidden Flux helmreleases: cannot list/);

		ui.monitor.store.update(current => ({
			...current,
			sources: [{...liveSource('Argo CD apps'), phase: 'unauthorized', message: 'token expired: run gcloud auth login'}],
		}));
		await ui.until(text => text.includes('✗ unauthorized Argo CD apps: token expired: run gcloud auth login'), 'unauthorized');
	});

	test('a source covering some namespaces only is never "all sources live": the header names what it covers', async () => {
		const partial = {
			...liveSource('Argo CD apps'),
			phase: 'partial' as const,
			message: 'only namespaces argocd, team-a: listing in all namespaces is forbidden (retrying)',
			coveredNamespaces: ['argocd', 'team-a'],
		};
		const ui = await mount({...snapshot(), sources: [partial, liveSource('Flux kustomizations')]}, {width: 140});
		const frame = ui.frame();
		assert.doesNotMatch(frame, /sources live/);
		assert.match(
			frame,
			/◔ partial Argo CD apps: only namespaces argocd, team-a: listing in all namespaces is forbidden \(retrying\) · 1 live/,
		);
		ui.monitor.store.update(current => ({...current, sources: [liveSource('Argo CD apps'), liveSource('Flux kustomizations')]}));
		await ui.until(text => text.includes('all 2 sources live'), 'full coverage back');
	});

	test('a fatal problem is shown first', async () => {
		const ui = await mount({context: 'nope', fatal: 'context "nope" not found in kubeconfig'});
		const lines = ui.frame().split('\n');
		assert.match(lines[0]!, /FATAL: context "nope" not found in kubeconfig/);
		assert.match(ui.frame(), /No apps: see the error above/);
	});

	test('before any data it says it is loading', async () => {
		const ui = await mount({context: 'prod-eu'});
		assert.match(ui.frame(), /connecting…/);
		assert.match(ui.frame(), /Loading apps…/);
		assert.match(ui.frame(), /no data yet/);
	});

	test('a cluster with neither Argo CD nor Flux, only native apps, is not "connecting" forever', async () => {
		const notice = 'no Argo CD or Flux resources found in this cluster (their CRDs are not installed)';
		const native = makeApp({provider: 'git', kind: 'Git', name: 'web', namespace: 'shop'});
		const ui = await mount({context: 'prod-eu', apps: [native], sources: [], notice, updatedAt: Date.now()});
		assert.doesNotMatch(ui.frame(), /connecting/);
		assert.match(ui.frame(), /no Argo CD or Flux resources found/);
		assert.match(ui.frame(), /web/);
	});

	// The label used to move on a timer of its own (10 s after an update, then 30 s…), and a relative "updated 1m
	// ago" wrote a line at each step while nothing changed. While all is live the header shows when the list last
	// changed, which does not tick; the age of the data is what moves, and only while a source is in trouble.
	test('while all is live the header shows the time of the last change and writes nothing as minutes pass', async () => {
		const changedAt = Date.UTC(2026, 11, 6, 18, 53, 20);
		const clock = manualClock(changedAt + 30_000);
		const ui = await mount({...snapshot(), updatedAt: changedAt}, {clock});
		assert.match(ui.frame(), /updated 18:53Z/);
		const before = ui.frames.length;
		for (let tick = 0; tick < 5; tick++) clock.advance(60_000);
		// A visible change after the ticks: its frame is the first one since, or the ticks drew frames too.
		ui.monitor.store.update(current => ({...current, updatedAt: changedAt + 5 * 60_000}));
		await ui.until(text => text.includes('updated 18:58Z'), 'the new change time');
		assert.equal(ui.frames.length - before, 1, 'only the change drew a frame');
	});

	test('while a source is in trouble, "data from … ago" moves to the next coarse step by itself, in one frame', async () => {
		const clock = manualClock();
		const stale = {
			...liveSource('Argo CD apps'),
			phase: 'disconnected' as const,
			message: 'connection refused',
			lastUpdated: clock.now() - 9_900,
		};
		const ui = await mount({...snapshot(), sources: [stale, liveSource('Flux kustomizations')], updatedAt: clock.now() - 9_900}, {clock});
		assert.match(ui.frame(), /data from just now/);
		const before = ui.frames.length;
		clock.advance(60_000);
		await ui.until(text => text.includes('data from 1m ago'), 'label changed without input');
		assert.equal(ui.frames.length - before, 1, 'one frame for the tick');
	});
});
