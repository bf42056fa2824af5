import type {Provider, WatchSpec} from '../controllers/controller.js';
import type {Discovery} from '../kube/discovery.js';

export type ActiveProvider = {provider: Provider; watches: WatchSpec[]};

/**
 * Which providers are installed, and which of their types the server serves.
 * A provider whose marker CRD is absent is simply not active: not an error.
 * Every group is asked at once (one round trip, not one per group); the answer, and which error wins when several
 * groups fail, are those of asking one group after the other: markers first, then the types of the providers
 * installed. A type of a provider that is not installed is asked for nothing: its answer, or failure, is dropped.
 */
export async function findActiveProviders(discovery: Discovery, providers: readonly Provider[]): Promise<ActiveProvider[]> {
	const markerLookups = providers.map(provider => discovery.find(provider.marker.group, provider.marker.version, provider.marker.kind));
	const typeLookups = providers.map(provider =>
		provider.watches.map(spec => discovery.find(spec.type.group, spec.type.version, spec.type.kind)),
	);
	for (const lookup of typeLookups.flat()) lookup.catch(() => {});
	const markers = await inOrder(markerLookups);
	const installed = providers.flatMap((provider, index) => (markers[index] ? [{provider, lookups: typeLookups[index]!}] : []));
	const served = await inOrder(installed.map(({lookups}) => inOrder(lookups)));
	return installed.map(({provider}, index) => {
		const watches: WatchSpec[] = [];
		provider.watches.forEach((spec, specIndex) => {
			const resource = served[index]![specIndex];
			if (resource) watches.push({...spec, type: {...spec.type, plural: resource.plural, namespaced: resource.namespaced}});
		});
		return {provider, watches};
	});
}

/** Every result once all have settled; the first failure in the given order, if any. */
async function inOrder<T>(pending: readonly Promise<T>[]): Promise<T[]> {
	const settled = await Promise.allSettled(pending);
	const failed = settled.find(result => result.status === 'rejected');
	if (failed) throw failed.reason;
	return settled.map(result => (result as PromiseFulfilledResult<T>).value);
}

/** Said only when discovery answered and served none of the providers' groups: never for a server not reached. */
export const notInstalledNotice = 'no Argo CD or Flux resources found in this cluster (their CRDs are not installed)';

/** The notice for what discovery found, or null when it found a provider or did not answer (`discovered` false). */
export function discoveredNotice(active: readonly ActiveProvider[], discovered: boolean): string | null {
	if (!discovered) return null;
	return active.length === 0 ? notInstalledNotice : null;
}
