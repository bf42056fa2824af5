// A small terminal model for pty tests: replays what a program wrote (and what the terminal echoed) and returns the
// rows a user would see. It knows what Ink and a shell's echo use: printable text with auto-wrap at the right
// margin, CR, LF (scrolling at the bottom), BS, cursor moves (CSI A B C D E F G H f), erases (CSI J K), the
// alternate screen (CSI ? 1049 h/l, which keeps the cursor where it was) and it skips other sequences (SGR, OSC…).
// Every character is one column wide: enough for driftwatch's glyphs.

export function replayTerminal(output: string, size: {columns: number; rows: number}): string[] {
	const screen = new TerminalScreen(size);
	screen.write(output);
	return screen.rows();
}

/**
 * The same terminal model fed chunk by chunk, as a program writes (a benchmark reads the screen after each
 * chunk): a sequence cut at a chunk's end is kept until the rest arrives.
 */
export class TerminalScreen {
	readonly #size: {columns: number; rows: number};
	#screen: string[][];
	#saved: {screen: string[][]; row: number; column: number} | null = null;
	#row = 0;
	#column = 0;
	// At the right margin the cursor stays on the last column; the next character wraps first.
	#pendingWrap = false;
	/** An escape sequence the last chunk ended in the middle of. */
	#partial = '';

	constructor(size: {columns: number; rows: number}) {
		this.#size = size;
		this.#screen = this.#blankScreen();
	}

	/** The rows a user sees, trailing spaces trimmed. */
	rows(): string[] {
		return this.#screen.map(line => line.join('').trimEnd());
	}

	write(chunk: string): void {
		const size = this.#size;
		const blank = () => Array.from({length: size.columns}, () => ' ');
		const clampRow = (value: number) => Math.max(0, Math.min(size.rows - 1, value));
		const clampColumn = (value: number) => Math.max(0, Math.min(size.columns - 1, value));
		const lineFeed = () => {
			if (this.#row === size.rows - 1) {
				this.#screen.shift();
				this.#screen.push(blank());
			} else this.#row++;
		};
		const characters = [...(this.#partial + chunk)];
		this.#partial = '';
		for (let index = 0; index < characters.length; index++) {
			const character = characters[index]!;
			if (character === '\u001B') {
				const next = characters[index + 1];
				if (next === undefined) {
					this.#partial = characters.slice(index).join('');
					return;
				}
				if (next === '[') {
					let end = index + 2;
					while (end < characters.length && !/[@-~]/.test(characters[end]!)) end++;
					if (end >= characters.length) {
						this.#partial = characters.slice(index).join('');
						return;
					}
					const body = characters.slice(index + 2, end).join('');
					const final = characters[end] ?? '';
					index = end;
					const numbers = body
						.replace(/^[?>]/, '')
						.split(';')
						.map(part => Number.parseInt(part, 10));
					const parameter = (at: number, fallback: number) => {
						const value = numbers[at];
						return value === undefined || Number.isNaN(value) ? fallback : value;
					};
					const count = Math.max(1, parameter(0, 1));
					this.#pendingWrap = false;
					if (body === '?1049' && final === 'h' && !this.#saved) {
						this.#saved = {screen: this.#screen, row: this.#row, column: this.#column};
						this.#screen = this.#blankScreen();
					} else if (body === '?1049' && final === 'l' && this.#saved) {
						({screen: this.#screen, row: this.#row, column: this.#column} = this.#saved);
						this.#saved = null;
					} else if (final === 'A') this.#row = clampRow(this.#row - count);
					else if (final === 'B') this.#row = clampRow(this.#row + count);
					else if (final === 'C') this.#column = clampColumn(this.#column + count);
					else if (final === 'D') this.#column = clampColumn(this.#column - count);
					else if (final === 'E') [this.#row, this.#column] = [clampRow(this.#row + count), 0];
					else if (final === 'F') [this.#row, this.#column] = [clampRow(this.#row - count), 0];
					else if (final === 'G') this.#column = clampColumn(count - 1);
					else if (final === 'H' || final === 'f') {
						this.#row = clampRow(parameter(0, 1) - 1);
						this.#column = clampColumn(parameter(1, 1) - 1);
					} else if (final === 'K') {
						const mode = parameter(0, 0);
						const line = this.#screen[this.#row]!;
						for (let at = mode === 0 ? this.#column : 0; at <= (mode === 1 ? this.#column : size.columns - 1); at++) line[at] = ' ';
					} else if (final === 'J') {
						const mode = parameter(0, 0);
						if (mode === 2 || mode === 3) this.#screen = this.#blankScreen();
						else if (mode === 0) {
							for (let at = this.#column; at < size.columns; at++) this.#screen[this.#row]![at] = ' ';
							for (let below = this.#row + 1; below < size.rows; below++) this.#screen[below] = blank();
						}
					}
				} else if (next === ']') {
					// OSC: up to BEL or ST.
					let end = index + 2;
					while (end < characters.length && characters[end] !== '\u0007' && !(characters[end] === '\u001B' && characters[end + 1] === '\\'))
						end++;
					if (end >= characters.length) {
						this.#partial = characters.slice(index).join('');
						return;
					}
					index = characters[end] === '\u0007' ? end : end + 1;
				} else index++;
				continue;
			}
			if (character === '\r') {
				this.#column = 0;
				this.#pendingWrap = false;
			} else if (character === '\n') {
				lineFeed();
				this.#pendingWrap = false;
			} else if (character === '\b') {
				this.#column = clampColumn(this.#column - 1);
				this.#pendingWrap = false;
			} else if (character >= ' ' && character !== '\u007F') {
				if (this.#pendingWrap) {
					this.#column = 0;
					lineFeed();
					this.#pendingWrap = false;
				}
				this.#screen[this.#row]![this.#column] = character;
				if (this.#column === size.columns - 1) this.#pendingWrap = true;
				else this.#column++;
			}
		}
	}

	#blankScreen(): string[][] {
		return Array.from({length: this.#size.rows}, () => Array.from({length: this.#size.columns}, () => ' '));
	}
}
