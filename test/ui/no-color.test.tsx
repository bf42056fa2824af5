import './force-color.js';
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {App, type UiOptions} from '../../source/ui/app.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {mixedReport, readyDrift} from './drift-fixtures.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';
import {mountActions, walkActions} from './action-walk.js';
import {renderTty, type TtyRender} from './tty.js';

// SGR: colour, bold, inverse… all end in "m".
const sgr = /\u001B\[[\d;]*m/;

let current: TtyRender | undefined;
afterEach(() => {
	current?.unmount();
	current = undefined;
});

/** Walk list, filter, detail, diff (folded and whole), help and palette; return every frame written. */
async function visitEveryScreen(options: UiOptions): Promise<string[]> {
	const apps = fleet();
	const monitor = createStaticMonitor(
		{
			context: 'prod-eu',
			apps,
			sources: [liveSource('Argo CD apps'), {...liveSource('Flux helmreleases'), phase: 'forbidden', message: 'no'}],
			updatedAt: Date.now(),
		},
		{[apps[0]!.id]: frontendDetail()},
		{[apps[0]!.id]: readyDrift(mixedReport())},
	);
	const ui = renderTty(<App monitor={monitor} options={options} />, {columns: 100, rows: 30});
	current = ui;
	const step = async (keys: string, until: (frame: string) => boolean, what: string) => {
		ui.write(keys);
		await waitFor(
			() => until(ui.lastFrame().replace(/\u001B\[[\d;]*m/g, '')),
			2000,
			() => what,
		);
	};

	await waitFor(() => ui.lastFrame().includes('frontend'));
	await step('/sh', frame => frame.includes('/sh'), 'filter');
	await step('\r', frame => frame.includes('enter open'), 'filter kept');
	await step('\r', frame => frame.includes('Resources (3)') && frame.includes('Changes'), 'detail');
	await step(']', frame => frame.includes('> ~ Deployment shop/frontend-web'), 'drifted resource selected');
	await step('d', frame => frame.includes('+  replicas: 3'), 'diff');
	await step('nz', frame => frame.includes('full'), 'whole file');
	await step('q', frame => frame.includes('Resources (3)'), 'back to the detail');
	await step('?', frame => frame.includes('Keys and commands'), 'help');
	await step('q', frame => frame.includes('esc back'), 'help closed');
	await step(':bogus\r', frame => frame.includes('unknown command'), 'palette error');
	return ui.frames;
}

test('control: with colour on, frames do carry colour, inverse and bold escapes', async () => {
	const frames = await visitEveryScreen({ascii: false, color: true});
	const all = frames.join('');
	assert.match(all, /\u001B\[3\dm/, 'colour');
	assert.match(all, /\u001B\[7m/, 'inverse cursor row');
	assert.match(all, /\u001B\[1m/, 'bold');
	assert.match(all, /\u001B\[32m\+ {2}replicas: 3/, 'added lines green');
	assert.match(all, /\u001B\[31m- {2}replicas: 2/, 'removed lines red');
	assert.match(all, /\u001B\[36m@@ -4,7 \+4,7 @@/, 'hunk headers cyan');
});

test('NO_COLOR (color: false): no SGR escape in any frame, and the cursor is still a ">"', async () => {
	const frames = await visitEveryScreen({ascii: false, color: false});
	for (const frame of frames) assert.doesNotMatch(frame, sgr, frame);
	assert.ok(frames.some(frame => /^> ● ✓ frontend/m.test(frame)));
	// Without colour the markers carry the meaning.
	assert.ok(frames.some(frame => /^- {2}replicas: 2\n\+ {2}replicas: 3$/m.test(frame)));
	assert.ok(frames.some(frame => /^> ~ Deployment shop\/frontend-web$/m.test(frame)));
});

describe('actions', () => {
	test('NO_COLOR: the production context reads [PROD] in the header and the dialog; no SGR on any action screen', async () => {
		const {ui, monitor} = mountActions({columns: 100, rows: 30}, {color: false});
		current = ui;
		await walkActions(ui, monitor);
		for (const frame of ui.frames) assert.doesNotMatch(frame, sgr, frame);
		assert.match(ui.frames[0]!, /^\[PROD\] driftwatch · ctx arn:aws:eks/);
		assert.ok(ui.frames.some(frame => /^Context +\[PROD\] arn:aws:eks:eu-west-1:123456789012:cluster\/production-main$/m.test(frame)));
		assert.ok(ui.frames.some(frame => /^y runs it on \[PROD\] arn:aws:eks/m.test(frame)));
		// The failure keeps its words without colour.
		assert.ok(ui.frames.some(frame => /Roll failed: the Application changed/.test(frame)));
	});

	test('with colour, the production context is loud (red, inverse) and a failed action is red', async () => {
		const {ui, monitor} = mountActions({columns: 100, rows: 30}, {color: true});
		current = ui;
		await walkActions(ui, monitor);
		const all = ui.frames.join('');
		assert.match(all, /\u001B\[7m(\u001B\[[\d;]*m)*\[PROD\] arn:aws/, 'inverse');
		assert.match(all, /\u001B\[31m\[PROD\](\u001B\[[\d;]*m)* (\u001B\[[\d;]*m)*driftwatch/, 'red marker first on the header');
		assert.match(all, /\u001B\[31m(\u001B\[[\d;]*m)*Roll failed/, 'failure in red');
	});
});
