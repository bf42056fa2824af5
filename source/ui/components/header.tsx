import {Box} from 'ink';
import {memo} from 'react';
import type {MonitorSnapshot, WatchedContext} from '../../core/monitor/monitor.js';
import {changesText, type AppChange} from '../../core/notify/app-changes.js';
import {contextLabels, contextSegment, productionMarker} from '../text/context-label.js';
import {changeTime, coarseAgo, oneLine, truncate} from '../text/format.js';
import type {GlyphSet} from '../style/glyphs.js';
import {fitSegments, Line, type Segment} from './line.js';
import {
	healthCounts,
	joinLabels,
	worstPhase,
	notLiveRows,
	outOfSyncCount,
	sortLabels,
	sourceSummary,
	type SortKey,
} from '../state/selectors.js';
import {useNow} from '../hooks/use-coarse-clock.js';
import {useUi} from '../style/ui-context.js';

export type HeaderProps = {
	snapshot: MonitorSnapshot;
	sort: SortKey;
	filter: string;
	/** `:into NAME`: only apps deploying into NAME; null: no such filter. */
	into?: string | null;
	/** `:ctx NAME` while several contexts are watched: only that context's apps; null: all of them. */
	contextOnly?: string | null;
	/** Apps the list shows after filtering. */
	shown: number;
	/** Apps that turned Degraded or OutOfSync while running, not yet acknowledged; absent: none. */
	changes?: readonly AppChange[];
	width: number;
	/** Lines available; the least important lines are dropped first. */
	lines: number;
};

function textLength(segments: readonly Segment[]): number {
	return segments.reduce((total, segment) => total + segment.text.length, 0);
}

/** Left part, then the right part pushed to the edge; the left part is cut to make room. */
function spread(left: Segment[], right: Segment[], width: number, ellipsis: string): Segment[] {
	const rightLength = textLength(right);
	const fitted = fitSegments(left, Math.max(0, width - rightLength - 1), ellipsis);
	const gap = width - textLength(fitted) - rightLength;
	return [...fitted, {text: ' '.repeat(Math.max(1, gap))}, ...right];
}

/**
 * Which apps are shown, by what the filter means: "ns shop (object)" — the app objects that live in shop (`:ns`);
 * "deploys into shop" — the apps whose objects land there (`:into`); "ns all" without either.
 */
function scopeSegments(namespace: string | null, into: string | null, ascii: boolean, sep: Segment): Segment[] {
	const segments: Segment[] = [];
	if (namespace !== null || into === null) {
		segments.push({text: 'ns ', tone: 'muted'}, {text: oneLine(namespace ?? 'all', ascii), tone: 'accent'});
		if (namespace !== null) segments.push({text: ' (object)', tone: 'muted'});
	}
	if (into !== null) {
		if (segments.length > 0) segments.push(sep);
		segments.push({text: 'deploys into ', tone: 'muted'}, {text: oneLine(into, ascii), tone: 'accent'});
	}
	return segments;
}

function titleLine(props: HeaderProps, glyphs: GlyphSet, ascii: boolean, readonly: boolean, updated: string): Segment[] {
	const {snapshot} = props;
	const sep = {text: ` ${glyphs.separator} `, tone: 'muted' as const};
	const watched = snapshot.watched && snapshot.watched.length > 1 ? snapshot.watched : null;
	const only = watched?.find(context => context.name === props.contextOnly) ?? null;
	const production = only ? only.production : snapshot.production === true;
	// First on the line, so no terminal is too narrow to show it; read-only comes next, before the long context.
	const left: Segment[] = production ? [{text: productionMarker, tone: 'production'}, {text: ' '}] : [];
	left.push({text: 'driftwatch', tone: 'title'});
	if (only ? only.readonly : readonly) left.push(sep, {text: 'read-only', tone: 'warning'});
	// Several contexts: how many (the next line names each), or the one `:ctx` narrowed the list to.
	const contextText =
		watched && !only
			? `${watched.length} contexts`
			: only
				? contextLabels(watched!.map(context => context.name)).get(only.name)!
				: snapshot.context;
	left.push(
		sep,
		{text: 'ctx ', tone: 'muted'},
		watched && !only
			? {text: contextText, tone: 'context'}
			: contextSegment(truncate(oneLine(contextText || '(none)', ascii), 48, glyphs.ellipsis), production, false),
	);
	if (only) left.push({text: ` (1 of ${watched!.length})`, tone: 'muted'});
	left.push(sep, ...scopeSegments(snapshot.namespace, props.into ?? null, ascii, sep), sep, {text: `sort ${sortLabels[props.sort]}`});
	if (props.filter) left.push(sep, {text: `filter "${oneLine(props.filter, ascii)}"`, tone: 'warning'});
	return spread(left, [{text: updated, tone: 'muted'}], props.width, glyphs.ellipsis);
}

/**
 * The app count, each health count and the OutOfSync count. The OutOfSync count is what on-call acts on, so a
 * narrow line first drops the health words (the glyphs stay, each in its colour), then the health counts, and the
 * OutOfSync count is the last thing to be cut.
 */
function countsLine(props: HeaderProps, glyphs: GlyphSet): Segment[] {
	const {apps} = props.snapshot;
	const total = props.filter || props.into || props.contextOnly ? `${props.shown} of ${apps.length} apps` : `${apps.length} apps`;
	// The legend of the rows' not-live marker, with how many carry it; kept in every width, as OutOfSync is.
	const notLive = notLiveRows(props.snapshot.sources);
	const notLiveCount = apps.reduce((count, app) => count + (notLive(app) ? 1 : 0), 0);
	const head: Segment[] = [{text: total}];
	if (notLiveCount > 0) head.push({text: ` (${glyphs.notLive} ${notLiveCount} not live)`, tone: 'warning'});
	const outOfSync = outOfSyncCount(apps);
	const sync: Segment[] =
		outOfSync > 0 ? [{text: '  '}, {text: `${glyphs.sync.OutOfSync} ${outOfSync} OutOfSync`, tone: {sync: 'OutOfSync'}}] : [];
	const health = (words: boolean): Segment[] =>
		healthCounts(apps).flatMap(({health, count}): Segment[] => [
			{text: '  '},
			{text: `${glyphs.health[health]} ${count}${words ? ` ${health}` : ''}`, tone: {health}},
		]);
	const candidates: Segment[][] = [
		[...head, ...health(true), ...sync],
		[...head, ...health(false), ...sync],
		[...head, ...sync],
	];
	return candidates.find(segments => textLength(segments) <= props.width) ?? candidates.at(-1)!;
}

/**
 * Several contexts: one entry per context — its worst source's phase and its app count — so a context that is
 * down reads at a glance beside those that are live; `C` opens each one's sources.
 */
function contextsLine(watched: readonly WatchedContext[], glyphs: GlyphSet, ascii: boolean): Segment[] {
	const segments: Segment[] = [];
	// The short names of the CONTEXT column: a header of long cloud context names would show only the first.
	const labels = contextLabels(watched.map(context => context.name));
	for (const context of watched) {
		if (segments.length > 0) segments.push({text: ` ${glyphs.separator} `, tone: 'muted'});
		if (context.fatal !== undefined) {
			// Nothing can be read from it (its kubeconfig entry): `i` says why.
			segments.push({text: `${glyphs.phase.disconnected} `, tone: {phase: 'disconnected'}});
			segments.push(contextSegment(oneLine(labels.get(context.name)!, ascii), context.production));
			segments.push({text: ' unusable', tone: {phase: 'disconnected'}});
			continue;
		}
		const phase = worstPhase(context.sources);
		const word = phase ?? (context.notice ? 'no controller' : 'connecting');
		segments.push({text: `${glyphs.phase[phase ?? 'connecting']} `, tone: {phase: phase ?? 'connecting'}});
		segments.push(contextSegment(oneLine(labels.get(context.name)!, ascii), context.production));
		segments.push({
			text: ` ${word} ${context.apps}${context.readonly ? ' ro' : ''}`,
			tone: phase === null || phase === 'live' ? 'muted' : {phase},
		});
	}
	return segments;
}

function connectionLine(props: HeaderProps, glyphs: GlyphSet, ascii: boolean): Segment[] {
	const watched = props.snapshot.watched;
	if (watched && watched.length > 1) return contextsLine(watched, glyphs, ascii);
	const summary = sourceSummary(props.snapshot.sources);
	if (summary.total === 0) {
		// Discovery found no controller to list: nothing is connecting (native apps say their own problems).
		if (props.snapshot.notice) return [{text: oneLine(props.snapshot.notice, ascii), tone: 'muted'}];
		return [{text: `${glyphs.phase.connecting} connecting${ascii ? '...' : '…'}`, tone: {phase: 'connecting'}}];
	}
	if (summary.problems.length === 0) {
		const text = summary.total === 1 ? 'source live' : `all ${summary.total} sources live`;
		return [{text: `${glyphs.phase.live} ${text}`, tone: {phase: 'live'}}];
	}

	// One entry per phase, naming every source in it: with Flux forbidden, all its types must show, not just the first.
	const byPhase = new Map<string, typeof summary.problems>();
	for (const source of summary.problems) byPhase.set(source.phase, [...(byPhase.get(source.phase) ?? []), source]);
	const segments: Segment[] = [];
	for (const [phase, sources] of byPhase) {
		const first = sources[0]!;
		if (segments.length > 0) segments.push({text: ` ${glyphs.separator} `, tone: 'muted'});
		const labels =
			sources.length > 1 && sources.length === summary.total
				? `(all ${sources.length} sources)`
				: joinLabels(sources.map(source => oneLine(source.label, ascii)));
		const message = oneLine(first.message, ascii);
		segments.push({text: `${glyphs.phase[first.phase]} ${phase} ${labels}${message ? `: ${message}` : ''}`, tone: {phase: first.phase}});
	}

	if (summary.live > 0) segments.push({text: ` ${glyphs.separator} ${summary.live} live`, tone: 'muted'});
	return segments;
}

/** Memoized: a cursor move changes none of its props, so it does not re-render (the minute clock still reaches it). */
export const Header = memo(function Header(props: HeaderProps) {
	const ui = useUi();
	const {glyphs, ascii} = ui;
	// The monitor knows (--readonly, the config): the snapshot is the one source.
	const readonly = props.snapshot.readonly === true;
	const now = useNow();
	// While a source is in trouble, the age that matters is how old its data is, not the last change.
	const troubled = props.snapshot.sources.filter(source => source.phase !== 'live' && source.lastUpdated !== null);
	const oldest = troubled.reduce<(typeof troubled)[number] | null>(
		(found, source) => (found === null || source.lastUpdated! < found.lastUpdated! ? source : found),
		null,
	);
	// Several contexts: whose data is that old (the others' may be live); the short name, as the CONTEXT column has it.
	const several = props.snapshot.watched && props.snapshot.watched.length > 1 ? props.snapshot.watched : null;
	const whose =
		several && oldest?.context ? (contextLabels(several.map(context => context.name)).get(oldest.context) ?? oldest.context) : null;
	// While all is live the time of the last change (it does not tick); in trouble, how old the data is (it does).
	const updatedAt = props.snapshot.updatedAt;
	const updated =
		oldest !== null
			? `${whose === null ? '' : `${oneLine(whose, ascii)} `}data from ${coarseAgo(now - oldest.lastUpdated!).text}`
			: updatedAt === null
				? 'no data yet'
				: `updated ${changeTime(updatedAt, now)}`;
	const lines: Segment[][] = [];
	if (props.snapshot.fatal) {
		lines.push([{text: `${glyphs.phase.disconnected} FATAL: ${oneLine(props.snapshot.fatal, ascii)}`, tone: 'error'}]);
	}

	lines.push(titleLine(props, glyphs, ascii, readonly, updated));
	// News goes first on the second line, before the sources' state: it is what the bell rang for.
	const changes = props.changes ?? [];
	const news: Segment[] =
		changes.length === 0
			? []
			: [
					{text: `${glyphs.health.Degraded} ${oneLine(changesText(changes), ascii)}`, tone: 'warning'},
					{text: ' (a: seen)', tone: 'muted'},
					{text: ` ${glyphs.separator} `, tone: 'muted'},
				];
	lines.push([...news, ...connectionLine(props, glyphs, ascii)]);
	lines.push(countsLine(props, glyphs));
	return (
		<Box flexDirection="column" width={props.width} flexShrink={0}>
			{lines.slice(0, props.lines).map((segments, index) => (
				<Line key={index} segments={segments} />
			))}
		</Box>
	);
});
