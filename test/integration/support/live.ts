// Live monitors over a test backend, and waits on what their store shows.
// Every wait polls the store with a deadline and, on timeout, says what the
// store held instead, so a failure reads as "expected X, saw Y".
import type {AppSummary} from '../../../source/core/apps/model.js';
import type {MonitorSnapshot} from '../../../source/core/monitor/monitor.js';
import {loadKubeConfig} from '../../../source/core/kube/kubeconfig.js';
import type {SourcePhase, SourceState} from '../../../source/core/kube/source-state.js';
import {createLiveMonitor, type LiveMonitor, type LiveMonitorOptions} from '../../../source/core/monitor/live-monitor.js';
import {providers as allProviders} from '../../../source/core/controllers/controllers.js';
import type {TestBackend} from '../../support/backend.js';
import {waitFor} from '../../support/wait-for.js';

export type MonitorRequest = {
	context?: string;
	namespace?: string | null;
	/** Another kubeconfig file (e.g. an edited copy); default the backend's. */
	kubeconfigPath?: string;
} & Partial<Omit<LiveMonitorOptions, 'kubeconfig' | 'namespace'>>;

/** Monitors opened by a test file, closed together in `after`/`afterEach`. */
export class Monitors {
	readonly #open = new Set<LiveMonitor>();

	constructor(private readonly backend: TestBackend) {}

	open(request: MonitorRequest = {}): LiveMonitor {
		const {context, namespace = null, kubeconfigPath, ...rest} = request;
		const kubeconfig = loadKubeConfig({path: kubeconfigPath ?? this.backend.kubeconfigPath, context: context ?? this.backend.adminContext});
		const monitor = createLiveMonitor({providers: allProviders, ...rest, kubeconfig, namespace});
		this.#open.add(monitor);
		return monitor;
	}

	async close(monitor: LiveMonitor): Promise<void> {
		this.#open.delete(monitor);
		await monitor.close();
	}

	async closeAll(): Promise<void> {
		const open = [...this.#open];
		this.#open.clear();
		await Promise.all(open.map(async monitor => monitor.close()));
	}
}

/** A short picture of the store for failure messages. */
export function describeSnapshot(snapshot: MonitorSnapshot): string {
	const apps = snapshot.apps.map(
		app => `${app.kind} ${app.namespace}/${app.name} ${app.sync}/${app.health}${app.stateLabel ? ` [${app.stateLabel}]` : ''}`,
	);
	const sources = snapshot.sources.map(source => `${source.key}=${source.phase}${source.message ? ` (${source.message})` : ''}`);
	return `context ${snapshot.context}, namespace ${snapshot.namespace ?? 'all'}; sources: ${sources.join('; ') || 'none'}; ${apps.length} apps: ${apps.join(', ')}`;
}

/** Wait until `check` holds on the monitor's snapshot. */
export function untilSnapshot<T>(
	monitor: LiveMonitor,
	check: (snapshot: MonitorSnapshot) => T | undefined | null | false,
	what: string,
	timeoutMs = 5000,
): Promise<T> {
	return waitFor(
		() => check(monitor.store.getSnapshot()),
		timeoutMs,
		() => `${what}; store: ${describeSnapshot(monitor.store.getSnapshot())}`,
	);
}

export function findApp(snapshot: MonitorSnapshot, kind: string, namespace: string, name: string): AppSummary | undefined {
	return snapshot.apps.find(app => app.kind === kind && app.namespace === namespace && app.name === name);
}

/** Wait for an app that satisfies `check` (default: present). */
export function untilApp(
	monitor: LiveMonitor,
	ref: {kind: string; namespace: string; name: string},
	check: (app: AppSummary) => boolean = () => true,
	timeoutMs = 5000,
): Promise<AppSummary> {
	return untilSnapshot(
		monitor,
		snapshot => {
			const app = findApp(snapshot, ref.kind, ref.namespace, ref.name);
			return app && check(app) ? app : undefined;
		},
		`${ref.kind} ${ref.namespace}/${ref.name} to show as expected`,
		timeoutMs,
	);
}

export function sourceByKey(snapshot: MonitorSnapshot, keyPrefix: string): SourceState | undefined {
	return snapshot.sources.find(source => source.key === keyPrefix || source.key.startsWith(`${keyPrefix}@`));
}

/** Wait until every source of the monitor is live (discovery done, each watch listing). */
export function untilAllLive(monitor: LiveMonitor, timeoutMs = 5000): Promise<true> {
	return untilSnapshot(
		monitor,
		snapshot => snapshot.sources.length > 0 && snapshot.sources.every(source => source.phase === 'live') && true,
		'every source live',
		timeoutMs,
	);
}

/** Wait until the source whose key is `key` reaches `phase`. */
export function untilSourcePhase(monitor: LiveMonitor, key: string, phase: SourcePhase, timeoutMs = 5000): Promise<SourceState> {
	return untilSnapshot(
		monitor,
		snapshot => {
			const source = sourceByKey(snapshot, key);
			return source?.phase === phase ? source : undefined;
		},
		`source ${key} to be ${phase}`,
		timeoutMs,
	);
}

/** Every phase each source went through, as the store published them (for "went stale, then recovered"). */
export function recordPhases(monitor: LiveMonitor): {phases: (key: string) => SourcePhase[]; stop: () => void} {
	const seen = new Map<string, SourcePhase[]>();
	const note = () => {
		for (const source of monitor.store.getSnapshot().sources) {
			const list = seen.get(source.key) ?? [];
			if (list.at(-1) !== source.phase) list.push(source.phase);
			seen.set(source.key, list);
		}
	};
	note();
	const stop = monitor.store.subscribe(note);
	return {phases: key => seen.get(key) ?? [], stop};
}
