// The diff view as a flat line model. Built once per (report, fold) — never per keypress — so scrolling
// a 5 000-line ConfigMap is slicing an array; only the visible lines become segments.
import type {AppDriftState} from '../../core/drift/drift-state.js';
import type {AppSummary} from '../../core/apps/model.js';
import {refKey} from '../../core/diff/drift-compare.js';
import type {Hunk, ResourceDiff} from '../../core/diff/types.js';
import type {DriftReport, DriftResource} from '../../core/drift/types.js';
import {oneLine, printable, shortKind, shortRevision} from './format.js';
import type {GlyphSet} from '../style/glyphs.js';
import {fitSegments, type Segment} from '../components/line.js';
import type {Tone} from '../style/theme.js';

/** What a sync would do to a resource, or that it could not be compared. */
export type DriftMark = 'modified' | 'added' | 'removed' | 'error';

export type DiffLine =
	| {kind: 'resource'; mark: DriftMark; path: string}
	| {kind: 'error' | 'hunk' | 'context' | 'removed' | 'added' | 'note'; text: string}
	| {kind: 'fold'; count: number}
	| {kind: 'blank'};

type DiffResourceEntry = {
	key: string;
	resource: DriftResource;
	/** Line of its header; its lines run to `end` (exclusive). */
	start: number;
	end: number;
	/** Header line of each of its hunks. */
	hunkLines: number[];
};

export type DiffModel = {
	lines: DiffLine[];
	resources: DiffResourceEntry[];
	byKey: ReadonlyMap<string, number>;
	/** Header line of every hunk, in order, and the line after each hunk's last line. */
	hunkLines: number[];
	hunkEnds: number[];
};

export const driftMarkers: Record<DriftMark, string> = {modified: '~', added: '+', removed: '-', error: '!'};

const markWords: Record<DriftMark, string> = {
	modified: 'modified',
	added: 'missing live',
	removed: 'would be pruned',
	error: 'not compared',
};

const markTones: Record<DriftMark, Tone> = {modified: 'warning', added: 'added', removed: 'removed', error: 'error'};

export function driftMarkTone(mark: DriftMark): Tone {
	return markTones[mark];
}

/** Resources worth showing: those a sync would change, and those that could not be compared. */
export function shownResources(report: DriftReport | null): DriftResource[] {
	return report ? report.resources.filter(resource => resource.change !== 'unchanged' || resource.error !== null) : [];
}

export function driftMark(resource: DriftResource): DriftMark {
	return resource.change === 'unchanged' ? 'error' : resource.change;
}

/** `Deployment shop/web`, or `ClusterRole admin` when cluster-scoped. */
export function resourcePath(ref: {kind: string; namespace: string; name: string}): string {
	return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/** As `diff -u` prints it: an empty side starts at the line before it. */
function hunkHeader(hunk: Hunk): string {
	const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
	const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
	return `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`;
}

const lineKinds: Record<string, 'context' | 'removed' | 'added'> = {' ': 'context', '-': 'removed', '+': 'added'};

class ModelBuilder {
	readonly lines: DiffLine[] = [];
	readonly resources: DiffResourceEntry[] = [];
	readonly hunkLines: number[] = [];
	readonly hunkEnds: number[] = [];

	/** Unchanged lines `from`..`to` (0-based, exclusive) of the live side: folded, or all of them. */
	unchanged(oldLines: readonly string[] | null, from: number, to: number, full: boolean): void {
		if (to <= from) return;
		if (!full || !oldLines) {
			this.lines.push({kind: 'fold', count: to - from});
			return;
		}

		for (let index = from; index < to; index++) this.lines.push({kind: 'context', text: ` ${oldLines[index] ?? ''}`});
	}

	diff(diff: ResourceDiff, entry: DiffResourceEntry, full: boolean): void {
		// Only split the live text when it is needed: to count the trailing lines, or to unfold.
		const oldLines = full || diff.hunks.length > 0 ? splitLines(diff.leftText) : null;
		let consumed = 0;
		for (const hunk of diff.hunks) {
			// oldStart is the 1-based number of the hunk's first live line (of the next one when it has none).
			this.unchanged(oldLines, consumed, hunk.oldStart - 1, full);
			entry.hunkLines.push(this.lines.length);
			this.hunkLines.push(this.lines.length);
			this.lines.push({kind: 'hunk', text: hunkHeader(hunk)});
			for (const line of hunk.lines) this.lines.push({kind: lineKinds[line[0]!] ?? 'note', text: line});
			this.hunkEnds.push(this.lines.length);
			consumed = hunk.oldStart - 1 + hunk.oldLines;
		}

		if (oldLines && diff.hunks.length > 0) this.unchanged(oldLines, consumed, oldLines.length, full);
	}

	resource(resource: DriftResource, full: boolean): void {
		if (this.resources.length > 0) this.lines.push({kind: 'blank'});
		const entry: DiffResourceEntry = {key: refKey(resource.ref), resource, start: this.lines.length, end: 0, hunkLines: []};
		this.lines.push({kind: 'resource', mark: driftMark(resource), path: resourcePath(resource.ref)});
		if (resource.error !== null) this.lines.push({kind: 'error', text: `  ${resource.error}`});
		if (resource.diff && resource.change !== 'unchanged') this.diff(resource.diff, entry, full);
		this.resources.push(entry);
	}

	finish(): DiffModel {
		for (const [index, entry] of this.resources.entries()) entry.end = this.resources[index + 1]?.start ?? this.lines.length;
		return {
			lines: this.lines,
			resources: this.resources,
			byKey: new Map(this.resources.map((entry, index) => [entry.key, index])),
			hunkLines: this.hunkLines,
			hunkEnds: this.hunkEnds,
		};
	}
}

/**
 * Every shown resource: a header, its error if any, then its hunks with the unchanged lines between them
 * folded (or, `full`, written out from the live side's text). Uses the hunks the core computed; never re-diffs.
 */
export function buildDiffModel(report: DriftReport | null, full: boolean): DiffModel {
	const builder = new ModelBuilder();
	for (const resource of shownResources(report)) builder.resource(resource, full);
	return builder.finish();
}

const lineTones: Record<Exclude<DiffLine['kind'], 'resource' | 'fold' | 'blank'>, Tone> = {
	error: 'error',
	hunk: 'accent',
	context: 'muted',
	removed: 'removed',
	added: 'added',
	note: 'muted',
};

/** Segments of one model line; called only for the lines on screen. */
export function diffLineSegments(line: DiffLine, glyphs: GlyphSet, ascii: boolean): Segment[] {
	switch (line.kind) {
		case 'blank': {
			return [];
		}

		case 'resource': {
			const tone = markTones[line.mark];
			return [
				{text: `${driftMarkers[line.mark]} ${markWords[line.mark]} `, tone},
				{text: oneLine(line.path, ascii), tone: 'title'},
			];
		}

		case 'fold': {
			return [{text: `${glyphs.fold} ${line.count} unchanged line${line.count === 1 ? '' : 's'}`, tone: 'muted'}];
		}

		default: {
			return [{text: printable(line.text, ascii), tone: lineTones[line.kind]}];
		}
	}
}

export type DiffPosition = {resource: number; resources: number; hunk: number; hunks: number};

/** Local drift status in one word, as the title and the detail show it. */
function driftWord(drift: AppDriftState, ascii: boolean): {text: string; tone: Tone} {
	if (drift.report) return {text: drift.report.status, tone: {sync: drift.report.status}};
	if (drift.phase === 'error') return {text: 'drift error', tone: 'error'};
	if (drift.phase === 'unsupported') return {text: 'unsupported', tone: 'warning'};
	return {text: ascii ? 'computing...' : 'computing…', tone: 'muted'};
}

function textLength(segments: readonly Segment[]): number {
	return segments.reduce((total, segment) => total + [...segment.text].length, 0);
}

/** `App shop/web · ctx prod   resource 2/5, hunk 3/9 · OutOfSync · @abc1234`; the right part wins when narrow. */
export function diffTitle(
	input: {app: AppSummary; drift: AppDriftState; position: DiffPosition | null; full: boolean; width: number},
	glyphs: GlyphSet,
	ascii: boolean,
): Segment[] {
	const {app, drift, position, width} = input;
	const sep: Segment = {text: ` ${glyphs.separator} `, tone: 'muted'};
	const left: Segment[] = [
		{text: `${shortKind(app.kind)} `, tone: 'muted'},
		{text: oneLine(`${app.namespace}/${app.name}`, ascii), tone: 'title'},
		sep,
		{text: 'ctx ', tone: 'muted'},
		{text: oneLine(app.context, ascii), tone: 'context'},
	];
	const right: Segment[] = [];
	if (position && position.resources > 0) {
		const hunk = position.hunks > 0 ? position.hunk + 1 : 0;
		const text =
			width >= 72
				? `resource ${position.resource + 1}/${position.resources}, hunk ${hunk}/${position.hunks}`
				: `r ${position.resource + 1}/${position.resources} h ${hunk}/${position.hunks}`;
		right.push({text, tone: 'accent'}, sep);
	}

	right.push(driftWord(drift, ascii));
	if (drift.rendered) right.push(sep, {text: `@${oneLine(shortRevision(drift.rendered.revision), ascii)}`});
	if (input.full) right.push(sep, {text: 'full', tone: 'muted'});
	// The name keeps at least 16 columns; position and status get the rest.
	const fittedRight = fitSegments(right, Math.max(0, width - Math.min(textLength(left), 16) - 2), glyphs.ellipsis);
	const fittedLeft = fitSegments(left, Math.max(0, width - textLength(fittedRight) - 2), glyphs.ellipsis);
	const gap = Math.max(2, width - textLength(fittedLeft) - textLength(fittedRight));
	return [...fittedLeft, {text: ' '.repeat(gap)}, ...fittedRight];
}

/** What the diff view says when it has no resource to show. */
export function diffEmptyLines(drift: AppDriftState, glyphs: GlyphSet, ascii: boolean): Segment[][] {
	const revision = drift.rendered ? ` at ${oneLine(shortRevision(drift.rendered.revision), ascii)}` : '';
	if (drift.report) {
		const lines: Segment[][] = [];
		if (drift.report.errors.length === 0) lines.push([{text: `no drift: live matches Git${revision}`, tone: 'good'}]);
		else lines.push([{text: `drift unknown: ${drift.report.errors.length} problem(s)`, tone: 'error'}]);
		for (const error of drift.report.errors) lines.push([{text: `  ${driftMarkers.error} ${oneLine(error, ascii)}`, tone: 'error'}]);
		for (const warning of drift.report.warnings) lines.push([{text: `  ${oneLine(warning, ascii)}`, tone: 'warning'}]);
		return lines;
	}

	if (drift.phase === 'error') {
		return [[{text: `${glyphs.phase.disconnected} drift: ${oneLine(drift.error ?? 'failed', ascii)}`, tone: 'error'}]];
	}

	if (drift.phase === 'unsupported') {
		return [[{text: `drift is not computed for this app: ${oneLine(drift.error ?? 'unsupported source', ascii)}`, tone: 'warning'}]];
	}

	return [[{text: ascii ? 'computing drift...' : 'computing drift…', tone: 'muted'}]];
}
