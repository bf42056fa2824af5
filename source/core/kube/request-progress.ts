import type {KubeConfig} from '@kubernetes/client-node';

// Who wants to know that requests on a KubeConfig are moving (deadlines that follow progress). Keyed by the
// KubeConfig object, so two monitors in one process do not see each other's traffic.
const listeners = new WeakMap<KubeConfig, Set<() => void>>();

/** Calls `listener` on each piece of a response arriving on `kc`; returns the unsubscribe function. */
export function onRequestProgress(kc: KubeConfig, listener: () => void): () => void {
	let set = listeners.get(kc);
	if (!set) {
		set = new Set();
		listeners.set(kc, set);
	}
	set.add(listener);
	return () => set.delete(listener);
}

/** A piece of a response arrived on `kc`. */
export function requestProgressed(kc: KubeConfig): void {
	const set = listeners.get(kc);
	if (set) for (const listener of set) listener();
}
