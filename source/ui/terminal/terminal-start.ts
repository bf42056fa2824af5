// The moment the TUI takes the terminal over. Until raw mode is on, the terminal echoes every key typed: a key
// typed while driftwatch starts lands on the screen. Ink enters the alternate screen and draws its first frame from
// wherever the cursor is (the alternate screen keeps the cursor's position), so an echo there or a cursor left
// mid-line by an echo on the shell's screen makes the first frame's top line wrap: the header is pushed off and every
// later frame, drawn relative to the cursor, stays shifted for the whole session.

const enterAlternateScreen = '\u001B[?1049h';
const cursorHome = '\u001B[H';

/** Raw mode (no echo) from now on, when stdin is a terminal; returns the undo for a start that fails before Ink owns it. */
export function stopEcho(stdin: NodeJS.ReadStream): () => void {
	if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return () => {};
	stdin.setRawMode(true);
	return () => stdin.setRawMode(false);
}

/** `stream`, with the cursor moved to the top-left corner as soon as the alternate screen is entered. */
export function homeOnAlternateScreen<T extends NodeJS.WritableStream>(stream: T): T {
	const write = (chunk: unknown, ...rest: unknown[]) => {
		const homed =
			typeof chunk === 'string' && chunk.includes(enterAlternateScreen)
				? chunk.replace(enterAlternateScreen, enterAlternateScreen + cursorHome)
				: chunk;
		return (stream.write as (...args: unknown[]) => boolean)(homed, ...rest);
	};
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
