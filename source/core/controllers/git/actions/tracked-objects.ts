// Live objects carrying a native app's tracking label: what a sync with prune would delete when Git lacks them.
import {nativePruneKinds} from '../apps.js';
import type {KubeConfigLike} from '../../../kube/kubeconfig-file.js';
import {refKey} from '../../../diff/drift-compare.js';
import {NATIVE_TRACKING_LABEL} from '../../../diff/normalize.js';
import type {ObjectRef} from '../../../diff/types.js';
import {classifyApiError} from '../../../kube/api-error.js';
import type {Discovery, DiscoveredResource} from '../../../kube/discovery.js';
import {listObjects} from '../../../kube/list.js';
import type {ApplyItem} from './desired-objects.js';

/** A labelled live object; `uid` makes its deletion a precondition on the very object that was reviewed. */
export type TrackedObject = {ref: ObjectRef; uid: string; resource: DiscoveredResource};

export type TrackedObjects = {objects: TrackedObject[]; warnings: string[]};

type Scope = {group: string; kind: string; namespace: string | null; resource?: DiscoveredResource | null};

/**
 * Lists, by label selector, every kind Git holds (in the objects' namespaces) and the usual kinds of the app's
 * namespace. Only GETs. A kind that cannot be listed is a warning: its leftovers are then neither shown nor pruned.
 */
export async function trackedObjects(
	kc: KubeConfigLike,
	discovery: Discovery,
	app: {name: string; namespace: string},
	desired: readonly ApplyItem[],
	signal?: AbortSignal,
): Promise<TrackedObjects> {
	const scopes = new Map<string, Scope>();
	for (const item of desired) {
		if (!item.resource) continue;
		const namespace = item.resource.namespaced ? item.ref.namespace : null;
		scopes.set(`${item.ref.group}/${item.ref.kind}@${namespace ?? ''}`, {
			group: item.ref.group,
			kind: item.ref.kind,
			namespace,
			resource: item.resource,
		});
	}
	for (const kind of nativePruneKinds) {
		const key = `${kind.group}/${kind.kind}@${app.namespace}`;
		if (!scopes.has(key)) scopes.set(key, {...kind, namespace: app.namespace});
	}
	const found = new Map<string, TrackedObject>();
	const warnings: string[] = [];
	for (const scope of scopes.values()) {
		const resource = scope.resource ?? (await discovery.findInGroup(scope.group, scope.kind)) ?? null;
		if (!resource) continue;
		const namespace = resource.namespaced ? scope.namespace : null;
		try {
			const list = await listObjects(kc, resource, namespace, {
				labelSelector: `${NATIVE_TRACKING_LABEL}=${app.name}`,
				...(signal ? {signal} : {}),
			});
			for (const object of list.items) {
				const ref: ObjectRef = {
					group: resource.group,
					kind: resource.kind,
					namespace: resource.namespaced ? (object.metadata?.namespace ?? '') : '',
					name: object.metadata?.name ?? '',
				};
				// A deleting object is already going away; it is not pruned again.
				if (object.metadata?.deletionTimestamp) continue;
				found.set(refKey(ref), {ref, uid: object.metadata?.uid ?? '', resource});
			}
		} catch (error) {
			signal?.throwIfAborted();
			const where = namespace ? ` in ${namespace}` : '';
			warnings.push(`could not list ${resource.kind}${where} (${classifyApiError(error).message}): leftovers of that kind are not pruned`);
		}
	}
	return {objects: [...found.values()], warnings};
}

/** Tracked objects Git no longer has. */
export function leftovers(tracked: readonly TrackedObject[], desired: readonly ApplyItem[]): TrackedObject[] {
	const wanted = new Set(desired.map(item => refKey(item.ref)));
	return tracked.filter(object => !wanted.has(refKey(object.ref)));
}
