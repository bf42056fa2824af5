import {Box} from 'ink';
import {Line, type Segment} from '../components/line.js';

/** A fixed title line over a window of the scrollable detail lines; `selected` is highlighted. */
export function DetailScreen(props: {
	title: Segment[];
	lines: readonly Segment[][];
	scroll: number;
	selected?: number | null;
	width: number;
	height: number;
}) {
	const rows = Math.max(0, props.height - 1);
	const top = Math.min(props.scroll, Math.max(0, props.lines.length - rows));
	if (props.height <= 0) return null;
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
			<Line segments={props.title} />
			{props.lines.slice(top, top + rows).map((segments, index) => (
				<Line key={top + index} segments={segments} selected={top + index === props.selected} />
			))}
		</Box>
	);
}
