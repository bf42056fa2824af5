import {createHash} from 'node:crypto';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {ResourceHealth} from '../apps/detail.js';
import {NATIVE_TRACKING_LABEL} from '../diff/normalize.js';
import type {ObjectRef} from '../diff/types.js';
import {aggregationAnnotations} from '../health/aggregate.js';
import {resourceHealth, type HealthOverride} from '../health/resource-health.js';
import type {Discovery, DiscoveredResource} from '../kube/discovery.js';
import type {KubeObject, ResourceType} from '../kube/resource-type.js';
import type {SourceState} from '../kube/source-state.js';
import {ResourceWatcher, type WatcherTiming} from '../kube/watcher.js';
import {errorText} from '../util/error-text.js';

/** What drift and health need of a live object; the rest is dropped as it arrives. */
type LiveObjectInfo = {
	/**
	 * Changes when the object's desired-state-relevant content may have changed: uid, generation, labels and
	 * annotations for kinds with a generation (status churn does not count), the resourceVersion otherwise.
	 */
	signature: string;
	/** Value of the native tracking label, or null. */
	nativeApp: string | null;
	health: ResourceHealth | null;
	/** Only the annotations that take an object out of its app's health (hooks, ignore-healthcheck). */
	healthAnnotations?: Record<string, string>;
};

/** One (kind, namespace) to watch; namespace null = cluster-wide (cluster-scoped kinds). */
export type LiveScope = {group: string; kind: string; namespace: string | null};

type Entry = {
	watcher: ResourceWatcher<LiveObjectInfo> | null;
	resource: DiscoveredResource | null;
	users: number;
	listeners: Set<() => void>;
	/** Set when discovery could not find or reach the kind. */
	problem: string | null;
	/** Discovery answered that the kind is not served: nothing of it exists, nothing to list. */
	settledWithoutWatcher: boolean;
	/** While health must be worked out again: the watcher's list count when that was asked. */
	healthRecheckFrom: number | null;
};

type LiveObjectsOptions = {
	kc: KubeConfigLike;
	discovery: Discovery;
	reloginHint: string;
	timing?: Partial<WatcherTiming>;
	/** false: list only, never watch (a one-shot command reads the present state once). Default true. */
	watch?: boolean;
	/** The user's own health checks (argocd-cm), as they are when an object arrives. */
	healthOverride?: () => HealthOverride | undefined;
};

function project(object: KubeObject, healthOverride: HealthOverride | undefined): LiveObjectInfo {
	const metadata = object.metadata ?? {};
	// Hashed: annotations can quote a Secret (last-applied-configuration), and nothing of it may be kept.
	// The uid too: an object deleted and created again starts at generation 1 with the same labels.
	const signature =
		metadata.generation === undefined
			? `rv:${metadata.resourceVersion ?? ''}`
			: `${metadata.uid ?? ''}:${createHash('sha1')
					.update(`${metadata.generation}\0${JSON.stringify(metadata.labels ?? {})}\0${JSON.stringify(metadata.annotations ?? {})}`)
					.digest('hex')}`;
	const healthAnnotations = aggregationAnnotations(metadata.annotations);
	return {
		signature,
		nativeApp: metadata.labels?.[NATIVE_TRACKING_LABEL] ?? null,
		health: resourceHealth(object, healthOverride),
		...(healthAnnotations ? {healthAnnotations} : {}),
	};
}

/**
 * Shared watches on the kinds apps deploy, so drift is recomputed when a live object changes (kubectl edit)
 * without polling. One watcher per (kind, namespace), shared by every follower that needs it.
 */
export class LiveObjects {
	readonly #options: LiveObjectsOptions;
	readonly #entries = new Map<string, Entry>();
	#stopped = false;

	constructor(options: LiveObjectsOptions) {
		this.#options = options;
	}

	/** Watch these scopes; `onChange` runs after any change in them. Returns the release function. */
	follow(scopes: readonly LiveScope[], onChange: () => void): () => void {
		const keys = [...new Set(scopes.map(scopeKey))];
		for (const key of keys) {
			const scope = scopes.find(candidate => scopeKey(candidate) === key)!;
			let entry = this.#entries.get(key);
			if (!entry) {
				entry = {
					watcher: null,
					resource: null,
					users: 0,
					listeners: new Set(),
					problem: null,
					settledWithoutWatcher: false,
					healthRecheckFrom: null,
				};
				this.#entries.set(key, entry);
				void this.#startWatcher(key, entry, scope);
			}
			entry.users++;
			entry.listeners.add(onChange);
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			for (const key of keys) {
				const entry = this.#entries.get(key);
				if (!entry) continue;
				entry.listeners.delete(onChange);
				if (--entry.users <= 0) {
					this.#entries.delete(key);
					void entry.watcher?.stop();
				}
			}
		};
	}

	/**
	 * The live object's info; null when its scope is watched and listed and it does not exist; undefined when
	 * nothing is known (scope not watched, not listed yet, or the watch is failing).
	 */
	lookup(ref: ObjectRef): LiveObjectInfo | null | undefined {
		const entry =
			this.#entries.get(scopeKey({group: ref.group, kind: ref.kind, namespace: ref.namespace || null})) ??
			this.#entries.get(scopeKey({group: ref.group, kind: ref.kind, namespace: null}));
		if (entry?.watcher?.state.phase !== 'live' || !entry.resource) return undefined;
		const namespace = entry.resource.namespaced ? ref.namespace : '';
		return entry.watcher.items.get(`${namespace}/${ref.name}`) ?? null;
	}

	/** Objects in a watched scope carrying the native tracking label with this value. */
	labelled(scope: LiveScope, app: string): ObjectRef[] {
		const entry = this.#entries.get(scopeKey(scope));
		if (!entry?.watcher || !entry.resource) return [];
		const refs: ObjectRef[] = [];
		for (const [key, info] of entry.watcher.items) {
			if (info.nativeApp !== app) continue;
			const slash = key.indexOf('/');
			refs.push({group: scope.group, kind: scope.kind, namespace: key.slice(0, slash), name: key.slice(slash + 1)});
		}
		return refs;
	}

	/**
	 * Resolves once every scope's first listing has ended — listed, failed (forbidden, unreachable…) or found not
	 * served — so what is computed next from `lookup`/`labelled` is complete or knows it is not (`problems`).
	 * Scopes must be followed first. Resolves early when the signal aborts.
	 */
	listed(scopes: readonly LiveScope[], signal: AbortSignal): Promise<void> {
		const entries = scopes.map(scope => this.#entries.get(scopeKey(scope))).filter((entry): entry is Entry => entry !== undefined);
		const pending = () => entries.filter(entry => !entrySettled(entry));
		if (pending().length === 0 || signal.aborted) return Promise.resolve();
		return new Promise(resolve => {
			const check = () => {
				if (pending().length > 0 && !signal.aborted && !this.#stopped) return;
				for (const entry of entries) entry.listeners.delete(check);
				signal.removeEventListener('abort', check);
				resolve();
			};
			for (const entry of entries) entry.listeners.add(check);
			signal.addEventListener('abort', check);
		});
	}

	/**
	 * Work out the health of these kinds' objects again (the rules for them changed). Only the projection is kept,
	 * not the objects, so each matching watch lists again.
	 */
	recheckHealth(affects: (group: string, kind: string) => boolean): void {
		for (const entry of this.#entries.values()) {
			if (!entry.watcher || !entry.resource || !affects(entry.resource.group, entry.resource.kind)) continue;
			entry.healthRecheckFrom ??= entry.watcher.lists;
			entry.watcher.relist();
		}
	}

	/** True when no health recheck is waiting for its list (a watch that is not live does not hold it up). */
	healthSettled(): boolean {
		for (const entry of this.#entries.values()) {
			const watcher = entry.watcher;
			if (entry.healthRecheckFrom === null || !watcher) continue;
			if (watcher.lists > entry.healthRecheckFrom || watcher.state.phase !== 'live') entry.healthRecheckFrom = null;
			else return false;
		}
		return true;
	}

	/** Watches that are not live, for the app's error line. */
	problems(scopes: readonly LiveScope[]): string[] {
		const lines: string[] = [];
		for (const scope of scopes) {
			const entry = this.#entries.get(scopeKey(scope));
			if (!entry) continue;
			if (entry.problem) lines.push(entry.problem);
			const state: SourceState | undefined = entry.watcher?.state;
			if (state && state.phase !== 'live' && state.phase !== 'connecting')
				lines.push(`${state.label}: ${state.phase}${state.message ? ` (${state.message})` : ''}`);
		}
		return lines;
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		const entries = [...this.#entries.values()];
		this.#entries.clear();
		await Promise.all(entries.map(async entry => entry.watcher?.stop()));
	}

	async #startWatcher(key: string, entry: Entry, scope: LiveScope): Promise<void> {
		const notify = () => {
			for (const listener of [...entry.listeners]) listener();
		};
		let resource: DiscoveredResource | undefined;
		try {
			resource = await this.#options.discovery.findInGroup(scope.group, scope.kind);
		} catch (error) {
			entry.problem = `${scope.kind}: discovery failed (${errorText(error, {multiline: true})})`;
			notify();
			return;
		}
		if (this.#stopped || this.#entries.get(key) !== entry) return;
		if (!resource) {
			entry.problem = null;
			entry.settledWithoutWatcher = true;
			notify();
			return;
		}
		const type: ResourceType = {...resource, label: `live ${resource.kind}`};
		entry.resource = resource;
		entry.watcher = new ResourceWatcher<LiveObjectInfo>({
			kc: this.#options.kc,
			type,
			namespace: resource.namespaced ? scope.namespace : null,
			project: object => project(object, this.#options.healthOverride?.()),
			onChange: notify,
			reloginHint: this.#options.reloginHint,
			timing: this.#options.timing,
			...(this.#options.watch === false ? {watch: false} : {}),
		});
		entry.watcher.start();
	}
}

/** The scope's first listing has ended: listed, failed, or the kind is not served (nothing to list). */
function entrySettled(entry: Entry): boolean {
	if (entry.problem !== null) return true;
	if (!entry.watcher) return entry.resource === null && entry.settledWithoutWatcher;
	return entry.watcher.state.phase !== 'connecting';
}

function scopeKey(scope: LiveScope): string {
	return `${scope.group}/${scope.kind}@${scope.namespace ?? '*'}`;
}
