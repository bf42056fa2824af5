// What writing or deleting a CustomResourceDefinition does to the server:
// checks before it is stored, the kind it starts serving (a moment later,
// as a real server's establishing controller does), and on delete its
// objects removed before the definition itself goes (a finalizer the real
// server's cleanup controller removes when it is done).
import type {KubeObject} from '../core/kube/resource-type.js';
import {crdStatus, pendingCrdStatus, resourceFromCrd, validateCrd} from './custom-resources.js';
import {builtInType} from './field-schema.js';
import {isObject, type JsonObject} from './json-values.js';
import {readEntries, recordUpdate, writeEntries} from './managed-fields.js';
import {crdResourceKey, resourceKey, type ResourceInfo, type ResourceRegistry} from './resources.js';
import {invalid} from './status.js';
import type {ObjectStore} from './store.js';

/**
 * A new definition is answered before it is Established: clients must wait
 * for the condition (installCrds does), as on a real server, where this
 * takes a few milliseconds to a second.
 */
const establishDelayMs = 50;
/**
 * Then its kind's watch cache starts: lists and watches of it answer 429 "storage is (re)initializing" with
 * retryAfterSeconds 1 for a moment (a few milliseconds on a real kube-apiserver, measured right after a create).
 */
const cacheStartMs = 20;
/** A deleted definition's objects are removed, and then it, a moment after the delete is answered. */
const cleanupDelayMs = 50;

const cleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

/** Validate a definition about to be stored and give it the status a real server would report right then. */
export function prepareCrd(registry: ResourceRegistry, object: KubeObject, existing: KubeObject | undefined, now: string): KubeObject {
	const crdResource = registry.byKey(crdResourceKey) as ResourceInfo;
	const causes = validateCrd(object);
	if (causes.length > 0) throw invalid(crdResource, object.metadata?.name ?? '', causes);
	const served = resourceFromCrd(object);
	if (served) {
		const clash = registry.byKey(resourceKey(served));
		if (clash && clash.crdName !== object.metadata?.name) {
			throw invalid(crdResource, object.metadata?.name ?? '', [
				{
					reason: 'FieldValueInvalid',
					field: 'spec.names.plural',
					message: `Invalid value: "${served.plural}": is already served by the API server`,
				},
			]);
		}
	}
	if (!isEstablished(existing)) return {...object, status: pendingCrdStatus(object)};
	// Conditions keep their transition time across updates, and a deleted definition stays Terminating.
	const previous = (existing?.status?.conditions ?? []) as Array<{type?: string; lastTransitionTime?: string}>;
	const status = crdStatus(object, previous[0]?.lastTransitionTime ?? now);
	const terminating = previous.find(condition => condition.type === 'Terminating');
	if (terminating) (status.conditions as unknown[]).push(terminating);
	return {...object, status};
}

/**
 * After a definition is stored: an established one serves its (maybe
 * changed) kind at once; a new one is established, and its kind served, a
 * moment later — a status write by the server's own controllers (`manager`).
 * Its kind's watch window opens then (older versions are 410).
 */
export function afterCrdStored(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject, now: () => string, manager: string): void {
	if (isEstablished(crd)) {
		registerCrd(registry, store, crd);
		return;
	}
	const name = crd.metadata?.name ?? '';
	const uid = crd.metadata?.uid;
	const timer = setTimeout(() => {
		const current = store.get(crdResourceKey, undefined, name);
		// Deleted (or replaced) meanwhile, or already established by an earlier timer.
		if (!current || current.metadata?.uid !== uid || isEstablished(current)) return;
		const time = now();
		const established = {...current, status: crdStatus(current, time)} as JsonObject;
		const entries = recordUpdate(current as JsonObject, established, readEntries(current as JsonObject), {
			manager,
			apiVersion: String(current.apiVersion ?? 'apiextensions.k8s.io/v1'),
			subresource: 'status',
			statusIsSubresource: true,
			now: time,
			type: builtInType(crdResourceKey),
		});
		const metadata = {...current.metadata, managedFields: writeEntries(entries)};
		registerCrd(registry, store, store.put(crdResourceKey, {...established, metadata} as KubeObject));
	}, establishDelayMs);
	// A sandbox that is closing must not be kept alive by this.
	timer.unref();
}

function isEstablished(crd: KubeObject | undefined): boolean {
	const conditions = (crd?.status?.conditions ?? []) as Array<{type?: string; status?: string}>;
	return conditions.some(condition => condition.type === 'Established' && condition.status === 'True');
}

/** Whether the definition is being deleted (its kind takes no new objects then). */
export function crdTerminating(store: ObjectStore, crdName: string): boolean {
	return Boolean(store.get(crdResourceKey, undefined, crdName)?.metadata?.deletionTimestamp);
}

/** A definition marked for deletion: the cleanup finalizer and the Terminating condition (no new generation). */
export function markCrdDeleted(crd: KubeObject, now: string): KubeObject {
	const finalizers = Array.isArray(crd.metadata?.finalizers) ? crd.metadata.finalizers : [];
	const metadata = {
		...crd.metadata,
		deletionTimestamp: now,
		finalizers: finalizers.includes(cleanupFinalizer) ? finalizers : [...finalizers, cleanupFinalizer],
	};
	const status = isObject(crd.status) ? crd.status : {};
	const conditions = (Array.isArray(status.conditions) ? status.conditions : []).filter(
		condition => !(isObject(condition) && condition.type === 'Terminating'),
	);
	conditions.push({
		type: 'Terminating',
		status: 'True',
		lastTransitionTime: now,
		reason: 'InstanceDeletionPending',
		message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
	});
	return {...crd, metadata, status: {...status, conditions}} as KubeObject;
}

/** A moment later: the definition's objects go, then (its finalizer done) the definition and its kind. */
export function finalizeCrdLater(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject): void {
	const name = crd.metadata?.name ?? '';
	const uid = crd.metadata?.uid;
	const timer = setTimeout(() => {
		const current = store.get(crdResourceKey, undefined, name);
		if (!current || current.metadata?.uid !== uid) return;
		const finalizers: string[] = Array.isArray(current.metadata?.finalizers) ? current.metadata.finalizers : [];
		const remaining = finalizers.filter(finalizer => finalizer !== cleanupFinalizer);
		unregisterCrd(registry, store, current);
		if (remaining.length > 0) store.put(crdResourceKey, {...current, metadata: {...current.metadata, finalizers: remaining}});
		else store.delete(crdResourceKey, undefined, name);
	}, cleanupDelayMs);
	timer.unref();
}

/** Serve the kind of a stored definition (replacing what an earlier version of it served). */
function registerCrd(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject): void {
	const served = resourceFromCrd(crd);
	const previous = registry.all().find(resource => resource.crdName === crd.metadata?.name);
	if (previous && (!served || resourceKey(previous) !== resourceKey(served))) registry.remove(resourceKey(previous));
	if (!served) return;
	if (!previous || resourceKey(previous) !== resourceKey(served)) store.openWatchWindow(resourceKey(served), cacheStartMs);
	registry.add(served);
}

/** Stop serving a deleted definition's kind; its objects go with it. */
export function unregisterCrd(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject): void {
	const served = registry.all().find(resource => resource.crdName === crd.metadata?.name);
	if (!served) return;
	const key = resourceKey(served);
	for (const object of store.list(key)) store.delete(key, object.metadata?.namespace, object.metadata?.name ?? '');
	registry.remove(key);
}
