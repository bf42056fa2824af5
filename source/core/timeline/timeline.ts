// The timeline: what changed, from every source driftwatch can see, as one time-ordered feed — commits on the
// tracked path, syncs and operations with who started them, health and sync transitions seen while running,
// Warning events and driftwatch's own audited actions. Pure: each source is turned into entries here, the
// callers (the live monitor, the CLI) gather the sources.
import type {AppDetail} from '../apps/detail.js';
import type {AppSummary} from '../apps/model.js';
import type {AuditRecord} from '../actions/audit-log.js';
import {appPath} from '../controllers/app-ref.js';
import type {CommitInfo} from '../git/types.js';
import type {CollapsedEvent} from '../events/event-record.js';

export type TimelineKind = 'commit' | 'sync' | 'operation' | 'transition' | 'event' | 'action';

export type TimelineEntry = {
	/** ISO time it happened. */
	time: string;
	kind: TimelineKind;
	/** The app it is about (its id), or null when it names none. */
	appId: string | null;
	/** KIND/NAMESPACE/NAME of the app, or '' when none. */
	app: string;
	/**
	 * Every app it is about, KIND/NAMESPACE/NAME, when it is about several: a commit on a repository and path that
	 * several apps track is one entry for all of them. Absent when it is about one app (or none).
	 */
	apps?: string[];
	/** The kube context of the app(s), set only while several are watched: the same app name lives in each. */
	context?: string;
	/** One line: what happened. */
	text: string;
	/** Who did it (commit author, the user who started an operation, the controller), '' when unknown. */
	who: string;
	/** How it reads: 'bad' (a failure, a Warning, Degraded), 'good' (succeeded, Healthy) or 'normal'. */
	tone: 'bad' | 'good' | 'normal';
};

/** A change of an app's health, sync or applied revision, seen while driftwatch ran. */
export type Transition = {
	time: string;
	appId: string;
	app: string;
	field: 'health' | 'sync' | 'revision';
	from: string;
	to: string;
};

const badHealth = new Set(['Degraded', 'Missing', 'Unknown']);

export function transitionEntry(transition: Transition): TimelineEntry {
	const {field, from, to} = transition;
	const text = field === 'revision' ? `applied revision ${shortRevision(from)} -> ${shortRevision(to)}` : `${field} ${from} -> ${to}`;
	const tone =
		field === 'health'
			? badHealth.has(to)
				? 'bad'
				: to === 'Healthy'
					? 'good'
					: 'normal'
			: field === 'sync' && to === 'OutOfSync'
				? 'bad'
				: 'normal';
	return {time: transition.time, kind: 'transition', appId: transition.appId, app: transition.app, text, who: '', tone};
}

/** The syncs an app's detail records: its operation (Argo CD) and its history (Argo CD syncs, Flux reconciliations). */
export function detailEntries(app: AppSummary, detail: AppDetail): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	const base = {appId: app.id, app: appPath(app)};
	const operation = detail.operation;
	if (operation?.startedAt) {
		const revision = operation.revision ? ` to ${shortRevision(operation.revision)}` : '';
		entries.push({
			...base,
			time: operation.startedAt,
			kind: 'operation',
			text: `sync${revision} started`,
			who: operation.initiatedBy,
			tone: 'normal',
		});
		if (operation.finishedAt) {
			const failed = operation.phase === 'Failed' || operation.phase === 'Error';
			entries.push({
				...base,
				time: operation.finishedAt,
				kind: 'operation',
				text: `sync${revision} ${operation.phase.toLowerCase()}${operation.message ? `: ${operation.message}` : ''}`,
				who: operation.initiatedBy,
				tone: failed ? 'bad' : operation.phase === 'Succeeded' ? 'good' : 'normal',
			});
		}
	}
	for (const entry of detail.history) {
		if (!entry.deployedAt) continue;
		const commit = entry.commit ? ` "${entry.commit.subject}"` : '';
		const note = entry.note ? ` (${entry.note})` : '';
		const failed = /fail/i.test(entry.note);
		entries.push({
			...base,
			time: entry.deployedAt,
			kind: 'sync',
			text: `${app.provider === 'argocd' ? 'synced' : 'applied'} ${shortRevision(entry.revision) || 'revision'}${commit}${note}`,
			who: entry.initiatedBy ?? '',
			tone: failed ? 'bad' : 'normal',
		});
	}
	return entries;
}

/**
 * The last sync of every app, from its row (no extra read): what the all-apps timeline shows of syncs, where
 * reading every app's history would cost a request per app.
 */
export function lastSyncEntries(apps: readonly AppSummary[]): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const app of apps) {
		if (!app.lastChange) continue;
		const phase = app.operation ? ` (${app.operation.phase.toLowerCase()})` : '';
		const failed = app.operation?.phase === 'Failed' || app.operation?.phase === 'Error';
		entries.push({
			time: app.lastChange,
			kind: 'sync',
			appId: app.id,
			app: appPath(app),
			text: `${app.provider === 'argocd' ? 'synced' : 'applied'} ${shortRevision(app.revision) || 'revision'}${phase}`,
			who: '',
			tone: failed ? 'bad' : 'normal',
		});
	}
	return entries;
}

/** Commits on the path an app tracks. */
export function commitEntries(app: AppSummary, commits: readonly CommitInfo[]): TimelineEntry[] {
	return commits
		.filter(commit => commit.date !== '')
		.map(commit => ({
			time: commit.date,
			kind: 'commit' as const,
			appId: app.id,
			app: appPath(app),
			text: `commit ${commit.hash.slice(0, 7)} ${commit.subject}`,
			who: commit.author,
			tone: 'normal' as const,
		}));
}

/**
 * The commits of every app, each commit once: apps that track the same repository and path see the same
 * commits, and the all-apps timeline names them together on one entry. Commits before `sinceMs` (epoch ms) are
 * left out.
 */
export function fleetCommitEntries(
	tracked: ReadonlyArray<{app: AppSummary; commits: readonly CommitInfo[]}>,
	sinceMs: number,
): TimelineEntry[] {
	const byHash = new Map<string, {commit: CommitInfo; apps: AppSummary[]}>();
	for (const {app, commits} of tracked) {
		for (const commit of commits) {
			const at = Date.parse(commit.date);
			if (Number.isNaN(at) || at < sinceMs) continue;
			const seen = byHash.get(commit.hash);
			if (!seen) byHash.set(commit.hash, {commit, apps: [app]});
			else if (!seen.apps.some(other => other.id === app.id)) seen.apps.push(app);
		}
	}
	return [...byHash.values()].map(({commit, apps}) => {
		const paths = apps.map(appPath).sort();
		const first = apps.find(app => appPath(app) === paths[0])!;
		return {
			...commitEntries(first, [commit])[0]!,
			...(paths.length > 1 ? {apps: paths} : {}),
		};
	});
}

/** Warning events (Normal ones are the events view's business: the timeline is what went wrong and what changed). */
export function warningEntries(events: readonly CollapsedEvent[], appOf: (event: CollapsedEvent) => AppSummary | null): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const event of events) {
		if (event.type !== 'Warning' || event.lastTime === null) continue;
		const app = appOf(event);
		const times = event.count > 1 ? ` (x${event.count})` : '';
		entries.push({
			time: event.lastTime,
			kind: 'event',
			appId: app?.id ?? null,
			app: app ? appPath(app) : '',
			text: `Warning ${event.reason} ${event.subject.kind}/${event.subject.name}: ${event.message}${times}`,
			who: event.source,
			tone: 'bad',
		});
	}
	return entries;
}

/** driftwatch's own actions in this context, from the audit log. */
export function auditEntries(records: readonly AuditRecord[], context: string, apps: readonly AppSummary[]): TimelineEntry[] {
	return records
		.filter(entry => entry.context === context)
		.map(entry => {
			const app = apps.find(
				candidate => candidate.kind === entry.kind && candidate.namespace === entry.namespace && candidate.name === entry.app,
			);
			const error = entry.error ? `: ${entry.error}` : '';
			return {
				time: entry.time,
				kind: 'action' as const,
				appId: app?.id ?? null,
				app: `${entry.kind}/${entry.namespace}/${entry.app}`,
				text: `driftwatch ${entry.action} ${entry.result}${error}`,
				who: entry.user,
				tone: entry.result === 'ok' ? ('good' as const) : entry.result === 'started' ? ('normal' as const) : ('bad' as const),
			};
		});
}

/**
 * Entries merged newest first, since `sinceMs` (epoch ms; null: all), for one app (appId) or all. The same thing
 * seen twice (an operation also in history at the same time) is kept once.
 */
export function mergeTimeline(
	sources: ReadonlyArray<readonly TimelineEntry[]>,
	options: {sinceMs?: number | null; appId?: string | null} = {},
): TimelineEntry[] {
	const seen = new Set<string>();
	const merged: Array<TimelineEntry & {at: number}> = [];
	for (const source of sources) {
		for (const entry of source) {
			const at = Date.parse(entry.time);
			if (Number.isNaN(at)) continue;
			if (options.sinceMs !== undefined && options.sinceMs !== null && at < options.sinceMs) continue;
			if (options.appId && entry.appId !== options.appId) continue;
			const key = `${at}\0${entry.kind}\0${entry.appId}\0${entry.text}`;
			if (seen.has(key)) continue;
			seen.add(key);
			merged.push({...entry, at});
		}
	}
	merged.sort((a, b) => b.at - a.at || kindOrder[a.kind] - kindOrder[b.kind] || a.app.localeCompare(b.app));
	return merged.map(({at: _at, ...entry}) => entry);
}

/** At the same instant: what caused (commit) before what followed. Newest first, so causes sort last. */
const kindOrder: Record<TimelineKind, number> = {transition: 0, event: 1, operation: 2, sync: 3, action: 4, commit: 5};

function shortRevision(revision: string): string {
	const digest = /(?:sha1|sha256):([0-9a-f]+)$/.exec(revision)?.[1];
	if (digest) return `${revision.slice(0, revision.indexOf('@') + 1)}${digest.slice(0, 7)}`;
	return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}
