// The resource tree screen's text: a title, then one line per visible node — branches, an open/closed mark, the
// health glyph, KIND/NAME and the short health message (or why the branch cannot be read). Only the rows in the
// window are turned into segments, so a 500-resource app costs a screenful per frame.
import type {AppSummary} from '../../core/apps/model.js';
import type {TreeRow} from '../../core/tree/resource-tree.js';
import {rowPrefix} from '../../core/tree/tree-text.js';
import type {TreeState} from '../../core/tree/tree-follower.js';
import type {Segment} from '../components/line.js';
import type {GlyphSet} from '../style/glyphs.js';
import {oneLine} from './format.js';

type TitleInput = {app: AppSummary; state: TreeState; glyphs: GlyphSet; ascii: boolean};

export function treeTitle({app, state, glyphs, ascii}: TitleInput): Segment[] {
	const title: Segment[] = [
		{text: `${glyphs.health[app.health]} `, tone: {health: app.health}},
		{text: `${oneLine(app.name, ascii)} `, tone: 'title'},
		{text: `resource tree`, tone: 'muted'},
	];
	if (state.tree) title.push({text: ` ${glyphs.separator} ${state.tree.count} objects`, tone: 'muted'});
	if (app.deploysInto.length > 0)
		title.push({text: ` ${glyphs.separator} into ${oneLine(app.deploysInto.join(', '), ascii)}`, tone: 'muted'});
	if (state.error) title.push({text: ` ${glyphs.separator} ${oneLine(state.error, ascii)}`, tone: 'error'});
	return title;
}

/** What the screen says while there are no rows. */
export function treeEmptyLine(state: TreeState): Segment[] {
	if (state.loading) return [{text: '  loading the resources…', tone: 'muted'}];
	return [{text: `  ${state.error ?? 'no resources'}`, tone: state.error ? 'error' : 'muted'}];
}

/** One row; `selected` draws the cursor mark, so the selection shows without colour too. */
export function treeRowLine(row: TreeRow, glyphs: GlyphSet, ascii: boolean, selected: boolean): Segment[] {
	const {node} = row;
	const mark = node.children.length === 0 ? ' ' : row.open ? (ascii ? '-' : '▾') : ascii ? '+' : '▸';
	const line: Segment[] = [
		{text: selected ? glyphs.cursor : ' ', tone: 'accent'},
		{text: rowPrefix(row, ascii), tone: 'muted'},
		{text: `${mark} `, tone: 'accent'},
	];
	if (node.problem !== null) {
		line.push({text: `${glyphs.phase.forbidden} `, tone: 'error'}, {text: oneLine(node.label, ascii)});
		line.push({text: `  ${oneLine(node.problem, ascii)}`, tone: 'error'});
		return line;
	}
	if (!node.ref) {
		line.push({text: `${glyphs.fold} `, tone: 'muted'}, {text: oneLine(node.label, ascii), tone: 'muted'});
		return line;
	}
	const health = node.health;
	line.push({text: `${health ? glyphs.health[health.status] : ' '} `, tone: health ? {health: health.status} : undefined});
	line.push({text: `${oneLine(node.ref.kind, ascii)}/`, tone: 'muted'}, {text: oneLine(node.ref.name, ascii)});
	if (node.sync === 'OutOfSync') line.push({text: ` ${glyphs.sync.OutOfSync}`, tone: {sync: 'OutOfSync'}});
	if (health && health.status !== 'Healthy') {
		line.push({text: `  ${health.status}`, tone: {health: health.status}});
		const message = oneLine(health.message, ascii);
		if (message) line.push({text: ` ${message}`, tone: 'muted'});
	}
	return line;
}
