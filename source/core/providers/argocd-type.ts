import type {ResourceType} from '../kube/resource-type.js';

/** Argo CD's Application CRD (reference/argocd.md §1.1). */
export const applicationType: ResourceType = {
	group: 'argoproj.io',
	version: 'v1alpha1',
	plural: 'applications',
	kind: 'Application',
	namespaced: true,
	label: 'Argo CD apps',
};
