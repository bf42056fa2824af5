import type {AppSummary, ProviderName} from '../apps/model.js';
import type {AppDetail} from '../apps/detail.js';
import type {KubeObject, ResourceType} from '../kube/resource-type.js';

/** What the watcher keeps of each object: only the fields the provider needs. */
export type Projection = Record<string, unknown>;

export type WatchSpec = {
	type: ResourceType;
	/**
	 * 'app' types hold the apps and follow the namespace scope; 'source' types
	 * (Flux GitRepository…) are read wherever they are, since apps reference
	 * them across namespaces. Default 'app'.
	 */
	role?: 'app' | 'source';
	/** Keep only the fields shown; called on every list item and watch event. */
	project: (object: KubeObject) => Projection;
};

/** Projected objects of one resource type, keyed `namespace/name`. */
export type ProjectionTable = ReadonlyMap<string, Projection>;

/**
 * A GitOps controller's view of apps. Providers are pure: the cluster layer
 * watches what they declare and hands them the projections to map.
 */
export type Provider = {
	name: ProviderName;
	/** Human name: 'Argo CD', 'Flux'. */
	label: string;
	/** The provider is active only when discovery finds this resource type. */
	marker: ResourceType;
	/** Every resource type to watch, the marker's first. */
	watches: WatchSpec[];
	/** Map the current projections (by typeKey) to app rows. */
	buildApps: (context: string, tables: ReadonlyMap<string, ProjectionTable>) => AppSummary[];
	/** Detail of one app from its full object (fetched on demand). */
	buildDetail: (object: KubeObject) => AppDetail;
};
