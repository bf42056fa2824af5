// Argo CD judges most custom resources with small Lua checks run over the object's JSON.
// These helpers reproduce the Lua behaviour those checks rely on, so a port gives the same
// answer on the same object, including where the check fails: a Lua runtime error makes
// Argo CD report Unknown with the error text, and our rules throw so resourceHealth does the same.
import {list} from './fields.js';

/** Lua's nil: an absent field or a JSON null. */
export function isNil(value: unknown): value is null | undefined {
	return value === undefined || value === null;
}

/** Lua truthiness: everything except nil and false (so "false" and 0 are true). */
export function isTruthy(value: unknown): boolean {
	return !isNil(value) && value !== false;
}

/** A JSON object or array the check indexes into; indexing nil or a scalar is a Lua error. */
export function table(value: unknown, path: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object') {
		throw new Error(`attempt to index ${path}, which is ${luaType(value)}`);
	}
	return value as Record<string, unknown>;
}

/** What `ipairs` visits: an array's items, nothing for a JSON object; nil or a scalar is a Lua error. */
export function ipairsItems(value: unknown, path: string): Array<Record<string, unknown>> {
	if (value === null || typeof value !== 'object') {
		throw new Error(`cannot iterate over ${path}, which is ${luaType(value)}`);
	}
	return list(value).map(item => table(item, `an item of ${path}`));
}

/** Lua's `#` on a table decoded from JSON: an array's length, 0 for an object. */
export function length(value: unknown): number {
	return list(value).length;
}

/** Lua's `..`: strings and numbers join; concatenating nil (or a table, a boolean) is a Lua error. */
export function concat(...parts: unknown[]): string {
	return parts
		.map(part => {
			if (typeof part === 'string') return part;
			if (typeof part === 'number') return String(part);
			throw new Error(`attempt to concatenate a ${luaType(part)} value`);
		})
		.join('');
}

/** Lua's `tonumber` on a JSON value: numbers, and strings spelling a decimal or 0x-hex number; else nil. */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	if (/^[+-]?0x[0-9a-f]+$/i.test(trimmed)) {
		const negative = trimmed.startsWith('-');
		const magnitude = Number.parseInt(trimmed.replace(/^[+-]?0x/i, ''), 16);
		return negative ? -magnitude : magnitude;
	}
	if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
	return undefined;
}

function luaType(value: unknown): string {
	if (isNil(value)) return 'nil';
	if (typeof value === 'object') return 'table';
	return typeof value;
}
