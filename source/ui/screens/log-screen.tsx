import {Box} from 'ink';
import {Line, type Segment} from '../components/line.js';
import type {LogViewState} from '../state/ui-state.js';
import {type LogLayout, logRowSegments} from '../text/log-lines.js';

/**
 * The log view: a title line over a window of log rows (the end of the log while pinned there), the current
 * search match highlighted; or, while the picker is open, the pods and containers to pick from.
 */
export function LogScreen(props: {
	title: Segment[];
	logs: LogViewState;
	layout: LogLayout;
	/** Shown instead of rows when there are none (finding pods, no pods, empty log). */
	empty: string | null;
	picker: readonly string[] | null;
	width: number;
	height: number;
}) {
	const {logs, layout} = props;
	const rows = Math.max(0, props.height - 1);
	if (props.height <= 0) return null;
	if (props.picker) {
		const index = logs.picker?.index ?? 0;
		const top = Math.max(0, Math.min(index - rows + 2, props.picker.length - rows + 1));
		return (
			<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
				<Line segments={[{text: 'pick a pod and container', tone: 'title'}]} />
				{props.picker.slice(top, top + rows).map((text, offset) => (
					<Line
						key={top + offset}
						segments={[{text: `${top + offset === index ? '> ' : '  '}${text}`}]}
						selected={top + offset === index}
					/>
				))}
			</Box>
		);
	}
	const last = Math.max(0, layout.rows.length - rows);
	const top = Math.min(logs.top ?? last, last);
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
			<Line segments={props.title} />
			{layout.rows.length === 0 && props.empty ? <Line segments={[{text: props.empty, tone: 'muted'}]} /> : null}
			{layout.rows.slice(top, top + rows).map((row, offset) => (
				<Line key={top + offset} segments={logRowSegments(row, logs.search)} selected={logs.match >= 0 && row.line === logs.match} />
			))}
		</Box>
	);
}
