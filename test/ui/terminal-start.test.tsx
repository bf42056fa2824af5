// How runTui takes the terminal over: echo off before the alternate screen opens (a key typed then is input, not
// text on the frame), the first frame drawn from the top-left corner, and the terminal given back on quit.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runTui} from '../../source/ui/run.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {RecordingTerminal} from '../support/recording-terminal.js';
import {waitFor} from '../support/wait-for.js';
import {fleet, liveSource} from './fixtures.js';

test('raw mode (no echo) is on before the alternate screen opens, the cursor goes home with it, and both are undone on quit', async () => {
	const terminal = new RecordingTerminal();
	const monitor = createStaticMonitor({context: 'prod-eu', apps: fleet(), sources: [liveSource('Argo CD apps')], updatedAt: Date.now()});
	const running = runTui(
		monitor,
		{ascii: false, color: false, externalDiff: null},
		terminal as unknown as {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream},
	);
	await waitFor(
		() => terminal.events.some(event => event.includes('frontend')),
		2000,
		() => terminal.events.join('\n'),
	);

	const opened = terminal.events.findIndex(event => event.includes('\u001B[?1049h'));
	const rawOn = terminal.events.indexOf('raw true');
	assert.ok(
		rawOn >= 0 && rawOn < opened,
		`echo stops before the alternate screen opens:\n${terminal.events.slice(0, opened + 1).join('\n')}`,
	);
	assert.ok(terminal.events[opened]!.includes('\u001B[?1049h\u001B[H'), 'the cursor goes home as the alternate screen opens');
	const firstText = terminal.events.findIndex(event => event.includes('driftwatch ·'));
	assert.ok(firstText > opened, 'the first frame comes after');

	terminal.stdin.type('q');
	await running;
	assert.equal(terminal.events.filter(event => event.startsWith('raw')).at(-1), 'raw false', 'raw mode is off again');
	assert.ok(
		terminal.events.some(event => event.includes('\u001B[?1049l')),
		'the alternate screen is closed',
	);
});
