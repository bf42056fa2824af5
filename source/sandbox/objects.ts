// Object semantics of the API: create, read, update, patch, apply and delete
// with the server-owned metadata (uid, resourceVersion, generation,
// managedFields), status and scale subresources, optimistic concurrency and
// dry runs. No HTTP here: handlers pass parsed bodies and options in.
import {randomUUID} from 'node:crypto';
import type {KubeObject} from '../core/kube/resource-type.js';
import {afterCrdStored, crdTerminating, finalizeCrdLater, markCrdDeleted, prepareCrd, unregisterCrd} from './crd-lifecycle.js';
import {withCrdDefaults} from './custom-resources.js';
import {withServerDefaults} from './defaults.js';
import {builtInType, crdType, zeroObject, zeroShape, type FieldType} from './field-schema.js';
import {goJsonError} from './go-json.js';
import {deepEqual, isObject, type JsonObject} from './json-values.js';
import {
	deletionFinalizer,
	deletionWarnings,
	onCreate,
	onUpdate,
	podGracePeriod,
	ServiceAddresses,
	type PropagationPolicy,
} from './kind-strategies.js';
import {validateLabels} from './labels.js';
import {
	applyConfiguration,
	conflictField,
	readEntries,
	recordUpdate,
	sortConflicts,
	writeEntries,
	type Conflict,
	type FieldEntry,
	type WriteContext,
} from './managed-fields.js';
import {applyJsonPatch, applyMergePatch} from './patch.js';
import {apiVersionOf, crdResourceKey, namespaceResourceKey, resourceKey, type ResourceInfo, type ResourceRegistry} from './resources.js';
import {
	alreadyExists,
	ApiError,
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
	statusObject,
	type StatusCause,
	type StatusObject,
} from './status.js';
import type {ObjectStore} from './store.js';
import {decodeForStorage, foldStringData, normalizeStored, serverOwnedMetadata, type FieldValidation} from './stored-form.js';
import {applyStrategicMergePatch} from './strategic-merge.js';
import type {Selector} from './selectors.js';

/** Where a request points: a kind at one of its versions, maybe a namespace, name and subresource. */
export type Target = {
	resource: ResourceInfo;
	version: string;
	namespace?: string | undefined;
	name?: string | undefined;
	subresource?: string | undefined;
};

type WriteOptions = {
	dryRun: boolean;
	fieldManager: string;
	/** How unknown fields are treated (Warn when unset). */
	fieldValidation?: FieldValidation | undefined;
	/** Warnings for the client (unknown fields), filled in by the write. */
	warnings?: string[] | undefined;
};

type DeleteOptions = {
	dryRun: boolean;
	preconditions?: {resourceVersion?: string; uid?: string} | undefined;
	propagationPolicy?: PropagationPolicy | undefined;
	/** How long a pod may take to stop (unset: its own terminationGracePeriodSeconds). */
	gracePeriodSeconds?: number | undefined;
	/** Warnings for the client, filled in by the delete. */
	warnings?: string[] | undefined;
};

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

type ListOptions = {
	selectors: Selector[];
	limit?: number | undefined;
	continueToken?: string | null | undefined;
	/** `0` asks for any version (a real server then answers from its cache, whole, ignoring limit). */
	resourceVersion?: string | null | undefined;
};

/** A real server refuses to delete these. */
const protectedNamespaces = new Set(['default', 'kube-system', 'kube-public']);

const podsKey = resourceKey({group: '', plural: 'pods'});

/** The manager a real server's own controllers write as. */
const serverManager = 'kube-apiserver';

export class ObjectApi {
	readonly #services = new ServiceAddresses();

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

	/**
	 * A list as a real server sends it: the list names its kind and version;
	 * items of built-in kinds do not (custom resources keep theirs).
	 */
	list(target: Target, options: ListOptions): KubeObject {
		const list = this.#list(target, options);
		list.items = list.items.map(object => asListItem(object, target.resource));
		return list;
	}

	#list(target: Target, options: ListOptions): KubeObject & {items: KubeObject[]} {
		const {resource, version} = target;
		const namespace = resource.namespaced ? target.namespace : undefined;
		let items = this.store
			.list(resourceKey(resource), namespace)
			.map(object => this.present(object, resource, version))
			.filter(object => options.selectors.every(selector => selector(object)));
		const resourceVersion = String(this.store.resourceVersion);
		const after = decodeContinue(options.continueToken);
		if (after !== undefined) items = items.filter(object => keyOf(object) > after);
		// Custom kinds' lists always say `continue`, empty on the last page.
		const metadata: Record<string, unknown> = resource.crdName ? {continue: '', resourceVersion} : {resourceVersion};
		const limit = options.resourceVersion === '0' ? undefined : options.limit;
		if (limit !== undefined && limit > 0 && items.length > limit) {
			const remaining = items.length - limit;
			items = items.slice(0, limit);
			metadata.continue = encodeContinue(keyOf(items.at(-1) as KubeObject), resourceVersion);
			metadata.remainingItemCount = remaining;
		}
		return {apiVersion: apiVersionOf(resource.group, version), kind: resource.listKind, metadata, items} as KubeObject & {
			items: KubeObject[];
		};
	}

	create(target: Target, body: unknown, options: WriteOptions): KubeObject {
		const {resource} = target;
		if (target.subresource) throw apiError(405, `create is not supported on ${target.subresource}`, 'MethodNotAllowed');
		this.#refuseWhileTerminating(resource, 'create');
		const object = this.#decodeBody(body, target, options);
		const metadata = object.metadata as JsonObject;
		if (typeof metadata.resourceVersion === 'string' && metadata.resourceVersion !== '') {
			// A real server's storage refuses it, as an internal error without a reason.
			const {reason: _reason, ...status} = statusObject(500, 'resourceVersion should not be set on objects to be created');
			throw new ApiError(status as StatusObject);
		}
		for (const field of serverOwnedMetadata) delete metadata[field];
		if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
			metadata.name = this.#generateName(target, metadata.generateName);
		}
		const name = typeof metadata.name === 'string' ? metadata.name : '';
		if (!name)
			throw invalid(resource, '', [
				{reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required'},
			]);
		this.#validate(resource, name, object);
		if (resource.namespaced) this.#requireNamespace(String(metadata.namespace), {resource, name});
		if (this.store.get(resourceKey(resource), resource.namespaced ? String(metadata.namespace) : undefined, name))
			throw alreadyExists(resource, name);
		if (resource.statusSubresource) delete object.status;
		const now = timestamp();
		const created = this.#defaulted(target, object);
		Object.assign(created.metadata as JsonObject, {
			uid: randomUUID(),
			creationTimestamp: now,
			...(resource.generation ? {generation: 1} : {}),
		});
		const entries = recordUpdate(zeroObject(resourceKey(resource)), created, [], this.#writeContext(target, options, now));
		onCreate(created, resource, this.#services);
		return this.#commit(target, undefined, created, entries, options);
	}

	update(target: Target, body: unknown, options: WriteOptions): KubeObject {
		const existing = this.#existing(target);
		const incoming = this.#decodeBody(body, target, options);
		// Custom kinds (unlike most built-in ones) refuse an unconditional update.
		if (target.resource.crdName && !incoming.metadata.resourceVersion) throw resourceVersionRequired(target.resource, target.name ?? '');
		this.#checkResourceVersion(target, existing, incoming);
		return this.#writeUpdate(target, existing, incoming, options);
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
		const patched =
			type === 'json'
				? applyJsonPatch(current, body)
				: type === 'strategic'
					? applyStrategicMergePatch(current, body, this.#type(target.resource, target.version))
					: applyMergePatch(current, body);
		if (!isObject(patched)) throw badRequest('the patch did not produce an object');
		const incoming = this.#decodeBody(patched, target, options);
		this.#checkResourceVersion(target, existing, incoming);
		return this.#writeUpdate(target, existing, incoming, options);
	}

	#writeUpdate(target: Target, existing: KubeObject, incoming: KubeObject, options: WriteOptions): KubeObject {
		if (target.subresource === undefined) this.#validate(target.resource, target.name ?? '', incoming);
		const next = this.#defaulted(target, this.#mergeSection(target, existing, incoming));
		onUpdate(next, existing, target.resource);
		const current = this.present(existing, target.resource, target.version);
		const entries = recordUpdate(
			current as JsonObject,
			next,
			readEntries(current as JsonObject),
			this.#writeContext(target, options, timestamp()),
		);
		return this.#commit(target, existing, next, entries, options);
	}

	delete(target: Target, options: DeleteOptions): KubeObject {
		const existing = this.#existing(target);
		const {resource} = target;
		if (resourceKey(resource) === namespaceResourceKey && protectedNamespaces.has(target.name ?? '')) {
			throw apiError(403, `namespaces "${target.name}" is forbidden: this namespace may not be deleted`, 'Forbidden', {
				name: target.name,
				kind: 'namespaces',
			});
		}
		const preconditions = options.preconditions;
		const described = `Operation cannot be fulfilled on ${resource.kind} "${target.name ?? ''}"`;
		if (preconditions?.uid && preconditions.uid !== existing.metadata?.uid) {
			throw apiError(
				409,
				`${described}: the UID in the precondition (${preconditions.uid}) does not match the UID in record (${existing.metadata?.uid ?? ''}). The object might have been deleted and then recreated`,
				'Conflict',
				{name: target.name, kind: resource.kind},
			);
		}
		if (preconditions?.resourceVersion && preconditions.resourceVersion !== existing.metadata?.resourceVersion) {
			throw apiError(
				409,
				`${described}: the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${existing.metadata?.resourceVersion ?? ''}). The object might have been modified`,
				'Conflict',
				{name: target.name, kind: resource.kind},
			);
		}
		options.warnings?.push(...deletionWarnings(resource, options.propagationPolicy));
		const result = this.#deleteOne(resource, existing, options);
		// Removed at once: most kinds answer with a bare success Status, a few (Pods, Services…) with the object.
		if (result.removed && !resource.deleteReturnsObject)
			return deletedStatus(resource, target.name ?? '', existing.metadata?.uid) as KubeObject;
		return this.present(result.object, resource, target.version);
	}

	deleteCollection(target: Target, selectors: Selector[], options: DeleteOptions): KubeObject {
		if (resourceKey(target.resource) === namespaceResourceKey)
			throw apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {});
		const list = this.#list(target, {selectors});
		list.items = list.items.map(object =>
			asListItem(this.present(this.#deleteOne(target.resource, object, options).object, target.resource, target.version), target.resource),
		);
		return list;
	}

	/**
	 * An object with finalizers (or one the delete's propagation policy gives
	 * one) is only marked — deletionTimestamp, a new generation — and stays
	 * until an update removes its last finalizer: there is no garbage
	 * collector here, as on a bare kube-apiserver. A namespace only turns
	 * Terminating (no namespace controller empties it); a definition starts
	 * removing its objects and then goes.
	 */
	#deleteOne(resource: ResourceInfo, existing: KubeObject, options: DeleteOptions): {object: KubeObject; removed: boolean} {
		const key = resourceKey(resource);
		if (key === crdResourceKey) {
			if (existing.metadata?.deletionTimestamp) return {object: existing, removed: false};
			const marked = markCrdDeleted(existing, timestamp());
			if (options.dryRun) return {object: marked, removed: false};
			const stored = this.store.put(key, marked);
			finalizeCrdLater(this.registry, this.store, stored);
			return {object: stored, removed: false};
		}
		const isNamespace = key === namespaceResourceKey;
		const added = isNamespace ? undefined : deletionFinalizer(resource, options.propagationPolicy);
		if (key === podsKey && !hasFinalizers(existing) && !added) return this.#deletePod(resource, existing, options);
		if (isNamespace || hasFinalizers(existing) || added) {
			if (existing.metadata?.deletionTimestamp) return {object: existing, removed: false};
			const metadata: JsonObject = {...existing.metadata, deletionTimestamp: timestamp()};
			// A namespace has no grace period; other kinds go without waiting.
			if (!isNamespace) metadata.deletionGracePeriodSeconds = 0;
			if (added && !finalizersOf(existing).includes(added)) metadata.finalizers = [...finalizersOf(existing), added];
			if (resource.generation) metadata.generation = (existing.metadata?.generation ?? 1) + 1;
			const marked = {...existing, metadata} as KubeObject;
			if (isNamespace) marked.status = {phase: 'Terminating'};
			return {object: options.dryRun ? marked : this.store.put(key, marked), removed: false};
		}
		return {object: options.dryRun ? existing : this.#remove(resource, existing), removed: true};
	}

	/**
	 * A pod on a node waits for its kubelet to stop it (none here, so it stays,
	 * marked); one that never ran goes at once — answered as it was when marked.
	 */
	#deletePod(resource: ResourceInfo, existing: KubeObject, options: DeleteOptions): {object: KubeObject; removed: boolean} {
		const grace = podGracePeriod(existing, options.gracePeriodSeconds);
		const previousGrace = Number(existing.metadata?.deletionGracePeriodSeconds ?? Number.POSITIVE_INFINITY);
		// A pod already stopping only goes sooner, never later.
		if (existing.metadata?.deletionTimestamp && grace > 0 && grace >= previousGrace) return {object: existing, removed: false};
		const deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		const generation = (existing.metadata?.generation ?? 1) + (existing.metadata?.deletionTimestamp ? 0 : 1);
		const marked = {
			...existing,
			metadata: {...existing.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace, generation},
		} as KubeObject;
		if (options.dryRun) return {object: marked, removed: grace === 0};
		if (grace > 0) return {object: this.store.put(resourceKey(resource), marked), removed: false};
		const removed = this.#remove(resource, existing);
		return {
			object: {...marked, metadata: {...marked.metadata, resourceVersion: removed.metadata?.resourceVersion}} as KubeObject,
			removed: true,
		};
	}

	#remove(resource: ResourceInfo, object: KubeObject): KubeObject {
		const key = resourceKey(resource);
		const namespace = resource.namespaced ? object.metadata?.namespace : undefined;
		const name = object.metadata?.name ?? '';
		if (key === crdResourceKey) unregisterCrd(this.registry, this.store, object);
		const removed = this.store.delete(key, namespace, name) ?? object;
		if (key === resourceKey({group: '', plural: 'services'})) this.#services.release(removed);
		return removed;
	}

	#apply(target: Target, body: unknown, options: WriteOptions & {force: boolean}): KubeObject {
		const {resource} = target;
		if (!options.fieldManager) {
			throw invalidOptions('PatchOptions', [
				{reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager'},
			]);
		}
		if (!isObject(body)) throw badRequest('apply configuration must be an object');
		if (typeof body.apiVersion !== 'string' || typeof body.kind !== 'string' || !body.apiVersion || !body.kind) {
			const version = typeof body.apiVersion === 'string' ? body.apiVersion : '';
			const [group, versionName] = version.includes('/') ? version.split('/') : ['', version];
			throw badRequest(`invalid object type: ${group}/${versionName}, Kind=${typeof body.kind === 'string' ? body.kind : ''}`);
		}
		if (isObject(body.metadata) && body.metadata.managedFields !== undefined && body.metadata.managedFields !== null)
			throw badRequest('metadata.managedFields must be nil');
		const existing = this.#find(target);
		if (!existing) this.#refuseWhileTerminating(resource, 'create');
		// The configuration is applied as sent: a Secret's stringData is owned as stringData, and folded after the merge.
		const config = this.#decodeBody(body, target, options, {apply: true});
		if (existing) this.#checkResourceVersion(target, existing, config);
		delete (config.metadata as JsonObject).resourceVersion;
		if (target.subresource === 'status') {
			for (const key of Object.keys(config)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) delete config[key];
		} else if (resource.statusSubresource) delete config.status;
		const now = timestamp();
		const context = this.#writeContext(target, options, now);
		if (!existing) {
			if (target.subresource) throw notFound(resource, target.name ?? '');
			const result = applyConfiguration(zeroObject(resourceKey(resource)), config as JsonObject, [], context, options.force);
			const created = normalizeStored(foldStringData(result.object as KubeObject & JsonObject, resource), resource, context.type);
			const metadata = {
				...(created.metadata as JsonObject),
				name: target.name,
				...(resource.namespaced ? {namespace: target.namespace} : {}),
			} as JsonObject;
			created.metadata = metadata;
			this.#validate(resource, target.name ?? '', created);
			if (resource.namespaced) this.#requireNamespace(target.namespace ?? '', {resource, name: target.name ?? ''});
			const defaulted = this.#defaulted(target, created);
			Object.assign(defaulted.metadata as JsonObject, {
				uid: randomUUID(),
				creationTimestamp: now,
				...(resource.generation ? {generation: 1} : {}),
			});
			onCreate(defaulted, resource, this.#services);
			return this.#commit(target, undefined, defaulted, result.entries, options);
		}
		const current = this.present(existing, target.resource, target.version) as JsonObject;
		const result = applyConfiguration(current, config as JsonObject, readEntries(current), context, options.force);
		if (result.conflicts.length > 0) throw applyConflict(result.conflicts);
		const applied = normalizeStored(foldStringData(result.object as KubeObject & JsonObject, resource), resource, context.type);
		this.#validate(resource, target.name ?? '', applied);
		const next = this.#defaulted(target, applied);
		onUpdate(next, existing, resource);
		return this.#commit(target, existing, next, result.entries, options);
	}

	/** Stamp server metadata and store (or, for a dry run, only answer). */
	#commit(
		target: Target,
		existing: KubeObject | undefined,
		written: KubeObject,
		entries: FieldEntry[],
		options: {dryRun: boolean},
	): KubeObject {
		const {resource} = target;
		const next = this.#defaulted(target, written);
		const metadata = {...(next.metadata as JsonObject)};
		delete metadata.deletionTimestamp;
		delete metadata.deletionGracePeriodSeconds;
		delete metadata.selfLink;
		const deleting = existing?.metadata?.deletionTimestamp;
		if (existing && deleting) {
			metadata.deletionTimestamp = deleting;
			if (existing.metadata?.deletionGracePeriodSeconds !== undefined)
				metadata.deletionGracePeriodSeconds = existing.metadata.deletionGracePeriodSeconds;
			const before = new Set(finalizersOf(existing));
			const added = finalizersOf({metadata} as KubeObject).filter(finalizer => !before.has(finalizer));
			if (added.length > 0) {
				throw invalid(resource, existing.metadata?.name ?? '', [
					{
						reason: 'FieldValueForbidden',
						field: 'metadata.finalizers',
						message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
					},
				]);
			}
		}
		if (existing) {
			Object.assign(metadata, {
				name: existing.metadata?.name,
				uid: existing.metadata?.uid,
				creationTimestamp: existing.metadata?.creationTimestamp,
			});
			if (resource.generation)
				metadata.generation = (existing.metadata?.generation ?? 1) + (generationChanged(resource, existing, next) ? 1 : 0);
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
		if (resourceKey(resource) === crdResourceKey) afterCrdStored(this.registry, this.store, stored, timestamp, serverManager);
		return this.present(stored, resource, target.version);
	}

	/** What a real server's defaulting makes of a decoded object (before field ownership is worked out). */
	#defaulted(target: Target, object: KubeObject): KubeObject & JsonObject {
		const {resource} = target;
		if (object.kind !== undefined && object.kind !== resource.kind) throw wrongKind(resource, object);
		const key = resourceKey(resource);
		let next = withServerDefaults({...object, apiVersion: apiVersionOf(resource.group, target.version), kind: resource.kind});
		if (key === crdResourceKey) next = withCrdDefaults(next);
		const metadata = {...(isObject(next.metadata) ? next.metadata : {})} as JsonObject;
		if (key === namespaceResourceKey && typeof metadata.name === 'string') {
			metadata.labels = {...(isObject(metadata.labels) ? metadata.labels : {}), 'kubernetes.io/metadata.name': metadata.name};
		}
		return withShape({...next, metadata} as JsonObject, zeroShape(key)) as KubeObject & JsonObject;
	}

	#type(resource: ResourceInfo, version: string): FieldType {
		if (!resource.crdName) return builtInType(resourceKey(resource));
		const crd = this.store.get(crdResourceKey, undefined, resource.crdName);
		const versions = isObject(crd?.spec) && Array.isArray(crd.spec.versions) ? (crd.spec.versions as JsonObject[]) : [];
		const served = versions.find(candidate => candidate.name === version);
		const schema = isObject(served?.schema) ? served.schema.openAPIV3Schema : undefined;
		return crdType(schema);
	}

	#writeContext(target: Target, options: WriteOptions, now: string): WriteContext {
		return {
			manager: options.fieldManager,
			apiVersion: apiVersionOf(target.resource.group, target.version),
			subresource: target.subresource === 'status' ? 'status' : undefined,
			statusIsSubresource: target.resource.statusSubresource,
			now,
			type: this.#type(target.resource, target.version),
		};
	}

	/** A custom kind whose definition is being deleted takes no new objects. */
	#refuseWhileTerminating(resource: ResourceInfo, verb: string): void {
		if (resource.crdName && crdTerminating(this.store, resource.crdName)) {
			throw apiError(405, `${verb} not allowed while custom resource definition is terminating`, 'MethodNotAllowed', {
				group: resource.group,
				kind: resource.plural,
			});
		}
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

	/** A body as an object of this kind, with name and namespace checked against the URL, decoded as a real server decodes it. */
	#decodeBody(
		body: unknown,
		target: Target,
		options: WriteOptions,
		decoding: {apply: boolean} = {apply: false},
	): KubeObject & {metadata: JsonObject} {
		const {resource} = target;
		if (!isObject(body)) throw badRequest('the body of the request must be a JSON or YAML object');
		let object = structuredClone(body) as KubeObject & JsonObject;
		const apiVersion = apiVersionOf(resource.group, target.version);
		const isBuiltIn = (version: string, kind: string) =>
			this.registry
				.all()
				.some(
					known => !known.crdName && known.kind === kind && known.versions.some(served => apiVersionOf(known.group, served) === version),
				);
		checkTypeOf(object, resource, apiVersion, isBuiltIn);
		object.apiVersion = apiVersion;
		// A custom resource of the wrong kind fails validation later (422); built-in kinds never get here.
		if (!resource.crdName || object.kind === undefined) object.kind = resource.kind;
		object = decodeForStorage(object, resource, this.#type(resource, target.version), {
			fieldValidation: options.fieldValidation ?? 'Warn',
			warnings: options.warnings ?? [],
			normalize: !decoding.apply,
		});
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
		return (decoding.apply ? object : foldStringData(object, resource)) as KubeObject & {metadata: JsonObject};
	}

	#checkResourceVersion(target: Target, existing: KubeObject, incoming: KubeObject): void {
		const wanted = incoming.metadata?.resourceVersion;
		if (wanted !== undefined && wanted !== '' && wanted !== existing.metadata?.resourceVersion)
			throw staleConflict(target.resource, target.name ?? '');
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

	/** Objects are created only in a namespace that exists and is not being deleted. */
	#requireNamespace(namespace: string, creating: {resource: ResourceInfo; name: string}): void {
		const found = this.store.get(namespaceResourceKey, undefined, namespace);
		if (!found) throw namespaceNotFound(namespace);
		if (found.metadata?.deletionTimestamp) throw namespaceTerminating(creating.resource, creating.name, namespace);
	}

	/** The name and labels, checked as a real server validates them (422). */
	#validate(resource: ResourceInfo, name: string, object: KubeObject): void {
		const causes: StatusCause[] = [];
		const isNamespace = resourceKey(resource) === namespaceResourceKey;
		const pattern = isNamespace ? /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ : /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
		const maxLength = isNamespace ? 63 : 253;
		if (name.length > maxLength)
			causes.push({
				reason: 'FieldValueInvalid',
				field: 'metadata.name',
				message: `Invalid value: "${name}": must be no more than ${maxLength} characters`,
			});
		if (!pattern.test(name)) {
			// Word for word as a real server, double space included.
			const rule = isNamespace
				? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
				: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
			causes.push({reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": ${rule}`});
		}
		causes.push(...validateLabels(object.metadata?.labels));
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

/** Items of a built-in kind's list carry no apiVersion/kind (the list says them once); custom resources keep theirs. */
function asListItem(object: KubeObject, resource: ResourceInfo): KubeObject {
	if (resource.crdName) return object;
	const {apiVersion: _apiVersion, kind: _kind, ...item} = object;
	return item as KubeObject;
}

/** `object` with the structs of `shape` it lacks (a real server's Go types always have them). */
function withShape(object: JsonObject, shape: JsonObject): JsonObject {
	const result: JsonObject = {...object};
	for (const [key, value] of Object.entries(shape)) {
		if (result[key] === undefined) result[key] = structuredClone(value);
		else if (isObject(result[key]) && isObject(value)) result[key] = withShape(result[key] as JsonObject, value);
	}
	return result;
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

/** A new generation: a spec change, and for Deployments an annotation change too (their ReplicaSets copy annotations). */
function generationChanged(resource: ResourceInfo, before: KubeObject, after: KubeObject): boolean {
	if (specChanged(before, after, resource.statusSubresource)) return true;
	return (
		resourceKey(resource) === resourceKey({group: 'apps', plural: 'deployments'}) &&
		!deepEqual(before.metadata?.annotations ?? {}, after.metadata?.annotations ?? {})
	);
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
function applyConflict(unsorted: Conflict[]): Error {
	const conflicts = sortConflicts(unsorted);
	const describe = (conflict: Conflict) => {
		let text = JSON.stringify(conflict.manager);
		if (conflict.subresource) text += ` with subresource ${JSON.stringify(conflict.subresource)}`;
		if (conflict.operation !== 'Update') return text;
		return `${text} using ${conflict.apiVersion}`;
	};
	const causes = conflicts.map(conflict => ({
		reason: 'FieldManagerConflict',
		message: `conflict with ${describe(conflict)}`,
		field: conflictField(conflict),
	}));
	let message: string;
	if (conflicts.length === 1) message = `Apply failed with 1 conflict: ${causes[0]?.message}: ${causes[0]?.field}`;
	else {
		const byManager = new Map<string, string[]>();
		for (const [index, conflict] of conflicts.entries()) {
			const manager = describe(conflict);
			byManager.set(manager, [...(byManager.get(manager) ?? []), causes[index]?.field ?? '']);
		}
		const lines = [...byManager.keys()]
			.sort()
			.flatMap(manager => [`conflicts with ${manager}:`, ...(byManager.get(manager) ?? []).map(field => `- ${field}`)]);
		message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
	}
	return apiError(409, message, 'Conflict', {causes});
}

/**
 * The type in a create or update body, checked as a real server decodes it:
 * built-in kinds default a missing apiVersion/kind and refuse another type
 * (400); a custom resource must name its kind (400).
 */
function checkTypeOf(
	object: JsonObject,
	resource: ResourceInfo,
	apiVersion: string,
	isBuiltIn: (apiVersion: string, kind: string) => boolean,
): void {
	const {kind} = object;
	const sentVersion = object.apiVersion;
	if (!resource.crdName) {
		if (kind === undefined && sentVersion === undefined) return;
		const sentKind = String(kind ?? resource.kind);
		const version = String(sentVersion ?? apiVersion);
		const prefix = `${sentKind} in version "${version.split('/').at(-1) ?? ''}" cannot be handled as a ${resource.kind}`;
		if (!isBuiltIn(version, sentKind))
			throw badRequest(`${prefix}: no kind "${sentKind}" is registered for version "${version}" in scheme "pkg/runtime/scheme.go:111"`);
		if (version !== apiVersion || sentKind !== resource.kind) {
			throw badRequest(
				`${prefix}: converting (${version.split('/').at(-1) ?? ''}.${sentKind}) to (${resource.group.split('.')[0] || 'core'}.${resource.kind}): unknown conversion`,
			);
		}
		return;
	}
	if (typeof kind !== 'string' || kind === '') {
		const text = JSON.stringify(object);
		const summary = text.length > 30 ? `${text.slice(0, 30)} ...` : text;
		throw badRequest(
			`the object provided is unrecognized (must be of type ${resource.kind}): Object 'Kind' is missing in '${text}' (${summary})`,
		);
	}
	if (sentVersion !== apiVersion) {
		throw badRequest(
			`the API version in the data (${typeof sentVersion === 'string' ? sentVersion : ''}) does not match the expected API version (${apiVersion})`,
		);
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

/** A continue token shaped as a real server's: base64url JSON naming the key to start after. */
function encodeContinue(after: string, resourceVersion: string): string {
	return Buffer.from(JSON.stringify({v: 'meta.k8s.io/v1', rv: Number(resourceVersion), start: `${after}\u0000`})).toString('base64url');
}

function decodeContinue(token: string | null | undefined): string | undefined {
	if (!token) return undefined;
	const invalidToken = (why: string) => badRequest(`invalid continue token: continue key is not valid: ${why}`);
	const text = Buffer.from(token, 'base64url').toString('utf8');
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw invalidToken(goJsonError(text));
	}
	if (!isObject(parsed) || parsed.v !== 'meta.k8s.io/v1')
		throw badRequest('invalid continue token: continue key is not valid: server does not recognize this encoded version');
	const start = typeof parsed.start === 'string' ? parsed.start : '';
	if (!start) throw badRequest('invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
	return start.replace(/\u0000$/, '');
}

function timestamp(): string {
	return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}
