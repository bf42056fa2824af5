// Text from a cluster, a repository or a tool, made safe to show on a terminal. A terminal acts on control
// characters instead of printing them: ESC and the 8-bit CSI (0x9b) start sequences that clear the screen, move the
// cursor, set the window title or write the clipboard (OSC 52); CR returns to the start of the line and overwrites
// it. Bidi overrides and isolates reorder what follows them, so a line can read differently from what it holds.
// Each such character is shown as an escape instead. (kubectl, since CVE-2021-25743, shows ESC as `^[` and CR as
// `\r`; C1 and bidi characters still pass it.)
//
// The escape is `\xNN` (C0, DEL, C1) or `\uNNNN` (bidi), never caret notation: Kubernetes validation messages quote
// regular expressions ("must match '^[a-z0-9]…'"), where `^[` is ordinary text, and caret notation has no spelling
// for C1 or bidi characters. `\x1b` reads the same way in JSON, JavaScript, Go and shell `$'…'` strings.

// C0 (without tab and newline), DEL, C1, and the bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// Line breaks and tabs, which a one-line field shows as a space.
const lineBreaks = /[\t\n\v\f\r]+/g;

function visibleEscape(character: string): string {
	const code = character.charCodeAt(0);
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Multi-line text (a diff, a report): newlines and tabs stay, every other control character becomes a visible escape. */
export function visibleControls(text: string): string {
	return text.replace(controls, visibleEscape);
}

/** One line: line breaks and tabs become one space each run, every other control character a visible escape. */
export function printableLine(text: string): string {
	return visibleControls(text.replace(lineBreaks, ' '));
}

/** `printableLine`, with runs of spaces collapsed and the ends trimmed: a message in a table cell or a plan line. */
export function compactLine(text: string): string {
	return printableLine(text).replace(/ {2,}/g, ' ').trim();
}

// In JSON the same characters become \u escapes: still the same string to a JSON reader. JSON.stringify escapes C0
// but leaves DEL, C1 and bidi characters raw. Newlines and tabs stay: in JSON text they can only be whitespace
// between tokens (inside a string JSON.stringify has already escaped them).
/** JSON text with every control character a terminal would act on written as a \u escape. */
export function terminalSafeJsonText(json: string): string {
	return json.replace(controls, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify for a terminal: DEL, C1 and bidi characters escaped too. */
export function terminalSafeJson(value: unknown, indent?: number): string {
	return terminalSafeJsonText(JSON.stringify(value, null, indent));
}
