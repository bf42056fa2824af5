// Frame-size guarantees under a real (fake-TTY) Ink render: never taller than
// the terminal, never wider, footer always visible, re-layout on resize.
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {AppDetail} from '../../source/core/apps/detail.js';
import {App, type UiOptions} from '../../source/ui/app.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {bigConfigMap, mixedReport, readyDrift, reportOf} from './drift-fixtures.js';
import {fleet, frontendDetail, liveSource, makeApp, manyApps} from './fixtures.js';
import {mountActions, walkActions} from './action-walk.js';
import {lineCount, renderTty, type TtyRender} from './tty.js';

const sgr = /\u001B\[[\d;]*m/g;
// Any CSI sequence: Ink writes erase sequences (no text) when it clears on a resize.
const csi = /\u001B\[[\d;?]*[A-Za-z]/g;

let current: TtyRender | undefined;
afterEach(() => {
	current?.unmount();
	current = undefined;
});

/** 200 apps, some with long names and multi-line messages, the last with a big detail. */
function bigFleet() {
	const apps = manyApps(200);
	apps[199] = makeApp({
		name: 'app-199-with-a-really-long-name-that-will-not-fit-anywhere',
		namespace: 'a-namespace-name-that-is-long',
		health: 'Degraded',
		sync: 'OutOfSync',
		stateLabel: 'Sync failed',
		message: 'one or more objects failed to apply:\nDeployment/api: spec.template is invalid — “api” ✗\nService/api: port in use',
	});
	const detail: AppDetail = {
		conditions: Array.from({length: 4}, (_, index) => ({
			type: `Condition${index}`,
			status: 'False',
			reason: 'Failed',
			message: 'a long message — with ✓ marks '.repeat(6),
			lastTransitionTime: undefined,
		})),
		operation: {
			phase: 'Failed',
			message: 'one or more synchronization tasks completed unsuccessfully '.repeat(4),
			startedAt: '2026-11-01T10:00:00Z',
			finishedAt: '2026-11-01T10:01:00Z',
			revision: 'abcdef0123456789',
			initiatedBy: 'automated',
		},
		history: Array.from({length: 10}, (_, index) => ({id: String(index), revision: `rev${index}`, deployedAt: null, note: ''})),
		resources: Array.from({length: 60}, (_, index) => ({
			group: 'apps',
			version: 'v1',
			kind: 'Deployment',
			namespace: 'shop',
			name: `deployment-${index}-${'x'.repeat(30)}`,
			sync: index % 2 ? 'OutOfSync' : 'Synced',
			health: {status: index % 3 ? 'Healthy' : 'Degraded', message: 'waiting for “rollout” … '.repeat(6)},
		})),
	};
	return {apps, details: {[apps[199]!.id]: detail}};
}

function mount(size: {columns: number; rows: number}, options: Partial<UiOptions> = {}) {
	const {apps, details} = bigFleet();
	const monitor = createStaticMonitor(
		{
			context: 'arn:aws:eks:eu-west-1:123456789012:cluster/production-main',
			contexts: ['a'],
			apps,
			sources: [
				liveSource('Argo CD apps'),
				{
					...liveSource('Flux helmreleases'),
					phase: 'forbidden',
					message: 'helmreleases.helm.toolkit.fluxcd.io is forbidden: User "x" cannot list — ‘ask your admin’',
				},
			],
			updatedAt: Date.now(),
		},
		details,
	);
	current = renderTty(<App monitor={monitor} options={{ascii: false, color: false, ...options}} />, size);
	return current;
}

/** Every frame so far fits `columns`×(`rows`-1) and ends with the footer line. */
function assertFramesFit(ui: TtyRender, columns: number, rows: number, from = 0): void {
	for (const [index, frame] of ui.frames.slice(from).entries()) {
		const plain = frame.replace(sgr, '');
		if (plain.replace(csi, '') === '') continue;
		const lines = plain.split('\n');
		assert.ok(lines.length <= rows - 1, `frame ${from + index} has ${lines.length} lines for ${rows} rows:\n${plain}`);
		for (const line of lines) assert.ok([...line].length <= columns, `line wider than ${columns}: "${line}"`);
		const footer = lines.at(-1)!;
		assert.match(footer, /quit|back|close|█|[a-z]{4,}/, `footer missing in frame ${from + index}:\n${plain}`);
	}
}

async function step(ui: TtyRender, keys: string, until: (frame: string) => boolean, what: string): Promise<void> {
	ui.write(keys);
	await waitFor(
		() => until(ui.lastFrame()),
		2000,
		() => `${what}; last frame:\n${ui.lastFrame()}`,
	);
}

for (const size of [
	{columns: 80, rows: 24},
	{columns: 120, rows: 40},
]) {
	describe(`${size.columns}x${size.rows} with 200 apps`, () => {
		test('no frame is taller or wider than the terminal, on any screen', async () => {
			const ui = mount(size);
			await waitFor(() => ui.lastFrame().includes('app-000'));
			assert.equal(lineCount(ui.lastFrame()), size.rows - 1, 'uses the screen');
			await step(ui, 'G', frame => /^> .*app-199/m.test(frame), 'cursor at the end');
			await step(ui, '\u001B[5~', frame => !/^> .*app-199/m.test(frame), 'page up');
			await step(ui, 'G\r', frame => frame.includes('detail updated'), 'detail loaded');
			await step(ui, 'G', frame => frame.includes('History (10)'), 'detail bottom');
			await step(ui, '\u001B', frame => frame.includes('enter open'), 'back to list');
			assert.match(ui.lastFrame(), /^> .*app-199/m, 'cursor kept');
			await step(ui, '?', frame => frame.includes('Keys and commands'), 'help');
			await step(ui, 'G', frame => frame.includes(':help'), 'help bottom');
			await step(ui, 'q', frame => frame.includes('enter open'), 'help closed');
			await step(ui, '/app-1', frame => frame.includes('/app-1'), 'filter typing');
			await step(ui, '\u001B', frame => frame.includes('enter open'), 'filter cleared');
			await step(ui, ':ns', frame => frame.includes(':ns'), 'palette');
			assert.ok(ui.frames.length > 10);
			assertFramesFit(ui, size.columns, size.rows);
		});
	});
}

test('resizing from 120x40 to 80x24 re-lays out and keeps the cursor row visible', async () => {
	const ui = mount({columns: 120, rows: 40});
	await waitFor(() => ui.lastFrame().includes('HEALTH'));
	await step(ui, 'G', frame => /^> .*app-199/m.test(frame), 'cursor at the end');
	const before = ui.frames.length;
	ui.resize(80, 24);
	await waitFor(
		() => lineCount(ui.lastFrame()) === 23,
		2000,
		() => ui.lastFrame(),
	);
	const frame = ui.lastFrame();
	assert.ok(!frame.includes('HEALTH'), 'narrow layout drops the health word column');
	assert.match(frame, /^> .*app-199/m, 'cursor still on screen');
	assertFramesFit(ui, 80, 24, before);
	ui.resize(120, 40);
	await waitFor(
		() => lineCount(ui.lastFrame()) === 39 && ui.lastFrame().includes('HEALTH'),
		2000,
		() => ui.lastFrame(),
	);
	assert.match(ui.lastFrame(), /^> .*app-199/m);
});

test('ASCII mode: no character above 0x7e in any frame, on any screen', async () => {
	const ui = mount({columns: 100, rows: 30}, {ascii: true});
	await waitFor(() => ui.lastFrame().includes('app-000'));
	assert.match(ui.lastFrame(), /forbidden: User "x"/);
	await step(ui, 'j', frame => /^> /m.test(frame), 'moved');
	await step(ui, 'G\r', frame => frame.includes('detail updated'), 'detail');
	await step(ui, '\u001B?', frame => frame.includes('Keys and commands'), 'help');
	await step(ui, 'q/x', frame => frame.includes('/x_'), 'filter');
	await step(ui, '\u001B:ns', frame => frame.includes(':ns_'), 'palette');
	await step(ui, '\u001B', frame => frame.includes('enter open'), 'list again');
	const offenders = ui.frames.flatMap(frame => [...frame].filter(character => character > '\u007E'));
	assert.deepEqual([...new Set(offenders)], []);
	assert.match(ui.lastFrame(), /^ {2}[.!?] [+x~=?-] app-/m, 'ASCII glyphs');
});

/** The first app has a detail and drift: five changed resources, one a 300-key ConfigMap, a long disagreement. */
function mountDrift(size: {columns: number; rows: number}, options: Partial<UiOptions> = {}) {
	const apps = fleet();
	const id = apps[0]!.id;
	const report = reportOf([...mixedReport().resources, bigConfigMap(300)]);
	const drift = readyDrift(report, {disagreement: 'Argo CD says Synced — but 5 resources differ from Git ‘main’ at abc1234'});
	const monitor = createStaticMonitor(
		{context: 'prod-eu', apps, sources: [liveSource('Argo CD apps')], updatedAt: Date.now()},
		{[id]: frontendDetail()},
		{[id]: drift},
	);
	const externalDiff = {command: 'meld', variable: 'DRIFTWATCH_DIFF'};
	current = renderTty(<App monitor={monitor} options={{ascii: false, color: false, externalDiff, ...options}} />, size);
	return current;
}

/** Detail with drift, then the diff: every navigation key, both folds, help, and back. */
async function walkDrift(ui: TtyRender): Promise<void> {
	await waitFor(() => ui.lastFrame().includes('frontend'));
	// The drift arrives after the detail: `]` is hinted (and moves among drifted resources) once it has some.
	await step(ui, '\r', frame => /Sync +. Synced/.test(frame) && frame.includes('] next'), 'detail with its drift');
	await step(ui, ']', frame => frame.includes('> ~ Deployment'), 'drifted resource selected');
	await step(ui, 'G', frame => frame.includes('History'), 'detail bottom');
	await step(ui, 'd', frame => /~ modified Deployment|r 1\/5|resource 1\/5/.test(frame), 'diff');
	await step(ui, 'n', frame => /h 1\/6|hunk 1\/6/.test(frame), 'first hunk');
	await step(ui, ']]]]', frame => frame.includes('~ modified ConfigMap shop/huge'), 'last resource');
	// The title may be too narrow to say "full": the unfolded lines show it.
	await step(ui, 'z', frame => frame.includes('~ modified ConfigMap shop/huge\n apiVersion: v1\n data:'), 'whole file');
	await step(ui, 'G', frame => frame.includes('namespace: shop') && frame.includes('metadata:'), 'diff bottom');
	await step(ui, 'NN', frame => /h [56]\/6|hunk [56]\/6/.test(frame), 'back two hunks');
	await step(ui, '?', frame => frame.includes('Keys and commands'), 'help from the diff');
	await step(ui, 'q', frame => !frame.includes('Keys and commands'), 'help closed');
	await step(ui, 'q', frame => frame.includes('Application shop/'), 'back in the detail');
	await step(ui, 'q', frame => /^> /m.test(frame), 'back in the list');
	await step(ui, 'd', frame => /~ modified Deployment|r 1\/5|resource 1\/5/.test(frame), 'diff from the list');
}

for (const size of [
	{columns: 80, rows: 24},
	{columns: 40, rows: 10},
]) {
	test(`${size.columns}x${size.rows}: drift detail and diff frames are never taller or wider than the terminal`, async () => {
		const ui = mountDrift(size);
		await walkDrift(ui);
		assert.ok(ui.frames.length > 14);
		assertFramesFit(ui, size.columns, size.rows);
	});
}

test('ASCII mode: the drift detail and the diff have no character above 0x7e', async () => {
	const ui = mountDrift({columns: 100, rows: 30}, {ascii: true});
	await walkDrift(ui);
	const offenders = ui.frames.flatMap(frame => [...frame].filter(character => character > '\u007E'));
	assert.deepEqual([...new Set(offenders)], []);
	assert.ok(
		ui.frames.some(frame => frame.includes('... 3 unchanged lines')),
		'ASCII fold marker',
	);
	assert.ok(
		ui.frames.some(frame => frame.includes('x external')),
		'external tool offered',
	);
});

for (const size of [
	{columns: 80, rows: 24},
	{columns: 40, rows: 10},
]) {
	test(`${size.columns}x${size.rows}: the action dialog, picker, plan diff and progress never overflow the terminal`, async () => {
		const {ui, monitor} = mountActions(size);
		current = ui;
		await walkActions(ui, monitor);
		assert.ok(ui.frames.length > 15);
		assertFramesFit(ui, size.columns, size.rows);
		assert.match(ui.lastFrame(), /^\[PROD\] driftwatch/, 'the production marker survives a narrow header');
	});
}

test('ASCII mode: the action screens have no character above 0x7e', async () => {
	const {ui, monitor} = mountActions({columns: 100, rows: 30}, {ascii: true});
	current = ui;
	await walkActions(ui, monitor);
	const offenders = ui.frames.flatMap(frame => [...frame].filter(character => character > '\u007E'));
	assert.deepEqual([...new Set(offenders)], []);
	assert.ok(
		ui.frames.some(frame => frame.includes('Context     [PROD] arn:aws:eks')),
		'production marked in ASCII',
	);
	assert.ok(
		ui.frames.some(frame => /Roll failed: the Application changed since it was reviewed \(resourceVersion 41 \?/.test(frame)),
		'failure on the row, in ASCII',
	);
});
