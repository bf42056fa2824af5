import type {KubeConfigLike} from './kubeconfig-file.js';

// Who wants to know that requests on a KubeConfigLike are moving (deadlines that follow progress). Keyed by the
// KubeConfigLike object, so two monitors in one process do not see each other's traffic.
const listeners = new WeakMap<KubeConfigLike, Set<() => void>>();

/** Calls `listener` on each piece of a response arriving on `kc`; returns the unsubscribe function. */
export function onRequestProgress(kc: KubeConfigLike, listener: () => void): () => void {
	let set = listeners.get(kc);
	if (!set) {
		set = new Set();
		listeners.set(kc, set);
	}
	set.add(listener);
	return () => set.delete(listener);
}

/** A piece of a response arrived on `kc`. */
export function requestProgressed(kc: KubeConfigLike): void {
	const set = listeners.get(kc);
	if (set) for (const listener of set) listener();
}
