import type {KubeObject} from '../kube/resource-type.js';
import {isWellKnownClusterScoped} from './cluster-scoped.js';

/** Gives namespaced objects without a namespace the app's namespace, as kubectl apply -n would. */
export function defaultNamespace(objects: KubeObject[], namespace: string | undefined): KubeObject[] {
	if (!namespace) return objects;
	return objects.map(object => {
		if (object.metadata?.namespace || isWellKnownClusterScoped(object.apiVersion, object.kind)) return object;
		return {...object, metadata: {...object.metadata, namespace}};
	});
}
