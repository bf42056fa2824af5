// Argo CD / Helm sync hooks, as far as the health rules care about them.
import type {KubeObject} from '../kube/resource-type.js';
import {list} from './fields.js';

const argoHookAnnotation = 'argocd.argoproj.io/hook';
const helmHookAnnotation = 'helm.sh/hook';
const hookFinalizer = 'argocd.argoproj.io/hook-finalizer';

/** A live hook: Argo hook annotation (unless it only says Skip) or a Helm hook. */
export function isHook(object: KubeObject): boolean {
	const annotations = object.metadata?.annotations ?? {};
	const argoHook = annotations[argoHookAnnotation];
	if (argoHook !== undefined) {
		return !argoHook.split(',').some(part => part.trim() === 'Skip');
	}
	return annotations[helmHookAnnotation] !== undefined;
}

/** Argo CD holds hooks with this finalizer until it has read their result. */
export function hasHookFinalizer(object: KubeObject): boolean {
	return list(object.metadata?.['finalizers']).includes(hookFinalizer);
}
