// The watches resource trees read their owned children from, shared by every open tree of a cluster session: one
// watcher per (kind, namespace), started when the first tree needs it and stopped when the last one lets go. A
// tree is live through these alone; no node is ever fetched on its own.
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {parseApiVersion, type KubeObject, type ResourceType, typeKey} from '../kube/resource-type.js';
import type {SourceState} from '../kube/source-state.js';
import {ResourceWatcher, type WatcherTiming} from '../kube/watcher.js';
import {resourceHealth, type HealthOverride} from '../health/resource-health.js';
import type {OwnedObject} from './resource-tree.js';
import {logPodOf} from '../kube/pod-containers.js';

/**
 * The kinds that are owned children in practice: Deployments (and Argo Rollouts) own ReplicaSets, ReplicaSets,
 * StatefulSets, DaemonSets and Jobs own Pods, CronJobs own Jobs. Whatever owns one of these — any owner kind, at
 * any depth — finds it through its ownerReferences.
 */
export const ownedTypes: readonly ResourceType[] = [
	{group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, label: 'ReplicaSets'},
	{group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, label: 'Jobs'},
	{group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, label: 'Pods'},
];

type OwnedWatchesOptions = {
	kc: KubeConfigLike;
	reloginHint: string;
	timing?: Partial<WatcherTiming>;
	/** false: list once, never watch (a one-shot command). */
	watch?: boolean;
	/** The user's own health checks (argocd-cm), as they are when an object is read. */
	healthOverride?: () => HealthOverride | undefined;
};

type Shared = {watcher: ResourceWatcher<OwnedObject>; users: Set<() => void>};

/** One tree's hold on the watches of the namespaces it shows. */
export type OwnedLease = {
	/** Hold exactly these namespaces' watches (one per owned kind each); the others this lease held are let go. */
	cover(namespaces: Iterable<string>): void;
	objects(): Iterable<OwnedObject>;
	/** Why `kind` in `namespace` cannot be read, or null (readable, or not one of the owned kinds). */
	unreadable(group: string, kind: string, namespace: string): string | null;
	/** Every held watch has answered once (listed, or failed in a way that says why). */
	settled(): boolean;
	release(): void;
};

export class OwnedWatches {
	readonly #options: OwnedWatchesOptions;
	readonly #shared = new Map<string, Shared>();
	#stopped = false;

	constructor(options: OwnedWatchesOptions) {
		this.#options = options;
	}

	/** How many watchers run now (one per kind and namespace in use): what tests and benches check sharing with. */
	get watcherCount(): number {
		return this.#shared.size;
	}

	lease(onChange: () => void): OwnedLease {
		const held = new Map<string, Shared>();
		const take = (namespace: string) => {
			for (const type of ownedTypes) {
				const key = watchKey(type, namespace);
				if (held.has(key)) continue;
				const shared = this.#acquire(type, namespace, onChange);
				if (shared) held.set(key, shared);
			}
		};
		const drop = (key: string) => {
			const shared = held.get(key);
			if (!shared) return;
			held.delete(key);
			this.#releaseOne(key, shared, onChange);
		};
		return {
			cover: namespaces => {
				const wanted = new Set([...namespaces].filter(namespace => namespace !== ''));
				for (const key of [...held.keys()]) if (!wanted.has(namespaceOfKey(key))) drop(key);
				for (const namespace of wanted) take(namespace);
			},
			objects: () => objectsOf(held),
			unreadable: (group, kind, namespace) => {
				const type = ownedTypes.find(candidate => candidate.group === group && candidate.kind === kind);
				if (!type) return null;
				const shared = held.get(watchKey(type, namespace));
				return shared ? unreadableText(shared.watcher.state, type, namespace) : null;
			},
			settled: () => [...held.values()].every(shared => shared.watcher.lists > 0 || answered(shared.watcher.state)),
			release: () => {
				for (const key of [...held.keys()]) drop(key);
			},
		};
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		const all = [...this.#shared.values()];
		this.#shared.clear();
		await Promise.all(all.map(async shared => shared.watcher.stop()));
	}

	#acquire(type: ResourceType, namespace: string, onChange: () => void): Shared | null {
		if (this.#stopped) return null;
		const key = watchKey(type, namespace);
		let shared = this.#shared.get(key);
		if (!shared) {
			const users = new Set<() => void>();
			const watcher = new ResourceWatcher<OwnedObject>({
				kc: this.#options.kc,
				type,
				namespace,
				project: object => projectOwned(object, type, this.#options.healthOverride?.()),
				reloginHint: this.#options.reloginHint,
				timing: this.#options.timing,
				...(this.#options.watch === false ? {watch: false} : {}),
				onChange: () => {
					for (const user of users) user();
				},
			});
			shared = {watcher, users};
			this.#shared.set(key, shared);
			watcher.start();
		}
		shared.users.add(onChange);
		return shared;
	}

	#releaseOne(key: string, shared: Shared, onChange: () => void): void {
		shared.users.delete(onChange);
		if (shared.users.size > 0 || this.#shared.get(key) !== shared) return;
		this.#shared.delete(key);
		void shared.watcher.stop();
	}
}

function watchKey(type: ResourceType, namespace: string): string {
	return `${typeKey(type)}@${namespace}`;
}

function namespaceOfKey(key: string): string {
	return key.slice(key.indexOf('@') + 1);
}

function* objectsOf(held: ReadonlyMap<string, Shared>): Iterable<OwnedObject> {
	for (const shared of held.values()) yield* shared.watcher.items.values();
}

/** A phase that is an answer: the server said no (or is not there), so the branch can say why. */
function answered(state: SourceState): boolean {
	return state.phase !== 'connecting';
}

function unreadableText(state: SourceState, type: ResourceType, namespace: string): string | null {
	if (state.phase === 'forbidden') return `forbidden: cannot list ${type.plural} in ${namespace}`;
	if (state.phase === 'unauthorized') return `unauthorized: ${state.message}`;
	if (state.phase === 'disconnected' && state.lastUpdated === null) return `cannot read ${type.plural}: ${state.message}`;
	return null;
}

type OwnerReference = {apiVersion?: string; kind?: string; name?: string; uid?: string};

export function projectOwned(object: KubeObject, type: ResourceType, override: HealthOverride | undefined): OwnedObject {
	const metadata = object.metadata ?? {};
	const owners = ((metadata['ownerReferences'] as OwnerReference[] | undefined) ?? []).map(owner => ({
		group: parseApiVersion(owner.apiVersion ?? '').group,
		kind: owner.kind ?? '',
		name: owner.name ?? '',
		uid: owner.uid ?? '',
	}));
	const scaledToZero = type.kind === 'ReplicaSet' && (object.spec?.replicas ?? 1) === 0 && (object.status?.replicas ?? 0) === 0;
	let health: OwnedObject['health'];
	try {
		health = resourceHealth(object, override);
	} catch {
		health = {status: 'Unknown', message: 'health check failed'};
	}
	return {
		ref: {group: type.group, version: type.version, kind: type.kind, namespace: metadata.namespace ?? '', name: metadata.name ?? ''},
		uid: metadata.uid ?? '',
		owners,
		health,
		scaledToZero,
		...(type.kind === 'Pod' ? {pod: logPodOf(object)} : {}),
	};
}
