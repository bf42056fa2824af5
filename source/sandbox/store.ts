// In-memory object storage with one global resourceVersion counter and a
// bounded history of change events, so watches can resume from a version.
import type {KubeObject} from '../core/kube/resource-type.js';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type StoreEvent = {
	type: EventType;
	resourceVersion: number;
	/** Storage key of the kind (`group/plural`). */
	key: string;
	object: KubeObject;
	/** The object before a MODIFIED change (selectors decide ADDED/DELETED from both). */
	previous?: KubeObject;
};

type StoreListener = (event: StoreEvent) => void;

const defaultHistoryLimit = 5000;

export class ObjectStore {
	readonly #objects = new Map<string, Map<string, KubeObject>>();
	readonly #history: StoreEvent[] = [];
	readonly #listeners = new Set<StoreListener>();
	#resourceVersion = 1;
	/** Versions at or above this can be resumed from; older ones are gone (410). */
	#oldestResumable = 1;
	/**
	 * Per kind, the version its watch window opened at: a real server's watch
	 * cache for a kind starts when the kind is first served, so a custom kind
	 * cannot be resumed from before its definition was established.
	 */
	readonly #windowStart = new Map<string, number>();
	/** Until when (epoch ms) a newly served kind's watch cache is still starting. */
	readonly #cacheReadyAt = new Map<string, number>();

	constructor(private readonly historyLimit = defaultHistoryLimit) {}

	get resourceVersion(): number {
		return this.#resourceVersion;
	}

	/** The oldest version a watch of this kind (storage key) can resume from. */
	oldestResumable(key: string): number {
		return Math.max(this.#oldestResumable, this.#windowStart.get(key) ?? 0);
	}

	/**
	 * A kind starts being served now: its watches cannot reach back before this. Its watch cache then starts, which
	 * on a real server takes a few milliseconds during which lists and watches of it answer 429 (cacheStarting).
	 */
	openWatchWindow(key: string, cacheStartMs = 0): void {
		this.#windowStart.set(key, this.#resourceVersion);
		if (cacheStartMs > 0) this.#cacheReadyAt.set(key, Date.now() + cacheStartMs);
	}

	/** True while the kind's watch cache is still starting (see openWatchWindow). */
	cacheStarting(key: string): boolean {
		const readyAt = this.#cacheReadyAt.get(key);
		if (readyAt === undefined) return false;
		if (Date.now() < readyAt) return true;
		this.#cacheReadyAt.delete(key);
		return false;
	}

	get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
		return this.#objects.get(key)?.get(objectKey(namespace, name));
	}

	/** Objects of a kind, in one namespace or all, ordered by namespace then name. */
	list(key: string, namespace?: string): KubeObject[] {
		const objects = [...(this.#objects.get(key)?.values() ?? [])];
		const selected = namespace === undefined ? objects : objects.filter(object => object.metadata?.namespace === namespace);
		return selected.sort((a, b) => compareKeys(objectKeyOf(a), objectKeyOf(b)));
	}

	/** The next resourceVersion a write would get (for dry runs, which store nothing). */
	peekNextVersion(): string {
		return String(this.#resourceVersion + 1);
	}

	/** Store a new or changed object; stamps its resourceVersion and records the event. */
	put(key: string, object: KubeObject): KubeObject {
		const namespace = object.metadata?.namespace;
		const name = object.metadata?.name ?? '';
		let objects = this.#objects.get(key);
		if (!objects) {
			objects = new Map();
			this.#objects.set(key, objects);
		}
		const previous = objects.get(objectKey(namespace, name));
		const resourceVersion = ++this.#resourceVersion;
		const stored = deepFreeze({...object, metadata: {...object.metadata, resourceVersion: String(resourceVersion)}});
		objects.set(objectKey(namespace, name), stored);
		this.#record(
			previous ? {type: 'MODIFIED', resourceVersion, key, object: stored, previous} : {type: 'ADDED', resourceVersion, key, object: stored},
		);
		return stored;
	}

	/** Remove an object; the DELETED event carries it with a fresh resourceVersion. */
	delete(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
		const objects = this.#objects.get(key);
		const existing = objects?.get(objectKey(namespace, name));
		if (!objects || !existing) return undefined;
		objects.delete(objectKey(namespace, name));
		const resourceVersion = ++this.#resourceVersion;
		const gone = deepFreeze({...existing, metadata: {...existing.metadata, resourceVersion: String(resourceVersion)}});
		this.#record({type: 'DELETED', resourceVersion, key, object: gone});
		return gone;
	}

	/** Events of a kind after `resourceVersion`, or undefined when its history no longer reaches back that far. */
	eventsSince(key: string, resourceVersion: number): StoreEvent[] | undefined {
		if (resourceVersion < this.oldestResumable(key)) return undefined;
		return this.#history.filter(event => event.key === key && event.resourceVersion > resourceVersion);
	}

	/** Forget the history: every version before now becomes too old to resume from. */
	compact(): void {
		this.#history.length = 0;
		// Bump so that even the current version is older than the oldest resumable one.
		this.#resourceVersion++;
		this.#oldestResumable = this.#resourceVersion;
	}

	subscribe(listener: StoreListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#record(event: StoreEvent): void {
		this.#history.push(event);
		while (this.#history.length > this.historyLimit) {
			const dropped = this.#history.shift();
			if (dropped) this.#oldestResumable = dropped.resourceVersion;
		}
		for (const listener of [...this.#listeners]) listener(event);
	}
}

function objectKey(namespace: string | undefined, name: string): string {
	return `${namespace ?? ''}/${name}`;
}

function objectKeyOf(object: KubeObject): string {
	return objectKey(object.metadata?.namespace, object.metadata?.name ?? '');
}

function compareKeys(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Stored objects are shared by every reader; freezing catches accidental mutation. */
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}
