import type {AppSummary} from './model.js';
import type {SourceState} from '../kube/source-state.js';
import type {ActionProgress} from '../actions/progress-types.js';

/** What the UI renders: a plain, immutable snapshot. */
export type MonitorSnapshot = {
	/** Current kube context name ('' before the kubeconfig is read). */
	context: string;
	/** All contexts in the kubeconfig, for `:ctx`. */
	contexts: string[];
	/** Namespace filter: null = all namespaces the user may list. */
	namespace: string | null;
	/** Apps sorted by id; the UI sorts and filters with selectors. */
	apps: readonly AppSummary[];
	/** One entry per watched resource type. */
	sources: readonly SourceState[];
	/** Epoch ms of the last change to apps, or null before any data. */
	updatedAt: number | null;
	/** A problem that stops everything (bad kubeconfig, unknown context), or null. */
	fatal: string | null;
	/** The namespace filter names a namespace the server says does not exist (asked when the session starts). */
	namespaceMissing?: boolean;
	/** Something worth a line that is not an error ('no Argo CD or Flux found', 'unknown context x'). */
	notice?: string | null;
	/** No mutating action is offered or sent in this context (--readonly, or readonly: true in the config). */
	readonly?: boolean;
	/** The context matches the production pattern (default '*prod*'): shown loudly. */
	production?: boolean;
	/** Actions started from this session and what became of them, by app id. */
	actions?: Readonly<Record<string, ActionProgress>>;
};

export type Listener = () => void;

export const emptySnapshot: MonitorSnapshot = Object.freeze({
	context: '',
	contexts: [],
	namespace: null,
	apps: [],
	sources: [],
	updatedAt: null,
	fatal: null,
}) as MonitorSnapshot;

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
