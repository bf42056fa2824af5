// The detail screen's "Drift from Git" section (pure): local status, counts, what was rendered, the followed
// branch, and one selectable line per drifted resource.
import type {AppDriftState, RevisionInfo, TrackedHead} from '../../core/drift/drift-state.js';
import {refKey} from '../../core/diff/drift-compare.js';
import {objectPathOf} from '../../core/drift/status.js';
import type {DriftReport} from '../../core/drift/types.js';
import {driftMark, driftMarkers, driftMarkTone, resourcePath, shownResources, type DriftMark} from './diff-lines.js';
import {ageOf, coarseAgo, oneLine, shortRevision} from './format.js';
import type {GlyphSet} from '../style/glyphs.js';
import type {Segment} from '../components/line.js';

type Lines = Segment[][];

type DriftSectionInput = {
	drift: AppDriftState;
	/** Ref key of the resource picked with ]/[, or null. */
	selected: string | null;
	now: number;
	glyphs: GlyphSet;
	ascii: boolean;
};

export type DriftSection = {
	lines: Lines;
	/** Selectable resource lines, in order: ref key and index into `lines`. */
	targets: Array<{key: string; line: number}>;
	/** When the first age label in the section changes. */
	validForMs: number;
};

const labelWidth = 13;

function label(text: string): Segment {
	return {text: `  ${text}`.padEnd(labelWidth, ' '), tone: 'muted'};
}

const countWords: Array<[DriftMark, string]> = [
	['modified', 'modified'],
	['added', 'missing live'],
	['removed', 'would be pruned'],
	['error', 'not compared'],
];

/** "2 modified, 1 missing live, 1 would be pruned, 1 not compared", or "nothing differs". */
function driftCounts(report: DriftReport): string {
	const counts = new Map<DriftMark, number>();
	for (const resource of shownResources(report)) counts.set(driftMark(resource), (counts.get(driftMark(resource)) ?? 0) + 1);
	const parts = countWords.filter(([mark]) => counts.has(mark)).map(([mark, word]) => `${counts.get(mark)} ${word}`);
	return parts.length > 0 ? parts.join(', ') : 'nothing differs';
}

function statusLines(input: DriftSectionInput): Lines {
	const {drift, glyphs, ascii} = input;
	const {report} = drift;
	if (report) {
		const line: Segment[] = [label('Local'), {text: `${glyphs.sync[report.status]} ${report.status}`, tone: {sync: report.status}}];
		if (drift.controllerSync) line.push({text: `   controller says ${oneLine(drift.controllerSync, ascii)}`, tone: 'muted'});
		if (drift.phase === 'pending') line.push({text: ascii ? '   (recomputing...)' : '   (recomputing…)', tone: 'muted'});
		return [line, [label('Changes'), {text: driftCounts(report)}]];
	}

	if (drift.phase === 'error') return [[label('Local'), {text: `error: ${oneLine(drift.error ?? 'failed', ascii)}`, tone: 'error'}]];
	if (drift.phase === 'unsupported') {
		return [
			[label('Local'), {text: `unsupported: ${oneLine(drift.error ?? 'this source cannot be rendered here', ascii)}`, tone: 'warning'}],
		];
	}

	return [[label('Local'), {text: ascii ? 'computing...' : 'computing…', tone: 'muted'}]];
}

function revisionSegments(info: RevisionInfo, now: number, ascii: boolean): {segments: Segment[]; validForMs: number} {
	const segments: Segment[] = [{text: oneLine(shortRevision(info.revision), ascii), tone: 'accent'}];
	if (!info.commit)
		return {segments: [...segments, {text: '  (commit not fetched yet)', tone: 'muted'}], validForMs: Number.POSITIVE_INFINITY};
	const age = ageOf(info.commit.date, now);
	segments.push(
		{text: ` ${oneLine(info.commit.subject, ascii)}`},
		{text: `  ${oneLine(info.commit.author, ascii)}, ${age.text} ago`, tone: 'muted'},
	);
	return {segments, validForMs: age.validForMs};
}

function trackedLine(tracked: TrackedHead, input: DriftSectionInput): {segments: Segment[]; validForMs: number} {
	const {ascii, glyphs, now} = input;
	const ref = oneLine(tracked.ref, ascii);
	let where: string;
	let warn = (tracked.ahead ?? 0) > 0;
	if (tracked.comparesHead) {
		// Nothing records what a native app last applied: only the comparison with HEAD says whether HEAD runs.
		const at = tracked.head ? ` ${oneLine(shortRevision(tracked.head.revision), ascii)}` : '';
		const status = input.drift.phase === 'ready' ? input.drift.report?.status : undefined;
		warn = status === 'OutOfSync';
		where =
			status === 'Synced'
				? `${ref} HEAD${at}, applied: the live objects match it`
				: status === 'OutOfSync'
					? `${ref} HEAD${at}, not applied: the live objects differ`
					: `${ref} HEAD${at}, compared with the live objects`;
	} else if (tracked.ahead === null) where = tracked.head ? `${ref} at ${oneLine(shortRevision(tracked.head.revision), ascii)}` : ref;
	else if (tracked.ahead === 0) where = `${ref} is at the deployed revision`;
	else where = `${ref} is ${tracked.ahead} commit${tracked.ahead === 1 ? '' : 's'} ahead of deployed`;
	const segments: Segment[] = [label('Following'), {text: where, tone: warn ? 'warning' : undefined}];
	const sep: Segment = {text: ` ${glyphs.separator} `, tone: 'muted'};
	let validForMs = Number.POSITIVE_INFINITY;
	if (tracked.error) {
		segments.push(sep, {text: `fetch failed (${tracked.error.kind}): ${oneLine(tracked.error.message, ascii)}`, tone: 'error'});
	} else if (tracked.fetchedAt === null) segments.push(sep, {text: 'not fetched yet', tone: 'muted'});
	else {
		const ago = coarseAgo(now - tracked.fetchedAt);
		validForMs = ago.validForMs;
		segments.push(sep, {text: `fetched ${ago.text}`, tone: 'muted'});
	}

	return {segments, validForMs};
}

/** Report errors that are not already shown on a resource line. */
function otherErrors(report: DriftReport): string[] {
	const onResources = new Set(
		report.resources.filter(resource => resource.error !== null).map(resource => `${objectPathOf(resource.ref)}: ${resource.error}`),
	);
	return report.errors.filter(error => !onResources.has(error));
}

export function driftSection(input: DriftSectionInput): DriftSection {
	const {drift, ascii, glyphs} = input;
	const lines: Lines = [[{text: 'Drift from Git', tone: 'heading'}], ...statusLines(input)];
	let validForMs = Number.POSITIVE_INFINITY;
	if (drift.rendered) {
		const revision = revisionSegments(drift.rendered, input.now, ascii);
		validForMs = Math.min(validForMs, revision.validForMs);
		lines.push([label('Rendered'), ...revision.segments]);
	}

	if (drift.tracked) {
		const tracked = trackedLine(drift.tracked, input);
		validForMs = Math.min(validForMs, tracked.validForMs);
		lines.push(tracked.segments);
	}

	if (drift.disagreement) {
		lines.push([{text: `  ${driftMarkers.error} ${oneLine(drift.disagreement, ascii)}`, tone: 'warning'}]);
	}

	const targets: DriftSection['targets'] = [];
	const {report} = drift;
	if (!report) return {lines, targets, validForMs};
	for (const error of otherErrors(report)) lines.push([{text: `  ${driftMarkers.error} ${oneLine(error, ascii)}`, tone: 'error'}]);
	for (const warning of report.warnings) lines.push([{text: `  ${oneLine(warning, ascii)}`, tone: 'warning'}]);
	for (const resource of shownResources(report)) {
		const key = refKey(resource.ref);
		const mark = driftMark(resource);
		const selected = key === input.selected;
		const suffix = mark === 'added' ? ' missing live' : mark === 'removed' ? ' would be pruned' : '';
		const line: Segment[] = [
			{text: selected ? `${glyphs.cursor} ` : '  '},
			{text: `${driftMarkers[mark]} `, tone: driftMarkTone(mark)},
			{text: oneLine(resourcePath(resource.ref), ascii)},
		];
		if (suffix) line.push({text: suffix, tone: driftMarkTone(mark)});
		if (resource.error !== null) line.push({text: ` error: ${oneLine(resource.error, ascii)}`, tone: 'error'});
		targets.push({key, line: lines.length});
		lines.push(line);
	}

	return {lines, targets, validForMs};
}

/** Ref key → marker, for the drift column of the resources table. */
export function driftMarkersByKey(drift: AppDriftState): Map<string, DriftMark> {
	return new Map(shownResources(drift.report).map(resource => [refKey(resource.ref), driftMark(resource)]));
}
