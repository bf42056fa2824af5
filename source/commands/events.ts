// `driftwatch events APP [--json]`: the Kubernetes events about APP's object and every resource it manages, read
// once from both Event APIs (core/v1 and events.k8s.io/v1, merged by uid), repeats collapsed, newest first.
import type {AppSummary} from '../core/apps/model.js';
import type {DetailState} from '../core/monitor/monitor.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {appPath} from '../core/controllers/app-ref.js';
import {appEventTargets} from '../core/monitor/app-events.js';
import {collapseEvents, eventsAbout, type CollapsedEvent} from '../core/events/event-record.js';
import {readEvents} from '../core/events/read-events.js';
import {untilDoneOrIdle} from '../core/util/progress-deadline.js';
import {withApp} from './app-session.js';
import type {ClusterFlags} from './options.js';
import {fail, problem, stdout, type Painted} from './output.js';

export type EventsFlags = ClusterFlags & {app: string; json: boolean; color: boolean};

/** Exit 0 with the events printed (none is fine), 2 when they could not be read (forbidden, the server away…). */
export async function runEvents(flags: EventsFlags): Promise<number> {
	const timeoutMs = flags.timeoutMs ?? 15_000;
	return withApp(flags, {timeoutMs, compareNamed: true}, async ({monitor, app, loaded}) => {
		const detail = await firstDetail(monitor, app.id, timeoutMs);
		// Without the detail only the app object's own events can be named; say why the rest is missing.
		if (detail?.error) problem(`${appPath(app)}: resources not read (${detail.error}); showing the app object's events only`);
		const targets = appEventTargets(app, detail?.detail ?? null);
		const namespaces = [...new Set(targets.map(target => target.namespace).filter(namespace => namespace !== ''))];
		const read = await readEvents(loaded.kc, namespaces, AbortSignal.timeout(Math.max(timeoutMs, 30_000)));
		if (read.problem && read.events.length === 0) return fail(`events of ${appPath(app)}: ${read.problem}`);
		if (read.problem) problem(`some events could not be read: ${read.problem}`);
		const events = collapseEvents(eventsAbout(read.events, targets));
		if (flags.json) stdout.json({app: appPath(app), events: events.map(eventJson)});
		else printEvents(app, events, flags.color && stdout.isTTY);
		return 0;
	});
}

/** The app's first settled detail (its managed resources), or null when none came in time. */
export async function firstDetail(monitor: LiveMonitor, appId: string, idleMs: number): Promise<DetailState | null> {
	let settled: DetailState | null = null;
	const stop = monitor.watchDetail(appId, state => {
		if (!state.loading) settled ??= state;
	});
	try {
		await untilDoneOrIdle({done: () => settled !== null, progress: () => monitor.progress(), idleMs});
		return settled;
	} finally {
		stop();
	}
}

function eventJson(event: CollapsedEvent) {
	return {
		type: event.type,
		reason: event.reason,
		object: event.subject,
		message: event.message,
		count: event.count,
		firstTime: event.firstTime,
		lastTime: event.lastTime,
		source: event.source,
		namespace: event.namespace,
		name: event.name,
	};
}

function printEvents(app: AppSummary, events: readonly CollapsedEvent[], color: boolean): void {
	if (events.length === 0) {
		stdout.lines([`No events about ${appPath(app)} or its resources (the API server keeps events for about an hour).`]);
		return;
	}
	const now = Date.now();
	const rows = events.map(event => [
		event.lastTime ? shortAge(now - Date.parse(event.lastTime)) : '<unknown>',
		event.type,
		event.reason,
		`${event.subject.kind}/${event.subject.name}`,
		event.count > 1 ? `x${event.count}` : '',
		event.message.replace(/\s+/g, ' ').trim(),
	]);
	const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'];
	const widths = header.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column]!) : cell))
			.join('  ')
			.trimEnd();
	if (!color) {
		stdout.lines([line(header), ...rows.map(line)]);
		return;
	}
	const painted: Painted[] = [{text: `${line(header)}\n`, style: 'bold'}];
	events.forEach((event, index) => {
		// Warnings stand out; without colour the TYPE column says it.
		painted.push({text: `${line(rows[index]!)}\n`, style: event.type === 'Warning' ? 'red' : undefined});
	});
	stdout.painted(painted);
}

/** kubectl's short ages: 45s, 12m, 3h, 2d. */
export function shortAge(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 120) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h`;
	return `${Math.floor(hours / 24)}d`;
}
