// A simplified but honest field ownership model for metadata.managedFields.
// Fields are tracked down to leaves (scalars, lists and empty maps); lists are
// atomic (owned as a whole), which a real server does only for lists without
// merge keys. Writes through /status are tracked apart (subresource: status).
import {deepEqual, deletePath, getPath, isObject, setPath, type JsonObject, type Path} from './json-values.js';

export type Operation = 'Apply' | 'Update';

export type FieldEntry = {
	manager: string;
	operation: Operation;
	apiVersion: string;
	time: string;
	subresource?: string;
	fields: Set<string>;
};

export type ManagedFieldsJson = {
	manager: string;
	operation: Operation;
	apiVersion: string;
	time: string;
	fieldsType: 'FieldsV1';
	fieldsV1: JsonObject;
	subresource?: string;
};

/** Metadata fields a manager can own; the rest are the server's. */
const ownedMetadata = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

const encode = (path: Path) => JSON.stringify(path);
const decode = (key: string) => JSON.parse(key) as string[];

/** Leaf paths of the part of an object that a write to `subresource` can change. */
export function trackedFields(object: JsonObject, subresource: string | undefined, statusIsSubresource: boolean): Set<string> {
	const fields = new Set<string>();
	for (const [key, value] of Object.entries(object)) {
		if (key === 'apiVersion' || key === 'kind') continue;
		if (subresource === 'status' && key !== 'status') continue;
		if (subresource === undefined && key === 'status' && statusIsSubresource) continue;
		if (key === 'metadata') {
			if (!isObject(value)) continue;
			for (const [metaKey, metaValue] of Object.entries(value)) {
				if (ownedMetadata.has(metaKey)) collectLeaves(metaValue, ['metadata', metaKey], fields);
			}
			continue;
		}
		collectLeaves(value, [key], fields);
	}
	return fields;
}

function collectLeaves(value: unknown, path: string[], into: Set<string>): void {
	if (isObject(value) && Object.keys(value).length > 0) {
		for (const [key, child] of Object.entries(value)) collectLeaves(child, [...path, key], into);
	} else into.add(encode(path));
}

export function readEntries(object: JsonObject): FieldEntry[] {
	const metadata = isObject(object.metadata) ? object.metadata : {};
	const raw = Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
	return raw.filter(isObject).map(entry => {
		const fields = new Set<string>();
		if (isObject(entry.fieldsV1)) fieldsFromTree(entry.fieldsV1, [], fields);
		return {
			manager: String(entry.manager ?? ''),
			operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
			apiVersion: String(entry.apiVersion ?? ''),
			time: String(entry.time ?? ''),
			...(typeof entry.subresource === 'string' && entry.subresource ? {subresource: entry.subresource} : {}),
			fields,
		};
	});
}

function fieldsFromTree(tree: JsonObject, path: string[], into: Set<string>): void {
	for (const [key, child] of Object.entries(tree)) {
		if (!key.startsWith('f:')) continue;
		const next = [...path, key.slice(2)];
		if (isObject(child) && Object.keys(child).some(childKey => childKey.startsWith('f:'))) fieldsFromTree(child, next, into);
		else into.add(encode(next));
	}
}

export function writeEntries(entries: FieldEntry[]): ManagedFieldsJson[] {
	return entries
		.filter(entry => entry.fields.size > 0)
		.map(entry => ({
			manager: entry.manager,
			operation: entry.operation,
			apiVersion: entry.apiVersion,
			time: entry.time,
			fieldsType: 'FieldsV1',
			fieldsV1: fieldsTree(entry.fields),
			...(entry.subresource ? {subresource: entry.subresource} : {}),
		}));
}

function fieldsTree(fields: Set<string>): JsonObject {
	const tree: JsonObject = {};
	for (const key of [...fields].sort()) {
		let node = tree;
		for (const segment of decode(key)) {
			const name = `f:${segment}`;
			if (!isObject(node[name])) node[name] = {};
			node = node[name] as JsonObject;
		}
	}
	return tree;
}

/**
 * Fields indexed by each of their prefixes, so the fields overlapping one path are found without comparing
 * every pair (a 5 000-key ConfigMap applied over another manager's would otherwise take 25 million checks).
 */
class FieldIndex {
	readonly #fields: Set<string>;
	readonly #byPrefix = new Map<string, string[]>();

	constructor(fields: Iterable<string>) {
		this.#fields = new Set(fields);
		for (const field of this.#fields) {
			const path = decode(field);
			for (let length = 1; length <= path.length; length++) {
				const prefix = encode(path.slice(0, length));
				const under = this.#byPrefix.get(prefix);
				if (under) under.push(field);
				else this.#byPrefix.set(prefix, [field]);
			}
		}
	}

	/** Indexed fields that overlap `field`: equal to it, inside it, or containing it. */
	overlapping(field: string): string[] {
		const found = [...(this.#byPrefix.get(field) ?? [])];
		const path = decode(field);
		for (let length = 1; length < path.length; length++) {
			const prefix = encode(path.slice(0, length));
			if (this.#fields.has(prefix)) found.push(prefix);
		}
		return found;
	}

	overlapsAny(field: string): boolean {
		return this.overlapping(field).length > 0;
	}
}

function longerOf(a: string, b: string): string[] {
	const pathA = decode(a);
	const pathB = decode(b);
	return pathA.length >= pathB.length ? pathA : pathB;
}

export type WriteContext = {manager: string; apiVersion: string; subresource: string | undefined; statusIsSubresource: boolean; now: string};

/**
 * After a non-apply write (create, update, patch): the writer owns what it
 * changed; nobody owns what it removed. Updates never conflict.
 */
export function recordUpdate(before: JsonObject | undefined, after: JsonObject, context: WriteContext): FieldEntry[] {
	const entries = before ? readEntries(before) : [];
	const oldFields = before ? trackedFields(before, context.subresource, context.statusIsSubresource) : new Set<string>();
	const newFields = trackedFields(after, context.subresource, context.statusIsSubresource);
	const changed = [...newFields].filter(field => !oldFields.has(field) || !deepEqual(getPath(before, decode(field)), getPath(after, decode(field))));
	const removed = [...oldFields].filter(field => !newFields.has(field));
	const sameSection = (entry: FieldEntry) => entry.subresource === context.subresource;
	const removedIndex = new FieldIndex(removed);
	const changedIndex = new FieldIndex(changed);
	for (const entry of entries.filter(sameSection)) {
		const isWriter = entry.manager === context.manager && entry.operation === 'Update';
		for (const field of [...entry.fields]) {
			if (removedIndex.overlapsAny(field) || (!isWriter && changedIndex.overlapsAny(field))) entry.fields.delete(field);
		}
	}
	if (changed.length > 0) {
		const writer = ownEntry(entries, context, 'Update');
		for (const field of changed) writer.fields.add(field);
		writer.time = context.now;
	}
	return entries;
}

function ownEntry(entries: FieldEntry[], context: WriteContext, operation: Operation): FieldEntry {
	let entry = entries.find(candidate => candidate.manager === context.manager && candidate.operation === operation && candidate.subresource === context.subresource);
	if (!entry) {
		entry = {
			manager: context.manager,
			operation,
			apiVersion: context.apiVersion,
			time: context.now,
			...(context.subresource ? {subresource: context.subresource} : {}),
			fields: new Set(),
		};
		entries.push(entry);
	}
	entry.apiVersion = context.apiVersion;
	return entry;
}

/** A field another manager owns with a different value; its operation and subresource shape the message. */
export type Conflict = {manager: string; operation: Operation; subresource?: string | undefined; field: string};

/** `.spec.replicas` as a real server prints a field path. */
export function fieldPathText(field: string): string {
	return decode(field)
		.map(segment => `.${segment}`)
		.join('');
}

export type ApplyResult = {object: JsonObject; entries: FieldEntry[]; conflicts: Conflict[]};

/**
 * Server-side apply of `config` by a manager onto `current` (may be absent).
 * Conflicts are fields another manager owns with a different value; with
 * `force` the applier takes them over instead.
 */
export function applyConfiguration(current: JsonObject | undefined, config: JsonObject, context: WriteContext, force: boolean): ApplyResult {
	const base: JsonObject = current ? structuredClone(current) : {};
	const entries = current ? readEntries(current) : [];
	const configFields = trackedFields(config, context.subresource, context.statusIsSubresource);
	const others = entries.filter(entry => entry.subresource === context.subresource && !(entry.manager === context.manager && entry.operation === 'Apply'));

	const conflicts: Conflict[] = [];
	const configIndex = new FieldIndex(configFields);
	for (const entry of others) {
		for (const owned of entry.fields) {
			for (const wanted of configIndex.overlapping(owned)) {
				const path = longerOf(owned, wanted);
				if (!deepEqual(getPath(current, path), getPath(config, path))) conflicts.push({manager: entry.manager, operation: entry.operation, subresource: entry.subresource, field: owned});
			}
		}
	}
	if (conflicts.length > 0 && !force) return {object: base, entries, conflicts};

	// With force the others lose the conflicting fields; equal values stay shared.
	for (const conflict of conflicts) {
		for (const entry of others) if (entry.manager === conflict.manager) entry.fields.delete(conflict.field);
	}

	const applier = ownEntry(entries, context, 'Apply');
	const previouslyApplied = new Set(applier.fields);
	const indexes = new Map<FieldEntry, FieldIndex>();
	const indexOf = (entry: FieldEntry) => indexes.get(entry) ?? indexes.set(entry, new FieldIndex(entry.fields)).get(entry)!;
	// Fields this manager applied before and no longer does go away, unless someone else owns them too.
	for (const field of previouslyApplied) {
		if (configFields.has(field)) continue;
		const ownedElsewhere = entries.some(entry => entry !== applier && entry.subresource === context.subresource && indexOf(entry).overlapsAny(field));
		if (!ownedElsewhere) deletePath(base, decode(field));
	}
	for (const field of configFields) {
		const path = decode(field);
		const value = getPath(config, path);
		// An empty map in the configuration claims the map, it does not clear it.
		if (isObject(value) && Object.keys(value).length === 0 && isObject(getPath(base, path))) continue;
		setPath(base, path, structuredClone(value));
	}
	applier.fields = configFields;
	applier.time = context.now;
	return {object: base, entries, conflicts: []};
}
