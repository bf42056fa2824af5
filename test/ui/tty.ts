// Renders with Ink's own render() into a fake TTY whose size can change,
// recording every frame (debug mode writes each frame whole).
import {EventEmitter} from 'node:events';
import {render, type Instance} from 'ink';
import type {ReactNode} from 'react';
import {withLayoutFirstResize} from '../../source/ui/terminal/resize-order.js';

class FakeTtyOut extends EventEmitter {
	readonly isTTY = true;
	readonly frames: string[] = [];

	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write = (chunk: string): boolean => {
		this.frames.push(chunk);
		return true;
	};
}

/** A keyboard Ink reads as a TTY: `write` queues input as a user typing. */
export class FakeTtyIn extends EventEmitter {
	readonly isTTY = true;
	#pending: string[] = [];

	write(data: string): void {
		this.#pending.push(data);
		this.emit('readable');
	}

	read = (): string | null => this.#pending.shift() ?? null;
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export type TtyRender = {
	frames: string[];
	lastFrame: () => string;
	write: (keys: string) => void;
	resize: (columns: number, rows: number) => void;
	unmount: () => void;
	instance: Instance;
};

export function renderTty(tree: ReactNode, size: {columns: number; rows: number}): TtyRender {
	const stdout = new FakeTtyOut(size.columns, size.rows);
	const stdin = new FakeTtyIn();
	const instance = render(tree, {
		// As runTui does: React re-lays out before Ink repaints on resize.
		stdout: withLayoutFirstResize(stdout as unknown as NodeJS.WriteStream),
		stderr: new FakeTtyOut(size.columns, size.rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		frames: stdout.frames,
		lastFrame: () => stdout.frames.at(-1) ?? '',
		write: keys => stdin.write(keys),
		resize(columns, rows) {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
		instance,
	};
}

export function lineCount(frame: string): number {
	return frame.split('\n').length;
}
