import type {KubeConfigLike} from './kubeconfig-file.js';
import {classifyApiError, sourcePhaseFor, type ClassifiedError} from './api-error.js';
import {backoffDelay, cancellableSleep, defaultBackoff, type BackoffPolicy} from '../util/backoff.js';
import {listObjects} from './list.js';
import {resourcePath, type KubeObject, type ResourceType, typeKey} from './resource-type.js';
import {type SourcePhase, type SourceState, withPhase} from './source-state.js';
import {watchStream} from './watch-stream.js';

export type WatcherTiming = {
	/** Between reconnects while the server is away or failing. */
	backoff: BackoffPolicy;
	/**
	 * Between retries while forbidden or unauthorized, for as long as the denial may be transient (a server
	 * restarting answers 403 until its RBAC caches are filled; an RBAC change being rolled out): short, so coverage
	 * is back within seconds of the fault clearing.
	 */
	deniedBackoff: BackoffPolicy;
	/** A denial that lasted this long is taken as lasting (the user's RBAC really says no)… */
	deniedLastingAfterMs: number;
	/** …and retried only this often: a few requests an hour, in case RBAC or the login changes. */
	deniedLastingRetryMs: number;
	/** Server-side watch timeout; the server ends the stream and we resume from the last resourceVersion. Unset: the server's default (30–60 min). */
	watchTimeoutSeconds: number | undefined;
	/**
	 * How often a watching cluster session asks the API server for /version. A watch on a hung server, or over a
	 * connection a network lost, is silent rather than ended, and silence on a quiet watch is normal for minutes.
	 */
	serverCheckMs: number;
	/** No answer to that check within this long: the session's sources are shown disconnected until one comes. */
	serverCheckTimeoutMs: number;
};

export const defaultTiming: WatcherTiming = {
	backoff: defaultBackoff,
	deniedBackoff: {initialMs: 1000, maxMs: 3000},
	deniedLastingAfterMs: 2 * 60_000,
	deniedLastingRetryMs: 30_000,
	watchTimeoutSeconds: undefined,
	serverCheckMs: 15_000,
	serverCheckTimeoutMs: 10_000,
};

type WatcherOptions<P> = {
	kc: KubeConfigLike;
	type: ResourceType;
	/** null = all namespaces. */
	namespace: string | null;
	/** Only objects matching this (e.g. `metadata.name=argocd-cm`): RBAC limited to resourceNames allows that list and watch. */
	fieldSelector?: string;
	project: (object: KubeObject) => P;
	/** Called after items or state changed; the owner batches. */
	onChange: () => void;
	/** What to tell the user on 401. */
	reloginHint: string;
	/**
	 * Start from nothing: list only to learn the current resourceVersion, and hold only what the watch reports
	 * from there (changes, not the present state). For following changes of a kind whose objects are large and many.
	 */
	changesOnly?: boolean;
	/** The type is not served (404 on its list or watch): the CRD may be gone, discovery should look again. */
	onNotFound?: () => void;
	/**
	 * false: list only, never watch (one-shot commands read the present state once and exit: a watch per type is a
	 * connection and server work nobody reads). Failures are retried as usual until stopped; a relist lists again.
	 */
	watch?: boolean;
	timing?: Partial<WatcherTiming>;
};

type WatchEnd = {error: unknown; gone: boolean};

/**
 * List, then watch from the list's resourceVersion, forever, the way client-go's reflector does: a dropped stream
 * resumes from the last resourceVersion; a stream that cannot resume (410 Gone, a resourceVersion older than the
 * last one seen, or any failure to reconnect: the server may have come back with another history) lists again and
 * REPLACES the items, so nothing deleted meanwhile survives the list. No periodic relist: a healthy watch misses
 * nothing. Backs off (capped) while the server is away. Keeps only projected fields. Never throws.
 */
export class ResourceWatcher<P = unknown> {
	readonly items = new Map<string, P>();
	#state: SourceState;
	readonly #options: WatcherOptions<P>;
	readonly #timing: WatcherTiming;
	readonly #stop = new AbortController();
	#watchAbort: AbortController | null = null;
	#resourceVersion = '';
	#needList = true;
	/** The stream just opened from a resourceVersion: its first event must not go back in history. */
	#checkFirstVersion = false;
	#failures = 0;
	/** When the current run of 401/403 answers began, or null. */
	#deniedSince: number | null = null;
	#running: Promise<void> | null = null;
	#lists = 0;
	/** Wakes the list-only loop when a relist is asked for. */
	#wakeIdle: (() => void) | null = null;

	constructor(options: WatcherOptions<P>) {
		this.#options = options;
		this.#timing = {...defaultTiming, ...options.timing};
		const scope = options.namespace === null ? '' : ` in ${options.namespace}`;
		this.#state = {
			key: typeKey(options.type) + (options.namespace === null ? '' : `@${options.namespace}`),
			label: options.type.label + scope,
			phase: 'connecting',
			since: Date.now(),
			lastUpdated: null,
			message: '',
		};
	}

	get state(): SourceState {
		return this.#state;
	}

	get namespace(): string | null {
		return this.#options.namespace;
	}

	/** How many lists have completed: a relist asked for is done once this grew. */
	get lists(): number {
		return this.#lists;
	}

	start(): void {
		this.#running ??= this.#run();
	}

	async stop(): Promise<void> {
		this.#stop.abort();
		this.#watchAbort?.abort();
		this.#wakeIdle?.();
		await this.#running;
	}

	get #stopped(): boolean {
		return this.#stop.signal.aborted;
	}

	/** List again (and project every object again), then go on watching. */
	relist(): void {
		this.#requestRelist();
	}

	#requestRelist(): void {
		this.#needList = true;
		this.#watchAbort?.abort();
		this.#wakeIdle?.();
	}

	async #run(): Promise<void> {
		while (!this.#stopped) {
			try {
				if (this.#needList) await this.#list();
				if (this.#options.watch === false) {
					await this.#untilRelistOrStop();
					continue;
				}
				const end = await this.#watch();
				if (this.#stopped) return;
				if (end.gone) {
					this.#needList = true;
					continue;
				}
				if (end.error !== null) throw end.error;
			} catch (error) {
				if (this.#stopped) return;
				await this.#recover(classifyApiError(error));
			}
		}
	}

	/**
	 * List and replace the items: each page is merged as it arrives, then every key the list did not name is
	 * deleted. The first list publishes each page (rows after one round trip); a relist publishes once, at the end.
	 */
	async #list(): Promise<void> {
		const first = this.#lists === 0;
		const seen = new Set<string>();
		const {resourceVersion} = await listObjects(this.#options.kc, this.#options.type, this.#options.namespace, {
			signal: this.#stop.signal,
			fieldSelector: this.#options.fieldSelector,
			versionOnly: this.#options.changesOnly === true,
			onItem: item => {
				if (this.#stopped) return;
				const key = itemKey(item);
				seen.add(key);
				this.items.set(key, this.#options.project(item));
			},
			onPage: count => {
				if (!this.#stopped && first && count > 0) this.#options.onChange();
			},
		});
		if (this.#stopped) return;
		for (const key of this.items.keys()) if (!seen.has(key)) this.items.delete(key);
		this.#resourceVersion = resourceVersion;
		this.#needList = false;
		this.#lists++;
		this.#markLive();
		this.#options.onChange();
	}

	/** List-only: nothing to do until a relist is asked for or the watcher stops. */
	#untilRelistOrStop(): Promise<void> {
		if (this.#stopped || this.#needList) return Promise.resolve();
		return new Promise(resolve => {
			this.#wakeIdle = () => {
				this.#wakeIdle = null;
				resolve();
			};
		});
	}

	/** One watch stream; resolves when it ends, however it ends. */
	#watch(): Promise<WatchEnd> {
		return new Promise(resolve => {
			const startedAt = Date.now();
			let ended = false;
			let gone = false;
			const finish = (error: unknown) => {
				if (ended) return;
				ended = true;
				this.#watchAbort = null;
				const statusCode = (error as {statusCode?: unknown} | null)?.statusCode;
				if (statusCode === 410) gone = true;
				const benign = error === null || isTimeout(error) || isAbort(error);
				if (this.#needList && benign) {
					// We cut the stream ourselves to relist.
					resolve({error: null, gone: false});
					return;
				}
				// A stream that ends cleanly at once, again and again, must not hot-loop.
				if (benign && !gone && Date.now() - startedAt < 1000) {
					resolve({error: new Error('watch stream keeps closing at once'), gone: false});
					return;
				}
				resolve({error: benign ? null : error, gone});
			};
			const onEvent = (type: string, object: KubeObject) => {
				if (this.#stopped || ended) return;
				if (type === 'ERROR') {
					const code = (object as {code?: number}).code;
					if (code === 410) gone = true;
					// The server refused to go on from our version (expired, too new for a restarted server…): list again.
					this.#needList = true;
					this.#watchAbort?.abort();
					if (code !== 410) finish(Object.assign(new Error((object as {message?: string}).message ?? 'watch error'), {statusCode: code}));
					return;
				}
				const version = object.metadata?.resourceVersion;
				if (this.#checkFirstVersion) {
					this.#checkFirstVersion = false;
					// A server restarted with fresh storage numbers from scratch: its history is not ours to resume.
					if (version && olderVersion(version, this.#resourceVersion)) {
						this.#needList = true;
						this.#watchAbort?.abort();
						finish(null);
						return;
					}
				}
				if (version) this.#resourceVersion = version;
				if (type === 'BOOKMARK') return;
				const key = itemKey(object);
				if (type === 'DELETED') this.items.delete(key);
				else this.items.set(key, this.#options.project(object));
				this.#state = {...this.#state, lastUpdated: Date.now()};
				this.#options.onChange();
			};
			// Events after version V all carry versions above V; the first one tells whether the server still has our history.
			this.#checkFirstVersion = this.#resourceVersion !== '';
			this.#openWatch(onEvent, finish).then(
				controller => {
					if (ended) {
						controller.abort();
						return;
					}
					this.#watchAbort = controller;
					// A relist asked for while the stream was opening must not wait for the stream's timeout.
					if (this.#stopped || this.#needList) controller.abort();
					else this.#markLive();
				},
				(error: unknown) => {
					if (ended) return;
					ended = true;
					// The stream could not even open (server away, refused, HTTP error): we were disconnected, and whatever
					// changed meanwhile — possibly a whole new history after a restart with fresh storage — must come from a list.
					this.#needList = true;
					if (this.#stopped) resolve({error: null, gone: false});
					else if ((error as {statusCode?: unknown}).statusCode === 410) resolve({error: null, gone: true});
					else resolve({error: error ?? new Error('watch failed'), gone: false});
				},
			);
		});
	}

	/**
	 * Open one watch stream from the current resourceVersion. Resolves with its controller once the server accepted
	 * it; rejects when it could not be opened (refused, HTTP error). After that, onEnd says how it ended (null: closed).
	 */
	#openWatch(onEvent: (type: string, object: KubeObject) => void, onEnd: (error: unknown) => void): Promise<AbortController> {
		return watchStream(
			this.#options.kc,
			resourcePath(this.#options.type, this.#options.namespace),
			{
				resourceVersion: this.#resourceVersion || undefined,
				fieldSelector: this.#options.fieldSelector,
				timeoutSeconds: this.#timing.watchTimeoutSeconds,
			},
			onEvent,
			onEnd,
		);
	}

	async #recover(problem: ClassifiedError): Promise<void> {
		const phase = sourcePhaseFor(problem);
		let message = problem.message;
		if (phase === 'unauthorized') message = `${problem.message} — ${this.#options.reloginHint}`;
		if (phase === 'forbidden') {
			this.items.clear();
		}
		if (problem.kind === 'not-found') this.#options.onNotFound?.();
		this.#setState(phase, message, problem.retryAfterSeconds);
		const denied = phase === 'forbidden' || phase === 'unauthorized';
		if (!denied) this.#deniedSince = null;
		else this.#deniedSince ??= Date.now();
		const lasting = this.#deniedSince !== null && Date.now() - this.#deniedSince >= this.#timing.deniedLastingAfterMs;
		const delay = lasting
			? this.#timing.deniedLastingRetryMs
			: backoffDelay(this.#failures, denied ? this.#timing.deniedBackoff : this.#timing.backoff);
		this.#failures++;
		await cancellableSleep(delay, this.#stop.signal);
	}

	#markLive(): void {
		this.#failures = 0;
		this.#deniedSince = null;
		if (this.#state.phase === 'live') {
			this.#state = {...this.#state, lastUpdated: Date.now()};
			return;
		}
		this.#state = {...withPhase(this.#state, 'live', ''), lastUpdated: Date.now()};
		this.#options.onChange();
	}

	#setState(phase: SourcePhase, message: string, retryAfterSeconds?: number): void {
		const same = this.#state.phase === phase && this.#state.message === message;
		if (same && this.#state.retryAfterSeconds === retryAfterSeconds) return;
		this.#state = withPhase(this.#state, phase, message, retryAfterSeconds);
		this.#options.onChange();
	}
}

function isTimeout(error: unknown): boolean {
	return error instanceof Error && error.name === 'TimeoutError';
}

function isAbort(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

/** True when both versions are numbers (as every real server's are) and `version` is the smaller one. */
function olderVersion(version: string, than: string): boolean {
	if (!/^\d+$/.test(version) || !/^\d+$/.test(than)) return false;
	return BigInt(version) < BigInt(than);
}

function itemKey(object: KubeObject): string {
	return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
