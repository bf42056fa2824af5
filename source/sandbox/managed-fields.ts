// metadata.managedFields as a real server keeps them. An update (create,
// replace, patch) makes its writer own what it added or changed — a node
// that did not exist before included, and the defaults the server filled in
// — and takes those fields from everyone else; what it removed nobody owns.
// An apply makes its manager own exactly what its configuration sets,
// merges the configuration into the live object (keyed lists item by item),
// removes what the manager applied before and no longer does unless someone
// else owns it, and conflicts with other managers whose fields it would
// change. Writes through /status are kept apart (subresource: status).
import type {FieldType} from './field-schema.js';
import {
	compare,
	comparePaths,
	encodePath,
	FieldSet,
	fieldsFromTree,
	fieldsTree,
	mergeValues,
	pathText,
	removeItems,
	toFieldSet,
	withNamedFields,
} from './field-sets.js';
import {isObject, type JsonObject} from './json-values.js';

type Operation = 'Apply' | 'Update';

export type FieldEntry = {
	manager: string;
	operation: Operation;
	apiVersion: string;
	time: string;
	subresource?: string;
	fields: FieldSet;
};

type ManagedFieldsJson = {
	manager: string;
	operation: Operation;
	apiVersion: string;
	time?: string;
	fieldsType: 'FieldsV1';
	fieldsV1: JsonObject;
	subresource?: string;
};

export type WriteContext = {
	manager: string;
	apiVersion: string;
	subresource: string | undefined;
	statusIsSubresource: boolean;
	now: string;
	/** The kind's shape (lists, maps, atomic parts). */
	type: FieldType;
};

const metadataPath = encodePath(['f:metadata']);

/** Metadata the server owns: never part of anyone's fields. */
const serverMetadata = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion'];

/**
 * The part of an object a write to `subresource` manages: no type or server
 * metadata; no status through the main resource when /status owns it; only
 * status through /status.
 */
function managedPart(object: JsonObject, subresource: string | undefined, statusIsSubresource: boolean): JsonObject {
	// metadata is always there (a Go struct), so a write never adds it, only fields in it.
	const part: JsonObject = {metadata: {}};
	for (const [key, value] of Object.entries(object)) {
		if (key === 'apiVersion' || key === 'kind') continue;
		if (subresource === 'status' ? key !== 'status' : key === 'status' && statusIsSubresource) continue;
		if (key === 'metadata') {
			if (!isObject(value)) continue;
			const metadata = Object.fromEntries(Object.entries(value).filter(([name]) => !serverMetadata.includes(name)));
			part.metadata = metadata;
			continue;
		}
		part[key] = value;
	}
	return part;
}

export function readEntries(object: JsonObject): FieldEntry[] {
	const metadata = isObject(object.metadata) ? object.metadata : {};
	const raw = Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
	return raw.filter(isObject).map(entry => ({
		manager: String(entry.manager ?? ''),
		operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
		apiVersion: String(entry.apiVersion ?? ''),
		time: String(entry.time ?? ''),
		...(typeof entry.subresource === 'string' && entry.subresource ? {subresource: entry.subresource} : {}),
		fields: fieldsFromTree(entry.fieldsV1),
	}));
}

/** The entries as managedFields: empty ones dropped, appliers first, then by time and manager. */
export function writeEntries(entries: FieldEntry[]): ManagedFieldsJson[] {
	const seconds = (time: string) => Math.floor(Date.parse(time) / 1000) || 0;
	return entries
		.filter(entry => entry.fields.size > 0)
		.sort(
			(a, b) =>
				compareText(a.operation, b.operation) ||
				seconds(a.time) - seconds(b.time) ||
				compareText(a.manager, b.manager) ||
				compareText(a.apiVersion, b.apiVersion) ||
				compareText(a.subresource ?? '', b.subresource ?? ''),
		)
		.map(entry => ({
			manager: entry.manager,
			operation: entry.operation,
			apiVersion: entry.apiVersion,
			...(entry.time ? {time: entry.time} : {}),
			fieldsType: 'FieldsV1',
			fieldsV1: fieldsTree(entry.fields),
			...(entry.subresource ? {subresource: entry.subresource} : {}),
		}));
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function ownEntry(entries: FieldEntry[], context: WriteContext, operation: Operation): FieldEntry {
	let entry = entries.find(
		candidate =>
			candidate.manager === context.manager && candidate.operation === operation && candidate.subresource === context.subresource,
	);
	if (!entry) {
		entry = {
			manager: context.manager,
			operation,
			apiVersion: context.apiVersion,
			time: context.now,
			...(context.subresource ? {subresource: context.subresource} : {}),
			fields: new FieldSet(),
		};
		entries.push(entry);
	}
	entry.apiVersion = context.apiVersion;
	return entry;
}

/**
 * After a non-apply write from `before` (the stored object, or the kind's
 * empty object for a create) to `after` (decoded and defaulted): the writer
 * owns what it added or changed, and nobody else does; nobody owns what it
 * removed. Updates never conflict.
 */
export function recordUpdate(before: JsonObject, after: JsonObject, entries: FieldEntry[], context: WriteContext): FieldEntry[] {
	const changes = compare(
		managedPart(before, context.subresource, context.statusIsSubresource),
		managedPart(after, context.subresource, context.statusIsSubresource),
		context.type,
	);
	const changed = changes.added.union(changes.modified);
	const result = entries.map(entry => ({...entry, fields: entry.fields.difference(changes.removed)}));
	for (const entry of result) {
		const isWriter = entry.manager === context.manager && entry.operation === 'Update' && entry.subresource === context.subresource;
		if (!isWriter) entry.fields = entry.fields.difference(changed);
	}
	if (
		changed.size > 0 ||
		result.some(entry => entry.manager === context.manager && entry.operation === 'Update' && entry.subresource === context.subresource)
	) {
		const writer = ownEntry(result, context, 'Update');
		const before = writer.fields;
		writer.fields = writer.fields.union(changed).difference(changes.removed);
		if (changed.size > 0 || before.size !== writer.fields.size) writer.time = context.now;
	}
	return result.filter(entry => entry.fields.size > 0);
}

/** A field another manager owns that an apply would change. */
export type Conflict = {manager: string; operation: Operation; subresource?: string | undefined; apiVersion: string; field: string};

type ApplyResult = {object: JsonObject; entries: FieldEntry[]; conflicts: Conflict[]};

/**
 * Server-side apply of `config` by a manager onto `live` (the kind's empty
 * object when there is none yet). With `force` the applier takes conflicting
 * fields over instead of failing.
 */
export function applyConfiguration(
	live: JsonObject,
	config: JsonObject,
	entries: FieldEntry[],
	context: WriteContext,
	force: boolean,
): ApplyResult {
	const {type} = context;
	const applied = managedPart(config, context.subresource, context.statusIsSubresource);
	const configSet = toFieldSet(applied, type);
	// metadata itself is never owned, only fields in it.
	configSet.delete(metadataPath);
	let merged = mergeValues(live, config, type) as JsonObject;
	const result = entries.map(entry => ({...entry, fields: new FieldSet(entry.fields)}));
	const applier = ownEntry(result, context, 'Apply');
	const lastSet = applier.fields;
	const existed = entries.some(
		entry => entry.manager === context.manager && entry.operation === 'Apply' && entry.subresource === context.subresource,
	);
	applier.fields = configSet;
	if (lastSet.size > 0) merged = prune(merged, result, lastSet, type);

	const changes = compare(
		managedPart(live, context.subresource, context.statusIsSubresource),
		managedPart(merged, context.subresource, context.statusIsSubresource),
		type,
	);
	const changed = changes.added.union(changes.modified);
	const conflicts: Conflict[] = [];
	for (const entry of result) {
		if (entry === applier) continue;
		for (const field of entry.fields.intersection(changed)) {
			conflicts.push({
				manager: entry.manager,
				operation: entry.operation,
				subresource: entry.subresource,
				apiVersion: entry.apiVersion,
				field,
			});
		}
	}
	if (conflicts.length > 0 && !force) return {object: live, entries, conflicts};
	for (const entry of result) {
		if (entry === applier) continue;
		entry.fields = entry.fields.difference(changes.removed).difference(changed);
	}
	// An apply that changes nothing leaves its time as it was (a new applier's entry then has none).
	if (changed.size > 0 || changes.removed.size > 0) applier.time = context.now;
	else if (!existed) applier.time = '';
	return {object: merged, entries: result.filter(entry => entry.fields.size > 0), conflicts: []};
}

/**
 * Remove what the applier applied before and no longer does, unless another
 * manager (or the new configuration) owns it; fields nobody ever owned (server
 * defaults) stay.
 */
function prune(merged: JsonObject, entries: FieldEntry[], lastSet: FieldSet, type: FieldType): JsonObject {
	const last = withNamedFields(lastSet, type);
	const pruned = removeItems(merged, last, type) as JsonObject;
	let owned = new FieldSet();
	for (const entry of entries) owned = owned.union(entry.fields);
	const mergedSet = withNamedFields(toFieldSet(merged, type), type);
	const prunedSet = withNamedFields(toFieldSet(pruned, type), type);
	const withOwned = removeItems(merged, mergedSet.difference(prunedSet.union(withNamedFields(owned, type))), type) as JsonObject;
	const keptSet = withNamedFields(toFieldSet(withOwned, type), type);
	// A fresh object: the caller goes on to change it.
	return structuredClone(removeItems(merged, mergedSet.difference(keptSet).intersection(last), type)) as JsonObject;
}

/** A conflict's field as a real server prints it. */
export function conflictField(conflict: Conflict): string {
	return pathText(conflict.field);
}

/** Conflicts in a real server's order: by field path. */
export function sortConflicts(conflicts: Conflict[]): Conflict[] {
	return [...conflicts].sort((a, b) => comparePaths(a.field, b.field));
}
