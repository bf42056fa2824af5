// The live timeline of one app or of all apps: its sources gathered and merged again whenever one of them changed.
import {readAuditLog, type AuditRecord} from '../actions/audit-log.js';
import type {AppSummary} from '../apps/model.js';
import type {EventFeed} from '../events/event-feed.js';
import {appEventTargets} from './app-events.js';
import {collapseEvents, eventsAbout, targetKey, type CollapsedEvent, type EventRecord} from '../events/event-record.js';
import type {CommitInfo} from '../git/types.js';
import type {DetailState, MonitorSnapshot} from './monitor.js';
import type {SnapshotStore} from '../util/store.js';
import {errorText} from '../util/error-text.js';
import {mapLimited} from '../util/concurrency.js';
import {coalesced} from '../util/coalesced.js';
import {
	auditEntries,
	commitEntries,
	detailEntries,
	fleetCommitEntries,
	lastSyncEntries,
	mergeTimeline,
	transitionEntry,
	warningEntries,
	type TimelineEntry,
} from '../timeline/timeline.js';
import type {TransitionRecorder} from '../timeline/transitions.js';

export type TimelineState = {
	/** True until the first sources answered. */
	loading: boolean;
	/** Newest first. */
	entries: TimelineEntry[];
	/** Sources that could not be read, one line each (events forbidden, the audit log unreadable, Git away). */
	problems: string[];
};

/**
 * How far back the all-apps timeline shows commits unless told (`--since`): a day of every app's tracked path is
 * what "what changed" needs, and keeps a fleet's feed from being all old commits.
 */
export const fleetCommitWindowMs = 24 * 60 * 60_000;

/** Apps whose commits are read at once for the all-apps timeline: each costs a read of the app and a git log. */
const fleetCommitReads = 4;

export type TimelineOptions = {
	/** All apps: commits before this time (epoch ms) are left out; default the last `fleetCommitWindowMs`. */
	commitsSinceMs?: number;
};

export const loadingTimeline: TimelineState = Object.freeze({loading: true, entries: [], problems: []}) as TimelineState;

type FollowTimelineOptions = {
	/** One app, or null: all apps. */
	appId: string | null;
	store: SnapshotStore<MonitorSnapshot>;
	transitions: TransitionRecorder;
	feed: EventFeed;
	auditPath: string;
	/** Follow one app's detail (history, operation): the monitor's own watchDetail. */
	watchDetail: (appId: string, onChange: (state: DetailState) => void) => () => void;
	/** Commits on the path the app tracks, newest first. */
	commits: (app: AppSummary) => Promise<CommitInfo[]>;
	onChange: (state: TimelineState) => void;
	/** Read the audit log again this often (other driftwatch processes write it too); default 10 s. */
	auditPollMs?: number;
} & TimelineOptions;

/** Follows the timeline until the returned function is called. */
export function followTimeline(options: FollowTimelineOptions): () => void {
	let closed = false;
	let detail: DetailState | null = null;
	let commits: CommitInfo[] = [];
	let commitsRead = options.appId === null;
	let commitProblem: string | null = null;
	// All apps: each app's commits, read once per app while the timeline is open (commits are history).
	const fleetCommits = new Map<string, {app: AppSummary; commits: CommitInfo[]} | {app: AppSummary; error: string} | null>();
	let audit: AuditRecord[] = [];
	let auditRead = false;
	let auditProblem: string | null = null;

	const snapshot = () => options.store.getSnapshot();
	const appOf = (id: string) => snapshot().apps.find(app => app.id === id);

	const build = (): TimelineState => {
		const {apps, context} = snapshot();
		const app = options.appId === null ? undefined : appOf(options.appId);
		const feed = options.feed.state();
		const problems: string[] = [];
		if (feed.source.phase !== 'live' && feed.source.phase !== 'connecting' && feed.source.phase !== 'partial') {
			problems.push(`events: ${feed.source.phase}${feed.source.message ? `: ${feed.source.message}` : ''}`);
		}
		if (auditProblem) problems.push(`audit log: ${auditProblem}`);
		if (commitProblem) problems.push(`commits: ${commitProblem}`);
		const fleetFailed = [...fleetCommits.values()].flatMap(read => (read && 'error' in read ? [read] : []));
		if (fleetFailed.length > 0) {
			const more = fleetFailed.length > 1 ? ` (and ${fleetFailed.length - 1} more ${fleetFailed.length === 2 ? 'app' : 'apps'})` : '';
			problems.push(`commits of ${fleetFailed[0]!.app.name}: ${fleetFailed[0]!.error}${more}`);
		}
		if (detail?.error) problems.push(`detail: ${detail.error}`);
		const warnings =
			options.appId === null
				? warningEntries(collapseEvents(fleetEvents(feed.events.values(), apps)), event => attributeEvent(event, apps))
				: app
					? warningEntries(collapseEvents(eventsAbout(feed.events.values(), appEventTargets(app, detail?.detail ?? null))), () => app)
					: [];
		const entries = mergeTimeline(
			[
				options.transitions.transitions().map(transitionEntry),
				auditEntries(audit, context, apps),
				warnings,
				app && detail?.detail ? detailEntries(app, detail.detail) : [],
				options.appId === null ? lastSyncEntries(apps) : [],
				app ? commitEntries(app, commits) : [],
				options.appId === null
					? fleetCommitEntries(
							// Only apps still listed: a deleted app's commits are no longer anyone's.
							apps.flatMap(listed => {
								const read = fleetCommits.get(listed.id);
								return read && 'commits' in read ? [{app: listed, commits: read.commits}] : [];
							}),
							options.commitsSinceMs ?? Date.now() - fleetCommitWindowMs,
						)
					: [],
			],
			{appId: options.appId},
		);
		return {
			// Until the events' first list answers, the Warning entries are not known yet: a one-shot reader must wait.
			loading:
				!auditRead ||
				!commitsRead ||
				[...fleetCommits.values()].includes(null) ||
				feed.source.phase === 'connecting' ||
				(options.appId !== null && (detail === null || detail.loading)),
			entries,
			problems,
		};
	};
	const rebuild = coalesced(build, options.onChange, 50);
	const schedule = rebuild.schedule;

	const readAudit = async () => {
		try {
			audit = await readAuditLog(options.auditPath);
			auditProblem = null;
		} catch (error) {
			auditProblem = errorText(error);
		}
		auditRead = true;
		schedule();
	};

	// All apps: read the commits of every app not read yet (the ones listed now, and any that appears later).
	const readFleetCommits = () => {
		if (closed || options.appId !== null) return;
		const unread = snapshot().apps.filter(app => !fleetCommits.has(app.id));
		if (unread.length === 0) return;
		for (const app of unread) fleetCommits.set(app.id, null);
		void mapLimited(unread, fleetCommitReads, async app => {
			if (closed) return;
			try {
				fleetCommits.set(app.id, {app, commits: await options.commits(app)});
			} catch (error) {
				fleetCommits.set(app.id, {app, error: errorText(error)});
			}
			schedule();
		});
	};

	const stops: Array<() => void> = [];
	stops.push(options.feed.subscribe(schedule));
	let lastActions = snapshot().actions;
	stops.push(
		options.store.subscribe(() => {
			// An action of this session ended: its audit line is there now.
			if (snapshot().actions !== lastActions) {
				lastActions = snapshot().actions;
				void readAudit();
			}
			readFleetCommits();
			schedule();
		}),
	);
	if (options.appId !== null) {
		const appId = options.appId;
		stops.push(
			options.watchDetail(appId, state => {
				detail = state;
				schedule();
			}),
		);
		const app = appOf(appId);
		if (app) {
			void options.commits(app).then(
				found => {
					commits = found;
					commitsRead = true;
					schedule();
				},
				(error: unknown) => {
					commitProblem = errorText(error);
					commitsRead = true;
					schedule();
				},
			);
		} else commitsRead = true;
	}
	readFleetCommits();
	const poll = setInterval(() => void readAudit(), options.auditPollMs ?? 10_000);
	poll.unref();
	void readAudit();
	schedule();
	return () => {
		closed = true;
		rebuild.stop();
		clearInterval(poll);
		for (const stop of stops) stop();
	};
}

/** Events in the namespaces apps live in or deploy into: an event anywhere else is about nothing shown. */
export function fleetEvents(events: Iterable<EventRecord>, apps: readonly AppSummary[]): EventRecord[] {
	const namespaces = new Set(apps.flatMap(app => [app.namespace, ...app.deploysInto]));
	const found: EventRecord[] = [];
	for (const event of events) if (namespaces.has(event.subject.namespace) || namespaces.has(event.namespace)) found.push(event);
	return found;
}

/** The app an event is about: the app object itself, else the one app that deploys into its namespace (none when several do). */
export function attributeEvent(event: CollapsedEvent, apps: readonly AppSummary[]): AppSummary | null {
	const key = targetKey(event.subject);
	const own = apps.find(app => targetKey(app) === key);
	if (own) return own;
	const deploying = apps.filter(app => app.deploysInto.includes(event.subject.namespace));
	return deploying.length === 1 ? deploying[0]! : null;
}
