import type {KubeObject} from '../kube/resource-type.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Label driftwatch puts on objects of native (controller-less) apps. */
export const NATIVE_TRACKING_LABEL = 'driftwatch.dev/app';
const ARGO_INSTANCE_LABEL = 'app.kubernetes.io/instance';

const SERVER_METADATA = [
	'managedFields',
	'resourceVersion',
	'generation',
	'uid',
	'creationTimestamp',
	'selfLink',
	'deletionGracePeriodSeconds',
];
const TRACKING_ANNOTATIONS = ['argocd.argoproj.io/tracking-id', 'argocd.argoproj.io/installation-id'];
const TRACKING_LABEL_PREFIXES = ['kustomize.toolkit.fluxcd.io/', 'helm.toolkit.fluxcd.io/'];

type Metadata = NonNullable<KubeObject['metadata']>;

function withMetadata(object: KubeObject, edit: (metadata: Metadata) => void): KubeObject {
	if (!object.metadata) return {...object};
	const metadata: Metadata = {...object.metadata};
	if (metadata.labels) metadata.labels = {...metadata.labels};
	if (metadata.annotations) metadata.annotations = {...metadata.annotations};
	edit(metadata);
	if (metadata.labels && Object.keys(metadata.labels).length === 0) delete metadata.labels;
	if (metadata.annotations && Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
	return {...object, metadata};
}

/**
 * What `kubectl diff` and Argo CD drop before comparing: server-owned metadata, status and the client-side
 * apply annotation; keys sorted. Defaulted fields are NOT hidden: the drift engine compares against a
 * server-side apply dry-run, which already contains them.
 */
export function normalizeForDiff(object: KubeObject): KubeObject {
	const trimmed = withMetadata(object, metadata => {
		for (const field of SERVER_METADATA) delete metadata[field];
		if (metadata.annotations) delete metadata.annotations[LAST_APPLIED_ANNOTATION];
	});
	delete trimmed.status;
	return sortKeysDeep(trimmed) as KubeObject;
}

/**
 * Removes the metadata controllers use to track ownership, so an object first applied by another tool is
 * adopted rather than reported as drifted. `instanceLabelKey` follows Argo CD's application.instanceLabelKey.
 */
export function stripTracking(object: KubeObject, options: {instanceLabelKey?: string} = {}): KubeObject {
	const instanceLabel = options.instanceLabelKey ?? ARGO_INSTANCE_LABEL;
	return withMetadata(object, metadata => {
		const labels = metadata.labels ?? {};
		for (const key of Object.keys(labels)) {
			if (key === instanceLabel || key === NATIVE_TRACKING_LABEL || TRACKING_LABEL_PREFIXES.some(prefix => key.startsWith(prefix))) {
				delete labels[key];
			}
		}
		for (const key of TRACKING_ANNOTATIONS) delete metadata.annotations?.[key];
	});
}

/** Deep copy of a JSON value with object keys sorted, so equal objects serialize identically. */
export function sortKeysDeep(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeysDeep);
	if (typeof value !== 'object' || value === null) return value;
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
	return sorted;
}
