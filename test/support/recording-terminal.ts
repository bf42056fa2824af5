// A terminal for runTui/openTui that records, in order, what the program wrote and when it switched raw mode.
import {EventEmitter} from 'node:events';

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

export class RecordingTerminal {
	readonly events: string[] = [];
	readonly stdout = new RecordingOut(this.events, 100, 30);
	readonly stdin = new RecordingIn(this.events);
}

/** The recording terminal as openTui's Terminal. */
export function asTerminal(terminal: RecordingTerminal): {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream} {
	return terminal as unknown as {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream};
}
