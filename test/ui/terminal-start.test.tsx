// How runTui takes the terminal over: echo off before the alternate screen opens (a key typed then is input, not
// text on the frame), the first frame drawn from the top-left corner, and the terminal given back on quit.
import {EventEmitter} from 'node:events';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runTui} from '../../source/ui/run.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {fleet, liveSource} from './fixtures.js';

/** A terminal that records, in order, what the program wrote and when it switched raw mode. */
class RecordingOut extends EventEmitter {
	readonly isTTY = true;

	constructor(
		readonly events: string[],
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (chunk: string, done?: () => void): boolean => {
		if (chunk !== '') this.events.push(`write ${chunk}`);
		if (done) setImmediate(done);
		return true;
	};
}

class RecordingIn extends EventEmitter {
	readonly isTTY = true;
	#pending: string[] = [];

	constructor(readonly events: string[]) {
		super();
	}

	setRawMode(raw: boolean): this {
		this.events.push(`raw ${raw}`);
		return this;
	}

	type(keys: string): void {
		this.#pending.push(keys);
		this.emit('readable');
	}

	read = (): string | null => this.#pending.shift() ?? null;
	setEncoding(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

class RecordingTerminal {
	readonly events: string[] = [];
	readonly stdout = new RecordingOut(this.events, 100, 30);
	readonly stdin = new RecordingIn(this.events);
}

test('raw mode (no echo) is on before the alternate screen opens, the cursor goes home with it, and both are undone on quit', async () => {
	const terminal = new RecordingTerminal();
	const monitor = createStaticMonitor({context: 'prod-eu', apps: fleet(), sources: [liveSource('Argo CD apps')], updatedAt: Date.now()});
	const running = runTui(monitor, {ascii: false, color: false, externalDiff: null}, terminal as unknown as {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream});
	await waitFor(() => terminal.events.some(event => event.includes('frontend')), 2000, () => terminal.events.join('\n'));

	const opened = terminal.events.findIndex(event => event.includes('\u001B[?1049h'));
	const rawOn = terminal.events.indexOf('raw true');
	assert.ok(rawOn >= 0 && rawOn < opened, `echo stops before the alternate screen opens:\n${terminal.events.slice(0, opened + 1).join('\n')}`);
	assert.ok(terminal.events[opened]!.includes('\u001B[?1049h\u001B[H'), 'the cursor goes home as the alternate screen opens');
	const firstText = terminal.events.findIndex(event => event.includes('driftwatch ·'));
	assert.ok(firstText > opened, 'the first frame comes after');

	terminal.stdin.type('q');
	await running;
	assert.equal(terminal.events.filter(event => event.startsWith('raw')).at(-1), 'raw false', 'raw mode is off again');
	assert.ok(terminal.events.some(event => event.includes('\u001B[?1049l')), 'the alternate screen is closed');
});
