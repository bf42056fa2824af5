// Strategic merge patches (what kubectl edit, patch and client-side apply
// send for built-in kinds): like a JSON merge patch, except that lists with
// a merge key (containers by name, ports by containerPort…) are merged item
// by item and lists of values marked mergeable (finalizers) are merged as
// sets, and the $patch, $retainKeys, $setElementOrder and
// $deleteFromPrimitiveList directives are honoured.
import {fieldType, itemType, type FieldType} from './field-schema.js';
import {isObject, type JsonObject} from './json-values.js';
import {badRequest} from './status.js';

export function applyStrategicMergePatch(original: unknown, patch: unknown, type: FieldType): unknown {
	if (!isObject(patch))
		throw badRequest(
			`error decoding patch: json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`,
		);
	return mergeObject(isObject(original) ? original : {}, patch, type);
}

function mergeObject(original: JsonObject, patch: JsonObject, type: FieldType): JsonObject | undefined {
	const directive = patch.$patch;
	if (directive === 'delete') return undefined;
	if (directive === 'replace') return stripDirectives(withoutKey(patch, '$patch')) as JsonObject;
	const result: JsonObject = structuredClone(original);
	const orders: Array<[string, unknown[]]> = [];
	for (const [key, value] of Object.entries(patch)) {
		if (key === '$patch') continue;
		if (key === '$retainKeys') {
			const retained = new Set(Array.isArray(value) ? value.map(String) : []);
			for (const existing of Object.keys(result)) if (!retained.has(existing) && !Object.hasOwn(patch, existing)) delete result[existing];
			continue;
		}
		if (key.startsWith('$setElementOrder/')) {
			orders.push([key.slice('$setElementOrder/'.length), Array.isArray(value) ? value : []]);
			continue;
		}
		if (key.startsWith('$deleteFromPrimitiveList/')) {
			const field = key.slice('$deleteFromPrimitiveList/'.length);
			const remove = Array.isArray(value) ? value : [];
			if (Array.isArray(result[field]))
				result[field] = (result[field] as unknown[]).filter(item => !remove.some(gone => JSON.stringify(gone) === JSON.stringify(item)));
			continue;
		}
		if (value === null) {
			delete result[key];
			continue;
		}
		const childType = fieldType(type, key, value);
		if (Array.isArray(value)) result[key] = mergeList(Array.isArray(result[key]) ? (result[key] as unknown[]) : [], value, childType);
		else if (isObject(value) && childType.type !== 'scalar' && !(childType.type === 'struct' && childType.atomic)) {
			const merged = mergeObject(isObject(result[key]) ? (result[key] as JsonObject) : {}, value, childType);
			if (merged === undefined) delete result[key];
			else result[key] = merged;
		} else result[key] = structuredClone(value);
	}
	for (const [field, order] of orders) {
		if (Array.isArray(result[field])) result[field] = ordered(result[field] as unknown[], order, fieldType(type, field, result[field]));
	}
	return result;
}

function mergeList(original: unknown[], patch: unknown[], type: FieldType): unknown[] {
	const strategy = type.type === 'list' ? type.patch : undefined;
	if (!strategy || strategy.strategy === 'replace') return stripDirectives(patch) as unknown[];
	if (patch.some(item => isObject(item) && item.$patch === 'replace'))
		return stripDirectives(patch.filter(item => !(isObject(item) && item.$patch === 'replace'))) as unknown[];
	const mergeKey = strategy.mergeKey;
	if (!mergeKey) {
		// A set of values: what the patch adds that is not there yet.
		const result = structuredClone(original);
		for (const item of patch)
			if (!result.some(existing => JSON.stringify(existing) === JSON.stringify(item))) result.push(structuredClone(item));
		return result;
	}
	const items = itemType(type);
	let result = structuredClone(original);
	for (const item of patch) {
		if (!isObject(item)) continue;
		const key = item[mergeKey];
		const index = result.findIndex(existing => isObject(existing) && existing[mergeKey] === key);
		if (item.$patch === 'delete') {
			result = result.filter(existing => !(isObject(existing) && existing[mergeKey] === key));
			continue;
		}
		if (index === -1) result.push(stripDirectives(item));
		else {
			const merged = mergeObject(result[index] as JsonObject, item, items);
			if (merged === undefined) result.splice(index, 1);
			else result[index] = merged;
		}
	}
	return result;
}

/** The list in the order `$setElementOrder` gives, items it does not name after those it does. */
function ordered(list: unknown[], order: unknown[], type: FieldType): unknown[] {
	const mergeKey = type.type === 'list' && type.patch?.strategy === 'merge' ? type.patch.mergeKey : undefined;
	const identity = (item: unknown) => JSON.stringify(mergeKey && isObject(item) ? item[mergeKey] : item);
	const wanted = order.map(identity);
	const rank = (item: unknown) => {
		const position = wanted.indexOf(identity(item));
		return position === -1 ? wanted.length : position;
	};
	return list
		.map((item, index) => ({item, index}))
		.sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
		.map(entry => entry.item);
}

function withoutKey(object: JsonObject, key: string): JsonObject {
	const {[key]: _removed, ...rest} = object;
	return rest;
}

/** A value from a patch without its directives (what a new list item or a replaced map becomes). */
function stripDirectives(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(stripDirectives);
	if (!isObject(value)) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key, child]) => !key.startsWith('$') && child !== null)
			.map(([key, child]) => [key, stripDirectives(child)]),
	);
}
