import type {KubeConfig} from '@kubernetes/client-node';
import {classifyApiError, sourcePhaseFor, type ClassifiedError} from './api-error.js';
import {backoffDelay, cancellableSleep, defaultBackoff, type BackoffPolicy} from './backoff.js';
import {listObjects} from './list.js';
import {resourcePath} from './paths.js';
import type {KubeObject, ResourceType} from './resource-type.js';
import type {SourcePhase, SourceState} from './source-state.js';
import {typeKey} from './resource-type.js';
import {watchStream} from './watch-stream.js';

export type WatcherTiming = {
	backoff: BackoffPolicy;
	/** Relist this often even when the watch looks healthy (missed events, silent informers). */
	relistEveryMs: number;
	/** Retry cadence while forbidden or unauthorized: RBAC and logins change, but rarely. */
	deniedRetryMs: number;
	/** Server-side watch timeout; the server ends the stream and we resume from the last resourceVersion. Unset: the server's default (30–60 min). */
	watchTimeoutSeconds: number | undefined;
};

export const defaultTiming: WatcherTiming = {
	backoff: defaultBackoff,
	relistEveryMs: 5 * 60_000,
	deniedRetryMs: 30_000,
	watchTimeoutSeconds: undefined,
};

export type WatcherOptions<P> = {
	kc: KubeConfig;
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
	timing?: Partial<WatcherTiming>;
};

type WatchEnd = {error: unknown; gone: boolean};

/**
 * List, then watch from the list's resourceVersion, forever: resume after a
 * dropped stream, relist on 410 Gone and periodically, back off (capped) while
 * the server is away. Keeps only projected fields. Never throws.
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
	#failures = 0;
	#relistTimer: NodeJS.Timeout | undefined;
	#running: Promise<void> | null = null;
	#lists = 0;

	constructor(options: WatcherOptions<P>) {
		this.#options = options;
		this.#timing = {...defaultTiming, ...options.timing};
		const scope = options.namespace === null ? '' : ` in ${options.namespace}`;
		this.#state = {
			key: typeKey(options.type) + (options.namespace === null ? '' : `@${options.namespace}`),
			label: options.type.label + scope,
			phase: 'connecting',
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
		this.#relistTimer = setInterval(() => this.#requestRelist(), this.#timing.relistEveryMs);
		this.#relistTimer.unref();
	}

	async stop(): Promise<void> {
		this.#stop.abort();
		this.#watchAbort?.abort();
		clearInterval(this.#relistTimer);
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
	}

	async #run(): Promise<void> {
		while (!this.#stopped) {
			try {
				if (this.#needList) await this.#list();
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

	async #list(): Promise<void> {
		const {items, resourceVersion} = await listObjects(this.#options.kc, this.#options.type, this.#options.namespace, {signal: this.#stop.signal, fieldSelector: this.#options.fieldSelector});
		if (this.#stopped) return;
		this.items.clear();
		for (const item of items) this.items.set(itemKey(item), this.#options.project(item));
		this.#resourceVersion = resourceVersion;
		this.#needList = false;
		this.#lists++;
		this.#markLive();
		this.#options.onChange();
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
				if (this.#needList) {
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
					this.#watchAbort?.abort();
					if (code !== 410) finish(Object.assign(new Error((object as {message?: string}).message ?? 'watch error'), {statusCode: code}));
					return;
				}
				const version = object.metadata?.resourceVersion;
				if (version) this.#resourceVersion = version;
				if (type === 'BOOKMARK') return;
				const key = itemKey(object);
				if (type === 'DELETED') this.items.delete(key);
				else this.items.set(key, this.#options.project(object));
				this.#state = {...this.#state, lastUpdated: Date.now()};
				this.#options.onChange();
			};
			watchStream(
				this.#options.kc,
				resourcePath(this.#options.type, this.#options.namespace),
				{
					resourceVersion: this.#resourceVersion || undefined,
					fieldSelector: this.#options.fieldSelector,
					timeoutSeconds: this.#timing.watchTimeoutSeconds,
				},
				onEvent,
				error => finish(error),
			)
				.then(controller => {
					if (ended) return;
					this.#watchAbort = controller;
					// A relist asked for while the stream was opening must not wait for the stream's timeout.
					if (this.#stopped || this.#needList) controller.abort();
					else this.#markLive();
				}, finish);
		});
	}

	async #recover(problem: ClassifiedError): Promise<void> {
		const phase = sourcePhaseFor(problem);
		let message = problem.message;
		if (phase === 'unauthorized') message = `${problem.message} — ${this.#options.reloginHint}`;
		if (phase === 'forbidden') {
			this.items.clear();
		}
		if (problem.kind === 'gone') this.#needList = true;
		// After a network loss resume from the last resourceVersion; the server answers 410 if it is too old.
		this.#setState(phase, message);
		const denied = phase === 'forbidden' || phase === 'unauthorized';
		const delay = denied ? this.#timing.deniedRetryMs : backoffDelay(this.#failures, this.#timing.backoff);
		this.#failures++;
		await cancellableSleep(delay, this.#stop.signal);
	}

	#markLive(): void {
		this.#failures = 0;
		if (this.#state.phase === 'live') {
			this.#state = {...this.#state, lastUpdated: Date.now()};
			return;
		}
		this.#state = {...this.#state, phase: 'live', message: '', lastUpdated: Date.now()};
		this.#options.onChange();
	}

	#setState(phase: SourcePhase, message: string): void {
		if (this.#state.phase === phase && this.#state.message === message) return;
		this.#state = {...this.#state, phase, message};
		this.#options.onChange();
	}
}

function isTimeout(error: unknown): boolean {
	return error instanceof Error && error.name === 'TimeoutError';
}

function isAbort(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

export function itemKey(object: KubeObject): string {
	return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
