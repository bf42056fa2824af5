import type {ActiveProvider} from './active-types.js';

/** Said only when discovery answered and served none of the providers' groups: never for a server not reached. */
export const notInstalledNotice = 'no Argo CD or Flux resources found in this cluster (their CRDs are not installed)';

/** The notice for what discovery found, or null when it found a provider or did not answer (`discovered` false). */
export function discoveredNotice(active: readonly ActiveProvider[], discovered: boolean): string | null {
	if (!discovered) return null;
	return active.length === 0 ? notInstalledNotice : null;
}
