import {printable} from '../text/format.js';
import {Line, type Segment} from './line.js';
import {useUi} from '../style/ui-context.js';

/**
 * A line being typed: the `/` filter (the list filters as you type) or the `:` command line (`:ctx NAME`,
 * `:ns all`, `:q` …), what is typed so far, then key hints.
 */
export function PromptLine(props: {prompt: '/' | ':'; text: string; hints: readonly Segment[]}) {
	const {glyphs, ascii} = useUi();
	return (
		<Line
			segments={[
				{text: props.prompt, tone: 'accent'},
				{text: printable(props.text, ascii)},
				{text: glyphs.caret, tone: 'muted'},
				{text: '   '},
				...props.hints,
			]}
		/>
	);
}
