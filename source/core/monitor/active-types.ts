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
