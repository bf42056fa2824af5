// Normalises Ink's (input, key) events into single keystrokes, and names keys for help text.
import type {Key} from 'ink';
import type {GlyphSet} from '../style/glyphs.js';

type KeyName = 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace';

/** One key press: a named key, a printable character, or ctrl+letter. */
export type Keystroke = {type: 'name'; name: KeyName} | {type: 'char'; char: string} | {type: 'ctrl'; char: string};

/** How a command names the keys it answers to. */
export type KeySpec = Keystroke;

export const char = (value: string): KeySpec => ({type: 'char', char: value});
export const named = (name: KeyName): KeySpec => ({type: 'name', name});
export const ctrl = (value: string): KeySpec => ({type: 'ctrl', char: value});

const keyFlags: Array<[keyof Key, KeyName]> = [
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
	['pageUp', 'pageUp'],
	['pageDown', 'pageDown'],
	['home', 'home'],
	['end', 'end'],
	['return', 'return'],
	['escape', 'escape'],
	['tab', 'tab'],
	['backspace', 'backspace'],
	// Many terminals send DEL for the backspace key, which Ink reports as delete.
	['delete', 'backspace'],
];

const controlChars: Record<string, KeyName> = {
	'\r': 'return',
	'\n': 'return',
	'\t': 'tab',
	'\u007F': 'backspace',
	'\b': 'backspace',
	'\u001B': 'escape',
};

/**
 * Several characters can arrive as ONE input event (paste, tmux send-keys,
 * fast typing): split them so "jjj" is three moves.
 */
export function toKeystrokes(input: string, key: Key): Keystroke[] {
	for (const [flag, name] of keyFlags) {
		if (key[flag] === true) return [{type: 'name', name}];
	}

	if (key.ctrl && input.length > 0) return [{type: 'ctrl', char: input.toLowerCase()}];
	const strokes: Keystroke[] = [];
	// No alt/meta chords are bound: "meta+x" is Esc then x typed quickly (or joined by a slow SSH link).
	if (key.meta) strokes.push({type: 'name', name: 'escape'});
	for (const character of input) {
		const name = controlChars[character];
		if (name) strokes.push({type: 'name', name});
		else if (character >= ' ') strokes.push({type: 'char', char: character});
	}

	return strokes;
}

export function keyMatches(spec: KeySpec, stroke: Keystroke): boolean {
	if (spec.type !== stroke.type) return false;
	if (spec.type === 'name') return spec.name === (stroke as {name: KeyName}).name;
	return spec.char === (stroke as {char: string}).char;
}

const keyNames: Record<KeyName, string> = {
	up: 'up',
	down: 'down',
	left: 'left',
	right: 'right',
	pageUp: 'pgup',
	pageDown: 'pgdn',
	home: 'home',
	end: 'end',
	return: 'enter',
	escape: 'esc',
	tab: 'tab',
	backspace: 'bksp',
};

export function keyLabel(spec: KeySpec, glyphs: GlyphSet): string {
	switch (spec.type) {
		case 'char': {
			return spec.char === ' ' ? 'space' : spec.char;
		}

		case 'ctrl': {
			return `ctrl-${spec.char}`;
		}

		case 'name': {
			if (spec.name === 'up') return glyphs.up;
			if (spec.name === 'down') return glyphs.down;
			return keyNames[spec.name];
		}
	}
}
