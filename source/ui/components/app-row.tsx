import type {AppSummary} from '../../core/apps/model.js';
import type {ActionProgress} from '../../core/actions/progress-types.js';
import {progressLabel, shortProgressLabel} from '../text/action-progress.js';
import {syncedHeading, type AppColumns} from '../text/columns.js';
import {memo} from 'react';
import {cell, oneLine, shortKind, shortRevision} from '../text/format.js';
import type {GlyphSet} from '../style/glyphs.js';
import {Line, type Segment} from './line.js';
import {useUi} from '../style/ui-context.js';

/**
 * Status words for the message cell: health/sync words the hidden columns
 * would have shown (so nothing depends on colour), then the state label.
 */
export function statusText(app: AppSummary, columns: AppColumns, ascii: boolean): string {
	const words: string[] = [];
	if (columns.healthWord === 0 && app.health !== 'Healthy') words.push(app.health);
	if (columns.syncWord === 0 && app.sync !== 'Synced') words.push(app.sync);
	if (app.stateLabel && app.stateLabel !== app.health) words.push(app.stateLabel);
	const message = oneLine(app.message, ascii);
	if (words.length === 0) return message;
	return message ? `${words.join(' ')}: ${message}` : words.join(' ');
}

export function appRowSegments(
	app: AppSummary,
	columns: AppColumns,
	selected: boolean,
	/** The SYNCED cell's text (`ageOf(app.lastChange, now).text`): time since the last sync or deploy. */
	age: string,
	glyphs: GlyphSet,
	ascii: boolean,
	progress: ActionProgress | null = null,
	/** Its source cannot be read now: the row is the last known state (marked, so it reads without colour too). */
	notLive = false,
	/** The CONTEXT cell (columns.context > 0): the context's short name, loud when it is production. */
	context: {label: string; production: boolean} | null = null,
): Segment[] {
	const fit = (text: string, width: number) => `${cell(oneLine(text, ascii), width, glyphs.ellipsis)} `;
	// Without a status column the action shows in the namespace cell, the first one a narrow row still has.
	const short = progress && columns.message === 0 ? shortProgressLabel(progress, ascii) : null;
	const segments: Segment[] = [
		{text: `${selected ? glyphs.cursor : ' '}${notLive ? glyphs.notLive : ' '}`, tone: 'accent'},
		{text: `${glyphs.sync[app.sync]} `, tone: {sync: app.sync}},
		{text: `${glyphs.health[app.health]} `, tone: {health: app.health}},
	];
	if (columns.context > 0) {
		segments.push({text: fit(context?.label ?? app.context, columns.context), tone: context?.production ? 'production' : 'context'});
	}
	segments.push(
		{text: fit(app.name, columns.name), tone: 'plain'},
		{text: fit(shortKind(app.kind), columns.kind), tone: 'muted'},
		short ? {text: fit(short.text, columns.namespace), tone: short.tone} : {text: fit(app.namespace, columns.namespace), tone: 'muted'},
		{text: fit(shortRevision(app.revision), columns.revision)},
		{text: fit(age, columns.age), tone: 'muted'},
	);
	if (columns.syncWord > 0) segments.push({text: fit(app.sync, columns.syncWord), tone: {sync: app.sync}});
	if (columns.healthWord > 0) segments.push({text: fit(app.health, columns.healthWord), tone: {health: app.health}});
	if (columns.message > 0 && progress) {
		// The action started here says more than the status until it is dismissed (or fades, when it worked).
		const label = progressLabel(progress, ascii);
		segments.push({text: cell(label.text, columns.message, glyphs.ellipsis).trimEnd(), tone: label.tone});
	} else if (columns.message > 0) {
		const tone = app.health === 'Degraded' || app.stateLabel.toLowerCase().includes('fail') ? 'error' : 'muted';
		segments.push({text: cell(statusText(app, columns, ascii), columns.message, glyphs.ellipsis).trimEnd(), tone});
	}

	return segments;
}

export type AppRowProps = {
	app: AppSummary;
	columns: AppColumns;
	selected: boolean;
	age: string;
	progress?: ActionProgress | null;
	notLive?: boolean;
	/** The CONTEXT cell, while several contexts are watched. */
	context?: {label: string; production: boolean} | null;
};

/**
 * One row. Memoized: rows are the same objects until their app changes (the providers keep row identity), so a
 * cursor move re-renders the two rows whose selection changed and a watch event only the row it changed.
 */
export const AppRow = memo(function AppRow(props: AppRowProps) {
	const {glyphs, ascii} = useUi();
	const notLive = props.notLive === true;
	const segments = appRowSegments(
		props.app,
		props.columns,
		props.selected,
		props.age,
		glyphs,
		ascii,
		props.progress ?? null,
		notLive,
		props.context ?? null,
	);
	return <Line segments={segments} selected={props.selected} dimmed={notLive} fullWidth />;
});

/** The heading line above the rows, aligned with `appRowSegments`. */
export function columnHeadings(columns: AppColumns): Segment[] {
	const head = (text: string, width: number) => `${cell(text, width, '')} `;
	let text = `  S H ${columns.context > 0 ? head('CONTEXT', columns.context) : ''}${head('NAME', columns.name)}${head('KIND', columns.kind)}${head('NAMESPACE', columns.namespace)}`;
	text += head('REVISION', columns.revision) + head(syncedHeading, columns.age);
	if (columns.syncWord > 0) text += head('SYNC', columns.syncWord);
	if (columns.healthWord > 0) text += head('HEALTH', columns.healthWord);
	if (columns.message > 0) text += 'STATUS';
	return [{text: text.trimEnd(), tone: 'heading'}];
}
