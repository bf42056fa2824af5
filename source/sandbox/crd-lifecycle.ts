// What writing or deleting a CustomResourceDefinition does to the server:
// checks before it is stored, the kind it starts serving, the kind (and
// objects) that go with it.
import type {KubeObject} from '../core/kube/resource-type.js';
import {crdStatus, resourceFromCrd, validateCrd} from './custom-resources.js';
import {crdResourceKey, resourceKey, type ResourceInfo, type ResourceRegistry} from './resources.js';
import {invalid} from './status.js';
import type {ObjectStore} from './store.js';

/** Validate a definition about to be stored and give it the status a real server would report. */
export function prepareCrd(registry: ResourceRegistry, object: KubeObject, existing: KubeObject | undefined, now: string): KubeObject {
	const crdResource = registry.byKey(crdResourceKey) as ResourceInfo;
	const causes = validateCrd(object);
	if (causes.length > 0) throw invalid(crdResource, object.metadata?.name ?? '', causes);
	const served = resourceFromCrd(object);
	if (served) {
		const clash = registry.byKey(resourceKey(served));
		if (clash && clash.crdName !== object.metadata?.name) {
			throw invalid(crdResource, object.metadata?.name ?? '', [
				{type: 'FieldValueInvalid', field: 'spec.names.plural', message: `Invalid value: "${served.plural}": is already served by the API server`},
			]);
		}
	}
	// Conditions keep their transition time across updates.
	const previousTime = (existing?.status?.conditions as Array<{lastTransitionTime?: string}> | undefined)?.[0]?.lastTransitionTime;
	return {...object, status: crdStatus(object, previousTime ?? now)};
}

/** Serve the kind of a stored definition (replacing what an earlier version of it served). */
export function registerCrd(registry: ResourceRegistry, crd: KubeObject): void {
	const served = resourceFromCrd(crd);
	const previous = registry.all().find(resource => resource.crdName === crd.metadata?.name);
	if (previous && (!served || resourceKey(previous) !== resourceKey(served))) registry.remove(resourceKey(previous));
	if (served) registry.add(served);
}

/** Stop serving a deleted definition's kind; its objects go with it. */
export function unregisterCrd(registry: ResourceRegistry, store: ObjectStore, crd: KubeObject): void {
	const served = registry.all().find(resource => resource.crdName === crd.metadata?.name);
	if (!served) return;
	const key = resourceKey(served);
	for (const object of store.list(key)) store.delete(key, object.metadata?.namespace, object.metadata?.name ?? '');
	registry.remove(key);
}
