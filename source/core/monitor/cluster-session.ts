import type {KubeConfig} from '@kubernetes/client-node';
import type {AppSummary, ProviderName} from '../apps/model.js';
import type {Projection, ProjectionTable, Provider} from '../providers/provider.js';
import {classifyApiError, sourcePhaseFor} from '../kube/api-error.js';
import {backoffDelay, cancellableSleep} from '../kube/backoff.js';
import {Discovery} from '../kube/discovery.js';
import {typeKey} from '../kube/resource-type.js';
import type {SourcePhase, SourceState} from '../kube/source-state.js';
import {TypeSource} from '../kube/type-source.js';
import type {WatcherTiming} from '../kube/watcher.js';
import {findActiveProviders, type ActiveProvider} from './active-types.js';
import {fallbackNamespaces} from './fallback-namespaces.js';

export type ClusterSessionOptions = {
	kc: KubeConfig;
	context: string;
	/** Namespace of the kube context, for the forbidden fallback. */
	contextNamespace: string;
	/** null = all namespaces the user may list. */
	namespace: string | null;
	providers: readonly Provider[];
	reloginHint: string;
	onChange: () => void;
	timing?: Partial<WatcherTiming>;
	/** Look for newly installed CRDs this often. */
	rediscoverMs?: number;
};

/**
 * Everything watched for one (context, namespace) choice. Switching context or
 * namespace stops the session and starts another, so nothing from the old
 * scope can leak into the new one.
 */
export class ClusterSession {
	readonly discovery: Discovery;
	readonly kc: KubeConfig;
	active: ActiveProvider[] = [];
	readonly #sources = new Map<string, {source: TypeSource<Projection>; provider: Provider}>();
	readonly #options: ClusterSessionOptions;
	readonly #stop = new AbortController();
	#discoveryState: SourceState = {key: 'discovery', label: 'API discovery', phase: 'connecting', lastUpdated: null, message: ''};
	#running: Promise<void> | null = null;

	constructor(options: ClusterSessionOptions) {
		this.#options = options;
		this.kc = options.kc;
		this.discovery = new Discovery(options.kc);
	}

	start(): void {
		this.#running ??= this.#discoverLoop();
	}

	async stop(): Promise<void> {
		this.#stop.abort();
		await this.#running;
		await Promise.all([...this.#sources.values()].map(async ({source}) => source.stop()));
	}

	/** App rows of one provider from its current tables. */
	appsOf(provider: Provider): AppSummary[] {
		const tables = new Map<string, ProjectionTable>();
		for (const {source, provider: owner} of this.#sources.values()) {
			if (owner === provider) tables.set(typeKey(source.type), source.table());
		}
		return provider.buildApps(this.#options.context, tables);
	}

	/** The projected objects of one provider's watched types (what its app rows are built from). */
	projections(provider: ProviderName): unknown[] {
		const rows: unknown[] = [];
		for (const {source, provider: owner} of this.#sources.values()) {
			if (owner.name !== provider) continue;
			for (const projection of source.table().values()) rows.push(projection);
		}
		return rows;
	}

	sourceStates(): SourceState[] {
		const states = [...this.#sources.values()].map(({source}) => source.state());
		return this.#discoveryState.phase === 'live' ? states : [this.#discoveryState, ...states];
	}

	/** True once discovery ran and every source has left 'connecting'. */
	settled(): boolean {
		if (this.#discoveryState.phase === 'connecting') return false;
		if (this.#discoveryState.phase !== 'live') return true;
		return this.sourceStates().every(state => state.phase !== 'connecting');
	}

	async #discoverLoop(): Promise<void> {
		let failures = 0;
		while (!this.#stop.signal.aborted) {
			try {
				this.discovery.forget();
				const active = await findActiveProviders(this.discovery, this.#options.providers);
				if (this.#stop.signal.aborted) return;
				this.active = active;
				this.#startSources(active);
				const names = active.map(entry => entry.provider.label).join(', ');
				this.#setDiscovery('live', active.length === 0 ? 'no Argo CD or Flux resources found in this cluster' : names);
				failures = 0;
				await cancellableSleep(this.#options.rediscoverMs ?? 60_000, this.#stop.signal);
			} catch (error) {
				const problem = classifyApiError(error);
				const phase: SourcePhase = sourcePhaseFor(problem);
				const message = phase === 'unauthorized' ? `${problem.message} — ${this.#options.reloginHint}` : problem.message;
				this.#setDiscovery(phase, message);
				await cancellableSleep(backoffDelay(failures++), this.#stop.signal);
			}
		}
	}

	#startSources(active: ActiveProvider[]): void {
		for (const {provider, watches} of active) {
			for (const spec of watches) {
				const key = typeKey(spec.type);
				if (this.#sources.has(key)) continue;
				const isApp = (spec.role ?? 'app') === 'app';
				const namespace = isApp ? this.#options.namespace : null;
				const fallback = fallbackNamespaces(provider.name, this.#options.namespace ?? this.#options.contextNamespace);
				const source = new TypeSource<Projection>({
					kc: this.#options.kc,
					type: spec.type,
					project: spec.project,
					namespace,
					fallbackNamespaces: fallback,
					reloginHint: this.#options.reloginHint,
					timing: this.#options.timing,
					onChange: this.#options.onChange,
				});
				this.#sources.set(key, {source, provider});
				source.start();
			}
		}
	}

	#setDiscovery(phase: SourcePhase, message: string): void {
		const lastUpdated = phase === 'live' ? Date.now() : this.#discoveryState.lastUpdated;
		const changed = this.#discoveryState.phase !== phase || this.#discoveryState.message !== message;
		this.#discoveryState = {...this.#discoveryState, phase, message, lastUpdated};
		if (changed) this.#options.onChange();
	}
}
