import {printable} from '../text/format.js';
import {Line, type Segment} from './line.js';
import {useUi} from '../style/ui-context.js';

/** The `/` line: what is typed so far (the list filters as you type), then key hints. */
export function FilterInput(props: {text: string; hints: readonly Segment[]}) {
	const {glyphs, ascii} = useUi();
	return (
		<Line
			segments={[
				{text: '/', tone: 'accent'},
				{text: printable(props.text, ascii)},
				{text: glyphs.caret, tone: 'muted'},
				{text: '   '},
				...props.hints,
			]}
		/>
	);
}
