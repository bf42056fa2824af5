import {GIT_APP_PROVIDER, type ProviderName} from '../apps/model.js';

/** Where each controller usually keeps its objects, for a user who may not list cluster-wide. */
const controllerNamespace: Record<ProviderName, string | null> = {
	argocd: 'argocd',
	flux: 'flux-system',
	[GIT_APP_PROVIDER]: null,
};

export function fallbackNamespaces(provider: ProviderName, contextNamespace: string): string[] {
	const home = controllerNamespace[provider];
	return [...new Set([contextNamespace, ...(home ? [home] : [])])];
}
