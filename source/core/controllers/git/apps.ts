import type {AppDetail, ManagedResource} from '../../apps/detail.js';
import type {AppDriftState} from '../../drift/drift-state.js';
import {appId, type AppSummary} from '../../apps/model.js';
import type {ObjectRef} from '../../diff/types.js';
import {aggregateHealth, type HealthItem} from '../../health/aggregate.js';
import type {NativeAppConfig} from '../../native/config-types.js';
import {DriftFollower} from '../../drift/drift-follower.js';
import type {LiveObjects} from '../../drift/live-objects.js';
import {redactCredentials} from '../../util/error-text.js';
import type {DriftReport, DriftReaders} from '../../drift/types.js';

/** The provider name of Git apps, in rows and `status --json`. */
export const GIT_APP_PROVIDER = 'git';

/**
 * Apps driftwatch itself deploys from Git (driftwatch.yaml). One name everywhere a user meets them: the KIND column,
 * the `/` filter, the CLI's APP (KIND/NAMESPACE/NAME) and `status --json` (kind and provider). Older spellings
 * (native, NativeApp) are still accepted where users type them.
 */
export const GIT_APP_KIND = 'Git';

const NATIVE_API_VERSION = 'driftwatch.dev/v1';
const FIELD_MANAGER = 'driftwatch';

type NativeAppsOptions = DriftReaders & {
	live: LiveObjects;
	/** The session's context: apps without a context, or with this one, belong here. */
	context: string;
	/** Namespace scope of the session; null = all. */
	namespace: string | null;
	apps: readonly NativeAppConfig[];
	onChange: () => void;
	recheckMs?: number;
	/** Which apps to compare with Git (default all): the others are listed, still 'Comparing', and send nothing. */
	compare?: (app: NativeAppConfig) => boolean;
	/** Called as each object's comparison ends (deadlines that follow progress). */
	onProgress?: () => void;
};

type Entry = {config: NativeAppConfig; id: string; follower: DriftFollower; compared: boolean};

/**
 * Apps driftwatch follows itself, from the config file: no controller, so their sync status is the local drift
 * (render the branch HEAD, dry-run, compare) and their health is that of their live objects.
 */
export class NativeApps {
	readonly #options: NativeAppsOptions;
	readonly #entries: Entry[] = [];

	constructor(options: NativeAppsOptions) {
		this.#options = options;
		for (const config of options.apps) {
			if (config.context !== null && config.context !== options.context) continue;
			if (options.namespace !== null && config.namespace !== options.namespace) continue;
			const follower = new DriftFollower({
				kc: options.kc,
				discovery: options.discovery,
				git: options.git,
				live: options.live,
				plan: async () => ({
					ok: true,
					sources: [
						{repoUrl: config.repo, revision: config.branch, trackedRef: config.branch, path: config.path, namespace: config.namespace},
					],
					tracked: [],
					fieldManager: FIELD_MANAGER,
				}),
				render: options.render,
				native: {app: config.name, namespace: config.namespace, pruneKinds: nativePruneKinds},
				onChange: () => options.onChange(),
				onLiveChange: () => options.onChange(),
				...(options.recheckMs === undefined ? {} : {recheckMs: options.recheckMs}),
				...(options.onProgress ? {onProgress: options.onProgress} : {}),
			});
			const compared = options.compare?.(config) ?? true;
			this.#entries.push({config, id: appId(options.context, GIT_APP_KIND, config.namespace, config.name), follower, compared});
		}
	}

	start(): void {
		for (const entry of this.#entries) if (entry.compared) entry.follower.start();
	}

	stop(): void {
		for (const entry of this.#entries) entry.follower.stop();
	}

	has(id: string): boolean {
		return this.#entries.some(entry => entry.id === id);
	}

	follower(id: string): DriftFollower | undefined {
		return this.#entries.find(entry => entry.id === id)?.follower;
	}

	/** True once every compared app's first comparison ended (in a result or an error). */
	settled(): boolean {
		return this.#entries.every(entry => !entry.compared || entry.follower.state.phase !== 'pending');
	}

	rows(): AppSummary[] {
		return this.#entries.map(entry => this.#row(entry));
	}

	/** Detail of a native app: its objects with drift and live health; no history (no controller keeps one). */
	detail(id: string): AppDetail | null {
		const entry = this.#entries.find(candidate => candidate.id === id);
		if (!entry) return null;
		return {conditions: [], operation: null, history: [], resources: this.#resources(entry.follower.state)};
	}

	#resources(state: AppDriftState): ManagedResource[] {
		return (state.report?.resources ?? []).map(resource => {
			const sync = resource.error && !resource.diff ? 'Unknown' : resource.change === 'unchanged' ? 'Synced' : 'OutOfSync';
			return {...resource.ref, version: '', sync, health: this.#liveHealth(resource.ref).health};
		});
	}

	#liveHealth(ref: ObjectRef): HealthItem {
		const info = this.#options.live.lookup(ref);
		// undefined: its kind could not be listed (forbidden, unreachable) — unknown, never quietly left out.
		if (info === null) return {...ref, health: {status: 'Missing', message: 'not found in the cluster'}};
		if (info === undefined) return {...ref, health: {status: 'Unknown', message: 'live state not known: its kind could not be listed'}};
		return {...ref, health: info.health, ...(info.healthAnnotations ? {annotations: info.healthAnnotations} : {})};
	}

	#row(entry: Entry): AppSummary {
		const {config} = entry;
		const state = entry.follower.state;
		const desired = (state.report?.resources ?? []).filter(resource => resource.change !== 'removed');
		const health =
			state.phase === 'ready' && desired.length > 0
				? aggregateHealth(desired.map(resource => this.#liveHealth(resource.ref)))
				: {status: 'Unknown' as const, message: ''};
		const tracked = state.tracked;
		const head = tracked?.head?.revision ?? '';
		return {
			id: entry.id,
			provider: GIT_APP_PROVIDER,
			kind: GIT_APP_KIND,
			apiVersion: NATIVE_API_VERSION,
			name: config.name,
			namespace: config.namespace,
			deploysInto: [config.namespace],
			context: this.#options.context,
			sync: state.phase === 'ready' && state.report ? state.report.status : 'Unknown',
			health: health.status,
			revision: state.rendered ? `${config.branch}@${state.rendered.revision}` : '',
			message: state.error ?? ((state.report ? driftSummaryLine(state.report) : '') || health.message),
			operation: null,
			stateLabel: state.phase === 'pending' ? 'Comparing' : '',
			autoSync: false,
			lastChange: null,
			conditions: [],
			source: {
				kind: 'Git',
				name: config.branch,
				namespace: '',
				url: redactCredentials(config.repo),
				revision: head ? `${config.branch}@${head}` : '',
				ready: tracked ? tracked.error === null : null,
			},
			resourceVersion: String(state.computedAt ?? 0),
		};
	}
}

/** "2 modified, 1 missing live, 1 would be pruned, 1 not compared", or '' when nothing differs. */
function driftSummaryLine(report: DriftReport): string {
	const count = (predicate: (change: string, error: string | null, hasDiff: boolean) => boolean) =>
		report.resources.filter(resource => predicate(resource.change, resource.error, resource.diff !== null)).length;
	const parts: string[] = [];
	const modified = count(change => change === 'modified');
	const added = count(change => change === 'added');
	const removed = count(change => change === 'removed');
	const failed = count((_change, error, hasDiff) => error !== null && !hasDiff);
	if (modified) parts.push(`${modified} modified`);
	if (added) parts.push(`${added} missing live`);
	if (removed) parts.push(`${removed} would be pruned`);
	if (failed) parts.push(`${failed} not compared`);
	return parts.join(', ');
}

/**
 * Kinds searched in a native app's namespace for objects carrying its tracking label that Git no longer holds
 * (besides the kinds Git does hold): the monitor lists them as "would be pruned", a sync with prune deletes them.
 */
export const nativePruneKinds: ReadonlyArray<{group: string; kind: string}> = [
	{group: '', kind: 'ConfigMap'},
	{group: '', kind: 'Secret'},
	{group: '', kind: 'Service'},
	{group: '', kind: 'ServiceAccount'},
	{group: '', kind: 'PersistentVolumeClaim'},
	{group: 'apps', kind: 'Deployment'},
	{group: 'apps', kind: 'StatefulSet'},
	{group: 'apps', kind: 'DaemonSet'},
	{group: 'batch', kind: 'CronJob'},
	{group: 'networking.k8s.io', kind: 'Ingress'},
];
