// Plain REST calls on arbitrary objects for the demo seeder, its simulated
// controller and test fixtures. Raw JSON on purpose: the typed clients drop
// fields they do not know (x-kubernetes-*, CR fields) and turn times into Dates.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import {ApiHttpError, requestJson} from '../core/kube/http.js';
import {Discovery, type DiscoveredResource} from '../core/kube/discovery.js';
import {parseApiVersion, resourcePath, type KubeObject} from '../core/kube/resource-type.js';

const demoFieldManager = 'driftwatch-demo';

// One discovery cache per kubeconfig, shared by the seed, the controller and the fixtures.
const discoveries = new WeakMap<KubeConfigLike, Discovery>();

async function servedResource(kc: KubeConfigLike, apiVersion: string, kind: string): Promise<DiscoveredResource> {
	let discovery = discoveries.get(kc);
	if (!discovery) {
		discovery = new Discovery(kc);
		discoveries.set(kc, discovery);
	}
	const {group, version} = parseApiVersion(apiVersion);
	let found = await discovery.find(group, version, kind);
	if (!found) {
		// A CRD installed since the last look: ask the server again once.
		discovery.forget();
		found = await discovery.find(group, version, kind);
	}
	if (!found) throw new Error(`the server does not serve ${kind} in ${apiVersion}`);
	return found;
}

/** Identity of an object: enough to address it. */
export type ObjectRef = {apiVersion: string; kind: string; namespace?: string | undefined; name: string};

export function refOf(object: KubeObject): ObjectRef {
	return {
		apiVersion: object.apiVersion ?? 'v1',
		kind: object.kind ?? '',
		namespace: object.metadata?.namespace,
		name: object.metadata?.name ?? '',
	};
}

/** Collection path (no name) or item path of a kind, in a namespace when the kind is namespaced. */
export async function objectPath(kc: KubeConfigLike, ref: Omit<ObjectRef, 'name'> & {name?: string}): Promise<string> {
	const resource = await servedResource(kc, ref.apiVersion, ref.kind);
	return resourcePath(resource, ref.namespace ?? null, ref.name);
}

export function isHttpError(error: unknown, code: number): boolean {
	return error instanceof ApiHttpError && error.code === code;
}

export async function createObject(kc: KubeConfigLike, object: KubeObject): Promise<KubeObject> {
	const {name: _name, ...collection} = refOf(object);
	return requestJson<KubeObject>(kc, await objectPath(kc, collection), {
		method: 'POST',
		query: {fieldManager: demoFieldManager},
		body: JSON.stringify(object),
	});
}

/** Create, or return the existing object when one of that name exists. */
export async function ensureObject(kc: KubeConfigLike, object: KubeObject): Promise<KubeObject> {
	try {
		return await createObject(kc, object);
	} catch (error) {
		if (!isHttpError(error, 409)) throw error;
		return getObject(kc, refOf(object));
	}
}

export async function getObject(kc: KubeConfigLike, ref: ObjectRef): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, ref));
}

/** Every object of a kind, across all namespaces unless one is given. */
export async function listObjects(
	kc: KubeConfigLike,
	apiVersion: string,
	kind: string,
	namespace?: string,
	labelSelector?: string,
): Promise<KubeObject[]> {
	const path = await objectPath(kc, {apiVersion, kind, namespace});
	const list = await requestJson<{items?: KubeObject[]}>(kc, path, {query: {labelSelector}});
	// Lists omit apiVersion/kind on items; put them back so items are addressable.
	return (list.items ?? []).map(item => ({...item, apiVersion, kind}));
}

/** JSON merge patch on the main resource (null deletes a field). */
export async function mergePatch(kc: KubeConfigLike, ref: ObjectRef, patch: unknown, fieldManager = demoFieldManager): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, ref), {
		method: 'PATCH',
		query: {fieldManager},
		contentType: 'application/merge-patch+json',
		body: JSON.stringify(patch),
	});
}

/** Server-side apply (`kubectl apply --server-side --force-conflicts`) as `fieldManager`, as GitOps controllers apply. */
export async function applyObject(kc: KubeConfigLike, object: KubeObject, fieldManager: string): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, refOf(object)), {
		method: 'PATCH',
		query: {fieldManager, force: true},
		contentType: 'application/apply-patch+yaml',
		// JSON is YAML: the apply content type takes it as is.
		body: JSON.stringify(object),
	});
}

export type JsonPatchOperation = {op: 'add' | 'remove' | 'replace' | 'test'; path: string; value?: unknown};

/** JSON patch (RFC 6902) on the main resource: replaces whole sub-objects, and `test` guards against races. */
export async function jsonPatch(
	kc: KubeConfigLike,
	ref: ObjectRef,
	operations: JsonPatchOperation[],
	fieldManager = demoFieldManager,
): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, ref), {
		method: 'PATCH',
		query: {fieldManager},
		contentType: 'application/json-patch+json',
		body: JSON.stringify(operations),
	});
}

/**
 * Merge `status` into the object's status through the status subresource, as
 * controllers do. Kinds without one (Argo CD's Application) answer 404 there,
 * and take status on the main endpoint instead.
 */
export async function patchStatus(
	kc: KubeConfigLike,
	ref: ObjectRef,
	status: unknown,
	fieldManager = demoFieldManager,
): Promise<KubeObject> {
	const path = await objectPath(kc, ref);
	const request = {
		method: 'PATCH',
		query: {fieldManager},
		contentType: 'application/merge-patch+json',
		body: JSON.stringify({status}),
	};
	try {
		return await requestJson<KubeObject>(kc, `${path}/status`, request);
	} catch (error) {
		if (!isHttpError(error, 404)) throw error;
		return requestJson<KubeObject>(kc, path, request);
	}
}

export async function deleteObject(kc: KubeConfigLike, ref: ObjectRef): Promise<void> {
	await requestJson(kc, await objectPath(kc, ref), {method: 'DELETE'});
}

/**
 * Create an object with its status. Servers ignore .status on create for kinds
 * with a status subresource, so it is written afterwards like a controller would.
 */
export async function createWithStatus(kc: KubeConfigLike, object: KubeObject): Promise<KubeObject> {
	const created = await createObject(kc, object);
	if (object.status === undefined || statusKept(object.status, created.status)) return created;
	return patchStatus(kc, refOf(object), object.status);
}

/** Whether the server stored the status we sent (no status subresource). */
function statusKept(sent: unknown, stored: unknown): boolean {
	if (typeof sent !== 'object' || sent === null) return true;
	if (typeof stored !== 'object' || stored === null) return false;
	return Object.keys(sent).every(key => key in stored);
}
