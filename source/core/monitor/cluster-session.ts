import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {AppSummary, ProviderName} from '../apps/model.js';
import type {Projection, ProjectionTable, Provider} from '../controllers/controller.js';
import {classifyApiError, sourcePhaseFor} from '../kube/api-error.js';
import {backoffDelay, cancellableSleep} from '../util/backoff.js';
import {Discovery} from '../kube/discovery.js';
import {typeKey, type KubeObject, type ResourceType} from '../kube/resource-type.js';
import {awaitingAskedRetry, unreadPhases, withPhase, type SourcePhase, type SourceState} from '../kube/source-state.js';
import {TypeSource} from '../kube/type-source.js';
import {defaultTiming, ResourceWatcher, type WatcherTiming} from '../kube/watcher.js';
import {requestJson} from '../kube/http.js';
import {findActiveProviders, type ActiveProvider} from './active-types.js';
import {EventFeed} from '../events/event-feed.js';

type ClusterSessionOptions = {
	kc: KubeConfigLike;
	context: string;
	/** Namespace of the kube context, for the forbidden fallback. */
	contextNamespace: string;
	/** null = all namespaces the user may list. */
	namespace: string | null;
	providers: readonly Provider[];
	reloginHint: string;
	onChange: () => void;
	timing?: Partial<WatcherTiming>;
	/**
	 * false: list each type once, watch nothing, and do not watch CRDs for rediscovery (a one-shot command reads the
	 * present state once and exits). Default true.
	 */
	watch?: boolean;
	/** Look for newly installed CRDs this often, only when CRDs may not be watched (forbidden); default 5 minutes. */
	rediscoverMs?: number;
};

const secondLookMs = 2000;

const crdType: ResourceType = {
	group: 'apiextensions.k8s.io',
	version: 'v1',
	plural: 'customresourcedefinitions',
	kind: 'CustomResourceDefinition',
	namespaced: false,
	label: 'CustomResourceDefinitions',
};

/**
 * Everything watched for one (context, namespace) choice. Switching context or
 * namespace stops the session and starts another, so nothing from the old
 * scope can leak into the new one.
 *
 * Discovery runs once, then again only when what is served may have changed: a watched
 * CustomResourceDefinition of the providers' groups changes what it serves, a watched type answers 404, or
 * discovery failed. Only a user who may not watch CRDs gets a periodic look (every 5 minutes). A type no longer
 * served stops its watcher.
 */
export class ClusterSession {
	readonly discovery: Discovery;
	readonly kc: KubeConfigLike;
	/** The session's one events watch, running only while some view follows events. */
	readonly events: EventFeed;
	active: ActiveProvider[] = [];
	readonly #sources = new Map<string, {source: TypeSource<Projection>; provider: Provider}>();
	readonly #options: ClusterSessionOptions;
	readonly #timing: WatcherTiming;
	readonly #stop = new AbortController();
	#discoveryState: SourceState = {
		key: 'discovery',
		label: 'API discovery',
		phase: 'connecting',
		since: Date.now(),
		lastUpdated: null,
		message: '',
	};
	#running: Promise<void> | null = null;
	#checking: Promise<void> | null = null;
	/** Since when the API server has not answered the session's check (see #checkServer), or null while it answers. */
	#unansweredSince: number | null = null;
	#crds: ResourceWatcher<string | null> | null = null;
	/** What the providers' CRDs served when last looked at; undefined before their first list. */
	#crdSignature: string | undefined;
	#crdsDenied = false;
	/** How many lists the CRD watcher had done when last looked at. */
	#crdLists = 0;
	#rediscoverWanted = false;
	#wake: (() => void) | null = null;
	#secondLook: NodeJS.Timeout | undefined;
	readonly #groups: ReadonlySet<string>;

	constructor(options: ClusterSessionOptions) {
		this.#options = options;
		this.#timing = {...defaultTiming, ...options.timing};
		this.kc = options.kc;
		this.discovery = new Discovery(options.kc);
		this.events = new EventFeed({
			kc: options.kc,
			discovery: this.discovery,
			fallbackNamespaces: [options.namespace ?? options.contextNamespace],
			reloginHint: options.reloginHint,
			...(options.timing ? {timing: options.timing} : {}),
			...(options.watch === false ? {watch: false} : {}),
		});
		this.#groups = new Set(
			options.providers.flatMap(provider => [provider.marker.group, ...provider.watches.map(spec => spec.type.group)]),
		);
	}

	start(): void {
		if (this.#options.watch !== false) {
			this.#watchCrds();
			this.#checking ??= this.#checkServer();
		}
		this.#running ??= this.#discoverLoop();
	}

	async stop(): Promise<void> {
		this.#stop.abort();
		clearTimeout(this.#secondLook);
		this.#wake?.();
		await this.#running;
		await this.#checking;
		await Promise.all([...this.#sources.values()].map(async ({source}) => source.stop()));
		await this.#crds?.stop();
		await this.events.stop();
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
		const states = [...this.#sources.values()].map(({source}) => this.#asAnswered(source.state()));
		if (this.#discoveryState.phase !== 'live') return [this.#discoveryState, ...states];
		const crds = this.#crdsUnread();
		return crds ? [crds, ...states] : states;
	}

	/**
	 * A source that says live while the server does not answer is only as current as the server's last answer: its
	 * watch may be open on a hung server or a lost connection, which is silent, not ended.
	 */
	#asAnswered(state: SourceState): SourceState {
		const since = this.#unansweredSince;
		if (since === null || (state.phase !== 'live' && state.phase !== 'partial')) return state;
		const seconds = Math.round(this.#timing.serverCheckMs / 1000);
		const at = new Date(since).toISOString().slice(11, 19);
		return {...state, phase: 'disconnected', since, message: `no answer from the API server since ${at} UTC (asked every ${seconds} s)`};
	}

	/**
	 * Ask the API server for /version now and then while watching. No answer within the timeout (a hung server, a
	 * network that dropped the connection): every source is shown disconnected from then on. Once it answers
	 * again, every source lists again, since a watch opened before the silence may have died without a word.
	 * Any answer counts, an HTTP error too: the sources say for themselves what the server refuses.
	 */
	async #checkServer(): Promise<void> {
		const signal = this.#stop.signal;
		while (!signal.aborted) {
			const {serverCheckMs, serverCheckTimeoutMs} = this.#timing;
			await cancellableSleep(serverCheckMs, signal);
			if (signal.aborted) return;
			const asked = Date.now();
			const answered = await requestJson(this.kc, '/version', {timeoutMs: serverCheckTimeoutMs, signal}).then(
				() => true,
				(error: unknown) => !['network', 'timeout'].includes(classifyApiError(error).kind),
			);
			if (signal.aborted) return;
			if (!answered && this.#unansweredSince === null) {
				this.#unansweredSince = asked;
				this.#options.onChange();
			} else if (answered && this.#unansweredSince !== null) {
				this.#unansweredSince = null;
				for (const {source} of this.#sources.values()) source.relist();
				this.#crds?.relist();
				this.#options.onChange();
			}
		}
	}

	/** With no type to watch, the CRD watch is the only sign the server is still there: its state while unread. */
	#crdsUnread(): SourceState | null {
		const state = this.#sources.size === 0 && this.#crds ? this.#asAnswered(this.#crds.state) : undefined;
		return state && unreadPhases.has(state.phase) ? state : null;
	}

	/** True while the last discovery succeeded: only then may the providers' groups be said to be absent. */
	discovered(): boolean {
		return this.#discoveryState.phase === 'live' && this.#crdsUnread() === null;
	}

	/**
	 * True once discovery ran and every source has left 'connecting' — and is not one the server asked to be asked
	 * again in a moment (a 429 while a CRD's storage starts): a one-shot read reports what the server says after it.
	 */
	settled(): boolean {
		const pending = (state: SourceState) => state.phase === 'connecting' || awaitingAskedRetry(state);
		if (pending(this.#discoveryState)) return false;
		if (this.#discoveryState.phase !== 'live') return true;
		return !this.sourceStates().some(pending);
	}

	async #discoverLoop(): Promise<void> {
		let failures = 0;
		while (!this.#stop.signal.aborted) {
			this.#rediscoverWanted = false;
			try {
				this.discovery.forget();
				const active = await findActiveProviders(this.discovery, this.#options.providers);
				if (this.#stop.signal.aborted) return;
				this.active = active;
				this.#startSources(active);
				const names = active.map(entry => entry.provider.label).join(', ');
				this.#setDiscovery('live', active.length === 0 ? 'no Argo CD or Flux resources found in this cluster' : names);
				failures = 0;
				await this.#untilRediscover();
			} catch (error) {
				const problem = classifyApiError(error);
				const phase: SourcePhase = sourcePhaseFor(problem);
				const message = phase === 'unauthorized' ? `${problem.message} — ${this.#options.reloginHint}` : problem.message;
				this.#setDiscovery(phase, message, problem.retryAfterSeconds);
				await cancellableSleep(backoffDelay(failures++), this.#stop.signal);
			}
		}
	}

	/** Until something says the served types may have changed (or, when CRDs cannot be watched, a while passed). */
	#untilRediscover(): Promise<void> {
		return new Promise(resolve => {
			if (this.#rediscoverWanted || this.#stop.signal.aborted) return resolve();
			const timer = this.#crdsDenied ? setTimeout(done, this.#options.rediscoverMs ?? 5 * 60_000) : undefined;
			const wake = () => done();
			this.#wake = wake;
			function done() {
				clearTimeout(timer);
				resolve();
			}
		});
	}

	#requestRediscover(): void {
		this.#rediscoverWanted = true;
		const wake = this.#wake;
		this.#wake = null;
		wake?.();
	}

	/**
	 * Watch CustomResourceDefinitions for changes only (their full list can be many megabytes, with schemas; one
	 * object's worth tells the version to watch from), keeping of each changed one only what it serves, for the
	 * providers' groups: a status update changes nothing, a kind installed, removed or given another version does
	 * (and the first change seen of a CRD, whose earlier state is unknown, asks once).
	 */
	#watchCrds(): void {
		const watcher = new ResourceWatcher<string | null>({
			kc: this.#options.kc,
			type: crdType,
			namespace: null,
			project: object => servedSignature(object, this.#groups),
			changesOnly: true,
			reloginHint: this.#options.reloginHint,
			timing: this.#options.timing,
			onChange: () => {
				if (this.#stop.signal.aborted || this.#crds !== watcher) return;
				// Shown while there is nothing else to show (sourceStates): its phase is news.
				if (this.#sources.size === 0) this.#options.onChange();
				const phase = watcher.state.phase;
				if (phase === 'forbidden' || phase === 'unauthorized') {
					// Not ours to see: look again now and then instead (and no retries against a lasting denial).
					this.#crds = null;
					this.#crdsDenied = true;
					void watcher.stop();
					this.#requestRediscover();
					return;
				}
				if (watcher.lists === 0) return;
				if (this.#crdLists !== 0 && watcher.lists !== this.#crdLists) {
					// Listed again (after a 410, or the server was away): what changed meanwhile was not seen as events.
					this.#crdLists = watcher.lists;
					this.#crdSignature = undefined;
					this.#requestRediscover();
					return;
				}
				this.#crdLists = watcher.lists;
				const signature = [...watcher.items.values()]
					.filter(value => value !== null)
					.sort()
					.join('\n');
				if (this.#crdSignature !== undefined && signature !== this.#crdSignature) {
					this.#requestRediscover();
					// Discovery may serve a newly established kind a moment after the CRD says so: look once more.
					clearTimeout(this.#secondLook);
					this.#secondLook = setTimeout(() => this.#requestRediscover(), secondLookMs);
					this.#secondLook.unref();
				}
				this.#crdSignature = signature;
			},
		});
		this.#crds = watcher;
		watcher.start();
	}

	#startSources(active: ActiveProvider[]): void {
		const wanted = new Set(active.flatMap(({watches}) => watches.map(spec => typeKey(spec.type))));
		for (const [key, {source}] of this.#sources) {
			if (wanted.has(key)) continue;
			// No longer served (CRD removed, or the provider is gone): its rows go with it.
			this.#sources.delete(key);
			void source.stop();
			this.#options.onChange();
		}
		for (const {provider, watches} of active) {
			for (const spec of watches) {
				const key = typeKey(spec.type);
				if (this.#sources.has(key)) continue;
				const isApp = (spec.role ?? 'app') === 'app';
				const namespace = isApp ? this.#options.namespace : null;
				// For a user who may not list cluster-wide: the scope's namespace, and where the controller usually keeps its objects.
				const fallback = [...new Set([this.#options.namespace ?? this.#options.contextNamespace, provider.homeNamespace])];
				const source = new TypeSource<Projection>({
					kc: this.#options.kc,
					type: spec.type,
					project: spec.project,
					namespace,
					fallbackNamespaces: fallback,
					reloginHint: this.#options.reloginHint,
					timing: this.#options.timing,
					...(this.#options.watch === false ? {watch: false} : {}),
					onChange: this.#options.onChange,
					onNotFound: () => this.#requestRediscover(),
				});
				this.#sources.set(key, {source, provider});
				source.start();
			}
		}
	}

	#setDiscovery(phase: SourcePhase, message: string, retryAfterSeconds?: number): void {
		const lastUpdated = phase === 'live' ? Date.now() : this.#discoveryState.lastUpdated;
		const changed = this.#discoveryState.phase !== phase || this.#discoveryState.message !== message;
		this.#discoveryState = {...withPhase(this.#discoveryState, phase, message, retryAfterSeconds), lastUpdated};
		if (changed) this.#options.onChange();
	}
}

/** What one CRD serves, as a string (null outside the providers' groups); discovery serves it once Established. */
function servedSignature(object: KubeObject, groups: ReadonlySet<string>): string | null {
	const spec = (object.spec ?? {}) as {
		group?: string;
		scope?: string;
		names?: {plural?: string; kind?: string};
		versions?: Array<{name?: string; served?: boolean}>;
	};
	if (!spec.group || !groups.has(spec.group)) return null;
	const versions = (spec.versions ?? [])
		.filter(version => version.served)
		.map(version => version.name)
		.sort();
	const conditions = (object as {status?: {conditions?: Array<{type?: string; status?: string}>}}).status?.conditions ?? [];
	const established = conditions.some(condition => condition.type === 'Established' && condition.status === 'True');
	return [spec.group, spec.names?.plural, spec.names?.kind, spec.scope, versions.join(','), established ? 'established' : 'pending'].join(
		' ',
	);
}
