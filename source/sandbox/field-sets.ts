// Sets of field paths, as a real server's field management keeps them: a
// path is a list of elements (`f:name` a field, `k:{...}` a keyed list item,
// `v:...` a set member), and a set says which nodes someone owns. A node that
// is owned and also has owned children is written `.` in managedFields.
//
// The operations are those of server-side apply: the set a value defines
// (what an applier owns), the difference between two values (what an update
// changed), merging an apply configuration into the live object, and
// removing the nodes of a set from a value.
import {deepEqual, isObject, type JsonObject} from './json-values.js';
import {fieldType, isAtomic, isNamedField, itemType, type FieldType} from './field-schema.js';

type PathElement = string;
type FieldPath = PathElement[];

/** Paths are kept encoded, elements joined by a character no element contains. */
const separator = '\u0000';

export function encodePath(path: readonly PathElement[]): string {
	return path.join(separator);
}

function decodePath(encoded: string): FieldPath {
	return encoded === '' ? [] : encoded.split(separator);
}

function child(path: string, element: PathElement): string {
	return path === '' ? element : `${path}${separator}${element}`;
}

/** A set of encoded paths, with every proper prefix of its members indexed (to find what lies under a node). */
export class FieldSet {
	readonly members = new Set<string>();
	readonly #prefixes = new Map<string, number>();

	constructor(paths: Iterable<string> = []) {
		for (const path of paths) this.add(path);
	}

	add(path: string): void {
		if (this.members.has(path)) return;
		this.members.add(path);
		for (let index = path.indexOf(separator); index !== -1; index = path.indexOf(separator, index + 1)) {
			const prefix = path.slice(0, index);
			this.#prefixes.set(prefix, (this.#prefixes.get(prefix) ?? 0) + 1);
		}
		if (path !== '') this.#prefixes.set('', (this.#prefixes.get('') ?? 0) + 1);
	}

	delete(path: string): void {
		if (!this.members.delete(path)) return;
		for (let index = path.indexOf(separator); index !== -1; index = path.indexOf(separator, index + 1)) {
			const prefix = path.slice(0, index);
			this.#prefixes.set(prefix, (this.#prefixes.get(prefix) ?? 1) - 1);
		}
		if (path !== '') this.#prefixes.set('', (this.#prefixes.get('') ?? 1) - 1);
	}

	has(path: string): boolean {
		return this.members.has(path);
	}

	/** Whether some member lies strictly under `path`. */
	hasUnder(path: string): boolean {
		return (this.#prefixes.get(path) ?? 0) > 0;
	}

	get size(): number {
		return this.members.size;
	}

	union(other: FieldSet): FieldSet {
		return new FieldSet([...this.members, ...other.members]);
	}

	difference(other: FieldSet): FieldSet {
		return new FieldSet([...this.members].filter(path => !other.has(path)));
	}

	intersection(other: FieldSet): FieldSet {
		return new FieldSet([...this.members].filter(path => other.has(path)));
	}

	[Symbol.iterator](): Iterator<string> {
		return this.members[Symbol.iterator]();
	}
}

// ---- list item identity

/** The element naming a list item: its key fields (`k:`), or for a set its value (`v:`). */
function itemElement(list: FieldType, item: unknown, index: number): PathElement {
	if (list.type === 'list' && list.list === 'map') {
		const key: JsonObject = {};
		for (const name of [...(list.keys ?? [])].sort()) {
			const value = isObject(item) && item[name] !== undefined ? item[name] : list.keyDefaults?.[name];
			if (value !== undefined) key[name] = value;
		}
		return `k:${JSON.stringify(key)}`;
	}
	if (list.type === 'list' && list.list === 'set') return `v:${JSON.stringify(item)}`;
	return `i:${index}`;
}

// ---- the set a value defines (what an applier of it owns)

/**
 * Every node of `value` someone applying it owns: leaves, list items, map
 * entries, and empty or null objects. Named struct fields that have owned
 * children are not themselves owned.
 */
export function toFieldSet(value: JsonObject, type: FieldType): FieldSet {
	const set = new FieldSet();
	visitOwned(value, type, '', set);
	return set;
}

function visitOwned(value: unknown, type: FieldType, path: string, set: FieldSet): void {
	if (isAtomic(type, value)) {
		set.add(path);
		return;
	}
	if (Array.isArray(value)) {
		const items = itemType(type);
		value.forEach((item, index) => {
			const itemPath = child(path, itemElement(type, item, index));
			visitOwned(item, items, itemPath, set);
			set.add(itemPath);
		});
		return;
	}
	if (!isObject(value)) return;
	for (const [key, childValue] of Object.entries(value)) {
		const childPath = child(path, `f:${key}`);
		visitOwned(childValue, fieldType(type, key, childValue), childPath, set);
		const empty = childValue === null || (isObject(childValue) && Object.keys(childValue).length === 0);
		if (empty || !isNamedField(type, key)) set.add(childPath);
	}
}

/** The set with the named struct fields that have members under them made members too. */
export function withNamedFields(set: FieldSet, type: FieldType): FieldSet {
	const result = new FieldSet(set);
	const visit = (nodeType: FieldType, path: string) => {
		// Children of this node that have members under them.
		const children = new Map<string, string>();
		for (const member of set) {
			if (path !== '' && !member.startsWith(`${path}${separator}`)) continue;
			const rest = path === '' ? member : member.slice(path.length + 1);
			const element = rest.split(separator)[0] ?? '';
			if (rest.includes(separator)) children.set(element, child(path, element));
		}
		for (const [element, childPath] of children) {
			if (element.startsWith('f:') && isNamedField(nodeType, element.slice(2))) result.add(childPath);
			const childType = element.startsWith('f:') ? fieldType(nodeType, element.slice(2), {}) : itemType(nodeType);
			visit(childType, childPath);
		}
	};
	visit(type, '');
	return result;
}

// ---- differences between two values (what an update changed)

type Comparison = {added: FieldSet; modified: FieldSet; removed: FieldSet};

/** What changed from `before` to `after`: a node that did not exist before is added, itself and everything under it. */
export function compare(before: unknown, after: unknown, type: FieldType): Comparison {
	const comparison = {added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet()};
	compareNodes(before, after, type, '', comparison, true);
	return comparison;
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(isObject(value) && Object.keys(value).length === 0) ||
		(Array.isArray(value) && value.length === 0)
	);
}

function compareNodes(before: unknown, after: unknown, type: FieldType, path: string, comparison: Comparison, root = false): void {
	const leaf =
		(isAtomic(type, before) && isAtomic(type, after)) ||
		(type.type !== 'scalar' && isEmpty(before) && isEmpty(after)) ||
		(before !== undefined && after !== undefined && before !== null && after !== null && Array.isArray(before) !== Array.isArray(after));
	if (leaf || isAtomicType(type)) {
		if (root) return;
		if (before === undefined && after !== undefined) comparison.added.add(path);
		else if (before !== undefined && after === undefined) comparison.removed.add(path);
		else if (!deepEqual(before, after)) comparison.modified.add(path);
		return;
	}
	if (Array.isArray(before) || Array.isArray(after)) {
		const items = itemType(type);
		const beforeItems = indexItems(type, before);
		const afterItems = indexItems(type, after);
		for (const [element, item] of afterItems) compareNodes(beforeItems.get(element), item, items, child(path, element), comparison);
		for (const [element, item] of beforeItems)
			if (!afterItems.has(element)) compareNodes(item, undefined, items, child(path, element), comparison);
	} else {
		const beforeObject = isObject(before) ? before : {};
		const afterObject = isObject(after) ? after : {};
		for (const key of new Set([...Object.keys(beforeObject), ...Object.keys(afterObject)])) {
			const childBefore = beforeObject[key];
			const childAfter = afterObject[key];
			if (childBefore === undefined && childAfter === undefined) continue;
			compareNodes(childBefore, childAfter, fieldType(type, key, childAfter ?? childBefore), child(path, `f:${key}`), comparison);
		}
	}
	if (root) return;
	if (before === undefined) comparison.added.add(path);
	else if (after === undefined) comparison.removed.add(path);
}

function isAtomicType(type: FieldType): boolean {
	return (
		type.type === 'scalar' ||
		((type.type === 'struct' || type.type === 'map') && type.atomic === true) ||
		(type.type === 'list' && type.list === 'atomic')
	);
}

function indexItems(type: FieldType, value: unknown): Map<PathElement, unknown> {
	const items = new Map<PathElement, unknown>();
	if (Array.isArray(value)) for (const [index, item] of value.entries()) items.set(itemElement(type, item, index), item);
	return items;
}

// ---- merging an apply configuration into the live object

/** `config` merged into `live`: its values win, maps and structs merge key by key, keyed lists item by item. */
export function mergeValues(live: unknown, config: unknown, type: FieldType): unknown {
	if (config === undefined) return structuredClone(live);
	if (live === undefined || live === null || config === null || isAtomicType(type) || isAtomic(type, config) || isAtomic(type, live))
		return structuredClone(config);
	if (Array.isArray(live) && Array.isArray(config)) return mergeLists(live, config, type);
	if (isObject(live) && isObject(config)) {
		const result: JsonObject = structuredClone(live);
		for (const [key, value] of Object.entries(config)) result[key] = mergeValues(live[key], value, fieldType(type, key, value));
		return result;
	}
	return structuredClone(config);
}

/**
 * A real server's list merge: the live order is kept, items only in the
 * configuration go where the configuration puts them relative to the items
 * both share, and after the live items before them.
 */
function mergeLists(live: unknown[], config: unknown[], type: FieldType): unknown[] {
	const items = itemType(type);
	const liveElements = live.map((item, index) => itemElement(type, item, index));
	const configElements = config.map((item, index) => itemElement(type, item, index));
	const liveByElement = indexItems(type, live);
	const configByElement = indexItems(type, config);
	const shared = configElements.filter(element => liveByElement.has(element));
	let nextShared = shared.shift();
	const merged = new Set<PathElement>();
	const result: unknown[] = [];
	let liveIndex = 0;
	let configIndex = 0;
	while (liveIndex < live.length || configIndex < config.length) {
		if (liveIndex < live.length && configIndex < config.length) {
			const element = liveElements[liveIndex] as PathElement;
			if (element === configElements[configIndex]) {
				merged.add(element);
				result.push(mergeValues(liveByElement.get(element), configByElement.get(element), items));
				liveIndex++;
				configIndex++;
				nextShared = shared.shift();
				continue;
			}
			// A shared item, but not the one the configuration places next: it comes later.
			if (configByElement.has(element) && nextShared !== undefined && nextShared !== element) {
				liveIndex++;
				continue;
			}
		}
		if (liveIndex < live.length) {
			const element = liveElements[liveIndex] as PathElement;
			if (!configByElement.has(element)) {
				result.push(structuredClone(live[liveIndex]));
				liveIndex++;
				continue;
			}
			if (merged.has(element)) {
				liveIndex++;
				continue;
			}
		}
		if (configIndex < config.length) {
			const element = configElements[configIndex] as PathElement;
			merged.add(element);
			result.push(mergeValues(liveByElement.get(element), configByElement.get(element), items));
			configIndex++;
			if (nextShared === element) nextShared = shared.shift();
		}
	}
	return result;
}

// ---- removing nodes

/**
 * `value` without the nodes that are members of `set` (each with everything
 * under it). Parts with nothing removed are shared with `value`, not copied.
 */
export function removeItems(value: unknown, set: FieldSet, type: FieldType, path = ''): unknown {
	if (set.size === 0 || !set.hasUnder(path)) return value;
	if (Array.isArray(value)) {
		if (isAtomicType(type)) return value;
		const items = itemType(type);
		const result: unknown[] = [];
		value.forEach((item, index) => {
			const itemPath = child(path, itemElement(type, item, index));
			if (!set.has(itemPath)) result.push(removeItems(item, set, items, itemPath));
		});
		return result;
	}
	if (isObject(value)) {
		if (isAtomicType(type)) return value;
		const result: JsonObject = {};
		for (const [key, childValue] of Object.entries(value)) {
			const childPath = child(path, `f:${key}`);
			if (!set.has(childPath)) result[key] = removeItems(childValue, set, fieldType(type, key, childValue), childPath);
		}
		return result;
	}
	return value;
}

// ---- managedFields' FieldsV1 encoding

export function fieldsFromTree(tree: unknown): FieldSet {
	const set = new FieldSet();
	const visit = (node: JsonObject, path: string) => {
		const keys = Object.keys(node);
		if (path !== '' && (keys.length === 0 || keys.includes('.'))) set.add(path);
		for (const key of keys) {
			if (key === '.') continue;
			const childNode = node[key];
			visit(isObject(childNode) ? childNode : {}, child(path, key));
		}
	};
	if (isObject(tree)) visit(tree, '');
	return set;
}

export function fieldsTree(set: FieldSet): JsonObject {
	const tree: JsonObject = {};
	for (const path of [...set].map(decodePath).sort(compareDecoded)) {
		let node = tree;
		for (const element of path) {
			if (!isObject(node[element])) node[element] = {};
			node = node[element] as JsonObject;
		}
	}
	// A member with children is marked `.`.
	const mark = (node: JsonObject, path: string) => {
		for (const [element, childNode] of Object.entries(node)) {
			const childPath = child(path, element);
			const children = childNode as JsonObject;
			if (Object.keys(children).length > 0) {
				mark(children, childPath);
				if (set.has(childPath)) node[element] = {'.': {}, ...children};
			}
		}
	};
	mark(tree, '');
	return tree;
}

/** Field paths in a real server's order: fields, then keyed items, then values, each alphabetically; a node before what is under it. */
export function comparePaths(a: string, b: string): number {
	return compareDecoded(decodePath(a), decodePath(b));
}

function compareDecoded(left: FieldPath, right: FieldPath): number {
	for (let index = 0; index < Math.min(left.length, right.length); index++) {
		const order = compareElements(left[index] as string, right[index] as string);
		if (order !== 0) return order;
	}
	return left.length - right.length;
}

function compareElements(a: string, b: string): number {
	const rank = (element: string) => ['f', 'k', 'v', 'i'].indexOf(element[0] ?? '');
	if (rank(a) !== rank(b)) return rank(a) - rank(b);
	return a < b ? -1 : a > b ? 1 : 0;
}

/** `.spec.template.spec.containers[name="web"].image`, as a real server prints a field path. */
export function pathText(encoded: string): string {
	return decodePath(encoded)
		.map(element => {
			const body = element.slice(2);
			switch (element[0]) {
				case 'f':
					return `.${body}`;
				case 'k': {
					const key = JSON.parse(body) as JsonObject;
					return `[${Object.entries(key)
						.map(([name, value]) => `${name}=${JSON.stringify(value)}`)
						.join(',')}]`;
				}
				case 'v':
					return `[=${body}]`;
				default:
					return `[${body}]`;
			}
		})
		.join('');
}
