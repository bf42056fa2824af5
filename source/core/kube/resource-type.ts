// A Kubernetes resource type we list and watch.

export type ResourceType = {
	/** '' for the core group. */
	group: string;
	version: string;
	/** Lower-case plural as in the REST path: 'applications'. */
	plural: string;
	kind: string;
	namespaced: boolean;
	/** Short human name for status lines: 'Argo CD apps'. */
	label: string;
};

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
	return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** Stable key of a resource type, used for source states and the cache. */
export function typeKey(type: Pick<ResourceType, 'group' | 'plural'>): string {
	return type.group === '' ? type.plural : `${type.group}/${type.plural}`;
}

/** A Kubernetes object as JSON; only the fields every object has are typed. */
export type KubeObject = {
	apiVersion?: string;
	kind?: string;
	metadata?: {
		name?: string;
		namespace?: string;
		uid?: string;
		resourceVersion?: string;
		generation?: number;
		creationTimestamp?: string;
		deletionTimestamp?: string;
		labels?: Record<string, string>;
		annotations?: Record<string, string>;
		[key: string]: unknown;
	};
	// biome-ignore lint/suspicious/noExplicitAny: spec and status differ per kind; each reader narrows the fields it reads
	spec?: any;
	// biome-ignore lint/suspicious/noExplicitAny: as spec
	status?: any;
	[key: string]: unknown;
};

/** REST path of a collection or item: /api/v1/… or /apis/GROUP/VERSION/…. */
export function resourcePath(
	type: Pick<ResourceType, 'group' | 'version' | 'plural' | 'namespaced'>,
	namespace: string | null,
	name?: string,
): string {
	const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
	const scoped = type.namespaced && namespace !== null ? `${base}/namespaces/${encodeURIComponent(namespace)}` : base;
	const collection = `${scoped}/${type.plural}`;
	return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}

export function groupVersionPath(group: string, version: string): string {
	return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Split an apiVersion ('apps/v1', 'v1') into group and version. */
export function parseApiVersion(apiVersion: string): {group: string; version: string} {
	const slash = apiVersion.indexOf('/');
	return slash === -1 ? {group: '', version: apiVersion} : {group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1)};
}
