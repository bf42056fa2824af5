// A small terminal model for pty tests: replays what a program wrote (and what the terminal echoed) and returns the
// rows a user would see. It knows what Ink and a shell's echo use: printable text with auto-wrap at the right
// margin, CR, LF (scrolling at the bottom), BS, cursor moves (CSI A B C D E F G H f), erases (CSI J K), the
// alternate screen (CSI ? 1049 h/l, which keeps the cursor where it was) and it skips other sequences (SGR, OSC…).
// Every character is one column wide: enough for driftwatch's glyphs.

export function replayTerminal(output: string, size: {columns: number; rows: number}): string[] {
	const blank = () => Array.from({length: size.columns}, () => ' ');
	const blankScreen = () => Array.from({length: size.rows}, blank);
	let screen = blankScreen();
	let saved: {screen: string[][]; row: number; column: number} | null = null;
	let row = 0;
	let column = 0;
	// At the right margin the cursor stays on the last column; the next character wraps first.
	let pendingWrap = false;

	const clampRow = (value: number) => Math.max(0, Math.min(size.rows - 1, value));
	const clampColumn = (value: number) => Math.max(0, Math.min(size.columns - 1, value));
	const lineFeed = () => {
		if (row === size.rows - 1) {
			screen.shift();
			screen.push(blank());
		} else row++;
	};

	const characters = [...output];
	for (let index = 0; index < characters.length; index++) {
		const character = characters[index]!;
		if (character === '\u001B') {
			const next = characters[index + 1];
			if (next === '[') {
				let end = index + 2;
				while (end < characters.length && !/[@-~]/.test(characters[end]!)) end++;
				const body = characters.slice(index + 2, end).join('');
				const final = characters[end] ?? '';
				index = end;
				const numbers = body.replace(/^[?>]/, '').split(';').map(part => Number.parseInt(part, 10));
				const parameter = (at: number, fallback: number) => {
					const value = numbers[at];
					return value === undefined || Number.isNaN(value) ? fallback : value;
				};
				const count = Math.max(1, parameter(0, 1));
				pendingWrap = false;
				if (body === '?1049' && final === 'h' && !saved) {
					saved = {screen, row, column};
					screen = blankScreen();
				} else if (body === '?1049' && final === 'l' && saved) {
					({screen, row, column} = saved);
					saved = null;
				} else if (final === 'A') row = clampRow(row - count);
				else if (final === 'B') row = clampRow(row + count);
				else if (final === 'C') column = clampColumn(column + count);
				else if (final === 'D') column = clampColumn(column - count);
				else if (final === 'E') [row, column] = [clampRow(row + count), 0];
				else if (final === 'F') [row, column] = [clampRow(row - count), 0];
				else if (final === 'G') column = clampColumn(count - 1);
				else if (final === 'H' || final === 'f') {
					row = clampRow(parameter(0, 1) - 1);
					column = clampColumn(parameter(1, 1) - 1);
				} else if (final === 'K') {
					const mode = parameter(0, 0);
					for (let at = mode === 0 ? column : 0; at <= (mode === 1 ? column : size.columns - 1); at++) screen[row]![at] = ' ';
				} else if (final === 'J') {
					const mode = parameter(0, 0);
					if (mode === 2 || mode === 3) screen = blankScreen();
					else if (mode === 0) {
						for (let at = column; at < size.columns; at++) screen[row]![at] = ' ';
						for (let below = row + 1; below < size.rows; below++) screen[below] = blank();
					}
				}
			} else if (next === ']') {
				// OSC: up to BEL or ST.
				let end = index + 2;
				while (end < characters.length && characters[end] !== '\u0007' && !(characters[end] === '\u001B' && characters[end + 1] === '\\')) end++;
				index = characters[end] === '\u0007' ? end : end + 1;
			} else index++;
			continue;
		}
		if (character === '\r') {
			column = 0;
			pendingWrap = false;
		} else if (character === '\n') {
			lineFeed();
			pendingWrap = false;
		} else if (character === '\b') {
			column = clampColumn(column - 1);
			pendingWrap = false;
		} else if (character >= ' ' && character !== '\u007F') {
			if (pendingWrap) {
				column = 0;
				lineFeed();
				pendingWrap = false;
			}
			screen[row]![column] = character;
			if (column === size.columns - 1) pendingWrap = true;
			else column++;
		}
	}
	return screen.map(line => line.join('').trimEnd());
}
