// events.k8s.io/v1: the same stored Events as core/v1, seen through the newer API. A real kube-apiserver keeps
// one Event per object and converts it for each group: involvedObject is regarding, message is note,
// reportingComponent is reportingController, source/firstTimestamp/lastTimestamp/count are the deprecated*
// fields. Both views share name, uid and resourceVersion, so a watch on either sees every event.
import type {KubeObject} from '../core/kube/resource-type.js';
import {isObject, type JsonObject} from './json-values.js';
import {badRequest} from './status.js';

export const eventsV1Group = 'events.k8s.io';

/** core/v1 field → events.k8s.io/v1 field; the rest (metadata, reason, type, action, related, series, eventTime…) keep their names. */
const renamed: ReadonlyArray<[core: string, v1: string]> = [
	['involvedObject', 'regarding'],
	['message', 'note'],
	['reportingComponent', 'reportingController'],
	['source', 'deprecatedSource'],
	['firstTimestamp', 'deprecatedFirstTimestamp'],
	['lastTimestamp', 'deprecatedLastTimestamp'],
	['count', 'deprecatedCount'],
];

const kept = ['eventTime', 'series', 'reportingInstance', 'action', 'reason', 'related', 'type'];

/**
 * A stored (core/v1) Event as events.k8s.io/v1 serves it. The Go type always writes eventTime, regarding,
 * deprecatedSource and the deprecated timestamps (null when unset); apiVersion and kind only when the stored
 * form carried them (list items have neither).
 */
export function toEventsV1(core: KubeObject): KubeObject {
	const source = core as JsonObject;
	const view: JsonObject = {};
	if (source.kind !== undefined) view.kind = 'Event';
	if (source.apiVersion !== undefined) view.apiVersion = `${eventsV1Group}/v1`;
	if (source.metadata !== undefined) view.metadata = source.metadata;
	view.eventTime = source.eventTime ?? null;
	for (const field of kept) if (field !== 'eventTime' && source[field] !== undefined && source[field] !== '') view[field] = source[field];
	for (const [coreField, v1Field] of renamed) {
		const value = source[coreField];
		if (value !== undefined && value !== '' && value !== 0) view[v1Field] = value;
	}
	view.regarding ??= {};
	view.deprecatedSource ??= {};
	view.deprecatedFirstTimestamp ??= null;
	view.deprecatedLastTimestamp ??= null;
	return view as KubeObject;
}

/** An events.k8s.io/v1 body (create, update) as the core/v1 Event it is stored as. */
export function fromEventsV1(body: unknown): JsonObject {
	if (!isObject(body)) return {};
	const core: JsonObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'apiVersion' || key === 'kind') continue;
		const coreName = renamed.find(([, v1Field]) => v1Field === key)?.[0];
		// Unknown fields go on as they are: the core decoding drops them (with a warning) as it would.
		core[coreName ?? key] = value;
	}
	core.apiVersion = 'v1';
	core.kind = 'Event';
	return core;
}

/** A patch to the events.k8s.io/v1 form as the same patch to the stored form (top-level fields renamed). */
export function patchFromEventsV1(type: string, patch: unknown): unknown {
	if (type !== 'json') {
		if (!isObject(patch)) return patch;
		const converted = fromEventsV1(patch);
		if (type === 'apply') return converted;
		// A merge patch names only what changes: the type fields fromEventsV1 adds are not part of it.
		const {apiVersion: _apiVersion, kind: _kind, ...fields} = converted;
		return fields;
	}
	if (!Array.isArray(patch)) return patch;
	return patch.map(operation => {
		if (!isObject(operation)) return operation;
		const rename = (path: unknown) => {
			if (typeof path !== 'string') return path;
			const [, first = '', rest = ''] = /^\/([^/]*)(.*)$/.exec(path) ?? [];
			const coreName = renamed.find(([, v1Field]) => v1Field === first)?.[0];
			return coreName ? `/${coreName}${rest}` : path;
		};
		return {...operation, path: rename(operation.path), ...(operation.from === undefined ? {} : {from: rename(operation.from)})};
	});
}

/** A stored list (core/v1 EventList) as events.k8s.io/v1 serves it. */
export function toEventsV1List(list: KubeObject): KubeObject {
	const items = Array.isArray(list.items) ? (list.items as KubeObject[]) : [];
	return {...list, apiVersion: `${eventsV1Group}/v1`, kind: 'EventList', items: items.map(toEventsV1)};
}

/** events.k8s.io/v1's field labels, as the server maps them onto the stored Event's (core names). */
const selectableLabels: Readonly<Record<string, string>> = {
	'metadata.name': 'metadata.name',
	'metadata.namespace': 'metadata.namespace',
	reason: 'reason',
	'regarding.kind': 'involvedObject.kind',
	'regarding.namespace': 'involvedObject.namespace',
	'regarding.name': 'involvedObject.name',
	'regarding.uid': 'involvedObject.uid',
	'regarding.apiVersion': 'involvedObject.apiVersion',
	'regarding.resourceVersion': 'involvedObject.resourceVersion',
	'regarding.fieldPath': 'involvedObject.fieldPath',
	reportingController: 'reportingComponent',
	source: 'source',
	type: 'type',
};

/**
 * An events.k8s.io/v1 field selector rewritten in core/v1 labels (what the stored Event is selected by); a label
 * the group does not know (involvedObject.name among them) is refused as a real server refuses it.
 */
export function eventsV1FieldSelector(text: string | null): string | null {
	if (!text?.trim()) return text;
	return text
		.split(',')
		.map(requirement => {
			const match = /^\s*([A-Za-z0-9._-]+)\s*(==|!=|=)(.*)$/.exec(requirement);
			if (!match?.[1]) throw badRequest(`invalid selector: '${text}'; can't understand '${requirement}'`);
			const label = selectableLabels[match[1]];
			if (!label) throw badRequest(`field label not supported: ${match[1]}`);
			return `${label}${match[2]}${match[3]}`;
		})
		.join(',');
}
