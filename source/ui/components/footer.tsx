import {Box} from 'ink';
import type {Hint} from '../commands/table.js';
import {PromptLine} from './prompt-line.js';
import {Line, type Segment} from './line.js';
import type {UiState} from '../state/ui-state.js';
import {useUi} from '../style/ui-context.js';

const gap = 2;

function hintWidth(hint: Hint): number {
	return [...hint.key].length + 1 + [...hint.word].length;
}

/**
 * Hints that fit `width`: when they do not all fit, the least important go first (moving keys, then the
 * rest from the end, then action keys from the end), so `? help` and the way back stay visible on any
 * terminal and the action keys on most (at 60 columns an Argo CD app's five do not all fit; `?` lists them).
 */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
	const kept = [...hints];
	const total = () => kept.reduce((sum, hint, index) => sum + hintWidth(hint) + (index > 0 ? gap : 0), 0);
	for (const priority of [2, 1]) {
		for (let index = kept.length - 1; index >= 0 && total() > width; index--) {
			if (kept[index]!.priority === priority) kept.splice(index, 1);
		}
	}

	for (let index = kept.length - 1; index >= 0 && total() > width; index--) {
		if (kept[index]!.action === true) kept.splice(index, 1);
	}

	return kept;
}

/** The hints that fit, as segments. */
function hintSegments(hints: readonly Hint[], width: number): Segment[] {
	const segments: Segment[] = [];
	for (const hint of fitHints(hints, width)) {
		if (segments.length > 0) segments.push({text: ' '.repeat(gap)});
		segments.push({text: hint.key, tone: 'accent'}, {text: ` ${hint.word}`, tone: 'muted'});
	}

	return segments;
}

/** The last line: what is typed, else a notice, else the key hints of the mode (from the command table). */
export function Footer(props: {state: UiState; hints: readonly Hint[]; width: number}) {
	const {state} = props;
	const {glyphs} = useUi();
	// Text inputs show what is typed first: their hints get what is left.
	const typed = state.input ? [...state.input.text].length + 5 : 0;
	const hints = hintSegments(props.hints, Math.max(0, props.width - typed));
	let content: React.ReactNode;
	if (state.input) content = <PromptLine prompt={state.input.kind === 'palette' ? ':' : '/'} text={state.input.text} hints={hints} />;
	else if (state.notice) {
		const tone = state.notice.kind === 'error' ? 'error' : 'accent';
		const marker = state.notice.kind === 'error' ? `${glyphs.phase.disconnected} ` : '';
		content = <Line segments={[{text: `${marker}${state.notice.text}`, tone}]} />;
	} else content = <Line segments={hints} />;
	return (
		<Box width={props.width} flexShrink={0}>
			{content}
		</Box>
	);
}
