import {Box, Text} from 'ink';
import {createContext, useContext} from 'react';
import {printableLine} from '../core/text/terminal-text.js';
import type {Tone} from './theme.js';
import {useUi} from './ui-context.js';

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

/**
 * One screen line that never wraps. Text is cut here, with the glyph set's
 * ellipsis, so Ink never has to (its own ellipsis is not ASCII). Every text on
 * screen passes here: a control character a caller let through is shown as an
 * escape, never sent to the terminal (callers clean text first, so columns line up).
 */
export function Line(props: {segments: readonly Segment[]; selected?: boolean; dimmed?: boolean}) {
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
}

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
