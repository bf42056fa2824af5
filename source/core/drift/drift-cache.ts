import {createHash} from 'node:crypto';
import {refKey} from '../diff/drift-compare.js';
import type {ObjectRef} from '../diff/types.js';
import type {KubeObject} from '../kube/resource-type.js';
import type {DriftResource} from './types.js';

/**
 * What the live object looked like when it was compared, as the shared watch saw it (uid plus resourceVersion or
 * generation); `absent` when the watch listed its scope and it does not exist. undefined = not known: never cached.
 */
export type LiveSignature = string | undefined;

/** The signature of an object the shared watch listed as not existing. */
export const ABSENT = 'absent';

type Entry = {key: string; result: DriftResource};

/**
 * One app's per-object comparison results, keyed by what decides them: the desired object as rendered (hashed:
 * it may hold a Secret's values, which are never kept) and the live object's signature. A pass whose object has
 * the same key reuses the result instead of a GET and a dry-run PATCH, so an idle app sends nothing.
 */
export class DriftCache {
	readonly #entries = new Map<string, Entry>();
	/** Refs looked at since `beginPass`: entries of objects an app no longer has are dropped at `endPass`. */
	#seen = new Set<string>();

	get size(): number {
		return this.#entries.size;
	}

	beginPass(): void {
		this.#seen = new Set();
	}

	endPass(): void {
		for (const key of this.#entries.keys()) if (!this.#seen.has(key)) this.#entries.delete(key);
	}

	/** The cached result for this object and key, or undefined. */
	get(ref: ObjectRef, key: string | null): DriftResource | undefined {
		const id = refKey(ref);
		this.#seen.add(id);
		if (key === null) return undefined;
		const entry = this.#entries.get(id);
		return entry?.key === key ? entry.result : undefined;
	}

	/** Keeps a result; one with an error is not kept (it may be passing: the next pass asks again). */
	set(ref: ObjectRef, key: string | null, result: DriftResource): void {
		const id = refKey(ref);
		this.#seen.add(id);
		if (key === null || result.error !== null) {
			this.#entries.delete(id);
			return;
		}
		this.#entries.set(id, {key, result});
	}

	clear(): void {
		this.#entries.clear();
	}
}

/**
 * The cache key of one comparison: null when the live side is not known (then it is always compared). `settings`
 * carries whatever else changes the result (field manager, instance label key, diff context).
 */
export function comparisonKey(desired: KubeObject | null, live: LiveSignature, settings: string): string | null {
	if (live === undefined) return null;
	const hash = createHash('sha256');
	hash
		.update(settings)
		.update('\0')
		.update(desired === null ? '' : JSON.stringify(desired));
	return `${hash.digest('hex')}\0${live}`;
}
