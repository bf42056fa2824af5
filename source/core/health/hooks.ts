// Argo CD / Helm sync hooks, as far as health cares about them: a live hook is judged by its sync,
// not by app health, and a hook pod keeps its restart policy's meaning.
import type {KubeObject} from '../kube/resource-type.js';
import {list} from './fields.js';

const argoHookAnnotation = 'argocd.argoproj.io/hook';
const helmHookAnnotation = 'helm.sh/hook';
const hookFinalizer = 'argocd.argoproj.io/hook-finalizer';

/** The Argo hook types Argo CD's sync engine knows; other words in the annotation are dropped. */
const argoHookTypes = new Set(['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip']);

type Annotations = Readonly<Record<string, string>> | undefined;

/**
 * A hook, by its annotations. An Argo hook annotation decides on its own: it is a hook unless its only
 * recognised type is Skip (`Skip,PreSync` is a hook; a misspelt type still makes it a hook). Without one,
 * any `helm.sh/hook` value is a hook except `crd-install`, which Helm uses to mark CRDs, not hooks.
 */
export function isHookAnnotated(annotations: Annotations): boolean {
	const argoHook = annotations?.[argoHookAnnotation];
	if (argoHook !== undefined) return !isSkipAnnotated(annotations);
	const helmHook = annotations?.[helmHookAnnotation];
	return helmHook !== undefined && helmHook !== 'crd-install';
}

export function isHook(object: KubeObject): boolean {
	return isHookAnnotated(object.metadata?.annotations);
}

/** Marked `argocd.argoproj.io/hook: Skip` and nothing else Argo CD recognises: never applied, never counted. */
export function isSkipAnnotated(annotations: Annotations): boolean {
	const types = argoTypes(annotations?.[argoHookAnnotation]);
	return types.length === 1 && types[0] === 'Skip';
}

/** The recognised types in a comma-separated hook annotation, trimmed and without repeats. */
function argoTypes(value: string | undefined): string[] {
	const types = new Set<string>();
	for (const part of (value ?? '').split(',')) {
		const type = part.trim();
		if (argoHookTypes.has(type)) types.add(type);
	}
	return [...types];
}

/** Argo CD holds hooks with this finalizer until it has read their result. */
export function hasHookFinalizer(object: KubeObject): boolean {
	return list(object.metadata?.['finalizers']).includes(hookFinalizer);
}
