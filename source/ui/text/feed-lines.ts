// The events and timeline screens as plain lines of segments (pure, so scrolling is slicing). Warnings are marked
// with a word and a glyph as well as a colour, so they stand out without colour (NO_COLOR) too.
import type {AppSummary} from '../../core/apps/model.js';
import type {AppEventsState} from '../../core/monitor/app-events.js';
import {targetKey, type CollapsedEvent, type EventTarget} from '../../core/events/event-record.js';
import type {TimelineState} from '../../core/monitor/timeline-follower.js';
import type {MonitorSnapshot} from '../../core/monitor/monitor.js';
import {contextLabels, contextSegment} from './context-label.js';
import {worstPhase} from '../state/selectors.js';
import type {TimelineEntry} from '../../core/timeline/timeline.js';
import type {Segment} from '../components/line.js';
import type {GlyphSet} from '../style/glyphs.js';
import {ageOf, coarseAgo, oneLine, wrapText} from './format.js';

type FeedInput = {width: number; now: number; glyphs: GlyphSet; ascii: boolean};

export type FeedLines = {
	title: Segment[];
	lines: Segment[][];
	/** How long the ages on screen stay right. */
	validForMs: number;
};

/** Message lines kept per event: enough for a failed apply's first objects, short enough to see many events. */
const messageLines = 3;
const indent = '      ';

export function eventsView(input: FeedInput & {app: AppSummary; state: AppEventsState; scope: EventTarget | null}): FeedLines {
	const {app, state, glyphs, ascii, width, now} = input;
	const scoped = input.scope ? state.events.filter(event => targetKey(event.subject) === targetKey(input.scope!)) : state.events;
	const warnings = scoped.filter(event => event.type === 'Warning').length;
	const what = input.scope ? `${input.scope.kind}/${input.scope.name}` : `${app.kind} ${app.namespace}/${app.name}`;
	const title: Segment[] = [
		{text: 'Events ', tone: 'heading'},
		{text: oneLine(what, ascii), tone: 'title'},
		{text: `  ${scoped.length} ${scoped.length === 1 ? 'event' : 'events'}`, tone: 'muted'},
		...(warnings > 0 ? [{text: `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`, tone: 'warning' as const}] : []),
	];
	const lines: Segment[][] = [];
	const source = state.source;
	if (source && (source.phase === 'forbidden' || source.phase === 'unauthorized')) {
		lines.push([{text: `${glyphs.phase[source.phase]} events ${source.phase}: ${oneLine(source.message, ascii)}`, tone: 'error'}]);
		lines.push([{text: 'This context may not list events (core/v1 or events.k8s.io/v1).', tone: 'muted'}]);
	} else if (source && source.phase !== 'live' && source.phase !== 'connecting') {
		lines.push([{text: `${glyphs.phase[source.phase]} events ${source.phase}: ${oneLine(source.message, ascii)}`, tone: 'warning'}]);
	}
	if (state.detailError)
		lines.push([{text: `resources not known (${oneLine(state.detailError, ascii)}): the app object's events only`, tone: 'muted'}]);
	if (state.loading) lines.push([{text: ascii ? 'loading events...' : 'loading events…', tone: 'muted'}]);
	else if (scoped.length === 0 && !(source?.phase === 'forbidden' || source?.phase === 'unauthorized')) {
		lines.push([{text: 'No events. The API server keeps events for about an hour.', tone: 'muted'}]);
	}
	let validForMs = Number.POSITIVE_INFINITY;
	for (const event of scoped) {
		const age = ageOf(event.lastTime, now);
		validForMs = Math.min(validForMs, age.validForMs);
		lines.push(eventHead(event, age.text, input));
		for (const text of wrapText(oneLine(event.message, ascii), Math.max(10, width - indent.length), messageLines, glyphs.ellipsis)) {
			lines.push([{text: `${indent}${text}`, tone: event.type === 'Warning' ? 'warning' : 'plain'}]);
		}
	}
	return {title, lines, validForMs};
}

/** `! 12m Warning BackOff  Pod/web-7d9f  x5`: the mark and type word say Warning without colour. */
function eventHead(event: CollapsedEvent, age: string, input: FeedInput): Segment[] {
	const warning = event.type === 'Warning';
	const mark = warning ? (input.ascii ? '!' : '⚠') : ' ';
	const times = event.count > 1 ? `  x${event.count}` : '';
	return [
		{text: `${mark} `, tone: warning ? 'error' : 'muted'},
		{text: age.padStart(4), tone: 'muted'},
		{text: ` ${oneLine(event.type, input.ascii)} `, tone: warning ? 'error' : 'muted'},
		{text: oneLine(event.reason, input.ascii), tone: warning ? 'warning' : 'heading'},
		{text: `  ${oneLine(`${event.subject.kind}/${event.subject.name}`, input.ascii)}`, tone: 'accent'},
		{text: times, tone: 'muted'},
		...(event.source ? [{text: `  ${oneLine(event.source, input.ascii)}`, tone: 'muted' as const}] : []),
	];
}

const kindLabels: Record<TimelineEntry['kind'], string> = {
	commit: 'commit',
	sync: 'sync',
	operation: 'operation',
	transition: 'change',
	event: 'warning',
	action: 'action',
};

export function timelineView(
	input: FeedInput & {app: AppSummary | null; state: TimelineState; watched?: readonly string[] | undefined},
): FeedLines {
	const {app, state, ascii, now} = input;
	// Several contexts watched: each entry's apps carry their context's short name, as the CONTEXT column writes it.
	const labels = contextLabels(input.watched ?? []);
	const named = (entry: TimelineEntry, path: string) =>
		entry.context === undefined ? appName(path) : `${labels.get(entry.context) ?? entry.context}:${appName(path)}`;
	const title: Segment[] = [
		{text: 'Timeline ', tone: 'heading'},
		{text: app ? oneLine(`${app.kind} ${app.namespace}/${app.name}`, ascii) : 'all apps', tone: 'title'},
		{text: `  ${state.entries.length} ${state.entries.length === 1 ? 'entry' : 'entries'}, newest first`, tone: 'muted'},
	];
	const lines: Segment[][] = [];
	for (const problem of state.problems) lines.push([{text: oneLine(problem, ascii), tone: 'warning'}]);
	if (state.loading) lines.push([{text: ascii ? 'loading...' : 'loading…', tone: 'muted'}]);
	if (!state.loading && state.entries.length === 0) lines.push([{text: 'Nothing changed that driftwatch can see.', tone: 'muted'}]);
	let validForMs = Number.POSITIVE_INFINITY;
	for (const entry of state.entries) {
		const age = ageOf(entry.time, now);
		validForMs = Math.min(validForMs, age.validForMs);
		const tone = entry.tone === 'bad' ? 'error' : entry.tone === 'good' ? 'good' : 'plain';
		lines.push([
			{text: `${entry.tone === 'bad' ? (ascii ? '!' : '⚠') : ' '} `, tone: entry.tone === 'bad' ? 'error' : 'muted'},
			{text: age.text.padStart(4), tone: 'muted'},
			{text: ` ${kindLabels[entry.kind].padEnd(9)} `, tone: 'muted'},
			...(app === null && entry.app
				? [{text: `${oneLine((entry.apps ?? [entry.app]).map(path => named(entry, path)).join(', '), ascii)}  `, tone: 'accent' as const}]
				: []),
			// About no one app (a warning of an object several apps deploy beside): still, in which context.
			...(app === null && !entry.app && entry.context !== undefined
				? [{text: `${oneLine(labels.get(entry.context) ?? entry.context, ascii)}  `, tone: 'accent' as const}]
				: []),
			{text: oneLine(entry.text, ascii), tone},
			...(entry.who ? [{text: `  by ${oneLine(entry.who, ascii)}`, tone: 'muted' as const}] : []),
		]);
	}
	return {title, lines, validForMs};
}

/** KIND/NAMESPACE/NAME → NAME: the all-apps timeline has room for the name only. */
function appName(path: string): string {
	return path.split('/').at(-1) ?? path;
}

/**
 * Every watched context (one when a single context is watched) with its sources: the phase of each watched type,
 * how old its data is, and what went wrong — the header's summary line, expanded.
 */
export function sourcesView(input: FeedInput & {snapshot: MonitorSnapshot}): FeedLines {
	const {snapshot, glyphs, ascii, now} = input;
	const contexts = snapshot.watched?.length
		? snapshot.watched
		: [
				{
					name: snapshot.context,
					production: snapshot.production === true,
					readonly: snapshot.readonly === true,
					sources: snapshot.sources,
					apps: snapshot.apps.length,
					notice: snapshot.notice ?? null,
					updatedAt: snapshot.updatedAt,
				},
			];
	const title: Segment[] = [
		{text: 'Sources ', tone: 'heading'},
		{text: `${contexts.length} ${contexts.length === 1 ? 'context' : 'contexts'}`, tone: 'muted'},
	];
	const lines: Segment[][] = [];
	let validForMs = Number.POSITIVE_INFINITY;
	// Contexts in trouble first (the one that is down is what this screen is opened for), each in selection order.
	const troubled = (context: (typeof contexts)[number]) =>
		context.fatal !== undefined || context.sources.some(source => source.phase !== 'live');
	const ordered = [...contexts.filter(troubled), ...contexts.filter(context => !troubled(context))];
	for (const context of ordered) {
		if (lines.length > 0) lines.push([]);
		if (context.fatal !== undefined) {
			lines.push([
				{text: `${glyphs.phase.disconnected} `, tone: {phase: 'disconnected'}},
				contextSegment(oneLine(context.name, ascii), context.production),
				{text: '  unusable: nothing is read from it', tone: {phase: 'disconnected'}},
			]);
			// The line above names the context: the reason without it fits 80 columns.
			const named = `context "${context.name}" `;
			const reason = context.fatal.startsWith(named) ? context.fatal.slice(named.length) : context.fatal;
			lines.push([{text: `${indent}${oneLine(reason, ascii)}`, tone: {phase: 'disconnected'}}]);
			continue;
		}
		const phase = worstPhase(context.sources);
		lines.push([
			{text: `${glyphs.phase[phase ?? 'connecting']} `, tone: {phase: phase ?? 'connecting'}},
			contextSegment(oneLine(context.name, ascii), context.production),
			{text: `  ${context.apps} ${context.apps === 1 ? 'app' : 'apps'}${context.readonly ? ', read-only' : ''}`, tone: 'muted'},
		]);
		if (context.notice) lines.push([{text: `${indent}${oneLine(context.notice, ascii)}`, tone: 'muted'}]);
		if (context.sources.length === 0 && !context.notice)
			lines.push([{text: `${indent}connecting${ascii ? '...' : '\u2026'}`, tone: 'muted'}]);
		const oldest = Math.min(...context.sources.map(source => source.lastUpdated ?? Number.POSITIVE_INFINITY));
		if (context.sources.length > 0 && !troubled(context)) {
			// All live: one line says so; the types are listed where something is wrong.
			const age = Number.isFinite(oldest) ? coarseAgo(now - oldest) : null;
			if (age) validForMs = Math.min(validForMs, age.validForMs);
			const count = context.sources.length;
			lines.push([
				{
					text: `${indent}${count === 1 ? 'its source is live' : `all ${count} sources live`}${age ? `, data from ${age.text}` : ''}`,
					tone: 'muted',
				},
			]);
			continue;
		}
		for (const source of context.sources) {
			const age = source.lastUpdated === null ? null : coarseAgo(now - source.lastUpdated);
			if (age) validForMs = Math.min(validForMs, age.validForMs);
			lines.push([
				{text: `${indent}${glyphs.phase[source.phase]} `, tone: {phase: source.phase}},
				{text: `${oneLine(source.label, ascii)} `, tone: 'plain'},
				{text: source.phase, tone: {phase: source.phase}},
				{text: age ? `, data from ${age.text}` : '', tone: 'muted'},
				{text: source.message ? `: ${oneLine(source.message, ascii)}` : '', tone: source.phase === 'live' ? 'muted' : 'error'},
			]);
		}
	}
	return {title, lines, validForMs};
}
