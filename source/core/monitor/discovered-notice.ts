import type {ActiveProvider} from './active-types.js';

export function discoveredNotice(active: readonly ActiveProvider[], discovered: boolean): string | null {
	if (!discovered) return null;
	return active.length === 0 ? 'no Argo CD or Flux resources found in this cluster (their CRDs are not installed)' : null;
}
