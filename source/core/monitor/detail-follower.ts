import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {AppSummary} from '../apps/model.js';
import type {DetailState, MonitorSnapshot} from './monitor.js';
import type {SnapshotStore} from '../util/store.js';
import {classifyApiError} from '../kube/api-error.js';
import type {Discovery} from '../kube/discovery.js';
import {requestJson} from '../kube/http.js';
import {resourcePath, type KubeObject} from '../kube/resource-type.js';
import type {HealthOverride} from '../health/resource-health.js';
import type {ActiveProvider} from './active-types.js';
import type {GitRepos} from '../git/git-repos.js';
import type {CommitInfo} from '../git/types.js';
import {withHistoryCommits} from './history-commits.js';
import {withLiveHealth} from './live-resources.js';
import {appGoneText} from '../util/error-text.js';

type DetailFollowerOptions = {
	kc: KubeConfigLike;
	discovery: Discovery;
	store: SnapshotStore<MonitorSnapshot>;
	providers: () => readonly ActiveProvider[];
	appId: string;
	onChange: (state: DetailState) => void;
	/** Live objects change without the app changing: look again this often. */
	pollMs?: number;
	/** Looks up history revisions' commit subjects and authors. */
	git?: GitRepos;
	/** The user's own health checks (argocd-cm), as they are at each load. */
	healthOverride?: () => HealthOverride | undefined;
};

/**
 * Fetch one app's full object and its resources' live health on demand, and
 * again when the app changes or the poll fires. Reports only real changes, so
 * an open detail screen stays quiet while nothing happens.
 */
export function followDetail(options: DetailFollowerOptions): () => void {
	let state: DetailState = {loading: true, detail: null, error: null, updatedAt: null};
	let lastVersion: string | null = null;
	let lastReported = '';
	let closed = false;
	let inFlight = false;
	let again = false;
	let shownOnce = false;
	const commits = new Map<string, CommitInfo | null>();

	const report = (next: DetailState) => {
		state = next;
		const signature = JSON.stringify({...next, updatedAt: null});
		if (signature === lastReported) return;
		lastReported = signature;
		options.onChange(next);
	};

	const load = async () => {
		if (closed) return;
		if (inFlight) {
			again = true;
			return;
		}
		inFlight = true;
		try {
			const app = options.store.getSnapshot().apps.find(candidate => candidate.id === options.appId);
			if (!app) {
				report({...state, loading: false, error: appGoneText});
				return;
			}
			lastVersion = app.resourceVersion;
			const found = providerFor(options.providers(), app);
			if (!found) {
				report({...state, loading: false, error: `no provider for ${app.kind}`});
				return;
			}
			const object = await requestJson<KubeObject>(options.kc, resourcePath(found.type, app.namespace, app.name), {timeoutMs: 10_000});
			const detail = found.provider.buildDetail(object);
			const resources = await withLiveHealth(options.kc, options.discovery, detail.resources, options.healthOverride?.());
			if (closed) return;
			const git = options.git;
			const enrich = async () => (git ? withHistoryCommits(git, detail.history, app.source?.url ?? '', commits) : detail.history);
			// The first answer must not wait for a clone; later ones find the commits cached and stay steady.
			if (!shownOnce) {
				shownOnce = true;
				report({loading: false, error: null, detail: {...detail, resources}, updatedAt: Date.now()});
			}
			const history = await enrich();
			if (closed) return;
			report({loading: false, error: null, detail: {...detail, resources, history}, updatedAt: Date.now()});
		} catch (error) {
			if (closed) return;
			const problem = classifyApiError(error);
			report({...state, loading: false, error: `${problem.kind === 'forbidden' ? 'forbidden: ' : ''}${problem.message}`});
		} finally {
			inFlight = false;
			if (again && !closed) {
				again = false;
				void load();
			}
		}
	};

	const unsubscribe = options.store.subscribe(() => {
		const app = options.store.getSnapshot().apps.find(candidate => candidate.id === options.appId);
		if ((app?.resourceVersion ?? null) !== lastVersion) void load();
	});
	const poll = setInterval(() => void load(), options.pollMs ?? 5000);
	poll.unref();
	void load();
	return () => {
		closed = true;
		unsubscribe();
		clearInterval(poll);
	};
}

function providerFor(active: readonly ActiveProvider[], app: AppSummary) {
	for (const {provider, watches} of active) {
		if (provider.name !== app.provider) continue;
		const spec = watches.find(candidate => candidate.type.kind === app.kind);
		if (spec) return {provider, type: spec.type};
	}
	return undefined;
}
