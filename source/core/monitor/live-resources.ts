import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {ManagedResource} from '../apps/detail.js';
import {classifyApiError} from '../kube/api-error.js';
import type {Discovery} from '../kube/discovery.js';
import {requestJson} from '../kube/http.js';
import {resourcePath, type KubeObject} from '../kube/resource-type.js';
import {resourceHealth, type HealthOverride} from '../health/resource-health.js';
import {mapLimited} from '../util/concurrency.js';

/** Most resources a detail view looks up live; beyond this, health stays unknown. */
const maxLookups = 300;

/** Fill each managed resource's health from its live object, with Argo CD's rules and the user's own checks. */
export async function withLiveHealth(
	kc: KubeConfigLike,
	discovery: Discovery,
	resources: ManagedResource[],
	healthOverride?: HealthOverride,
): Promise<ManagedResource[]> {
	return mapLimited(resources, 8, async (resource, index) => {
		if (index >= maxLookups) return resource;
		try {
			const served = resource.version
				? await discovery.find(resource.group, resource.version, resource.kind)
				: await discovery.findInGroup(resource.group, resource.kind);
			if (!served) return {...resource, health: {status: 'Unknown', message: `${resource.kind} is not served by this cluster`}};
			const object = await requestJson<KubeObject>(kc, resourcePath(served, resource.namespace || null, resource.name), {
				timeoutMs: 10_000,
			});
			return {...resource, health: resourceHealth(object, healthOverride)};
		} catch (error) {
			const problem = classifyApiError(error);
			if (problem.kind === 'not-found') return {...resource, health: {status: 'Missing', message: 'not found in the cluster'}};
			return {...resource, health: {status: 'Unknown', message: problem.message}};
		}
	});
}
