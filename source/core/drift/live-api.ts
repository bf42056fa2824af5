import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {applyBody, requestJson} from '../kube/http.js';
import {classifyApiError} from '../kube/api-error.js';
import type {DiscoveredResource} from '../kube/discovery.js';
import {resourcePath, type KubeObject} from '../kube/resource-type.js';

/** The live object, or null when the cluster has none (404). */
export async function getLive(
	kc: KubeConfigLike,
	resource: DiscoveredResource,
	namespace: string | null,
	name: string,
	signal?: AbortSignal,
): Promise<KubeObject | null> {
	try {
		return await requestJson<KubeObject>(kc, resourcePath(resource, namespace, name), {signal});
	} catch (error) {
		if (classifyApiError(error).kind === 'not-found') return null;
		throw error;
	}
}

/**
 * What the object would look like after `kubectl apply --server-side --force-conflicts` as `fieldManager`:
 * a server-side apply dry run, which merges with fields other managers own and fills in server defaults.
 */
export function predictApply(
	kc: KubeConfigLike,
	resource: DiscoveredResource,
	namespace: string | null,
	body: KubeObject,
	fieldManager: string,
	signal?: AbortSignal,
): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, resourcePath(resource, namespace, body.metadata?.name ?? ''), {
		method: 'PATCH',
		query: {dryRun: 'All', fieldManager, force: true},
		// JSON is YAML: the apply content type takes it as is.
		contentType: 'application/apply-patch+yaml',
		body: applyBody(body),
		signal,
	});
}

// The server owns these; an apply configuration carrying them is refused (managedFields) or is a precondition.
const SERVER_OWNED = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** The desired object as an apply configuration for this scope: namespace set or removed, server fields dropped. */
export function applyConfiguration(desired: KubeObject, namespace: string | null): KubeObject {
	const metadata = {...desired.metadata};
	for (const field of SERVER_OWNED) delete metadata[field];
	if (namespace === null) delete metadata.namespace;
	else metadata.namespace = namespace;
	return {...desired, metadata};
}
