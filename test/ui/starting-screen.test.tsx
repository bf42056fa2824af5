// The demo's first frame says it is starting, before the UI exists, and the UI then replaces it on the same
// alternate screen; q on that first frame gives the terminal back.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {App} from '../../source/ui/app.js';
import {StartingScreen} from '../../source/ui/screens/starting-screen.js';
import {openTui} from '../../source/ui/terminal/tui-session.js';
import {asTerminal, RecordingTerminal} from '../support/recording-terminal.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {fleet, liveSource} from './fixtures.js';

const options = {ascii: false, color: false, externalDiff: null};

test('the first frame says the sandbox is starting; the app list replaces it in the same alternate screen', async () => {
	const terminal = new RecordingTerminal();
	const tui = openTui(<StartingScreen title="driftwatch demo" what="starting the sandbox" ascii={false} />, asTerminal(terminal));
	const starting = await waitFor(
		() => terminal.events.findIndex(event => event.includes('driftwatch demo · starting the sandbox…')) + 1,
		2000,
		() => terminal.events.join('\n'),
	);
	const opened = terminal.events.findIndex(event => event.includes('\u001B[?1049h'));
	assert.ok(opened >= 0 && opened < starting, 'the starting frame is drawn on the alternate screen');

	// What the demo does once its sandbox is seeded.
	tui.show(
		<App
			monitor={createStaticMonitor({context: 'sandbox', apps: fleet(), sources: [liveSource('Argo CD apps')], updatedAt: Date.now()})}
			options={options}
		/>,
	);
	const list = await waitFor(
		() => terminal.events.findIndex(event => event.includes('frontend')) + 1,
		2000,
		() => terminal.events.join('\n'),
	);
	assert.ok(list > starting);
	assert.equal(
		terminal.events.filter(event => event.includes('\u001B[?1049h')).length,
		1,
		'the alternate screen is opened once, not left and re-entered',
	);
	assert.ok(!terminal.events.slice(starting, list).some(event => event.includes('\u001B[?1049l')));

	terminal.stdin.type('q');
	assert.equal(await tui.ended, null);
	assert.ok(
		terminal.events.some(event => event.includes('\u001B[?1049l')),
		'the alternate screen is closed',
	);
});

test('q while starting gives the terminal back at once (ASCII mode says so in ASCII)', async () => {
	const terminal = new RecordingTerminal();
	const tui = openTui(<StartingScreen title="driftwatch demo" what="starting the sandbox" ascii />, asTerminal(terminal));
	await waitFor(
		() => terminal.events.some(event => event.includes('driftwatch demo - starting the sandbox...')),
		2000,
		() => terminal.events.join('\n'),
	);
	terminal.stdin.type('q');
	assert.equal(await tui.ended, null);
	assert.ok(
		terminal.events.some(event => event.includes('\u001B[?1049l')),
		'the alternate screen is closed',
	);
	assert.equal(terminal.events.filter(event => event.startsWith('raw')).at(-1), 'raw false');
});
