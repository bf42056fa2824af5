type Listener = () => void;

/**
 * A minimal external store (the shape React's useSyncExternalStore wants).
 * Snapshots are replaced, never mutated, so selectors can compare by identity.
 */
export class SnapshotStore<T> {
	#snapshot: T;
	readonly #listeners = new Set<Listener>();

	constructor(initial: T) {
		this.#snapshot = initial;
	}

	getSnapshot = (): T => this.#snapshot;

	subscribe = (listener: Listener): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	set(next: T): void {
		if (Object.is(next, this.#snapshot)) return;
		this.#snapshot = next;
		for (const listener of [...this.#listeners]) listener();
	}

	update(change: (current: T) => T): void {
		this.set(change(this.#snapshot));
	}
}
