// Ink draws every frame from scratch: each text on screen is split into styled characters (one Intl.Segmenter
// pass and one object per character), laid into a grid of cells and joined back into a string per row. At 160x45
// that is most of the CPU of a frame, and a cursor move changes two rows. This keeps the finished string of a
// row from one frame to the next: a row whose writes (position, clip, text, style) are the ones of a row already
// drawn gets that row's string; only the other rows go through Ink's own code, so what reaches the terminal is
// byte for byte what Ink would have written.
//
// Ink exports no hook for this, so it wraps the `get` of Ink's Output class (ink/build/output.js, Ink 8). If that
// class is not where or what this expects, nothing is wrapped and Ink draws as it always does.

import {styledCharsFromTokens, tokenize} from '@alcalzone/ansi-tokenize';
import {importInkOutput} from './ink-output.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};
type OutputInstance = {operations: Operation[]; width: number; height: number; caches?: {styledChars?: Map<string, unknown>}};
type OutputClass = {prototype: {get(this: OutputInstance): {output: string; height: number}}};

/** Rows kept: a frame has one per screen line, so this is dozens of screens' worth, a few MiB at most. */
const maxRows = 2000;
/** Texts whose styled characters are kept (≈100 bytes per character): a few screens' worth. */
const maxStyledTexts = 1000;

const rows = new Map<string, string>();
const transformerIds = new WeakMap<Transformer, number>();
let nextTransformerId = 0;

/**
 * An id per transformer function. A transformer is the style of an Ink <Text>; a text that did not re-render
 * keeps the same function, so its rows are found again. A re-rendered one gets a new id: a miss, never a wrong hit.
 */
function transformerId(transformer: Transformer): number {
	let id = transformerIds.get(transformer);
	if (id === undefined) {
		id = nextTransformerId++;
		transformerIds.set(transformer, id);
	}
	return id;
}

function lineCount(text: string): number {
	let count = 1;
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
	return count;
}

/**
 * Ink's `get`, reusing rows already drawn. `original` draws the rows it must; exported for the test that holds
 * it to the same output as Ink's own.
 */
export function cachedGet(
	output: OutputInstance,
	original: (output: OutputInstance) => {output: string; height: number},
): {output: string; height: number} {
	const {operations, width, height} = output;
	// What each row is made of: every write that touches it, in order, with the clips in force at that point, all
	// relative to the row. A row is drawn from these alone, so a row scrolled up by one is found again.
	const keys: string[] = new Array<string>(height);
	const writesOfRow: number[][] = new Array<number[]>(height);
	for (let row = 0; row < height; row++) {
		keys[row] = `${width}`;
		writesOfRow[row] = [];
	}
	// Plain loops and the clips' columns kept as text: this runs on every frame, for every write.
	const clips: Clip[] = [];
	const clipColumns: string[] = [''];
	for (let index = 0; index < operations.length; index++) {
		const operation = operations[index]!;
		if (operation.type === 'clip') {
			clips.push(operation.clip);
			clipColumns.push(`${clipColumns.at(-1)}${operation.clip.x1},${operation.clip.x2}|`);
		} else if (operation.type === 'unclip') {
			clips.pop();
			if (clipColumns.length > 1) clipColumns.pop();
		} else {
			const first = Math.max(0, operation.y);
			const last = Math.min(height - 1, operation.y + lineCount(operation.text) - 1);
			if (first > last) continue;
			let write = `${clipColumns.at(-1)}|`;
			for (const transformer of operation.transformers) write += `${transformerId(transformer)},`;
			write += `\u0001${operation.text}`;
			for (let row = first; row <= last; row++) {
				// A clip's rows matter to this row only as "shown or not"; its columns as they are (in `write`).
				let shown = '';
				for (const {y1, y2} of clips) shown += (y1 === undefined || row >= y1) && (y2 === undefined || row < y2) ? '1' : '0';
				keys[row] += `\u0000${operation.x},${row - operation.y},${shown}|${write}`;
				writesOfRow[row]!.push(index);
			}
		}
	}

	const lines: Array<string | undefined> = new Array<string | undefined>(height);
	const missing: number[] = [];
	for (let row = 0; row < height; row++) {
		lines[row] = rows.get(keys[row]!);
		if (lines[row] === undefined) missing.push(row);
	}
	if (missing.length > 0) {
		// Ink draws the missing rows: the clips as they were, and only the writes that reach those rows.
		const needed = new Set(missing.flatMap(row => writesOfRow[row]!));
		// Drawn as a band from the first missing row to the last, moved to the top: Ink builds a cell per column of
		// every row it draws, so two rows cost two rows, not the whole screen. Moving every write and clip by the
		// same number of lines changes nothing in a row (what Ink does depends on positions relative to each other).
		const top = missing[0]!;
		const band = missing.at(-1)! - top + 1;
		const up = (y: number | undefined) => (y === undefined ? undefined : y - top);
		const subset: Operation[] = [];
		for (const [index, operation] of operations.entries()) {
			if (operation.type === 'write') {
				if (needed.has(index)) subset.push({...operation, y: operation.y - top});
			} else if (operation.type === 'clip') {
				subset.push({type: 'clip', clip: {...operation.clip, y1: up(operation.clip.y1), y2: up(operation.clip.y2)}});
			} else subset.push(operation);
		}
		const all = output.operations;
		output.operations = subset;
		output.height = band;
		let drawn: string[];
		try {
			drawn = original(output).output.split('\n');
		} finally {
			output.operations = all;
			output.height = height;
		}

		if (rows.size + missing.length > maxRows) rows.clear();
		for (const row of missing) {
			const line = drawn[row - top] ?? '';
			lines[row] = line;
			rows.set(keys[row]!, line);
		}
	}

	return {output: lines.join('\n'), height};
}

type Token = ReturnType<typeof tokenize>[number];

const colourCode = /\u001B\[\d+m/y;
const knownTokens = new Map<string, Token | null>();

/** `tokenize`'s one token for a character or a colour code, or null when it makes anything else of it. */
function tokenOf(text: string): Token | null {
	let token = knownTokens.get(text);
	if (token === undefined) {
		const tokens = tokenize(text);
		const only = tokens.length === 1 ? tokens[0]! : null;
		token = only && (only.type === 'ansi' || (only.type === 'char' && only.value === text)) ? only : null;
		knownTokens.set(text, token);
	}
	return token && {...token};
}

/**
 * What ansi-tokenize's `tokenize` (the first step of Ink's drawing of a text) makes of `text`, read one character at
 * a time instead of one Intl.Segmenter grapheme at a time (≈2 µs each): for text of printable ASCII, characters in
 * `known` (each a grapheme of its own: no combining marks) and colour codes of one number (`\e[31m`), as chalk
 * writes them. Null for any other text.
 */
export function quickTokens(text: string, known: ReadonlySet<string>): Token[] | null {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		let token: Token | null;
		if (code === 0x1b) {
			colourCode.lastIndex = index;
			const match = colourCode.exec(text);
			token = match && tokenOf(match[0]);
			index += match?.[0].length ?? 0;
		} else {
			const character = text[index]!;
			token = (code >= 0x20 && code <= 0x7e) || known.has(character) ? tokenOf(character) : null;
			index++;
		}
		if (!token) return null;
		tokens.push(token);
	}
	return tokens;
}

const defaultIgnorable = /^\p{Default_Ignorable_Code_Point}+$/u;
let sharedCaches: OutputInstance['caches'];

/**
 * Hands Ink's drawing the styled characters of `line` (a text a transform is about to return) ahead of time, made
 * as Ink makes them (ink/build/output.js: tokenize, then without default-ignorable characters) but from
 * `quickTokens`: a row that just got the cursor is drawn without segmenting its ≈250 characters. Nothing when the
 * row cache is not installed or the line is not one quickTokens reads.
 */
export function primeStyledChars(line: string, known: ReadonlySet<string>): void {
	const styledChars = sharedCaches?.styledChars;
	if (!styledChars || styledChars.has(line)) return;
	const tokens = quickTokens(line, known);
	if (tokens)
		styledChars.set(
			line,
			styledCharsFromTokens(tokens).filter(character => !defaultIgnorable.test(String((character as {value?: string}).value))),
		);
}

let installed = false;

/** Wrap Ink's Output once per process. Returns whether it is wrapped. */
export async function installInkRowCache(): Promise<boolean> {
	if (installed) return true;
	try {
		const module = (await importInkOutput()) as {default?: OutputClass};
		const Output = module.default;
		const original = Output?.prototype?.get;
		if (!Output || typeof original !== 'function') return false;
		// Only an Output that keeps its operations where this reads them.
		const probe = new (Output as unknown as new (options: {width: number; height: number}) => OutputInstance)({width: 1, height: 1});
		if (!Array.isArray(probe.operations)) return false;
		// Ink's per-frame memo of text -> styled characters, kept across frames: a changed row is mostly texts
		// drawn before (the row under the cursor, as it was when the cursor last left it).
		const Caches =
			probe.caches?.styledChars instanceof Map ? (probe.caches.constructor as new () => NonNullable<OutputInstance['caches']>) : null;
		let caches = Caches ? new Caches() : undefined;
		sharedCaches = caches;
		const draw = (output: OutputInstance) => {
			if (Caches && caches) {
				if (caches.styledChars!.size > maxStyledTexts) {
					caches = new Caches();
					sharedCaches = caches;
				}
				output.caches = caches;
			}
			return original.call(output);
		};
		Output.prototype.get = function (this: OutputInstance) {
			return cachedGet(this, draw);
		};
		installed = true;
		return true;
	} catch {
		return false;
	}
}
