import {Box} from 'ink';
import type {AppSummary} from '../../core/apps/model.js';
import {Line} from '../components/line.js';
import {selectedIndex, type TreeScreenModel} from '../state/tree-nav.js';
import type {TreeView} from '../state/ui-state.js';
import type {UiSettings} from '../style/ui-context.js';
import {treeEmptyLine, treeRowLine, treeTitle} from '../text/tree-lines.js';

/** The open app's resource tree: a title line over a window of rows, the selected one highlighted. */
export function TreeScreen(props: {
	app: AppSummary;
	model: TreeScreenModel;
	view: TreeView;
	settings: UiSettings;
	width: number;
	height: number;
}) {
	const {model, view, settings} = props;
	if (props.height <= 0) return null;
	const rows = model.rows(view);
	const window = Math.max(0, props.height - 1);
	const selected = selectedIndex(rows, view, model.state.tree);
	// The stored top follows the cursor as keys move it; a first look (or a tree that changed) brings it into view.
	let top = Math.min(view.top, Math.max(0, rows.length - window));
	if (selected < top) top = selected;
	if (selected >= top + window) top = selected - window + 1;
	const title = treeTitle({app: props.app, state: model.state, glyphs: settings.glyphs, ascii: settings.ascii});
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
			<Line segments={title} />
			{rows.length === 0 ? <Line segments={treeEmptyLine(model.state)} /> : null}
			{rows.slice(top, top + window).map((row, index) => (
				<Line
					key={row.node.key}
					segments={treeRowLine(row, settings.glyphs, settings.ascii, top + index === selected)}
					selected={top + index === selected}
				/>
			))}
		</Box>
	);
}
