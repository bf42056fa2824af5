// What a real server's decoding does to a body before anything else sees
// it. Built-in kinds go through Go types: unknown fields are dropped (a
// warning) or refused (fieldValidation=Strict), values of the wrong type are
// refused, nulls and empty optional maps and lists vanish, and a Secret's
// stringData is folded into data. A custom kind's structural schema prunes
// the fields it does not declare, the same way.
import type {KubeObject} from '../core/kube/resource-type.js';
import {fieldType, type FieldType} from './field-schema.js';
import {isObject, type JsonObject} from './json-values.js';
import {resourceKey, type ResourceInfo} from './resources.js';
import {badRequest} from './status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const secretsKey = resourceKey({group: '', plural: 'secrets'});

/** Metadata the server sets; a client's values for these are dropped on create. */
export const serverOwnedMetadata = [
	'uid',
	'resourceVersion',
	'generation',
	'creationTimestamp',
	'deletionTimestamp',
	'deletionGracePeriodSeconds',
	'managedFields',
	'selfLink',
];

/** Every ObjectMeta field: what a stored object keeps of a client's metadata. */
const objectMetaFields = new Set([
	'name',
	'generateName',
	'namespace',
	'labels',
	'annotations',
	'ownerReferences',
	'finalizers',
	...serverOwnedMetadata,
]);

const specAndStatus = ['spec', 'status'];
/** Top-level fields of the built-in kinds besides apiVersion, kind and metadata. */
const topLevelFields: Record<string, string[]> = {
	'/configmaps': ['data', 'binaryData', 'immutable'],
	'/secrets': ['data', 'stringData', 'type', 'immutable'],
	'/serviceaccounts': ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
	'/events': [
		'involvedObject',
		'reason',
		'message',
		'source',
		'firstTimestamp',
		'lastTimestamp',
		'count',
		'type',
		'eventTime',
		'series',
		'action',
		'related',
		'reportingComponent',
		'reportingInstance',
	],
	'apps/controllerrevisions': ['data', 'revision'],
	'/endpoints': ['subsets'],
	'/podtemplates': ['template'],
	'rbac.authorization.k8s.io/roles': ['rules'],
	'rbac.authorization.k8s.io/clusterroles': ['rules', 'aggregationRule'],
	'rbac.authorization.k8s.io/rolebindings': ['roleRef', 'subjects'],
	'rbac.authorization.k8s.io/clusterrolebindings': ['roleRef', 'subjects'],
	'storage.k8s.io/storageclasses': [
		'provisioner',
		'parameters',
		'reclaimPolicy',
		'mountOptions',
		'allowVolumeExpansion',
		'volumeBindingMode',
		'allowedTopologies',
	],
	'scheduling.k8s.io/priorityclasses': ['value', 'globalDefault', 'description', 'preemptionPolicy'],
	'discovery.k8s.io/endpointslices': ['addressType', 'endpoints', 'ports'],
	'admissionregistration.k8s.io/validatingwebhookconfigurations': ['webhooks'],
	'admissionregistration.k8s.io/mutatingwebhookconfigurations': ['webhooks'],
};

/** String maps whose values a Go type insists are strings: [path, the Go field a decode error names]. */
const stringMaps: Record<string, Array<[string[], string]>> = {
	'/configmaps': [
		[['data'], 'ConfigMap.data'],
		[['binaryData'], 'ConfigMap.binaryData'],
	],
	'/secrets': [
		[['data'], 'Secret.data'],
		[['stringData'], 'Secret.stringData'],
	],
};
const metadataStringMaps: Array<[string[], string]> = [
	[['metadata', 'labels'], 'ObjectMeta.metadata.labels'],
	[['metadata', 'annotations'], 'ObjectMeta.metadata.annotations'],
];

/** Lists Go types always keep, even empty. */
const requiredLists = new Set(['containers']);

type DecodeOptions = {
	fieldValidation: FieldValidation;
	warnings: string[];
	/** False for an apply configuration: its empty maps and nulls say what the applier owns; the merged result is normalized instead. */
	normalize?: boolean;
};

/**
 * The body as the server will hold it, before defaults. Unknown fields are
 * reported through `options.warnings` (or refused when Strict).
 */
export function decodeForStorage(
	object: KubeObject & JsonObject,
	resource: ResourceInfo,
	type: FieldType,
	options: DecodeOptions,
): KubeObject & JsonObject {
	const key = resourceKey(resource);
	const unknown: string[] = [];
	const result: JsonObject = {};
	if (!resource.crdName) checkStringMaps(object, resource, [...(stringMaps[key] ?? []), ...metadataStringMaps]);
	for (const [field, value] of Object.entries(object)) {
		if (field === 'apiVersion' || field === 'kind') {
			result[field] = value;
			continue;
		}
		if (field === 'metadata') {
			result.metadata = isObject(value) ? metadataOf(value, unknown) : value;
			continue;
		}
		const known = resource.crdName ? knownToSchema(type, field) : (topLevelFields[key] ?? specAndStatus).includes(field);
		if (!known) {
			unknown.push(field);
			continue;
		}
		const pruned = resource.crdName ? pruneUnknown(value, fieldType(type, field, value), field, unknown) : value;
		result[field] = pruned;
	}
	reportUnknown(
		unknown,
		options,
		`${resource.kind} in version "${
			String(object.apiVersion ?? '')
				.split('/')
				.at(-1) ?? ''
		}" cannot be handled as a ${resource.kind}`,
	);
	return (resource.crdName || options.normalize === false ? result : normalizedBuiltIn(result, type)) as KubeObject & JsonObject;
}

function knownToSchema(type: FieldType, field: string): boolean {
	return type.type === 'struct' && (Object.hasOwn(type.fields, field) || type.other === 'untyped');
}

function metadataOf(metadata: JsonObject, unknown: string[]): JsonObject {
	const result: JsonObject = {};
	for (const [field, value] of Object.entries(metadata)) {
		if (objectMetaFields.has(field)) result[field] = value;
		else unknown.push(`metadata.${field}`);
	}
	return result;
}

/** A structural schema drops what it does not declare (unless it keeps unknown fields there). */
function pruneUnknown(value: unknown, type: FieldType, path: string, unknown: string[]): unknown {
	if (Array.isArray(value))
		return type.type === 'list' ? value.map((item, index) => pruneUnknown(item, type.items, `${path}[${index}]`, unknown)) : value;
	if (!isObject(value)) return value;
	if (type.type === 'struct') {
		const result: JsonObject = {};
		for (const [field, child] of Object.entries(value)) {
			if (type.other === 'declared' && !Object.hasOwn(type.fields, field)) unknown.push(`${path}.${field}`);
			else result[field] = pruneUnknown(child, fieldType(type, field, child), `${path}.${field}`, unknown);
		}
		return result;
	}
	if (type.type === 'map')
		return Object.fromEntries(
			Object.entries(value).map(([field, child]) => [field, pruneUnknown(child, type.values, `${path}.${field}`, unknown)]),
		);
	return value;
}

function reportUnknown(unknown: string[], options: DecodeOptions, prefix: string): void {
	if (unknown.length === 0 || options.fieldValidation === 'Ignore') return;
	if (options.fieldValidation === 'Strict') {
		const errors = unknown.map(field => `unknown field "${field}"`);
		throw badRequest(`${prefix}: strict decoding error: ${errors.join(', ')}`);
	}
	for (const field of unknown) options.warnings.push(`unknown field "${field}"`);
}

function checkStringMaps(object: JsonObject, resource: ResourceInfo, maps: Array<[string[], string]>): void {
	for (const [path, goField] of maps) {
		let value: unknown = object;
		for (const segment of path) value = isObject(value) ? value[segment] : undefined;
		if (value === undefined || value === null) continue;
		const apiVersion = String(object.apiVersion ?? '');
		const prefix = `${resource.kind} in version "${apiVersion.split('/').at(-1) ?? ''}" cannot be handled as a ${resource.kind}: json: cannot unmarshal`;
		if (!isObject(value)) throw badRequest(`${prefix} ${goJsonType(value)} into Go struct field ${goField} of type map[string]string`);
		for (const entry of Object.values(value)) {
			if (entry !== null && typeof entry !== 'string')
				throw badRequest(`${prefix} ${goJsonType(entry)} into Go struct field ${goField} of type string`);
		}
	}
}

function goJsonType(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return 'number';
	if (typeof value === 'boolean') return 'bool';
	if (typeof value === 'string') return 'string';
	return 'object';
}

/** Nulls gone, and empty maps and lists too (they are `omitempty`); structs stay, even empty. */
function normalizedBuiltIn(value: unknown, type: FieldType): unknown {
	if (Array.isArray(value)) return value.map(item => normalizedBuiltIn(item, type.type === 'list' ? type.items : type));
	if (!isObject(value)) return value;
	const result: JsonObject = {};
	for (const [field, child] of Object.entries(value)) {
		if (child === null) continue;
		const childType = fieldType(type, field, child);
		const normalized = normalizedBuiltIn(child, childType);
		if (Array.isArray(normalized) && normalized.length === 0 && !requiredLists.has(field)) continue;
		if (isObject(normalized) && Object.keys(normalized).length === 0 && childType.type === 'map') continue;
		result[field] = normalized;
	}
	return result;
}

/** A built-in object as its Go type holds it: no nulls, no empty optional maps or lists (an apply's merged result). */
export function normalizeStored<T extends KubeObject>(object: T, resource: ResourceInfo, type: FieldType): T {
	return resource.crdName ? object : (normalizedBuiltIn(object, type) as T);
}

/** A Secret's stringData written into data (base64, winning over data) and dropped. */
export function foldStringData(object: KubeObject & JsonObject, resource: ResourceInfo): KubeObject & JsonObject {
	if (resourceKey(resource) !== secretsKey || object.stringData === undefined) return object;
	const {stringData, ...rest} = object;
	if (isObject(stringData) && Object.keys(stringData).length > 0) {
		const data: JsonObject = isObject(rest.data) ? {...rest.data} : {};
		for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value ?? ''), 'utf8').toString('base64');
		rest.data = data;
	}
	return rest as KubeObject & JsonObject;
}
