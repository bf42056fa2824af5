// One open tree: the app's detail (its managed resources, as the detail view follows them) joined with the shared
// watches of owned children in the namespaces those resources live in. Rebuilt when either changes, coalesced.
import type {AppSummary} from '../apps/model.js';
import type {AppDetail} from '../apps/detail.js';
import {parseApiVersion} from '../kube/resource-type.js';
import type {OwnedWatches} from './owned-watches.js';
import {buildResourceTree, type NodeRef, type ResourceTree} from './resource-tree.js';

export type TreeState = {
	/** Nothing to show yet (the detail has not answered). */
	loading: boolean;
	tree: ResourceTree | null;
	/** The app's detail could not be read (the tree then shows what it last had), or null. */
	error: string | null;
	/** The detail answered and every watch the tree uses answered once: a one-shot reader may print now. */
	settled: boolean;
};

/** An app's detail as the monitor follows it (its DetailState): the managed resources come from it. */
type FollowedDetail = {loading: boolean; detail: AppDetail | null; error: string | null; updatedAt: number | null};

type TreeFollowerOptions = {
	/** Follow the app's detail (managed resources with their health); returns the unsubscribe function. */
	watchDetail: (onChange: (state: FollowedDetail) => void) => () => void;
	/** The app's current row (its root node), or undefined once it is gone. */
	app: () => AppSummary | undefined;
	watches: OwnedWatches;
	onChange: (state: TreeState) => void;
	/** Coalesce changes this long into one rebuild (a rollout changes many pods at once). Default 100 ms. */
	batchMs?: number;
};

export function appNodeRef(app: AppSummary): NodeRef {
	const {group, version} = parseApiVersion(app.apiVersion);
	return {group, version, kind: app.kind, namespace: app.namespace, name: app.name};
}

export function followTree(options: TreeFollowerOptions): () => void {
	let detail: FollowedDetail = {loading: true, detail: null, error: null, updatedAt: null};
	let closed = false;
	let timer: NodeJS.Timeout | undefined;
	let last: AppSummary | undefined = options.app();
	const batchMs = options.batchMs ?? 100;

	const publish = () => {
		timer = undefined;
		if (closed) return;
		const app = options.app() ?? last;
		last = app;
		if (!detail.detail || !app) {
			// A Git app's resources are known once it was compared: until then there is nothing to settle on.
			const answered = !detail.loading && (detail.error !== null || !app);
			options.onChange({loading: detail.loading || !answered, tree: null, error: detail.error, settled: answered});
			return;
		}
		const tree = buildResourceTree({
			app: {ref: appNodeRef(app), health: {status: app.health, message: app.message}, sync: app.sync},
			managed: detail.detail.resources,
			owned: lease.objects(),
			unreadable: lease.unreadable,
		});
		options.onChange({loading: false, tree, error: detail.error, settled: lease.settled()});
	};
	const schedule = () => {
		if (closed || timer) return;
		timer = setTimeout(publish, batchMs);
	};
	const lease = options.watches.lease(schedule);
	const stopDetail = options.watchDetail(state => {
		detail = state;
		if (state.detail) lease.cover(state.detail.resources.map(resource => resource.namespace));
		// The first answer at once: the tree should not wait on a timer to appear.
		if (timer === undefined && state.updatedAt !== null && !closed) publish();
		else schedule();
	});
	return () => {
		closed = true;
		clearTimeout(timer);
		stopDetail();
		lease.release();
	};
}
