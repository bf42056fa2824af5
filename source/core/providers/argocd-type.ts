import type {ResourceType} from '../kube/resource-type.js';

/** Argo CD's Application CRD. */
export const applicationType: ResourceType = {
	group: 'argoproj.io',
	version: 'v1alpha1',
	plural: 'applications',
	kind: 'Application',
	namespaced: true,
	label: 'Argo CD apps',
};
