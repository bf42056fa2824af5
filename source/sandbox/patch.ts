// JSON merge patch (RFC 7386) and JSON patch (RFC 6902). Strategic merge
// patch is served as a merge patch: lists are replaced, not merged by key.
import {apiError, badRequest} from './status.js';
import {deepEqual, isObject, type JsonObject} from './json-values.js';

export function applyMergePatch(target: unknown, patch: unknown): unknown {
	if (!isObject(patch)) return structuredClone(patch);
	const result: JsonObject = isObject(target) ? structuredClone(target) : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else result[key] = applyMergePatch(result[key], value);
	}
	return result;
}

type Operation = {op: string; path: string; value?: unknown; from?: string};

/** Apply a JSON patch; a malformed patch is a 400, one that does not apply (failed `test`, missing path) a 422. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
	if (!Array.isArray(patch))
		throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonType(patch)} into Go value of type []handlers.jsonPatchOp`);
	let document = structuredClone(target);
	for (const [index, raw] of patch.entries()) {
		const operation = checkOperation(raw, index);
		document = applyOperation(document, operation);
	}
	return document;
}

function checkOperation(raw: unknown, index: number): Operation {
	if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
		throw badRequest(`invalid JSON patch operation at index ${index}: "op" and "path" are required`);
	}
	const needsValue = ['add', 'replace', 'test'].includes(raw.op);
	const needsFrom = ['move', 'copy'].includes(raw.op);
	if (!needsValue && !needsFrom && raw.op !== 'remove') throw badRequest(`Unexpected kind: ${raw.op}`);
	if (needsValue && !Object.hasOwn(raw, 'value')) throw badRequest(`missing value for operation "${raw.op}" at index ${index}`);
	if (needsFrom && typeof raw.from !== 'string') throw badRequest(`missing from for operation "${raw.op}" at index ${index}`);
	return raw as Operation;
}

/** A patch that does not apply: a real server says only this (the reason stays in its log). */
function unprocessable(_reason: string): Error {
	return apiError(422, 'the server rejected our request due to an error in our request', 'Invalid', {});
}

/** A JSON value's type as Go's decoder names it in errors. */
function goJsonType(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'string') return 'string';
	if (typeof value === 'number') return 'number';
	if (typeof value === 'boolean') return 'bool';
	return 'object';
}

function parsePointer(pointer: string): string[] {
	if (pointer === '') return [];
	if (!pointer.startsWith('/')) throw badRequest(`JSON pointer must start with "/": "${pointer}"`);
	return pointer
		.slice(1)
		.split('/')
		.map(token => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function applyOperation(document: unknown, operation: Operation): unknown {
	switch (operation.op) {
		case 'add':
			return addAt(document, parsePointer(operation.path), structuredClone(operation.value), operation.path);
		case 'remove':
			return removeAt(document, parsePointer(operation.path), operation.path).document;
		case 'replace': {
			const path = parsePointer(operation.path);
			// As on a real server, replacing a missing key of an existing object adds it.
			const parent = path.length > 0 ? valueAt(document, path.slice(0, -1), operation.path) : undefined;
			if (isObject(parent) && !Object.hasOwn(parent, path.at(-1) as string))
				return addAt(document, path, structuredClone(operation.value), operation.path);
			const removed = removeAt(document, path, operation.path).document;
			return addAt(removed, path, structuredClone(operation.value), operation.path);
		}
		case 'move': {
			const from = operation.from ?? '';
			const {document: without, value} = removeAt(document, parsePointer(from), from);
			return addAt(without, parsePointer(operation.path), value, operation.path);
		}
		case 'copy': {
			const from = operation.from ?? '';
			return addAt(document, parsePointer(operation.path), structuredClone(valueAt(document, parsePointer(from), from)), operation.path);
		}
		case 'test': {
			const actual = valueAt(document, parsePointer(operation.path), operation.path);
			if (!deepEqual(actual, operation.value)) throw unprocessable(`testing value ${operation.path} failed: test failed`);
			return document;
		}
		default:
			throw badRequest(`Unexpected kind: ${operation.op}`);
	}
}

function valueAt(document: unknown, path: string[], pointer: string): unknown {
	let current = document;
	for (const token of path) {
		if (Array.isArray(current)) {
			const index = arrayIndex(token, current.length - 1, pointer);
			current = current[index];
		} else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
		else throw unprocessable(`doc is missing path: "${pointer}": missing value`);
	}
	return current;
}

function arrayIndex(token: string, max: number, pointer: string): number {
	if (!/^(0|[1-9][0-9]*)$/.test(token)) throw unprocessable(`invalid array index "${token}" in "${pointer}"`);
	const index = Number(token);
	if (index > max) throw unprocessable(`array index out of bounds in "${pointer}"`);
	return index;
}

function addAt(document: unknown, path: string[], value: unknown, pointer: string): unknown {
	if (path.length === 0) return value;
	const parent = valueAt(document, path.slice(0, -1), pointer);
	const last = path.at(-1) as string;
	if (Array.isArray(parent)) {
		const index = last === '-' ? parent.length : arrayIndex(last, parent.length, pointer);
		parent.splice(index, 0, value);
	} else if (isObject(parent)) parent[last] = value;
	else throw unprocessable(`doc is missing path: "${pointer}": missing value`);
	return document;
}

function removeAt(document: unknown, path: string[], pointer: string): {document: unknown; value: unknown} {
	if (path.length === 0) return {document: undefined, value: document};
	const parent = valueAt(document, path.slice(0, -1), pointer);
	const last = path.at(-1) as string;
	if (Array.isArray(parent)) {
		const index = arrayIndex(last, parent.length - 1, pointer);
		const [value] = parent.splice(index, 1);
		return {document, value};
	}
	if (isObject(parent) && Object.hasOwn(parent, last)) {
		const value = parent[last];
		delete parent[last];
		return {document, value};
	}
	throw unprocessable(`doc is missing path: "${pointer}": missing value`);
}
