// The log view's text: log lines (cleaned of anything a terminal would act on) laid out as screen rows, cut or
// wrapped to the width, notices of the stream among them, the search's matches marked, and the title line.
import type {LogContainer, LogPod} from '../../core/kube/pod-containers.js';
import type {PodLogNotice} from '../../core/logs/pod-log.js';
import {printableLine} from '../../core/util/terminal-text.js';
import type {Segment} from '../components/line.js';
import type {LogViewState} from '../state/ui-state.js';

/** A line of the log, or a notice of its stream (broken, reconnected…) shown where it happened. */
export type LogEntry = {text: string; notice?: LogNotice};

/** A notice of the stream, or 'gone': the pod shown was deleted or replaced while the view was open. */
export type LogNotice = PodLogNotice['kind'] | 'gone';

/** Log text for one screen line: tabs to spaces, every control character (ESC, CR, C1, bidi) a visible escape. */
export function cleanLogLine(text: string): string {
	return printableLine(text.replace(/\r$/, '').replace(/\t/g, '    '));
}

export type LogRow = {line: number; text: string; notice?: LogNotice};

export type LogLayout = {rows: readonly LogRow[]; rowOfLine: readonly number[]};

/** Each entry one row (cut at the screen edge by Line), or wrapped into as many rows as it needs. */
export function layoutLogRows(entries: readonly LogEntry[], width: number, wrap: boolean): LogLayout {
	const rows: LogRow[] = [];
	const rowOfLine: number[] = [];
	const columns = Math.max(1, width);
	entries.forEach((entry, line) => {
		rowOfLine.push(rows.length);
		const text = entry.notice ? `-- ${entry.text} --` : entry.text;
		if (!wrap || text.length <= columns) {
			rows.push({line, text, ...(entry.notice ? {notice: entry.notice} : {})});
			return;
		}
		const characters = [...text];
		for (let start = 0; start < characters.length; start += columns)
			rows.push({line, text: characters.slice(start, start + columns).join(''), ...(entry.notice ? {notice: entry.notice} : {})});
	});
	return {rows, rowOfLine};
}

/** A row's segments: notices in their tone, the search text marked in the line's. */
export function logRowSegments(row: LogRow, search: string): Segment[] {
	if (row.notice)
		return [
			{
				text: row.text,
				tone: row.notice === 'reconnected' ? 'good' : row.notice === 'broken' || row.notice === 'gone' ? 'warning' : 'error',
			},
		];
	// Ink gives a row with no text no height: a blank line (part of a stack trace) would vanish. A space keeps it.
	if (row.text === '') return [{text: ' '}];
	if (!search) return [{text: row.text}];
	const segments: Segment[] = [];
	const lower = row.text.toLowerCase();
	const wanted = search.toLowerCase();
	let from = 0;
	for (let found = lower.indexOf(wanted); found !== -1; found = lower.indexOf(wanted, from)) {
		if (found > from) segments.push({text: row.text.slice(from, found)});
		segments.push({text: row.text.slice(found, found + wanted.length), tone: 'warning'});
		from = found + wanted.length;
	}
	if (from < row.text.length) segments.push({text: row.text.slice(from)});
	return segments.length > 0 ? segments : [{text: row.text}];
}

/** The title: what is shown (pod and container, or the controller), how (previous, following, wrap), the search. */
export function logTitle(
	logs: LogViewState,
	target: {pod: LogPod; container: LogContainer} | null,
	status: string,
	search: {count: number; index: number},
): Segment[] {
	const segments: Segment[] = [{text: 'logs ', tone: 'title'}];
	if (logs.source === 'controller') segments.push({text: `controller lines about ${logs.app.name}`, tone: 'heading'});
	else if (target) {
		segments.push({text: `${target.pod.name} `, tone: 'heading'}, {text: `-c ${target.container.name}`, tone: 'accent'});
		if (logs.previous) segments.push({text: ' previous', tone: 'warning'});
	} else segments.push({text: logs.app.name, tone: 'heading'});
	const flags = [status, logs.wrap ? 'wrap' : ''].filter(Boolean).join(', ');
	if (flags) segments.push({text: `  ${flags}`, tone: 'muted'});
	if (logs.search)
		segments.push({text: `  /${logs.search} ${search.count === 0 ? 'none' : `${search.index + 1}/${search.count}`}`, tone: 'accent'});
	return segments;
}

/** A picker line: pod, container (init marked), its state and restarts. */
export function pickerLine(pod: LogPod, container: LogContainer): string {
	const state = container.state || (pod.node ? '' : 'not scheduled');
	const restarts = container.restarts > 0 ? `  restarts ${container.restarts}` : '';
	return cleanLogLine(`${pod.name}  ${container.name}${container.init ? ' (init)' : ''}  ${state}${restarts}`.trimEnd());
}
