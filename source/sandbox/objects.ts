// Object semantics of the API: create, read, update, patch, apply and delete
// with the server-owned metadata (uid, resourceVersion, generation,
// managedFields), status subresources, optimistic concurrency and dry runs.
// No HTTP here: handlers pass parsed bodies and options in.
import {randomUUID} from 'node:crypto';
import type {KubeObject} from '../core/kube/resource-type.js';
import {afterCrdStored, prepareCrd, unregisterCrd} from './crd-lifecycle.js';
import {withCrdDefaults} from './custom-resources.js';
import {withServerDefaults} from './defaults.js';
import {deepEqual, isObject, type JsonObject} from './json-values.js';
import {applyConfiguration, fieldPathText, readEntries, recordUpdate, writeEntries, type Conflict, type WriteContext} from './managed-fields.js';
import {applyJsonPatch, applyMergePatch} from './patch.js';
import {apiVersionOf, crdResourceKey, namespaceResourceKey, resourceKey, type ResourceInfo, type ResourceRegistry} from './resources.js';
import {
	alreadyExists,
	apiError,
	deletedStatus,
	badRequest,
	invalid,
	invalidOptions,
	namespaceNotFound,
	namespaceTerminating,
	qualifiedResource,
	notFound,
	staleConflict,
	type StatusCause,
} from './status.js';
import type {ObjectStore} from './store.js';
import type {Selector} from './selectors.js';

/** Where a request points: a kind at one of its versions, maybe a namespace, name and subresource. */
export type Target = {
	resource: ResourceInfo;
	version: string;
	namespace?: string | undefined;
	name?: string | undefined;
	subresource?: string | undefined;
};

export type WriteOptions = {dryRun: boolean; fieldManager: string};

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export type ListOptions = {selectors: Selector[]; limit?: number | undefined; continueToken?: string | null | undefined};

/** A real server refuses to delete these. */
const protectedNamespaces = new Set(['default', 'kube-system', 'kube-public']);

const serverOwnedMetadata = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'selfLink'];

export class ObjectApi {
	constructor(
		private readonly store: ObjectStore,
		private readonly registry: ResourceRegistry,
	) {}

	/** An object as served at the requested version. */
	present(object: KubeObject, resource: ResourceInfo, version: string): KubeObject {
		return {...object, apiVersion: apiVersionOf(resource.group, version), kind: resource.kind};
	}

	get(target: Target): KubeObject {
		const existing = this.#existing(target);
		return this.present(existing, target.resource, target.version);
	}

	list(target: Target, options: ListOptions): KubeObject {
		const {resource, version} = target;
		const namespace = resource.namespaced ? target.namespace : undefined;
		let items = this.store
			.list(resourceKey(resource), namespace)
			.map(object => this.present(object, resource, version))
			.filter(object => options.selectors.every(selector => selector(object)));
		const resourceVersion = String(this.store.resourceVersion);
		const after = decodeContinue(options.continueToken);
		if (after !== undefined) items = items.filter(object => keyOf(object) > after);
		const metadata: Record<string, unknown> = {resourceVersion};
		if (options.limit !== undefined && options.limit > 0 && items.length > options.limit) {
			const remaining = items.length - options.limit;
			items = items.slice(0, options.limit);
			metadata.continue = Buffer.from(JSON.stringify({after: keyOf(items.at(-1) as KubeObject)})).toString('base64url');
			metadata.remainingItemCount = remaining;
		}
		return {apiVersion: apiVersionOf(resource.group, version), kind: resource.listKind, metadata, items} as KubeObject;
	}

	create(target: Target, body: unknown, options: WriteOptions): KubeObject {
		const {resource} = target;
		if (target.subresource) throw apiError(405, `create is not supported on ${target.subresource}`, 'MethodNotAllowed');
		const object = this.#decodeBody(body, target);
		const metadata = object.metadata as JsonObject;
		for (const field of serverOwnedMetadata) delete metadata[field];
		if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
			metadata.name = this.#generateName(target, metadata.generateName);
		}
		const name = typeof metadata.name === 'string' ? metadata.name : '';
		if (!name) throw invalid(resource, '', [{reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required'}]);
		this.#validateName(resource, name);
		if (resource.namespaced) this.#requireNamespace(String(metadata.namespace), {resource, name});
		if (this.store.get(resourceKey(resource), resource.namespaced ? String(metadata.namespace) : undefined, name)) throw alreadyExists(resource, name);
		if (resource.statusSubresource) delete object.status;
		if (resourceKey(resource) === namespaceResourceKey) asNewNamespace(object, name);
		const now = timestamp();
		Object.assign(metadata, {uid: randomUUID(), creationTimestamp: now, ...(resource.generation ? {generation: 1} : {})});
		const entries = recordUpdate(undefined, object, this.#writeContext(target, options, now));
		return this.#commit(target, undefined, object, entries, options);
	}

	update(target: Target, body: unknown, options: WriteOptions): KubeObject {
		const existing = this.#existing(target);
		const incoming = this.#decodeBody(body, target);
		// Custom kinds (unlike most built-in ones) refuse an unconditional update.
		if (target.resource.crdName && !incoming.metadata.resourceVersion) throw resourceVersionRequired(target.resource, target.name ?? '');
		this.#checkResourceVersion(target, existing, incoming);
		const next = this.#mergeSection(target, existing, incoming);
		const now = timestamp();
		const entries = recordUpdate(this.present(existing, target.resource, target.version), next, this.#writeContext(target, options, now));
		return this.#commit(target, existing, next, entries, options);
	}

	patch(target: Target, type: PatchType, body: unknown, options: WriteOptions & {force: boolean}): KubeObject {
		if (type === 'apply') return this.#apply(target, body, options);
		if (type === 'strategic' && target.resource.crdName) {
			throw apiError(
				415,
				'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
				'UnsupportedMediaType',
			);
		}
		const existing = this.#existing(target);
		const current = this.present(existing, target.resource, target.version);
		const patched = type === 'json' ? applyJsonPatch(current, body) : applyMergePatch(current, body);
		if (!isObject(patched)) throw badRequest('the patch did not produce an object');
		const incoming = this.#decodeBody(patched, target);
		this.#checkResourceVersion(target, existing, incoming);
		const next = this.#mergeSection(target, existing, incoming);
		const now = timestamp();
		const entries = recordUpdate(current, next, this.#writeContext(target, options, now));
		return this.#commit(target, existing, next, entries, options);
	}

	delete(target: Target, options: {dryRun: boolean; preconditions?: {resourceVersion?: string; uid?: string} | undefined}): KubeObject {
		const existing = this.#existing(target);
		if (resourceKey(target.resource) === namespaceResourceKey && protectedNamespaces.has(target.name ?? '')) {
			throw apiError(403, `namespaces "${target.name}" is forbidden: this namespace may not be deleted`, 'Forbidden', {name: target.name, kind: 'namespaces'});
		}
		const preconditions = options.preconditions;
		if (preconditions?.uid && preconditions.uid !== existing.metadata?.uid) {
			throw apiError(409, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata?.uid ?? ''}`, 'Conflict');
		}
		if (preconditions?.resourceVersion && preconditions.resourceVersion !== existing.metadata?.resourceVersion) {
			throw staleConflict(target.resource, target.name ?? '');
		}
		const result = this.#deleteOne(target.resource, existing, options.dryRun);
		// Removed at once: most kinds answer with a bare success Status, a few (Pods, Services…) with the object.
		if (result.removed && !target.resource.deleteReturnsObject) return deletedStatus(target.resource, target.name ?? '', existing.metadata?.uid) as KubeObject;
		return this.present(result.object, target.resource, target.version);
	}

	deleteCollection(target: Target, selectors: Selector[], options: {dryRun: boolean}): KubeObject {
		const list = this.list(target, {selectors}) as KubeObject & {items: KubeObject[]};
		list.items = list.items.map(object => this.present(this.#deleteOne(target.resource, object, options.dryRun).object, target.resource, target.version));
		return list;
	}

	/**
	 * An object with finalizers is only marked (deletionTimestamp, a new
	 * generation) and stays until an update removes its last finalizer. A
	 * namespace only turns Terminating: no namespace controller ever empties
	 * and removes it, just as on a bare kube-apiserver.
	 */
	#deleteOne(resource: ResourceInfo, existing: KubeObject, dryRun: boolean): {object: KubeObject; removed: boolean} {
		const isNamespace = resourceKey(resource) === namespaceResourceKey;
		if (isNamespace || hasFinalizers(existing)) {
			if (existing.metadata?.deletionTimestamp) return {object: existing, removed: false};
			const metadata: JsonObject = {...existing.metadata, deletionTimestamp: timestamp()};
			// A namespace has no grace period; other kinds go without waiting.
			if (!isNamespace) metadata.deletionGracePeriodSeconds = 0;
			if (resource.generation) metadata.generation = (existing.metadata?.generation ?? 1) + 1;
			const marked = {...existing, metadata} as KubeObject;
			if (isNamespace) marked.status = {phase: 'Terminating'};
			return {object: dryRun ? marked : this.store.put(resourceKey(resource), marked), removed: false};
		}
		return {object: dryRun ? existing : this.#remove(resource, existing), removed: true};
	}

	/** A CRD's removal takes its kind and objects along: no finalizers here. */
	#remove(resource: ResourceInfo, object: KubeObject): KubeObject {
		const key = resourceKey(resource);
		const namespace = resource.namespaced ? object.metadata?.namespace : undefined;
		const name = object.metadata?.name ?? '';
		if (key === crdResourceKey) unregisterCrd(this.registry, this.store, object);
		return this.store.delete(key, namespace, name) ?? object;
	}

	#apply(target: Target, body: unknown, options: WriteOptions & {force: boolean}): KubeObject {
		const {resource} = target;
		if (!options.fieldManager) {
			throw invalidOptions('PatchOptions', [{reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager'}]);
		}
		if (!isObject(body)) throw badRequest('apply configuration must be an object');
		if (typeof body.apiVersion !== 'string' || typeof body.kind !== 'string') {
			throw badRequest('invalid object type: apiVersion and kind must be set in an apply configuration');
		}
		const config = this.#decodeBody(body, target);
		const existing = this.#find(target);
		if (existing) this.#checkResourceVersion(target, existing, config);
		delete (config.metadata as JsonObject).resourceVersion;
		if (target.subresource === 'status') {
			for (const key of Object.keys(config)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) delete config[key];
		} else if (resource.statusSubresource) delete config.status;
		const now = timestamp();
		const context = this.#writeContext(target, options, now);
		if (!existing) {
			if (target.subresource) throw notFound(resource, target.name ?? '');
			const result = applyConfiguration(undefined, config as JsonObject, context, options.force);
			const created = {...result.object, apiVersion: config.apiVersion, kind: config.kind} as KubeObject;
			const metadata = {...created.metadata, name: target.name, ...(resource.namespaced ? {namespace: target.namespace} : {})} as JsonObject;
			created.metadata = metadata;
			if (resource.namespaced) this.#requireNamespace(target.namespace ?? '', {resource, name: target.name ?? ''});
			this.#validateName(resource, target.name ?? '');
			if (resourceKey(resource) === namespaceResourceKey) asNewNamespace(created, target.name ?? '');
			Object.assign(metadata, {uid: randomUUID(), creationTimestamp: now, ...(resource.generation ? {generation: 1} : {})});
			return this.#commit(target, undefined, created, result.entries, options);
		}
		const current = this.present(existing, target.resource, target.version);
		const result = applyConfiguration(current as JsonObject, config as JsonObject, context, options.force);
		if (result.conflicts.length > 0) throw applyConflict(result.conflicts, current);
		return this.#commit(target, existing, result.object as KubeObject, result.entries, options);
	}

	/** Stamp server metadata and store (or, for a dry run, only answer). */
	#commit(target: Target, existing: KubeObject | undefined, written: KubeObject, entries: ReturnType<typeof readEntries>, options: {dryRun: boolean}): KubeObject {
		const {resource} = target;
		if (written.kind !== undefined && written.kind !== resource.kind) throw wrongKind(resource, written);
		// Defaults fill what the merged write left out, as on a real server (which also credits defaults of a
		// non-apply write to its writer; here they belong to nobody, which only matters for conflicts).
		let next = withServerDefaults({...written, apiVersion: apiVersionOf(resource.group, target.version), kind: resource.kind});
		if (resourceKey(resource) === crdResourceKey) next = withCrdDefaults(next);
		const metadata = {...(next.metadata as JsonObject)};
		delete metadata.deletionTimestamp;
		delete metadata.deletionGracePeriodSeconds;
		delete metadata.selfLink;
		const deleting = existing?.metadata?.deletionTimestamp;
		if (existing && deleting) {
			Object.assign(metadata, {deletionTimestamp: deleting, deletionGracePeriodSeconds: existing.metadata?.deletionGracePeriodSeconds ?? 0});
			const before = new Set(finalizersOf(existing));
			const added = finalizersOf({metadata} as KubeObject).filter(finalizer => !before.has(finalizer));
			if (added.length > 0) {
				throw invalid(resource, existing.metadata?.name ?? '', [
					{reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`},
				]);
			}
		}
		if (existing) {
			Object.assign(metadata, {
				name: existing.metadata?.name,
				uid: existing.metadata?.uid,
				creationTimestamp: existing.metadata?.creationTimestamp,
			});
			if (resource.generation) metadata.generation = (existing.metadata?.generation ?? 1) + (specChanged(existing, next, resource.statusSubresource) ? 1 : 0);
			else delete metadata.generation;
			if (resource.namespaced) metadata.namespace = existing.metadata?.namespace;
		}
		if (!resource.namespaced) delete metadata.namespace;
		const managedFields = writeEntries(entries);
		if (managedFields.length > 0) metadata.managedFields = managedFields;
		else delete metadata.managedFields;
		let object = {...next, apiVersion: apiVersionOf(resource.group, target.version), kind: resource.kind, metadata} as KubeObject;
		if (resourceKey(resource) === crdResourceKey) object = prepareCrd(this.registry, object, existing, timestamp());
		if (options.dryRun) {
			const dryMetadata = {...metadata};
			if (existing) dryMetadata.resourceVersion = existing.metadata?.resourceVersion;
			else delete dryMetadata.resourceVersion;
			return {...object, metadata: dryMetadata} as KubeObject;
		}
		// Nothing changed at all: a real server stores nothing and keeps the resourceVersion.
		if (existing && deepEqual(withoutVersion(existing), withoutVersion(object))) return this.present(existing, resource, target.version);
		const stored = this.store.put(resourceKey(resource), object);
		// The last finalizer of an object being deleted is gone: now it goes.
		if (deleting && !hasFinalizers(stored)) return this.present(this.#remove(resource, stored), resource, target.version);
		if (resourceKey(resource) === crdResourceKey) afterCrdStored(this.registry, this.store, stored, timestamp);
		return this.present(stored, resource, target.version);
	}

	#find(target: Target): KubeObject | undefined {
		const namespace = target.resource.namespaced ? target.namespace : undefined;
		return this.store.get(resourceKey(target.resource), namespace, target.name ?? '');
	}

	#existing(target: Target): KubeObject {
		const found = this.#find(target);
		if (!found) throw notFound(target.resource, target.name ?? '');
		return found;
	}

	/** A body as an object of this kind, with name and namespace checked against the URL. */
	#decodeBody(body: unknown, target: Target): KubeObject & {metadata: JsonObject} {
		const {resource} = target;
		if (!isObject(body)) throw badRequest('the body of the request must be a JSON or YAML object');
		const object = structuredClone(body) as KubeObject & JsonObject;
		const apiVersion = apiVersionOf(resource.group, target.version);
		const isBuiltIn = (version: string, kind: string) =>
			this.registry.all().some(known => !known.crdName && known.kind === kind && known.versions.some(served => apiVersionOf(known.group, served) === version));
		checkTypeOf(object, resource, apiVersion, isBuiltIn);
		object.apiVersion = apiVersion;
		// A custom resource of the wrong kind fails validation later (422); built-in kinds never get here.
		if (!resource.crdName || object.kind === undefined) object.kind = resource.kind;
		const metadata = isObject(object.metadata) ? object.metadata : {};
		object.metadata = metadata;
		if (target.name !== undefined) {
			if (metadata.name !== undefined && metadata.name !== target.name) {
				throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${target.name})`);
			}
			metadata.name = target.name;
		}
		if (resource.namespaced) {
			if (metadata.namespace !== undefined && metadata.namespace !== target.namespace) {
				throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
			}
			if (target.namespace === undefined) throw badRequest('a namespace is required for this kind: use /namespaces/NAMESPACE/ in the path');
			metadata.namespace = target.namespace;
		} else delete metadata.namespace;
		return object as KubeObject & {metadata: JsonObject};
	}

	#checkResourceVersion(target: Target, existing: KubeObject, incoming: KubeObject): void {
		const wanted = incoming.metadata?.resourceVersion;
		if (wanted !== undefined && wanted !== '' && wanted !== existing.metadata?.resourceVersion) throw staleConflict(target.resource, target.name ?? '');
	}

	/** Writes to the main resource keep .status when /status owns it; writes to /status change only .status. */
	#mergeSection(target: Target, existing: KubeObject, incoming: KubeObject): KubeObject {
		const current = this.present(existing, target.resource, target.version);
		if (target.subresource === 'status') {
			const next = structuredClone(current) as KubeObject;
			if (incoming.status === undefined) delete next.status;
			else next.status = incoming.status;
			return next;
		}
		if (target.subresource) throw apiError(404, `the server could not find the requested resource (${target.subresource})`, 'NotFound');
		const next = {...incoming, metadata: {...incoming.metadata}} as KubeObject;
		if (target.resource.statusSubresource) {
			if (current.status === undefined) delete next.status;
			else next.status = structuredClone(current.status);
		}
		// managedFields are the server's to keep; a client echoing them back changes nothing.
		const metadata = next.metadata as JsonObject;
		delete metadata.managedFields;
		if (existing.metadata?.managedFields) metadata.managedFields = structuredClone(existing.metadata.managedFields);
		return next;
	}

	#writeContext(target: Target, options: WriteOptions, now: string): WriteContext {
		return {
			manager: options.fieldManager,
			apiVersion: apiVersionOf(target.resource.group, target.version),
			subresource: target.subresource === 'status' ? 'status' : undefined,
			statusIsSubresource: target.resource.statusSubresource,
			now,
		};
	}

	/** Objects are created only in a namespace that exists and is not being deleted. */
	#requireNamespace(namespace: string, creating: {resource: ResourceInfo; name: string}): void {
		const found = this.store.get(namespaceResourceKey, undefined, namespace);
		if (!found) throw namespaceNotFound(namespace);
		if (found.metadata?.deletionTimestamp) throw namespaceTerminating(creating.resource, creating.name, namespace);
	}

	#validateName(resource: ResourceInfo, name: string): void {
		const causes: StatusCause[] = [];
		const isNamespace = resourceKey(resource) === namespaceResourceKey;
		const pattern = isNamespace ? /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ : /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
		const maxLength = isNamespace ? 63 : 253;
		if (!pattern.test(name) || name.length > maxLength) {
			// Word for word as a real server, double space included.
			const rule = isNamespace
				? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
				: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
			causes.push({reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": ${rule}`});
		}
		if (causes.length > 0) throw invalid(resource, name, causes);
	}

	#generateName(target: Target, prefix: string): string {
		const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
		for (;;) {
			let suffix = '';
			for (let index = 0; index < 5; index++) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
			const name = `${prefix}${suffix}`;
			if (!this.#find({...target, name})) return name;
		}
	}
}

function finalizersOf(object: KubeObject): string[] {
	const finalizers = object.metadata?.finalizers;
	return Array.isArray(finalizers) ? finalizers.filter((finalizer): finalizer is string => typeof finalizer === 'string') : [];
}

function hasFinalizers(object: KubeObject): boolean {
	return finalizersOf(object).length > 0;
}

/**
 * Generation counts changes outside metadata, and outside status too when
 * /status owns it: without a status subresource (Argo CD's Application) a
 * status write is a change like any other.
 */
function specChanged(before: KubeObject, after: KubeObject, statusSubresource: boolean): boolean {
	const strip = (object: KubeObject) => {
		const {metadata: _metadata, apiVersion: _apiVersion, kind: _kind, ...rest} = object;
		if (statusSubresource) delete rest.status;
		return rest;
	};
	return !deepEqual(strip(before), strip(after));
}

/** A new namespace as a real server stores it: the kubernetes finalizer, its name label, Active. */
function asNewNamespace(object: KubeObject, name: string): void {
	const metadata = (object.metadata ?? {}) as JsonObject;
	metadata.labels = {...(isObject(metadata.labels) ? metadata.labels : {}), 'kubernetes.io/metadata.name': name};
	object.spec = {...(isObject(object.spec) ? object.spec : {}), finalizers: ['kubernetes']};
	object.status = {phase: 'Active'};
}

function withoutVersion(object: KubeObject): KubeObject {
	const {resourceVersion: _resourceVersion, managedFields, ...metadata} = (object.metadata ?? {}) as JsonObject;
	// managedFields times change on every write; their field sets are what matters.
	const fields = Array.isArray(managedFields) ? managedFields.map(entry => ({...(entry as JsonObject), time: undefined})) : undefined;
	return {...object, apiVersion: undefined, metadata: {...metadata, managedFields: fields}} as KubeObject;
}

/**
 * The 409 a real server sends: one line for a single conflict, otherwise the
 * fields grouped under each manager. Apply managers are named alone; update
 * managers with the API version they wrote through.
 */
function applyConflict(conflicts: Conflict[], current: KubeObject): Error {
	const entries = readEntries(current as JsonObject);
	const describe = (conflict: Conflict) => {
		let text = JSON.stringify(conflict.manager);
		if (conflict.subresource) text += ` with subresource ${JSON.stringify(conflict.subresource)}`;
		if (conflict.operation !== 'Update') return text;
		const entry = entries.find(candidate => candidate.manager === conflict.manager && candidate.operation === 'Update' && candidate.subresource === conflict.subresource);
		return `${text} using ${entry?.apiVersion ?? ''}`;
	};
	const causes = conflicts.map(conflict => ({reason: 'FieldManagerConflict', message: `conflict with ${describe(conflict)}`, field: fieldPathText(conflict.field)}));
	let message: string;
	if (conflicts.length === 1) message = `Apply failed with 1 conflict: ${causes[0]?.message}: ${causes[0]?.field}`;
	else {
		const byManager = new Map<string, string[]>();
		for (const [index, conflict] of conflicts.entries()) {
			const manager = describe(conflict);
			byManager.set(manager, [...(byManager.get(manager) ?? []), causes[index]?.field ?? '']);
		}
		const lines = [...byManager.keys()].sort().flatMap(manager => [`conflicts with ${manager}:`, ...(byManager.get(manager) ?? []).map(field => `- ${field}`)]);
		message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
	}
	return apiError(409, message, 'Conflict', {causes});
}

/**
 * The type in a create or update body, checked as a real server decodes it:
 * built-in kinds default a missing apiVersion/kind and refuse another type
 * (400); a custom resource must name its kind (400).
 */
function checkTypeOf(object: JsonObject, resource: ResourceInfo, apiVersion: string, isBuiltIn: (apiVersion: string, kind: string) => boolean): void {
	const {kind} = object;
	const sentVersion = object.apiVersion;
	if (!resource.crdName) {
		if (kind === undefined && sentVersion === undefined) return;
		const sentKind = String(kind ?? resource.kind);
		const version = String(sentVersion ?? apiVersion);
		const prefix = `${sentKind} in version "${version.split('/').at(-1) ?? ''}" cannot be handled as a ${resource.kind}`;
		if (!isBuiltIn(version, sentKind)) throw badRequest(`${prefix}: no kind "${sentKind}" is registered for version "${version}" in scheme "pkg/runtime/scheme.go:111"`);
		if (version !== apiVersion || sentKind !== resource.kind) {
			throw badRequest(`${prefix}: converting (${version.split('/').at(-1) ?? ''}.${sentKind}) to (${resource.group.split('.')[0] || 'core'}.${resource.kind}): unknown conversion`);
		}
		return;
	}
	if (typeof kind !== 'string' || kind === '') {
		const text = JSON.stringify(object);
		const summary = text.length > 30 ? `${text.slice(0, 30)} ...` : text;
		throw badRequest(`the object provided is unrecognized (must be of type ${resource.kind}): Object 'Kind' is missing in '${text}' (${summary})`);
	}
	if (sentVersion !== apiVersion) {
		throw badRequest(`the API version in the data (${typeof sentVersion === 'string' ? sentVersion : ''}) does not match the expected API version (${apiVersion})`);
	}
}

function resourceVersionRequired(resource: ResourceInfo, name: string): Error {
	const message = 'Invalid value: 0: must be specified for an update';
	return apiError(422, `${qualifiedResource(resource)} "${name}" is invalid: metadata.resourceVersion: ${message}`, 'Invalid', {
		name,
		group: resource.group,
		kind: resource.plural,
		causes: [{reason: 'FieldValueInvalid', message, field: 'metadata.resourceVersion'}],
	});
}

/** A custom resource body of another kind fails validation, named after the kind it claims to be. */
function wrongKind(resource: ResourceInfo, object: KubeObject): Error {
	const kind = String(object.kind);
	const name = String(object.metadata?.name ?? '');
	const message = `Invalid value: "${kind}": must be ${resource.kind}`;
	return apiError(422, `${kind}.${resource.group} "${name}" is invalid: kind: ${message}`, 'Invalid', {
		name,
		group: resource.group,
		kind,
		causes: [{reason: 'FieldValueInvalid', message, field: 'kind'}],
	});
}

function keyOf(object: KubeObject): string {
	return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function decodeContinue(token: string | null | undefined): string | undefined {
	if (!token) return undefined;
	try {
		const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {after?: unknown};
		if (typeof parsed.after === 'string') return parsed.after;
	} catch {
		// fall through to the error
	}
	throw badRequest('invalid continue token');
}

function timestamp(): string {
	return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}
