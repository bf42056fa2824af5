// The detail screen as plain lines of segments (pure, so scrolling is just slicing).
import type {AppDetail, ManagedResource} from '../../core/apps/detail.js';
import type {AppCondition, AppSummary} from '../../core/apps/model.js';
import type {AppDriftState} from '../../core/drift/drift-state.js';
import type {DetailState} from '../../core/monitor/monitor.js';
import {refKey} from '../../core/diff/drift-compare.js';
import type {ActionProgress} from '../../core/actions/progress-types.js';
import {isFinished, progressLabel} from './action-progress.js';
import {driftMarkers, driftMarkTone, type DriftMark} from './diff-lines.js';
import {driftMarkersByKey, driftSection, type DriftSection} from './drift-section.js';
import {ageOf, cell, coarseAgo, oneLine, shortRevision, timestamp, wrapText} from './format.js';
import type {GlyphSet} from '../style/glyphs.js';
import {fitSegments, type Segment} from '../components/line.js';

type DetailInput = {
	app: AppSummary;
	/** False when the app has left the snapshot; its last known summary is shown. */
	present: boolean;
	state: DetailState;
	drift: AppDriftState;
	/** Ref key of the drifted resource picked with ]/[. */
	selected?: string | null;
	/** The last action started on this app from this session, until dismissed. */
	progress?: ActionProgress | null;
	width: number;
	now: number;
	glyphs: GlyphSet;
	ascii: boolean;
};

type Lines = Segment[][];

const labelWidth = 12;

function label(text: string): Segment {
	return {text: text.padEnd(labelWidth, ' '), tone: 'muted'};
}

export function detailTitle(input: DetailInput): {segments: Segment[]; validForMs: number} {
	const {app, state, glyphs, ascii} = input;
	const left: Segment[] = [
		{text: `${app.kind} `, tone: 'muted'},
		{text: oneLine(`${app.namespace}/${app.name}`, ascii), tone: 'title'},
		{text: ` ${glyphs.separator} ctx `, tone: 'muted'},
		{text: oneLine(app.context, ascii), tone: 'context'},
	];
	let right: Segment;
	let validForMs = Number.POSITIVE_INFINITY;
	if (state.error) right = {text: `${glyphs.phase.disconnected} detail: ${oneLine(state.error, ascii)}`, tone: 'error'};
	else if (state.loading && !state.detail) right = {text: ascii ? 'loading detail...' : 'loading detail…', tone: 'muted'};
	else if (state.updatedAt === null) right = {text: ''};
	else {
		const ago = coarseAgo(input.now - state.updatedAt);
		validForMs = ago.validForMs;
		right = {text: `detail updated ${ago.text}`, tone: 'muted'};
	}

	// Name and status share the line: the name keeps up to 60 columns, the status the rest.
	const leftLength = left.reduce((total, segment) => total + [...segment.text].length, 0);
	const rightRoom = Math.max(0, input.width - Math.min(leftLength, 60) - 2);
	right = fitSegments([right], rightRoom, glyphs.ellipsis)[0] ?? {text: ''};
	const room = Math.max(0, input.width - [...right.text].length - 2);
	const fitted = fitSegments(left, room, glyphs.ellipsis);
	const used = fitted.reduce((total, segment) => total + [...segment.text].length, 0);
	const segments = [...fitted, {text: ' '.repeat(Math.max(2, input.width - used - right.text.length))}, right];
	return {segments, validForMs};
}

function statusLines(input: DetailInput): Lines {
	const {app, glyphs, now, ascii} = input;
	const status: Segment[] = [
		label('Sync'),
		{text: `${glyphs.sync[app.sync]} ${app.sync}`, tone: {sync: app.sync}},
		{text: '   '},
		{text: 'Health ', tone: 'muted'},
		{text: `${glyphs.health[app.health]} ${app.health}`, tone: {health: app.health}},
	];
	if (app.stateLabel) status.push({text: '   '}, {text: 'State ', tone: 'muted'}, {text: oneLine(app.stateLabel, ascii), tone: 'warning'});
	const autoSync = app.autoSync === null ? 'n/a' : app.autoSync ? 'on' : 'off';
	status.push({text: '   '}, {text: 'Auto-sync ', tone: 'muted'}, {text: autoSync});
	const lastChange = app.lastChange ? `${ageOf(app.lastChange, now).text} ago (${timestamp(app.lastChange)})` : '-';
	return [
		status,
		[
			label('Revision'),
			{text: oneLine(shortRevision(app.revision), ascii)},
			{text: '   '},
			{text: 'Last change ', tone: 'muted'},
			{text: lastChange},
		],
	];
}

/** Right under the status, so a failed action is seen first; `x` dismisses a finished one. */
function progressLines(input: DetailInput): Lines {
	const {progress} = input;
	if (!progress) return [];
	const shown = progressLabel(progress, input.ascii);
	const hint = isFinished(progress) ? '  (x dismisses)' : '';
	const [first, ...rest] = wrapped(shown.text + hint, input, labelWidth, 4, shown.tone);
	return [[label('Action'), first![1]!], ...rest];
}

function sourceLines(input: DetailInput): Lines {
	const {source} = input.app;
	const {ascii} = input;
	if (!source) return [[label('Source'), {text: '-'}]];
	const ready = source.ready === null ? '' : source.ready ? '  ready' : '  not ready';
	return [
		[
			label('Source'),
			{text: oneLine(`${source.kind} ${source.namespace ? `${source.namespace}/` : ''}${source.name}`, ascii)},
			{text: ready, tone: source.ready === false ? 'error' : 'muted'},
		],
		[label('  url'), {text: oneLine(source.url || '-', ascii)}],
		[label('  revision'), {text: oneLine(source.revision || '-', ascii)}],
	];
}

function wrapped(text: string, input: DetailInput, indent: number, maxLines: number, tone?: Segment['tone']): Lines {
	const width = Math.max(10, input.width - indent);
	return wrapText(oneLine(text, input.ascii), width, maxLines, input.glyphs.ellipsis).map(line => [
		{text: ' '.repeat(indent)},
		{text: line, tone},
	]);
}

function messageLines(input: DetailInput): Lines {
	const message = oneLine(input.app.message, input.ascii);
	if (!message) return [[label('Message'), {text: '-'}]];
	const [first, ...rest] = wrapped(message, input, labelWidth, 6);
	return [[label('Message'), first![1]!], ...rest];
}

function operationLines(input: DetailInput, detail: AppDetail | null): Lines {
	const {ascii} = input;
	const heading: Segment[] = [{text: 'Operation', tone: 'heading'}];
	const operation = detail?.operation;
	if (operation) {
		const parts = [`phase ${operation.phase}`, `started ${timestamp(operation.startedAt)}`, `finished ${timestamp(operation.finishedAt)}`];
		if (operation.revision) parts.push(`revision ${shortRevision(operation.revision)}`);
		if (operation.initiatedBy) parts.push(`by ${operation.initiatedBy}`);
		const tone = operation.phase === 'Failed' || operation.phase === 'Error' ? 'error' : undefined;
		return [heading, [{text: '  '}, {text: oneLine(parts.join('   '), ascii), tone}], ...wrapped(operation.message, input, 2, 4)];
	}

	const summary = input.app.operation;
	if (summary) {
		return [heading, [{text: `  phase ${summary.phase}`}], ...wrapped(summary.message, input, 2, 4)];
	}

	return [heading, [{text: '  none', tone: 'muted'}]];
}

function conditionLines(input: DetailInput, conditions: readonly AppCondition[]): Lines {
	const lines: Lines = [[{text: `Conditions (${conditions.length})`, tone: 'heading'}]];
	if (conditions.length === 0) lines.push([{text: '  none', tone: 'muted'}]);
	for (const condition of conditions) {
		const tone = condition.status === 'False' ? 'warning' : undefined;
		lines.push([
			{text: '  '},
			{text: `${oneLine(`${condition.type}=${condition.status}`, input.ascii).padEnd(22, ' ')} `, tone},
			{text: `${oneLine(condition.reason, input.ascii).padEnd(24, ' ')} `, tone: 'muted'},
			{text: oneLine(condition.message, input.ascii)},
		]);
	}

	return lines;
}

function longest(values: readonly string[], min: number, max: number): number {
	return Math.min(max, Math.max(min, ...values.map(value => value.length)));
}

function resourceLines(input: DetailInput, drifted: ReadonlyMap<string, DriftMark>): Lines {
	const {state, glyphs, ascii} = input;
	const resources: readonly ManagedResource[] = state.detail?.resources ?? [];
	const lines: Lines = [[{text: `Resources (${state.detail ? resources.length : '?'})`, tone: 'heading'}]];
	if (!state.detail) {
		if (state.error) lines.push([{text: `  unavailable: ${oneLine(state.error, ascii)}`, tone: 'error'}]);
		else lines.push([{text: ascii ? '  loading...' : '  loading…', tone: 'muted'}]);
		return lines;
	}

	if (resources.length === 0) {
		lines.push([{text: '  none reported', tone: 'muted'}]);
		return lines;
	}

	const kind = longest(
		resources.map(r => r.kind),
		4,
		22,
	);
	const namespace = longest(
		resources.map(r => r.namespace),
		9,
		18,
	);
	const name = longest(
		resources.map(r => r.name),
		4,
		40,
	);
	const fit = (text: string, width: number) => `${cell(oneLine(text, ascii), width, glyphs.ellipsis)} `;
	lines.push([
		{
			text: `    ${fit('KIND', kind)}${fit('NAMESPACE', namespace)}${fit('NAME', name)}${fit('SYNC', 9)}HEALTH`,
			tone: 'heading',
		},
	]);
	for (const resource of resources) {
		const health = resource.health;
		const mark = drifted.get(refKey(resource));
		const row: Segment[] = [
			mark ? {text: ` ${driftMarkers[mark]}`, tone: driftMarkTone(mark)} : {text: '  '},
			{text: `${health ? glyphs.health[health.status] : ' '} `, tone: health ? {health: health.status} : undefined},
			{text: fit(resource.kind, kind)},
			{text: fit(resource.namespace || '-', namespace), tone: 'muted'},
			{text: fit(resource.name, name)},
			{text: fit(resource.sync || '-', 9), tone: resource.sync === 'OutOfSync' ? {sync: 'OutOfSync'} : 'muted'},
		];
		if (health) {
			row.push({text: health.status, tone: {health: health.status}});
			const message = oneLine(health.message, ascii);
			if (message) row.push({text: ` ${message}`, tone: 'muted'});
		} else row.push({text: '-', tone: 'muted'});
		lines.push(row);
	}

	return lines;
}

function historyLines(input: DetailInput, detail: AppDetail | null): Lines {
	if (!detail) return [];
	const {ascii} = input;
	const lines: Lines = [[{text: `History (${detail.history.length})`, tone: 'heading'}]];
	if (detail.history.length === 0) lines.push([{text: '  none', tone: 'muted'}]);
	for (const entry of detail.history) {
		lines.push([
			{text: `  ${oneLine(entry.id, ascii).padEnd(5, ' ')} `, tone: 'muted'},
			{text: `${oneLine(shortRevision(entry.revision), ascii).padEnd(20, ' ')} `},
			{text: `${timestamp(entry.deployedAt).padEnd(17, ' ')} `, tone: 'muted'},
			{text: oneLine(entry.note, ascii)},
		]);
		// What changed and who did it, where Argo CD and Flux only keep a SHA.
		if (entry.commit) {
			lines.push([
				{text: '        '},
				{text: oneLine(entry.commit.subject, ascii)},
				{text: ` ${ascii ? '-' : '—'} ${oneLine(entry.commit.author, ascii)}`, tone: 'muted'},
			]);
		}
	}

	return lines;
}

type DetailView = {
	lines: Lines;
	/** Drifted resource lines ]/[ select: ref key and line index. */
	targets: DriftSection['targets'];
	/** When the first age label in the lines changes. */
	validForMs: number;
};

export function detailView(input: DetailInput): DetailView {
	const detail = input.state.detail;
	const lines: Lines = [];
	if (!input.present) {
		lines.push([
			{
				text: `${input.glyphs.phase.disconnected} This app is no longer in the list (deleted, or outside the current context or namespace). Last known state:`,
				tone: 'error',
			},
		]);
	}

	lines.push(...statusLines(input), ...progressLines(input), ...sourceLines(input), ...messageLines(input), []);
	const drift = driftSection({
		drift: input.drift,
		selected: input.selected ?? null,
		now: input.now,
		glyphs: input.glyphs,
		ascii: input.ascii,
	});
	const targets = drift.targets.map(target => ({key: target.key, line: target.line + lines.length}));
	lines.push(...drift.lines, []);
	lines.push(...operationLines(input, detail), []);
	lines.push(...conditionLines(input, detail?.conditions ?? input.app.conditions), []);
	lines.push(...resourceLines(input, driftMarkersByKey(input.drift)));
	const history = historyLines(input, detail);
	if (history.length > 0) lines.push([], ...history);
	return {lines, targets, validForMs: drift.validForMs};
}
