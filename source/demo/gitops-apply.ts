// Objects a GitOps tool put in the cluster: what Git says, server-side applied
// as the tool's field manager (so a dry run as that manager finds nothing to
// change), then maybe changed by hand, then the status the cluster writes.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {applyObject, mergePatch, patchStatus, refOf} from './rest.js';

/** A change made outside Git, as `kubectl edit` makes it: a merge patch of the changed fields. */
type HandEdit = {fieldManager: string; patch: unknown};

/** How a root got into the cluster: `body` (Git's manifest with the tool's tracking) applied as `fieldManager`, then `edits`. */
export type AppliedBy = {fieldManager: string; body: KubeObject; edits?: readonly HandEdit[]};

/** Annotations Kubernetes controllers write; never in Git, so never applied by the GitOps tool. */
const controllerAnnotations = ['deployment.kubernetes.io/revision'];
const kubeControllerManager = 'kube-controller-manager';

function pick(values: Record<string, string> | undefined, keys: readonly string[], keep: boolean): Record<string, string> {
	return Object.fromEntries(Object.entries(values ?? {}).filter(([key]) => keys.includes(key) === keep));
}

/** What Git holds for an object: no status, nothing the cluster's controllers wrote. */
export function manifestOf(object: KubeObject): KubeObject {
	const {status: _status, ...rest} = object;
	const {annotations, ...metadata} = object.metadata ?? {};
	const own = pick(annotations, controllerAnnotations, false);
	return {...rest, metadata: {...metadata, ...(Object.keys(own).length > 0 ? {annotations: own} : {})}};
}

/** Apply the body, make the hand edits, then write what the cluster adds (controller annotations, status). */
export async function applyTree(kc: KubeConfigLike, root: KubeObject, applied: AppliedBy): Promise<KubeObject> {
	let live = await applyObject(kc, applied.body, applied.fieldManager);
	const ref = refOf(root);
	for (const edit of applied.edits ?? []) live = await mergePatch(kc, ref, edit.patch, edit.fieldManager);
	const written = pick(root.metadata?.annotations, controllerAnnotations, true);
	if (Object.keys(written).length > 0) live = await mergePatch(kc, ref, {metadata: {annotations: written}}, kubeControllerManager);
	if (root.status !== undefined) live = await patchStatus(kc, ref, observedNow(root.status, live));
	return live;
}

/**
 * The status as its controller writes it once caught up: it has observed the
 * object's current generation — which a controller's own annotation write
 * (a Deployment's revision) has already moved on, as on a real server.
 */
function observedNow(status: unknown, live: KubeObject): unknown {
	const generation = live.metadata?.generation;
	if (typeof status !== 'object' || status === null || typeof generation !== 'number') return status;
	const written = status as Record<string, unknown>;
	return typeof written.observedGeneration === 'number' ? {...written, observedGeneration: generation} : status;
}

/** RFC 7386 merge patch applied locally: what the object looks like after a hand edit. */
export function mergePatched<T>(target: T, patch: unknown): T {
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch as T;
	const result: Record<string, unknown> =
		typeof target === 'object' && target !== null && !Array.isArray(target) ? {...(target as Record<string, unknown>)} : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else result[key] = mergePatched(result[key], value);
	}
	return result as T;
}
