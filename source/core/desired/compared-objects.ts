// What of the rendered desired state a controller compares with the live cluster.
import {isHook, isSkipAnnotated} from '../health/hooks.js';
import type {KubeObject} from '../kube/resource-type.js';

/**
 * The rendered objects the app's controller compares with the live cluster: when it leaves hooks out, without
 * sync hooks and without objects marked `argocd.argoproj.io/hook: Skip` (never applied; Argo CD lists them
 * without a sync status).
 */
export function comparedObjects(plan: {excludesHooks?: boolean}, objects: KubeObject[]): KubeObject[] {
	if (!plan.excludesHooks) return objects;
	return objects.filter(object => !isHook(object) && !isSkipAnnotated(object.metadata?.annotations));
}
