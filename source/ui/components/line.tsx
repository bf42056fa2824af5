import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import chalk, {foregroundColorNames, type ForegroundColorName} from 'chalk';
import {Box, Text, Transform} from 'ink';
import {createContext, memo, useContext} from 'react';
import {printableLine} from '../../core/util/terminal-text.js';
import {asciiGlyphs, unicodeGlyphs} from '../style/glyphs.js';
import type {TextStyle, Tone} from '../style/theme.js';
import {useUi} from '../style/ui-context.js';
import {primeStyledChars, quickTokens} from '../terminal/ink-row-cache.js';

/** A run of text with one tone; a Line is a list of these. */
export type Segment = {text: string; tone?: Tone};

/** Columns a line may use; set once at the root from the terminal width. */
export const LineWidthContext = createContext(Number.POSITIVE_INFINITY);

/** Cut segments to `width` characters, marking the cut with `ellipsis`. */
export function fitSegments(segments: readonly Segment[], width: number, ellipsis: string): Segment[] {
	const total = segments.reduce((sum, segment) => sum + [...segment.text].length, 0);
	if (total <= width) return [...segments];
	const keep = Math.max(0, width - ellipsis.length);
	const fitted: Segment[] = [];
	let used = 0;
	for (const segment of segments) {
		const characters = [...segment.text];
		if (used + characters.length < keep) {
			fitted.push(segment);
			used += characters.length;
			continue;
		}

		fitted.push({...segment, text: characters.slice(0, keep - used).join('') + ellipsis.slice(0, width - keep)});
		break;
	}

	return fitted;
}

type LineProps = {
	segments: readonly Segment[];
	selected?: boolean;
	dimmed?: boolean;
	/**
	 * The line's box is as wide as LineWidthContext says (a list row), so Ink never has to cut or wrap it: it can be
	 * drawn as one pre-styled text (see `styledRow`).
	 */
	fullWidth?: boolean;
};

function sameTone(a: Segment['tone'], b: Segment['tone']): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object') return false;
	const keysA = Object.keys(a) as Array<keyof typeof a>;
	return keysA.length === Object.keys(b).length && keysA.every(key => a[key] === b[key as keyof typeof b]);
}

/** Same words in the same tones: a parent that rebuilt its segments still leaves the line as it is on screen. */
function sameLine(a: LineProps, b: LineProps): boolean {
	if (a.selected !== b.selected || a.dimmed !== b.dimmed || a.fullWidth !== b.fullWidth || a.segments.length !== b.segments.length) {
		return false;
	}
	return a.segments.every((segment, index) => segment.text === b.segments[index]!.text && sameTone(segment.tone, b.segments[index]!.tone));
}

/**
 * One screen line that never wraps. Text is cut here, with the glyph set's
 * ellipsis, so Ink never has to (its own ellipsis is not ASCII). Every text on
 * screen passes here: a control character a caller let through is shown as an
 * escape, never sent to the terminal (callers clean text first, so columns line up).
 * Memoized on content: a header or footer that re-renders on a key press leaves its unchanged lines alone, and
 * Ink's drawing reuses those rows from the frame before.
 */
export const Line = memo(function Line(props: LineProps) {
	const {theme, glyphs} = useUi();
	const width = useContext(LineWidthContext);
	const outer = props.selected ? theme.style('selected') : theme.style(undefined);
	// Dimmed on top of each tone (a row's colours stay readable, only fainter); nothing at all without colour.
	const style = (tone: Segment['tone']) => (props.dimmed && theme.color ? {...theme.style(tone), dimColor: true} : theme.style(tone));
	// An empty Text renders no line at all; a space keeps blank lines in place.
	const shown = props.segments.map(segment => ({...segment, text: printableLine(segment.text)}));
	const segments = shown.length > 0 ? fitSegments(shown, width, glyphs.ellipsis) : [{text: ' '}];
	const styled = (run: readonly Segment[], key?: number) => (
		<Text key={key} wrap="truncate" {...outer}>
			{run.map((segment, index) => (
				<Text key={index} {...style(segment.tone)}>
					{segment.text}
				</Text>
			))}
		</Text>
	);
	const runs = asciiRuns(mergeSameStyle(segments, tone => JSON.stringify(style(tone))));
	const row = props.fullWidth ? styledRow(runs, outer, style) : null;
	if (row) {
		// Ink reads the stand-in's characters before it calls the transform: handed over now, as the styled string is
		// in the transform (drawnAs), so a row new on screen (a scroll, a filter) is not segmented either.
		primeStyledChars(row.standIn, oneColumnGlyphs);
		return (
			<Transform transform={drawnAs(row.styled)} accessibilityLabel={row.plain}>
				{row.standIn}
			</Transform>
		);
	}
	if (runs.length === 1) return styled(segments);
	return <Box flexShrink={0}>{runs.map((run, index) => styled(run, index))}</Box>;
}, sameLine);

/** Neighbours that look the same become one segment: fewer texts and colour codes for Ink to go through per frame. */
function mergeSameStyle(segments: readonly Segment[], styleKey: (tone: Segment['tone']) => string): Segment[] {
	const merged: Segment[] = [];
	let lastKey = '';
	for (const segment of segments) {
		const key = styleKey(segment.tone);
		const last = merged.at(-1);
		if (last && key === lastKey) merged[merged.length - 1] = {...last, text: last.text + segment.text};
		else merged.push(segment);
		lastKey = key;
	}
	return merged;
}

const printableAscii = /^[\u0020-\u007E]*$/;

/**
 * Segments grouped into runs that are all printable ASCII or not. Ink measures each text's width on every frame,
 * and a text with one glyph (● ✓) in it takes the slow path through every character; a row's glyphs in a text
 * of their own leave the long ASCII rest on the fast path (its width is its length).
 */
function asciiRuns(segments: readonly Segment[]): Segment[][] {
	const runs: Segment[][] = [];
	let runIsAscii: boolean | null = null;
	for (const segment of segments) {
		const ascii = printableAscii.test(segment.text);
		if (ascii !== runIsAscii) runs.push([]);
		runIsAscii = ascii;
		runs.at(-1)!.push(segment);
	}
	return runs;
}

/** The glyphs a row draws: Ink measures each as one column (a test draws every one both ways). */
const oneColumnGlyphs = new Set(
	[unicodeGlyphs, asciiGlyphs].flatMap(glyphs =>
		Object.values(glyphs).flatMap(value => (typeof value === 'string' ? [...value] : Object.values(value).flatMap(glyph => [...glyph]))),
	),
);
const namedColours = new Set<string>(foregroundColorNames);

/** Rows' strings kept (a few hundred bytes each): dozens of screens' worth. */
const maxKept = 2000;
const rewritten = new Map<string, string>();
const transforms = new Map<string, () => string>();

/**
 * A text's colour codes as Ink re-writes them (from its characters' styles, ink/build/output.js) before the style
 * of the text around it applies. Kept by text: a row that gets or loses the cursor has its other runs unchanged.
 */
function rewrittenCodes(text: string): string {
	let codes = rewritten.get(text);
	if (codes === undefined) {
		if (rewritten.size >= maxKept) rewritten.clear();
		codes = styledCharsToString(styledCharsFromTokens(quickTokens(text, oneColumnGlyphs) ?? tokenize(text)));
		rewritten.set(text, codes);
	}
	return codes;
}

/**
 * The transform that draws `styled`: one function per string, so a row drawn again as it was before (the row the
 * cursor just left) is one Ink's drawing has already seen (the row cache knows a text's style by its function).
 */
function drawnAs(styled: string): () => string {
	let transform = transforms.get(styled);
	if (transform === undefined) {
		if (transforms.size >= maxKept) transforms.clear();
		transform = () => {
			primeStyledChars(styled, oneColumnGlyphs);
			return styled;
		};
		transforms.set(styled, transform);
	}
	return transform;
}

/** A text styled as Ink's <Text> styles it (ink/build/components/Text.js): dim, then colour, bold, inverse. */
function inkStyled(text: string, style: TextStyle): string {
	let styled = text;
	if (style.dimColor) styled = chalk.dim(styled);
	if (style.color) styled = chalk[style.color as ForegroundColorName](styled);
	if (style.bold) styled = chalk.bold(styled);
	if (style.inverse) styled = chalk.inverse(styled);
	return styled;
}

/**
 * A row as one text for Ink to lay out and one string for it to draw: what the runs of <Text>s would draw (the
 * same characters in the same styles, so the same bytes), or null when that cannot be promised. The styling is
 * Ink's own, step by step: each segment styled as its <Text>, a run's codes re-written by Ink's tokenizer
 * (ink/build/output.js does so before applying the outer text's style), then the outer style.
 *
 * Ink goes over every text on screen on every frame: it joins and colours the nested texts, re-reads the colour
 * codes and measures the width; a text with one glyph (● ✓) in it is measured character by character (an
 * Intl.Segmenter pass, ≈20 µs each even for a short text). As one <Transform> over a stand-in of the same width in
 * plain ASCII (each glyph a `#`), a row is one node measured by its length, and the styled string reaches Ink's
 * drawing only as the transform's result. Rows with characters not known to take one column keep the <Text>s.
 */
function styledRow(
	runs: readonly Segment[][],
	outer: TextStyle,
	style: (tone: Segment['tone']) => TextStyle,
): {standIn: string; styled: string; plain: string} | null {
	let plain = '';
	let styled = '';
	for (const run of runs) {
		let inner = '';
		for (const segment of run) {
			const segmentStyle = style(segment.tone);
			if (segmentStyle.color !== undefined && !namedColours.has(segmentStyle.color)) return null;
			plain += segment.text;
			inner += inkStyled(segment.text, segmentStyle);
		}
		styled += inkStyled(rewrittenCodes(inner), outer);
	}
	let standIn = '';
	for (const character of plain) {
		if (printableAscii.test(character)) standIn += character;
		else if (oneColumnGlyphs.has(character)) standIn += '#';
		else return null;
	}
	// An empty text would take no line at all.
	return standIn === '' ? null : {standIn, styled, plain};
}
