// What writing or deleting a CustomResourceDefinition does to the server:
// checks before it is stored, the kind it starts serving (a moment later,
// as a real server's establishing controller does), the kind (and objects)
// that go with it.
import type {KubeObject} from '../core/kube/resource-type.js';
import {crdStatus, pendingCrdStatus, resourceFromCrd, validateCrd} from './custom-resources.js';
import {crdResourceKey, resourceKey, type ResourceInfo, type ResourceRegistry} from './resources.js';
import {invalid} from './status.js';
import type {ObjectStore} from './store.js';

/**
 * A new definition is answered before it is Established: clients must wait
 * for the condition (installCrds does), as on a real server, where this
 * takes a few milliseconds to a second.
 */
const establishDelayMs = 50;

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
				{reason: 'FieldValueInvalid', field: 'spec.names.plural', message: `Invalid value: "${served.plural}": is already served by the API server`},
			]);
		}
	}
	if (!isEstablished(existing)) return {...object, status: pendingCrdStatus(object)};
	// Conditions keep their transition time across updates.
	const previousTime = (existing?.status?.conditions as Array<{lastTransitionTime?: string}> | undefined)?.[0]?.lastTransitionTime;
	return {...object, status: crdStatus(object, previousTime ?? now)};
}

/**
 * After a definition is stored: an established one serves its (maybe
 * changed) kind at once; a new one is established, and its kind served, a
 * moment later. Its kind's watch window opens then (older versions are 410).
 */
export function afterCrdStored(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject, now: () => string): void {
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
		const established = store.put(crdResourceKey, {...current, status: crdStatus(current, now())});
		registerCrd(registry, store, established);
	}, establishDelayMs);
	// A sandbox that is closing must not be kept alive by this.
	timer.unref();
}

function isEstablished(crd: KubeObject | undefined): boolean {
	const conditions = (crd?.status?.conditions ?? []) as Array<{type?: string; status?: string}>;
	return conditions.some(condition => condition.type === 'Established' && condition.status === 'True');
}

/** Serve the kind of a stored definition (replacing what an earlier version of it served). */
function registerCrd(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject): void {
	const served = resourceFromCrd(crd);
	const previous = registry.all().find(resource => resource.crdName === crd.metadata?.name);
	if (previous && (!served || resourceKey(previous) !== resourceKey(served))) registry.remove(resourceKey(previous));
	if (!served) return;
	if (!previous || resourceKey(previous) !== resourceKey(served)) store.openWatchWindow(resourceKey(served));
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
