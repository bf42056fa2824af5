// Kubernetes Events as driftwatch reads them: one shape for both APIs that serve them. A real kube-apiserver stores
// each Event once and serves it as core/v1 (involvedObject, message, count, firstTimestamp/lastTimestamp) and as
// events.k8s.io/v1 (regarding, note, deprecatedCount, deprecatedFirst/LastTimestamp), with the same uid: records
// are keyed by uid, so the two views of one event are one record.
import type {KubeObject, ResourceType} from '../kube/resource-type.js';
import {at, clip, integer, optionalText, record, text} from '../util/json.js';

export const coreEventType: ResourceType = {
	group: '',
	version: 'v1',
	plural: 'events',
	kind: 'Event',
	namespaced: true,
	label: 'events',
};

export const eventsV1Type: ResourceType = {
	group: 'events.k8s.io',
	version: 'v1',
	plural: 'events',
	kind: 'Event',
	namespaced: true,
	label: 'events',
};

/** The object an event is about (involvedObject / regarding). */
export type EventSubject = {
	apiVersion: string;
	kind: string;
	namespace: string;
	name: string;
};

export type EventRecord = {
	/** metadata.uid, shared by both API views of the event; namespace/name when absent. */
	key: string;
	namespace: string;
	name: string;
	/** 'Normal' or 'Warning' (any other word is kept as given). */
	type: string;
	reason: string;
	message: string;
	subject: EventSubject;
	/** Who wrote it: reportingController, else source.component. */
	source: string;
	/** How often it happened: series.count, else count / deprecatedCount, at least 1. */
	count: number;
	/** ISO time it first happened, or null when the event says nothing. */
	firstTime: string | null;
	/** ISO time it last happened: series.lastObservedTime, lastTimestamp, eventTime, firstTimestamp or creation. */
	lastTime: string | null;
};

/** Messages can be long (a failed apply lists every object); the feed keeps a bounded prefix. */
const messageLimit = 2000;

/** Either view of an Event (core/v1 or events.k8s.io/v1) as one record. */
export function readEvent(object: KubeObject): EventRecord {
	const metadata = record(object.metadata);
	const namespace = text(metadata?.['namespace']);
	const name = text(metadata?.['name']);
	const subject = at(object, 'regarding') ?? at(object, 'involvedObject');
	const series = at(object, 'series');
	const seriesCount = integer(series?.['count']);
	const plainCount = integer(object['count']) ?? integer(object['deprecatedCount']);
	const first =
		optionalText(object['eventTime']) ??
		optionalText(object['firstTimestamp']) ??
		optionalText(object['deprecatedFirstTimestamp']) ??
		optionalText(metadata?.['creationTimestamp']);
	const last =
		optionalText(series?.['lastObservedTime']) ??
		optionalText(object['lastTimestamp']) ??
		optionalText(object['deprecatedLastTimestamp']) ??
		first;
	return {
		key: text(metadata?.['uid']) || `${namespace}/${name}`,
		namespace,
		name,
		type: text(object['type']) || 'Normal',
		reason: text(object['reason']),
		message: clip(text(object['note']) || text(object['message']), messageLimit),
		subject: {
			apiVersion: text(subject?.['apiVersion']),
			kind: text(subject?.['kind']),
			namespace: text(subject?.['namespace']),
			name: text(subject?.['name']),
		},
		source:
			text(object['reportingController']) ||
			text(object['reportingComponent']) ||
			text(at(object, 'source')?.['component']) ||
			text(at(object, 'deprecatedSource')?.['component']),
		count: Math.max(1, seriesCount ?? plainCount ?? 1),
		firstTime: first,
		lastTime: last,
	};
}

/** Records of both views merged: one per event (same key), the later-seen view kept. */
export function mergeEventViews(...views: ReadonlyArray<Iterable<EventRecord>>): EventRecord[] {
	const byKey = new Map<string, EventRecord>();
	for (const view of views) for (const event of view) byKey.set(event.key, event);
	return [...byKey.values()];
}

/** A repeated event shown once: how often in all, first and last time. */
export type CollapsedEvent = EventRecord & {
	/** How many event objects were folded into this line (the recorder's own count is in `count`). */
	objects: number;
};

/**
 * Repeats folded and newest first. Events are repeats when they say the same thing (type, reason, message) about
 * the same object: their counts add up, the first time is the earliest and the last time the latest. The event
 * recorders already fold repeats into one object's count (core) or series (events.k8s.io); a controller that
 * writes a new object each time (or one whose cache was lost on restart) is folded here.
 */
export function collapseEvents(events: Iterable<EventRecord>): CollapsedEvent[] {
	const groups = new Map<string, CollapsedEvent>();
	for (const event of events) {
		const {subject} = event;
		const key = [subject.kind, subject.namespace, subject.name, event.type, event.reason, event.message].join('\0');
		const seen = groups.get(key);
		if (!seen) {
			groups.set(key, {...event, objects: 1});
			continue;
		}
		const newer = compareTime(event.lastTime, seen.lastTime) > 0;
		groups.set(key, {
			...(newer ? event : seen),
			count: seen.count + event.count,
			objects: seen.objects + 1,
			firstTime: earlier(seen.firstTime, event.firstTime),
			lastTime: newer ? event.lastTime : seen.lastTime,
		});
	}
	return [...groups.values()].sort(newestFirst);
}

/** Newest last time first; ties (and events without a time) by name, so the order is stable. */
export function newestFirst(a: EventRecord, b: EventRecord): number {
	return compareTime(b.lastTime, a.lastTime) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The earlier of two times; a known time over an unknown one. */
function earlier(a: string | null, b: string | null): string | null {
	if (a === null || b === null) return a ?? b;
	return compareTime(b, a) < 0 ? b : a;
}

/** Compares ISO times; null (unknown) is older than any time. */
function compareTime(a: string | null, b: string | null): number {
	const left = a === null ? Number.NEGATIVE_INFINITY : Date.parse(a);
	const right = b === null ? Number.NEGATIVE_INFINITY : Date.parse(b);
	if (Number.isNaN(left) || Number.isNaN(right) || left === right) return 0;
	return left < right ? -1 : 1;
}

/** What events are wanted for: an object, by kind, namespace and name (the API group is left out: kinds rarely clash). */
export type EventTarget = {kind: string; namespace: string; name: string};

export function targetKey(target: EventTarget): string {
	return `${target.kind}/${target.namespace}/${target.name}`;
}

/** Events about any of `targets`. */
export function eventsAbout(events: Iterable<EventRecord>, targets: readonly EventTarget[]): EventRecord[] {
	const wanted = new Set(targets.map(targetKey));
	const found: EventRecord[] = [];
	for (const event of events) if (wanted.has(targetKey(event.subject))) found.push(event);
	return found;
}

/** The `involvedObject.…` (core/v1) or `regarding.…` (events.k8s.io/v1) field selector for one object. */
export function subjectFieldSelector(type: Pick<ResourceType, 'group'>, target: EventTarget): string {
	const prefix = type.group === '' ? 'involvedObject' : 'regarding';
	return `${prefix}.kind=${target.kind},${prefix}.name=${target.name}`;
}
