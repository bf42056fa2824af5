import {Box} from 'ink';
import {diffLineSegments, type DiffModel} from '../text/diff-lines.js';
import {Line, type Segment} from '../components/line.js';
import {useUi} from '../style/ui-context.js';

/**
 * A fixed title over the window of diff lines starting at `top`. Only the lines on screen become
 * segments, however long the diff; `empty` replaces the lines when there is nothing to show.
 */
export function DiffScreen(props: {
	title: Segment[];
	model: DiffModel;
	empty: readonly Segment[][] | null;
	top: number;
	width: number;
	height: number;
}) {
	const {glyphs, ascii} = useUi();
	const rows = Math.max(0, props.height - 1);
	if (props.height <= 0) return null;
	const top = Math.max(0, Math.min(props.top, props.model.lines.length - 1));
	const shown = props.empty
		? props.empty.slice(0, rows)
		: props.model.lines.slice(top, top + rows).map(line => diffLineSegments(line, glyphs, ascii));
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
			<Line segments={props.title} />
			{shown.map((segments, index) => (
				<Line key={top + index} segments={segments} />
			))}
		</Box>
	);
}
