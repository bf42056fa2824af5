import type {Provider, WatchSpec} from '../controllers/controller.js';
import type {Discovery} from '../kube/discovery.js';

export type ActiveProvider = {provider: Provider; watches: WatchSpec[]};

/**
 * Which providers are installed, and which of their types the server serves.
 * A provider whose marker CRD is absent is simply not active: not an error.
 */
export async function findActiveProviders(discovery: Discovery, providers: readonly Provider[]): Promise<ActiveProvider[]> {
	const active: ActiveProvider[] = [];
	for (const provider of providers) {
		const marker = await discovery.find(provider.marker.group, provider.marker.version, provider.marker.kind);
		if (!marker) continue;
		const watches: WatchSpec[] = [];
		for (const spec of provider.watches) {
			const served = await discovery.find(spec.type.group, spec.type.version, spec.type.kind);
			if (served) watches.push({...spec, type: {...spec.type, plural: served.plural, namespaced: served.namespaced}});
		}
		active.push({provider, watches});
	}
	return active;
}

/** Said only when discovery answered and served none of the providers' groups: never for a server not reached. */
export const notInstalledNotice = 'no Argo CD or Flux resources found in this cluster (their CRDs are not installed)';

/** The notice for what discovery found, or null when it found a provider or did not answer (`discovered` false). */
export function discoveredNotice(active: readonly ActiveProvider[], discovered: boolean): string | null {
	if (!discovered) return null;
	return active.length === 0 ? notInstalledNotice : null;
}
