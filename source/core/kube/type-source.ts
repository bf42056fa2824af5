import type {KubeConfig} from '@kubernetes/client-node';
import type {KubeObject, ResourceType} from './resource-type.js';
import type {SourceState} from './source-state.js';
import {typeKey} from './resource-type.js';
import {ResourceWatcher, type WatcherTiming} from './watcher.js';

export type TypeSourceOptions<P> = {
	kc: KubeConfig;
	type: ResourceType;
	project: (object: KubeObject) => P;
	/** A namespace, or null for all namespaces the user may list. */
	namespace: string | null;
	/** Where to look when a cluster-wide list is forbidden (current namespace, the controller's). */
	fallbackNamespaces: string[];
	onChange: () => void;
	reloginHint: string;
	timing?: Partial<WatcherTiming>;
};

/**
 * All objects of one type in scope. Starts cluster-wide; if that is forbidden,
 * falls back to watching the fallback namespaces one by one.
 */
export class TypeSource<P = unknown> {
	#watchers: Array<ResourceWatcher<P>> = [];
	#fellBack = false;
	readonly #options: TypeSourceOptions<P>;

	constructor(options: TypeSourceOptions<P>) {
		this.#options = options;
	}

	get type(): ResourceType {
		return this.#options.type;
	}

	start(): void {
		this.#watchers = [this.#makeWatcher(this.#options.namespace)];
		for (const watcher of this.#watchers) watcher.start();
	}

	async stop(): Promise<void> {
		const watchers = this.#watchers;
		this.#watchers = [];
		await Promise.all(watchers.map(async watcher => watcher.stop()));
	}

	/** Merged items (keys are namespace/name, so namespaces never collide). */
	table(): Map<string, P> {
		if (this.#watchers.length === 1) return new Map(this.#watchers[0]!.items);
		const merged = new Map<string, P>();
		for (const watcher of this.#watchers) for (const [key, value] of watcher.items) merged.set(key, value);
		return merged;
	}

	state(): SourceState {
		const type = this.#options.type;
		const key = typeKey(type);
		const states = this.#watchers.map(watcher => watcher.state);
		if (!this.#fellBack || states.length === 0) {
			const single = states[0] ?? {phase: 'connecting' as const, lastUpdated: null, message: ''};
			return {...single, key, label: type.label};
		}
		if (states.every(state => state.phase === 'forbidden')) return {...states[0]!, key, label: type.label};
		const readable = this.#watchers.filter(watcher => watcher.state.phase !== 'forbidden');
		const scope = `namespace ${readable.map(watcher => watcher.namespace).join(', ')} only (cluster-wide list forbidden)`;
		const troubled = readable.find(watcher => watcher.state.phase !== 'live');
		if (troubled) return {...troubled.state, key, label: type.label, message: `${troubled.state.message}; ${scope}`};
		const lastUpdated = Math.min(...readable.map(watcher => watcher.state.lastUpdated ?? Date.now()));
		return {key, label: type.label, phase: 'live', lastUpdated, message: scope};
	}

	#makeWatcher(namespace: string | null): ResourceWatcher<P> {
		return new ResourceWatcher<P>({
			kc: this.#options.kc,
			type: this.#options.type,
			namespace,
			project: this.#options.project,
			reloginHint: this.#options.reloginHint,
			timing: this.#options.timing,
			onChange: () => {
				if (namespace === null && !this.#fellBack && this.#watchers[0]?.state.phase === 'forbidden') this.#fallBack();
				this.#options.onChange();
			},
		});
	}

	#fallBack(): void {
		const namespaces = [...new Set(this.#options.fallbackNamespaces)];
		if (namespaces.length === 0 || !this.#options.type.namespaced) return;
		this.#fellBack = true;
		const clusterWide = this.#watchers;
		this.#watchers = namespaces.map(namespace => this.#makeWatcher(namespace));
		for (const watcher of this.#watchers) watcher.start();
		void Promise.all(clusterWide.map(async watcher => watcher.stop()));
	}
}
