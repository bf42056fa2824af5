// Pure derivations from the snapshot: filter, sort, counts. No React here.
import type {AppSummary, HealthStatus, SyncStatus} from '../../core/apps/model.js';
import {appKinds, readFromCluster} from '../../core/controllers/controllers.js';
import {shortKind, shortRevision} from '../text/format.js';
import {unreadPhases, type SourcePhase, type SourceState} from '../../core/kube/source-state.js';

export type SortKey = 'name' | 'health' | 'sync' | 'lastChange' | 'context';

/** What `s` cycles through; 'context' joins only while several contexts are watched (see nextSort). */
export const sortKeys: readonly SortKey[] = ['name', 'health', 'sync', 'lastChange'];

export const sortLabels: Record<SortKey, string> = {
	name: 'name',
	health: 'health',
	sync: 'sync',
	lastChange: 'last change',
	context: 'context',
};

/** The sorts on offer: by context too while several contexts are watched. */
export function sortKeysFor(severalContexts: boolean): readonly SortKey[] {
	return severalContexts ? [...sortKeys, 'context'] : sortKeys;
}

export function nextSort(current: SortKey, severalContexts = false): SortKey {
	const keys = sortKeysFor(severalContexts);
	return keys[(keys.indexOf(current) + 1) % keys.length]!;
}

/** Accepts what a user would type after `:sort` (name, health, sync, last, change…). */
export function parseSortKey(word: string): SortKey | null {
	const lower = word.toLowerCase();
	if (!lower) return null;
	if ('lastchange'.startsWith(lower) || 'change'.startsWith(lower) || lower === 'age' || lower === 'last-change') {
		return 'lastChange';
	}

	if (lower === 'ctx') return 'context';
	return sortKeysFor(true).find(key => key.toLowerCase().startsWith(lower)) ?? null;
}

// Attention order for on-call: broken before unknown before in-flight before fine.
const healthRank: Record<HealthStatus, number> = {
	Degraded: 0,
	Missing: 1,
	Unknown: 2,
	Progressing: 3,
	Suspended: 4,
	Healthy: 5,
};

const syncRank: Record<SyncStatus, number> = {
	OutOfSync: 0,
	Unknown: 1,
	Synced: 2,
};

/** The filter words of each kind of app, as its controller registers them. */
const kindWords: ReadonlyMap<string, string> = new Map(appKinds().map(({kind, filterWords}) => [kind, filterWords]));

/** Everything a filter word may match, lower-cased, built once per app. */
function searchText(app: AppSummary): string {
	return [
		app.name,
		app.namespace,
		app.kind,
		// What the KIND column shows, so a word read off the row finds it.
		shortKind(app.kind),
		kindWords.get(app.kind) ?? '',
		app.provider,
		app.context,
		app.health,
		app.sync,
		app.stateLabel,
		app.stateLabel.replace(/\s+/g, ''),
		app.revision,
		shortRevision(app.revision),
	]
		.join(' ')
		.toLowerCase();
}

const searchCache = new WeakMap<AppSummary, string>();

function cachedSearchText(app: AppSummary): string {
	let text = searchCache.get(app);
	if (text === undefined) {
		text = searchText(app);
		searchCache.set(app, text);
	}

	return text;
}

/**
 * Build the search text of rows that have none yet, so the first character typed into the filter does not pay
 * for all of them at once. Rows keep their identity until they change: after the first list this touches only
 * the rows a watch event replaced.
 */
export function prepareSearch(apps: readonly AppSummary[]): void {
	for (const app of apps) cachedSearchText(app);
}

function filterWords(query: string): string[] {
	return query
		.toLowerCase()
		.split(/\s+/)
		.filter(word => word !== '');
}

/** Every word must match somewhere (AND). */
function matchesFilter(app: AppSummary, words: readonly string[]): boolean {
	if (words.length === 0) return true;
	const text = cachedSearchText(app);
	return words.every(word => text.includes(word));
}

// Same order as String.prototype.localeCompare, several times faster over thousands of names.
const collator = new Intl.Collator();

function byName(a: AppSummary, b: AppSummary): number {
	return collator.compare(a.name, b.name) || collator.compare(a.namespace, b.namespace) || collator.compare(a.id, b.id);
}

function changeTime(app: AppSummary): number {
	const at = app.lastChange ? Date.parse(app.lastChange) : Number.NaN;
	return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

const comparators: Record<SortKey, (a: AppSummary, b: AppSummary) => number> = {
	name: byName,
	health: (a, b) => healthRank[a.health] - healthRank[b.health] || byName(a, b),
	sync: (a, b) => syncRank[a.sync] - syncRank[b.sync] || byName(a, b),
	context: (a, b) => collator.compare(a.context, b.context) || byName(a, b),
	// Newest first; apps that never changed go last.
	lastChange(a, b) {
		const difference = changeTime(b) - changeTime(a);
		return Number.isNaN(difference) || difference === 0 ? byName(a, b) : difference;
	},
};

/** Apps of one context (`:ctx NAME` while several are watched); all apps when null. */
export function inContext(apps: readonly AppSummary[], context: string | null): readonly AppSummary[] {
	return context === null ? apps : apps.filter(app => app.context === context);
}

/** Apps that deploy into `namespace` (all apps when null). */
export function deployingInto(apps: readonly AppSummary[], namespace: string | null): readonly AppSummary[] {
	return namespace === null ? apps : apps.filter(app => app.deploysInto.includes(namespace));
}

export function visibleApps(apps: readonly AppSummary[], filter: string, sort: SortKey): AppSummary[] {
	const words = filterWords(filter);
	return apps.filter(app => matchesFilter(app, words)).sort(comparators[sort]);
}

/** Whether a row's change can move it in the list or in or out of the filter (the search text has all of these). */
function placeChanged(a: AppSummary, b: AppSummary): boolean {
	return (
		a.id !== b.id ||
		a.name !== b.name ||
		a.namespace !== b.namespace ||
		a.health !== b.health ||
		a.sync !== b.sync ||
		a.lastChange !== b.lastChange ||
		a.stateLabel !== b.stateLabel ||
		a.revision !== b.revision ||
		a.deploysInto.join() !== b.deploysInto.join()
	);
}

/**
 * `visibleApps(apps, …)` from the result for the previous apps array, without filtering or sorting again, when
 * no row was added, removed, or changed in a way that could move it (a status message, a resourceVersion);
 * null when that does not hold. Unchanged: the very same array, so what depends on it is not recomputed.
 */
export function visibleAppsFrom(
	previousApps: readonly AppSummary[],
	previousResult: readonly AppSummary[],
	apps: readonly AppSummary[],
): readonly AppSummary[] | null {
	if (previousApps.length !== apps.length) return null;
	let replaced: Map<string, AppSummary> | null = null;
	for (let index = 0; index < apps.length; index++) {
		const before = previousApps[index]!;
		const after = apps[index]!;
		if (before === after) continue;
		if (placeChanged(before, after)) return null;
		replaced ??= new Map();
		replaced.set(after.id, after);
	}
	if (replaced === null) return previousResult;
	const changed = replaced;
	return previousResult.map(app => changed.get(app.id) ?? app);
}

/**
 * The result for `filter` from the result for a shorter filter it extends by one character: every app that
 * matches the longer filter matches the shorter one (each word is the same or longer), and the order holds.
 */
export function narrowVisible(previousResult: readonly AppSummary[], filter: string): AppSummary[] {
	const words = filterWords(filter);
	return previousResult.filter(app => matchesFilter(app, words));
}

const healthDisplayOrder: readonly HealthStatus[] = ['Healthy', 'Degraded', 'Progressing', 'Suspended', 'Missing', 'Unknown'];

type HealthCount = {health: HealthStatus; count: number};

/** Non-zero counts by health, in a fixed order so the header does not jump. */
const healthCountCache = new WeakMap<readonly AppSummary[], HealthCount[]>();

export function healthCounts(apps: readonly AppSummary[]): HealthCount[] {
	let cached = healthCountCache.get(apps);
	if (cached === undefined) {
		cached = countHealth(apps);
		healthCountCache.set(apps, cached);
	}
	return cached;
}

function countHealth(apps: readonly AppSummary[]): HealthCount[] {
	const counts = new Map<HealthStatus, number>();
	for (const app of apps) counts.set(app.health, (counts.get(app.health) ?? 0) + 1);
	return healthDisplayOrder.filter(health => counts.has(health)).map(health => ({health, count: counts.get(health)!}));
}

const outOfSyncCache = new WeakMap<readonly AppSummary[], number>();

export function outOfSyncCount(apps: readonly AppSummary[]): number {
	let count = outOfSyncCache.get(apps);
	if (count === undefined) {
		count = 0;
		for (const app of apps) if (app.sync === 'OutOfSync') count++;
		outOfSyncCache.set(apps, count);
	}
	return count;
}

type SourceSummary = {
	total: number;
	live: number;
	/** Sources that are not live, worst first. */
	problems: SourceState[];
};

const phaseRank: Record<SourcePhase, number> = {
	unauthorized: 0,
	disconnected: 1,
	forbidden: 2,
	partial: 3,
	stale: 4,
	connecting: 5,
	live: 6,
};

/** One context's state in a word: its worst source's phase; null while it has none (nothing discovered yet, or nothing to watch). */
export function worstPhase(sources: readonly SourceState[]): SourcePhase | null {
	let worst: SourcePhase | null = null;
	for (const source of sources) if (worst === null || phaseRank[source.phase] < phaseRank[worst]) worst = source.phase;
	return worst;
}

export function sourceSummary(sources: readonly SourceState[]): SourceSummary {
	const problems = sources
		.filter(source => source.phase !== 'live')
		// Stable within a phase: the monitor lists app types before their sources.
		.sort((a, b) => phaseRank[a.phase] - phaseRank[b.phase]);
	return {total: sources.length, live: sources.length - problems.length, problems};
}

/**
 * Which rows show data that is not live: those of a kind whose source cannot be read now, and every cluster row
 * while discovery itself fails. Git apps are compared with Git and say their own errors.
 */
export function notLiveRows(sources: readonly SourceState[]): (app: AppSummary) => boolean {
	const unread = sources.filter(source => unreadPhases.has(source.phase));
	if (unread.length === 0) return () => false;
	// Several contexts watched: each source carries its context, and only that context's rows follow it.
	const contextOf = (source: SourceState) => source.context ?? null;
	const blind = new Set(unread.filter(source => source.key === 'discovery').map(contextOf));
	const kinds = new Set(unread.map(source => `${contextOf(source) ?? ''}\0${source.kind}`));
	const several = unread.some(source => source.context !== undefined);
	// Git apps have no source of their own: their live half is read from the cluster object by object. A context of
	// which every source is unread (its server does not answer) cannot have answered those reads either; discovery
	// alone failing, with lists live, says the server answers, so those reads stand.
	const down = new Set(
		[...new Set(sources.map(contextOf))].filter(context =>
			sources.every(source => contextOf(source) !== context || unreadPhases.has(source.phase)),
		),
	);
	return app => {
		const context = several ? app.context : null;
		if (!readFromCluster(app)) return down.has(context);
		return blind.has(context) || kinds.has(`${context ?? ''}\0${app.kind}`);
	};
}

/** Distinct namespaces of the apps, for `:ns` completion. */
export function namespacesOf(apps: readonly AppSummary[]): string[] {
	return [...new Set(apps.map(app => app.namespace))].sort();
}

/** Distinct namespaces the apps deploy into, for `:into` completion. */
export function destinationsOf(apps: readonly AppSummary[]): string[] {
	return [...new Set(apps.flatMap(app => app.deploysInto))].sort();
}

/** "Flux kustomizations, Flux Helm releases" → "Flux kustomizations, Helm releases": room for more names. */
export function joinLabels(labels: readonly string[]): string {
	const parts: string[] = [];
	let previousPrefix = '';
	for (const label of labels) {
		const [prefix = '', ...rest] = label.split(' ');
		parts.push(prefix === previousPrefix && rest.length > 0 ? rest.join(' ') : label);
		previousPrefix = prefix;
	}
	return parts.join(', ');
}
