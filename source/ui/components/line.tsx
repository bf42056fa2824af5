import {Box, Text} from 'ink';
import {createContext, memo, useContext} from 'react';
import {printableLine} from '../../core/util/terminal-text.js';
import type {Tone} from '../style/theme.js';
import {useUi} from '../style/ui-context.js';

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

type LineProps = {segments: readonly Segment[]; selected?: boolean; dimmed?: boolean};

function sameTone(a: Segment['tone'], b: Segment['tone']): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object') return false;
	const keysA = Object.keys(a) as Array<keyof typeof a>;
	return keysA.length === Object.keys(b).length && keysA.every(key => a[key] === b[key as keyof typeof b]);
}

/** Same words in the same tones: a parent that rebuilt its segments still leaves the line as it is on screen. */
function sameLine(a: LineProps, b: LineProps): boolean {
	if (a.selected !== b.selected || a.dimmed !== b.dimmed || a.segments.length !== b.segments.length) return false;
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
