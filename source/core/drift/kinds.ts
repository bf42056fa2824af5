import type {Discovery, DiscoveredResource} from '../kube/discovery.js';

export const KIND_NOT_SERVED = 'kind not served by this cluster';

/** The resource serving a kind at a version, or null when the cluster does not serve it. */
export function resourceFor(discovery: Discovery, group: string, version: string, kind: string): Promise<DiscoveredResource | null> {
	return discovery.find(group, version, kind).then(found => found ?? null);
}

/** A kind known only by group (tracked objects carry no version), at the group's preferred version. */
export function resourceInGroup(discovery: Discovery, group: string, kind: string): Promise<DiscoveredResource | null> {
	return discovery.findInGroup(group, kind).then(found => found ?? null);
}
