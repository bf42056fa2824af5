// Small helpers for plain JSON values (objects from request bodies).

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
	if (isObject(a) && isObject(b)) {
		const keys = Object.keys(a);
		if (keys.length !== Object.keys(b).length) return false;
		return keys.every(key => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
	}
	return false;
}

export type Path = readonly string[];

export function getPath(value: unknown, path: Path): unknown {
	let current = value;
	for (const segment of path) {
		if (!isObject(current)) return undefined;
		current = current[segment];
	}
	return current;
}

/** Set a value, turning missing or non-object intermediates into objects. */
export function setPath(target: JsonObject, path: Path, value: unknown): void {
	let current = target;
	for (const segment of path.slice(0, -1)) {
		const next = current[segment];
		if (!isObject(next)) current[segment] = {};
		current = current[segment] as JsonObject;
	}
	const last = path.at(-1);
	if (last !== undefined) current[last] = value;
}

/** Delete a value, then drop parent objects it left empty. */
export function deletePath(target: JsonObject, path: Path): void {
	const parents: JsonObject[] = [target];
	let current: unknown = target;
	for (const segment of path.slice(0, -1)) {
		current = isObject(current) ? current[segment] : undefined;
		if (!isObject(current)) return;
		parents.push(current);
	}
	const last = path.at(-1);
	if (last === undefined) return;
	delete (parents.at(-1) as JsonObject)[last];
	for (let depth = path.length - 2; depth >= 0; depth--) {
		const parent = parents[depth] as JsonObject;
		const key = path[depth] as string;
		const child = parent[key];
		if (isObject(child) && Object.keys(child).length === 0) delete parent[key];
		else break;
	}
}
