import type {KubeObject} from '../kube/resource-type.js';

// Well-known cluster-scoped kinds, keyed by "group/Kind" ('' group = core). Rendering has no discovery, so
// this list decides which objects get a default namespace; the drift engine corrects with discovery later.
const CLUSTER_SCOPED = new Set([
	'/Namespace',
	'/Node',
	'/PersistentVolume',
	'/ComponentStatus',
	'rbac.authorization.k8s.io/ClusterRole',
	'rbac.authorization.k8s.io/ClusterRoleBinding',
	'apiextensions.k8s.io/CustomResourceDefinition',
	'apiregistration.k8s.io/APIService',
	'admissionregistration.k8s.io/MutatingWebhookConfiguration',
	'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
	'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
	'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
	'storage.k8s.io/StorageClass',
	'storage.k8s.io/CSIDriver',
	'storage.k8s.io/CSINode',
	'storage.k8s.io/VolumeAttachment',
	'scheduling.k8s.io/PriorityClass',
	'networking.k8s.io/IngressClass',
	'node.k8s.io/RuntimeClass',
	'certificates.k8s.io/CertificateSigningRequest',
	'flowcontrol.apiserver.k8s.io/FlowSchema',
	'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
	'cert-manager.io/ClusterIssuer',
]);

export function groupOfApiVersion(apiVersion: string | undefined): string {
	if (!apiVersion) return '';
	const slash = apiVersion.indexOf('/');
	return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isWellKnownClusterScoped(apiVersion: string | undefined, kind: string | undefined): boolean {
	return CLUSTER_SCOPED.has(`${groupOfApiVersion(apiVersion)}/${kind ?? ''}`);
}

/** Gives namespaced objects without a namespace the app's namespace, as kubectl apply -n would. */
export function defaultNamespace(objects: KubeObject[], namespace: string | undefined): KubeObject[] {
	if (!namespace) return objects;
	return objects.map(object => {
		if (object.metadata?.namespace || isWellKnownClusterScoped(object.apiVersion, object.kind)) return object;
		return {...object, metadata: {...object.metadata, namespace}};
	});
}
