// The one events watch of a cluster session, shared by every view that shows events (an app's events, the
// timeline's warnings): started when the first view subscribes, stopped when the last one leaves, so a session
// nobody reads events in holds no events watch at all.
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {Discovery} from '../kube/discovery.js';
import type {SourceState} from '../kube/source-state.js';
import {TypeSource} from '../kube/type-source.js';
import type {WatcherTiming} from '../kube/watcher.js';
import {coreEventType, eventsV1Type, readEvent, type EventRecord} from './event-record.js';

type EventFeedOptions = {
	kc: KubeConfigLike;
	discovery: Discovery;
	/** Where to look while listing events in all namespaces is forbidden (the scope's namespace, the context's). */
	fallbackNamespaces: string[];
	reloginHint: string;
	timing?: Partial<WatcherTiming>;
	/** false: list once, never watch (a one-shot command reads the present events once). Default true. */
	watch?: boolean;
	/** Coalesce changes this long before telling subscribers (an event storm is one update). */
	batchMs?: number;
};

export type EventFeedState = {
	/** The events watch's state: 'forbidden' when the context may list events in neither API. */
	source: SourceState;
	/** Every event seen, by key (uid): the current map, read-only. */
	events: ReadonlyMap<string, EventRecord>;
};

type Listener = () => void;

const connecting: SourceState = {key: 'events', label: 'events', phase: 'connecting', lastUpdated: null, message: ''};

/**
 * One watch over events.k8s.io/v1 where it is served (the current API: series, reportingController, note), else
 * core/v1; a context allowed only core/v1 events (RBAC grants each group on its own) is switched to it. Both
 * views carry the same uid, so records read alike whichever API answered.
 */
export class EventFeed {
	readonly #options: EventFeedOptions;
	readonly #listeners = new Set<Listener>();
	#source: TypeSource<EventRecord> | null = null;
	/** Which API the watch uses now; core/v1 after events.k8s.io/v1 was refused. */
	#triedCore = false;
	#timer: NodeJS.Timeout | undefined;
	#generation = 0;
	#stopped = false;

	constructor(options: EventFeedOptions) {
		this.#options = options;
	}

	/** Follow the events; the watch runs while anyone follows. Returns the unsubscribe function. */
	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		if (this.#listeners.size === 1) this.#start();
		return () => {
			if (!this.#listeners.delete(listener)) return;
			if (this.#listeners.size === 0) this.#halt();
		};
	}

	/** True while a watch runs (someone follows the events). */
	get running(): boolean {
		return this.#listeners.size > 0 && !this.#stopped;
	}

	state(): EventFeedState {
		const source = this.#source;
		if (!source) return {source: connecting, events: new Map()};
		return {source: {...source.state(), key: 'events', label: 'events'}, events: source.table()};
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		this.#listeners.clear();
		await this.#halt();
	}

	#start(): void {
		if (this.#stopped) return;
		const generation = ++this.#generation;
		this.#triedCore = false;
		void this.#options.discovery.find(eventsV1Type.group, eventsV1Type.version, eventsV1Type.kind).then(
			served => this.#watch(generation, served ? eventsV1Type : coreEventType),
			() => this.#watch(generation, coreEventType),
		);
	}

	async #halt(): Promise<void> {
		this.#generation++;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const source = this.#source;
		this.#source = null;
		await source?.stop();
	}

	#watch(generation: number, type: typeof coreEventType): void {
		if (generation !== this.#generation || this.#stopped) return;
		if (type === coreEventType) this.#triedCore = true;
		const source = new TypeSource<EventRecord>({
			kc: this.#options.kc,
			type,
			project: readEvent,
			namespace: null,
			fallbackNamespaces: this.#options.fallbackNamespaces,
			reloginHint: this.#options.reloginHint,
			timing: this.#options.timing,
			...(this.#options.watch === false ? {watch: false} : {}),
			onChange: () => {
				if (this.#source !== source) return;
				if (source.state().phase === 'forbidden' && !this.#triedCore) {
					// Not allowed in events.k8s.io: the same events may be readable as core/v1.
					this.#source = null;
					void source.stop();
					this.#watch(generation, coreEventType);
				}
				this.#notify();
			},
		});
		this.#source = source;
		source.start();
		this.#notify();
	}

	#notify(): void {
		const batchMs = this.#options.batchMs ?? 100;
		if (batchMs === 0) {
			for (const listener of [...this.#listeners]) listener();
			return;
		}
		if (this.#timer) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			for (const listener of [...this.#listeners]) listener();
		}, batchMs);
	}
}
