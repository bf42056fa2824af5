import type {DriftReaders} from '../drift/types.js';
import type {AppDetail} from '../apps/detail.js';
import {pendingDrift, type AppDriftState} from '../drift/drift-state.js';
import type {AppSummary} from '../apps/model.js';
import type {SnapshotStore} from '../util/store.js';
import type {MonitorSnapshot} from './monitor.js';
import type {HealthOverride} from '../health/resource-health.js';
import type {WatcherTiming} from '../kube/watcher.js';
import type {NativeAppConfig} from '../native/config-types.js';
import type {ActiveProvider} from './active-types.js';
import {controllerPlan} from './controller-plan.js';
import {DriftFollower} from '../drift/drift-follower.js';
import {LiveObjects} from '../drift/live-objects.js';
import {NativeApps} from '../controllers/git/apps.js';
import {appGoneText} from '../util/error-text.js';

type DriftSessionOptions = DriftReaders & {
	context: string;
	namespace: string | null;
	nativeApps: readonly NativeAppConfig[];
	store: SnapshotStore<MonitorSnapshot>;
	providers: () => readonly ActiveProvider[];
	reloginHint: string;
	onChange: () => void;
	timing?: Partial<WatcherTiming>;
	/** false: list only, never watch (a one-shot command reads the present state once). Default true. */
	watch?: boolean;
	recheckMs?: number;
	/** Keep a controller app's drift warm this long after its last watcher leaves (detail → diff and back). */
	lingerMs?: number;
	/** The user's own health checks (argocd-cm) for live objects. */
	healthOverride?: () => HealthOverride | undefined;
	/** Which native apps to compare with Git (default all). */
	compareNative?: (app: NativeAppConfig) => boolean;
	/** Called as each object's comparison ends (deadlines that follow progress). */
	onProgress?: () => void;
};

type Followed = {
	follower: DriftFollower;
	listeners: Set<(state: AppDriftState) => void>;
	linger: NodeJS.Timeout | undefined;
	unsubscribeStore: () => void;
};

/**
 * Drift for one (context, namespace): native apps always, controller apps (Argo CD, Flux) while someone looks,
 * all sharing one set of live-object watches and the git clones.
 */
export class DriftSession {
	readonly native: NativeApps;
	readonly #live: LiveObjects;
	readonly #options: DriftSessionOptions;
	readonly #followed = new Map<string, Followed>();
	readonly #nativeListeners = new Map<string, Set<(state: AppDriftState) => void>>();

	constructor(options: DriftSessionOptions) {
		this.#options = options;
		this.#live = new LiveObjects({
			kc: options.kc,
			discovery: options.discovery,
			reloginHint: options.reloginHint,
			timing: options.timing,
			...(options.watch === false ? {watch: false} : {}),
			...(options.healthOverride ? {healthOverride: options.healthOverride} : {}),
		});
		this.native = new NativeApps({
			kc: options.kc,
			discovery: options.discovery,
			git: options.git,
			live: this.#live,
			render: options.render,
			context: options.context,
			namespace: options.namespace,
			apps: options.nativeApps,
			onChange: () => {
				this.#notifyNative();
				options.onChange();
			},
			...(options.recheckMs === undefined ? {} : {recheckMs: options.recheckMs}),
			...(options.compareNative ? {compare: options.compareNative} : {}),
			...(options.onProgress ? {onProgress: options.onProgress} : {}),
		});
	}

	start(): void {
		this.native.start();
	}

	async stop(): Promise<void> {
		this.native.stop();
		for (const followed of this.#followed.values()) this.#drop(followed);
		this.#followed.clear();
		await this.#live.stop();
	}

	/** The health rules of these kinds changed: work their live objects' health out again. */
	recheckHealth(affects: (group: string, kind: string) => boolean): void {
		this.#live.recheckHealth(affects);
	}

	/** True once every such recheck has been done. */
	healthSettled(): boolean {
		return this.#live.healthSettled();
	}

	nativeDetail(id: string): AppDetail | null {
		return this.native.detail(id);
	}

	watch(id: string, onChange: (state: AppDriftState) => void): () => void {
		const native = this.native.follower(id);
		if (native) {
			const listeners = this.#nativeListeners.get(id) ?? new Set();
			this.#nativeListeners.set(id, listeners);
			listeners.add(onChange);
			onChange(native.state);
			return () => listeners.delete(onChange);
		}
		let followed = this.#followed.get(id);
		if (!followed) {
			const app = this.#app(id);
			if (!app) {
				onChange({...pendingDrift, phase: 'error', error: appGoneText});
				return () => {};
			}
			followed = this.#followController(id);
		}
		clearTimeout(followed.linger);
		followed.linger = undefined;
		followed.listeners.add(onChange);
		onChange(followed.follower.state);
		const current = followed;
		return () => {
			current.listeners.delete(onChange);
			if (current.listeners.size > 0 || this.#followed.get(id) !== current) return;
			current.linger = setTimeout(() => {
				if (current.listeners.size > 0) return;
				this.#drop(current);
				this.#followed.delete(id);
			}, this.#options.lingerMs ?? 15_000);
			current.linger.unref();
		};
	}

	#followController(id: string): Followed {
		const options = this.#options;
		const listeners = new Set<(state: AppDriftState) => void>();
		const follower = new DriftFollower({
			kc: options.kc,
			discovery: options.discovery,
			git: options.git,
			live: this.#live,
			plan: signal => {
				const app = this.#app(id);
				if (!app) return Promise.resolve({ok: false, reason: 'error', message: appGoneText});
				return controllerPlan(options.kc, options.providers(), app, signal);
			},
			render: options.render,
			controller: () => {
				const app = this.#app(id);
				const provider = options.providers().find(entry => entry.provider.name === app?.provider)?.provider;
				return app && provider ? {label: provider.label, sync: app.sync, offeredRevision: app.source?.revision ?? ''} : null;
			},
			onChange: state => {
				for (const listener of [...listeners]) listener(state);
			},
			...(options.recheckMs === undefined ? {} : {recheckMs: options.recheckMs}),
		});
		let version = this.#app(id)?.resourceVersion ?? '';
		let sync = this.#app(id)?.sync ?? '';
		const unsubscribeStore = options.store.subscribe(() => {
			const app = this.#app(id);
			if ((app?.resourceVersion ?? '') !== version) {
				version = app?.resourceVersion ?? '';
				follower.invalidatePlan();
			}
			// A controller's status write always moves the resourceVersion too: the sync word is compared on its own, so
			// the disagreement line follows the controller at once instead of waiting for the next complete pass.
			if ((app?.sync ?? '') !== sync) {
				sync = app?.sync ?? '';
				follower.controllerChanged();
			}
		});
		const followed: Followed = {follower, listeners, linger: undefined, unsubscribeStore};
		this.#followed.set(id, followed);
		follower.start();
		return followed;
	}

	#drop(followed: Followed): void {
		clearTimeout(followed.linger);
		followed.unsubscribeStore();
		followed.follower.stop();
	}

	#app(id: string): AppSummary | undefined {
		return this.#options.store.getSnapshot().apps.find(app => app.id === id);
	}

	#notifyNative(): void {
		for (const [id, listeners] of this.#nativeListeners) {
			const state = this.native.follower(id)?.state;
			if (!state) continue;
			for (const listener of [...listeners]) listener(state);
		}
	}
}
