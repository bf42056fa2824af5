// The shape of each kind as field management and strategic merge patches
// see it: which objects are structs (fixed field names) and which are maps,
// which structs and maps are atomic, how each list merges (atomic, a set, or
// a map keyed by some of its items' fields) and, for built-in kinds, which
// structs exist even in an empty object (Go values, not pointers) — that
// decides whether a write that fills one in also owns the struct itself.
//
// Built-in kinds are described only where they differ from the default: an
// undescribed object is a struct (of optional pointer fields), an
// undescribed list is atomic. A custom kind's shape comes from its CRD's
// structural schema; where the schema keeps unknown fields, objects are maps.
import {isObject, type JsonObject} from './json-values.js';

export type FieldType =
	| {type: 'scalar'}
	| {
			type: 'struct';
			fields: Record<string, FieldType>;
			/** The type of fields not listed: built-in structs declare every field; a CRD's may keep unknown ones (map entries). */
			other: 'declared' | 'untyped';
			atomic?: boolean;
	  }
	| {type: 'map'; values: FieldType; atomic?: boolean}
	| {
			type: 'list';
			items: FieldType;
			list: 'atomic' | 'set' | 'map';
			keys?: string[];
			keyDefaults?: Record<string, unknown>;
			patch?: ListPatch;
	  }
	/** Nothing known: objects are maps, lists atomic (a custom kind's free-form fields). */
	| {type: 'untyped'};

/** How a strategic merge patch treats a list: merged by a key, merged as a set of values, or replaced. */
type ListPatch = {strategy: 'merge'; mergeKey?: string} | {strategy: 'replace'};

const scalar: FieldType = {type: 'scalar'};
const untyped: FieldType = {type: 'untyped'};
const looseStruct: FieldType = {type: 'struct', fields: {}, other: 'declared'};

function struct(fields: Record<string, FieldType> = {}, options: {atomic?: boolean} = {}): FieldType {
	return {type: 'struct', fields, other: 'declared', ...options};
}

function map(values: FieldType = scalar, options: {atomic?: boolean} = {}): FieldType {
	return {type: 'map', values, ...options};
}

const atomicList: FieldType = {type: 'list', items: untyped, list: 'atomic', patch: {strategy: 'replace'}};

function keyedList(items: FieldType, keys: string[], options: {keyDefaults?: Record<string, unknown>; mergeKey?: string} = {}): FieldType {
	return {
		type: 'list',
		items,
		list: 'map',
		keys,
		...(options.keyDefaults ? {keyDefaults: options.keyDefaults} : {}),
		patch: {strategy: 'merge', mergeKey: options.mergeKey ?? keys[0]},
	};
}

/** A list of scalars merged as a set (server-side apply) and by value (strategic merge). */
const setList: FieldType = {type: 'list', items: scalar, list: 'set', patch: {strategy: 'merge'}};
/** A list field that server-side apply owns as a whole but a strategic merge patch merges by key. */
function atomicKeyedList(mergeKey: string, items: FieldType = looseStruct): FieldType {
	return {type: 'list', items, list: 'atomic', patch: {strategy: 'merge', mergeKey}};
}

const atomicStruct = struct({}, {atomic: true});
const labelSelector = atomicStruct;

const objectMeta = struct({
	labels: map(),
	annotations: map(),
	finalizers: setList,
	ownerReferences: keyedList(atomicStruct, ['uid']),
	managedFields: atomicList,
});

const conditions = keyedList(looseStruct, ['type']);

const valueFrom = struct({
	fieldRef: atomicStruct,
	resourceFieldRef: atomicStruct,
	configMapKeyRef: atomicStruct,
	secretKeyRef: atomicStruct,
});
const probe = struct({httpGet: struct({httpHeaders: atomicList})});
const resources = struct({limits: map(), requests: map(), claims: keyedList(looseStruct, ['name'])});

const container = struct({
	ports: keyedList(looseStruct, ['containerPort', 'protocol'], {keyDefaults: {protocol: 'TCP'}, mergeKey: 'containerPort'}),
	env: keyedList(struct({valueFrom}), ['name']),
	envFrom: atomicList,
	volumeMounts: keyedList(looseStruct, ['mountPath']),
	volumeDevices: keyedList(looseStruct, ['devicePath']),
	resources,
	resizePolicy: atomicList,
	livenessProbe: probe,
	readinessProbe: probe,
	startupProbe: probe,
	securityContext: struct({capabilities: struct({add: atomicList, drop: atomicList})}),
});

const podSpec = struct({
	containers: keyedList(container, ['name']),
	initContainers: keyedList(container, ['name']),
	ephemeralContainers: keyedList(container, ['name']),
	volumes: keyedList(looseStruct, ['name']),
	imagePullSecrets: keyedList(atomicStruct, ['name']),
	hostAliases: keyedList(looseStruct, ['ip']),
	topologySpreadConstraints: keyedList(struct({labelSelector}), ['topologyKey', 'whenUnsatisfiable']),
	resourceClaims: keyedList(looseStruct, ['name']),
	schedulingGates: keyedList(looseStruct, ['name']),
	nodeSelector: map(scalar, {atomic: true}),
	overhead: map(),
});

const podTemplate = struct({metadata: objectMeta, spec: podSpec});

function kind(fields: Record<string, FieldType>): FieldType {
	return struct({metadata: objectMeta, ...fields});
}

const deployment = kind({
	spec: struct({selector: labelSelector, template: podTemplate}),
	status: struct({conditions}),
});

const jobSpec = struct({selector: labelSelector, template: podTemplate});

/** Kinds by storage key (`group/plural`), as server-side apply and strategic merge patches see them. */
const builtInTypes: Record<string, FieldType> = {
	'/namespaces': kind({spec: struct({finalizers: atomicList}), status: struct({conditions})}),
	'/configmaps': kind({data: map(), binaryData: map()}),
	'/secrets': kind({data: map(), stringData: map()}),
	'/serviceaccounts': kind({secrets: atomicKeyedList('name', atomicStruct), imagePullSecrets: atomicList}),
	'/services': kind({
		spec: struct({
			ports: keyedList(looseStruct, ['port', 'protocol'], {keyDefaults: {protocol: 'TCP'}, mergeKey: 'port'}),
			selector: map(scalar, {atomic: true}),
		}),
		status: struct({conditions}),
	}),
	'/pods': kind({spec: podSpec, status: struct({conditions: keyedList(looseStruct, ['type'])})}),
	'/persistentvolumeclaims': kind({
		spec: struct({selector: labelSelector, resources: struct({limits: map(), requests: map()})}),
		status: struct({capacity: map(), allocatedResources: map(), conditions}),
	}),
	'apps/deployments': deployment,
	'apps/replicasets': deployment,
	'apps/daemonsets': deployment,
	'apps/statefulsets': kind({spec: struct({selector: labelSelector, template: podTemplate}), status: struct({conditions})}),
	'batch/jobs': kind({spec: jobSpec, status: struct({conditions: atomicList})}),
	'batch/cronjobs': kind({spec: struct({jobTemplate: struct({metadata: objectMeta, spec: jobSpec})})}),
	'autoscaling/horizontalpodautoscalers': kind({status: struct({conditions})}),
	'/replicationcontrollers': kind({
		spec: struct({selector: map(scalar, {atomic: true}), template: podTemplate}),
		status: struct({conditions}),
	}),
	'/podtemplates': kind({template: podTemplate}),
	'/nodes': kind({
		spec: struct({podCIDRs: setList, taints: atomicList}),
		status: struct({conditions, capacity: map(), allocatable: map(), addresses: keyedList(looseStruct, ['type'])}),
	}),
	'/persistentvolumes': kind({spec: struct({capacity: map(), claimRef: atomicStruct, nodeAffinity: atomicStruct})}),
	'/resourcequotas': kind({spec: struct({hard: map()}), status: struct({hard: map(), used: map()})}),
	'/limitranges': kind({spec: struct({limits: atomicList})}),
	'/endpoints': kind({subsets: atomicList}),
	'networking.k8s.io/networkpolicies': kind({spec: struct({podSelector: labelSelector})}),
	'policy/poddisruptionbudgets': kind({spec: struct({selector: labelSelector}), status: struct({conditions, disruptedPods: map()})}),
	'rbac.authorization.k8s.io/rolebindings': kind({roleRef: atomicStruct}),
	'rbac.authorization.k8s.io/clusterrolebindings': kind({roleRef: atomicStruct}),
	'storage.k8s.io/storageclasses': kind({parameters: map()}),
	'admissionregistration.k8s.io/validatingwebhookconfigurations': kind({
		webhooks: keyedList(struct({namespaceSelector: labelSelector, objectSelector: labelSelector}), ['name']),
	}),
	'admissionregistration.k8s.io/mutatingwebhookconfigurations': kind({
		webhooks: keyedList(struct({namespaceSelector: labelSelector, objectSelector: labelSelector}), ['name']),
	}),
	'apiextensions.k8s.io/customresourcedefinitions': kind({
		spec: struct({versions: atomicList}),
		status: struct({conditions}),
	}),
};

/** What every kind of object has, whatever else its schema says. */
const anyKind = kind({});

export function builtInType(key: string): FieldType {
	return builtInTypes[key] ?? anyKind;
}

/**
 * Structs that exist in an empty object of a built-in kind (Go values, not
 * pointers; null where a required list is unset): the object a create is
 * compared with, and what every stored object shows at least.
 */
const podTemplateZero = {metadata: {}, spec: {containers: null}};
const zeroObjects: Record<string, JsonObject> = {
	'/namespaces': {spec: {}, status: {}},
	'/services': {spec: {}, status: {loadBalancer: {}}},
	'/pods': {spec: {containers: null}, status: {}},
	'/persistentvolumeclaims': {spec: {resources: {}}, status: {}},
	'apps/deployments': {spec: {selector: null, template: podTemplateZero, strategy: {}}, status: {}},
	'apps/statefulsets': {spec: {selector: null, template: podTemplateZero, updateStrategy: {}}, status: {replicas: 0, availableReplicas: 0}},
	'apps/daemonsets': {
		spec: {selector: null, template: podTemplateZero, updateStrategy: {}},
		status: {currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0},
	},
	'apps/replicasets': {spec: {selector: null, template: podTemplateZero}, status: {replicas: 0}},
	'batch/jobs': {spec: {template: podTemplateZero}, status: {}},
	'batch/cronjobs': {spec: {jobTemplate: {metadata: {}, spec: {template: podTemplateZero}}}, status: {}},
	'networking.k8s.io/ingresses': {spec: {}, status: {loadBalancer: {}}},
	'autoscaling/horizontalpodautoscalers': {spec: {scaleTargetRef: {}, maxReplicas: 0}, status: {desiredReplicas: 0, currentMetrics: null}},
	'apiextensions.k8s.io/customresourcedefinitions': {spec: {names: {}, versions: null}, status: {acceptedNames: {}}},
	'/replicationcontrollers': {spec: {}, status: {replicas: 0}},
	'/podtemplates': {template: podTemplateZero},
	'/persistentvolumes': {spec: {}, status: {}},
	'/resourcequotas': {spec: {}, status: {}},
	'/limitranges': {spec: {limits: null}},
	'/nodes': {
		spec: {},
		status: {
			daemonEndpoints: {kubeletEndpoint: {Port: 0}},
			nodeInfo: {
				machineID: '',
				systemUUID: '',
				bootID: '',
				kernelVersion: '',
				osImage: '',
				containerRuntimeVersion: '',
				kubeletVersion: '',
				kubeProxyVersion: '',
				operatingSystem: '',
				architecture: '',
			},
		},
	},
	'networking.k8s.io/networkpolicies': {spec: {podSelector: {}}},
	'networking.k8s.io/ingressclasses': {spec: {}},
	'policy/poddisruptionbudgets': {spec: {}, status: {disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0}},
	'coordination.k8s.io/leases': {spec: {}},
	'rbac.authorization.k8s.io/rolebindings': {roleRef: {}},
	'rbac.authorization.k8s.io/clusterrolebindings': {roleRef: {}},
	'authorization.k8s.io/selfsubjectaccessreviews': {spec: {}, status: {}},
	// Go writes these of every core/v1 Event, set or not: an event recorded without them (events.k8s.io/v1's
	// recorder, or a client that sets few fields) reads back with source {}, null times and empty reporters.
	'/events': {
		involvedObject: {},
		source: {},
		firstTimestamp: null,
		lastTimestamp: null,
		eventTime: null,
		reportingComponent: '',
		reportingInstance: '',
	},
};

/** The empty object of a kind, as a real server's Go types make it (custom kinds: nothing at all). */
export function zeroObject(key: string): JsonObject {
	return structuredClone(zeroObjects[key] ?? {});
}

/** Nulls a real server shows in every object of a kind (a required list it never fills). */
const keptNulls: Record<string, string[][]> = {
	'autoscaling/horizontalpodautoscalers': [['status', 'currentMetrics']],
	'/events': [['firstTimestamp'], ['lastTimestamp'], ['eventTime']],
};

/** The zero object without its nulls (but those a real server shows): what a stored object shows even when nobody set it. */
export function zeroShape(key: string): JsonObject {
	const shape = withoutNulls(zeroObject(key)) as JsonObject;
	for (const path of keptNulls[key] ?? []) {
		let node: JsonObject = shape;
		for (const segment of path.slice(0, -1)) {
			node[segment] ??= {};
			node = node[segment] as JsonObject;
		}
		node[path.at(-1) as string] = null;
	}
	return shape;
}

function withoutNulls(value: unknown): unknown {
	if (!isObject(value)) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, child]) => child !== null)
			.map(([key, child]) => [key, withoutNulls(child)]),
	);
}

/** The type of field `key` of an object of type `parent`, given its value (which decides for undescribed fields). */
export function fieldType(parent: FieldType, key: string, value: unknown): FieldType {
	switch (parent.type) {
		case 'struct':
			return parent.fields[key] ?? (parent.other === 'untyped' ? untyped : deducedBuiltIn(value));
		case 'map':
			return parent.values;
		case 'untyped':
			return untyped;
		default:
			return untyped;
	}
}

/** An undescribed field of a built-in struct: a struct, an atomic list or a scalar. */
function deducedBuiltIn(value: unknown): FieldType {
	if (isObject(value)) return looseStruct;
	if (Array.isArray(value)) return atomicList;
	return scalar;
}

/** Whether `key` is one of a struct's named fields (named fields are not map entries). */
export function isNamedField(parent: FieldType, key: string): boolean {
	if (parent.type !== 'struct') return false;
	return Object.hasOwn(parent.fields, key) || parent.other === 'declared';
}

export function itemType(list: FieldType): FieldType {
	return list.type === 'list' ? list.items : untyped;
}

/** Whether a value of this type is owned as a whole (a leaf of the field set). */
export function isAtomic(type: FieldType, value: unknown): boolean {
	switch (type.type) {
		case 'scalar':
			return true;
		case 'struct':
		case 'map':
			return type.atomic === true || !isObject(value);
		case 'list':
			return type.list === 'atomic' || !Array.isArray(value);
		case 'untyped':
			return !isObject(value);
	}
}

// ---- custom kinds

type Schema = {
	type?: string;
	properties?: Record<string, Schema>;
	items?: Schema;
	additionalProperties?: Schema | boolean;
	'x-kubernetes-preserve-unknown-fields'?: boolean;
	'x-kubernetes-list-type'?: string;
	'x-kubernetes-list-map-keys'?: string[];
	'x-kubernetes-map-type'?: string;
	'x-kubernetes-embedded-resource'?: boolean;
};

/** A custom kind's type from the version's openAPIV3Schema (metadata is always the standard one). */
export function crdType(schema: unknown): FieldType {
	const type = fromSchema(isObject(schema) ? (schema as Schema) : {});
	if (type.type !== 'struct') return {type: 'struct', fields: {metadata: objectMeta}, other: 'untyped'};
	return {...type, fields: {...type.fields, metadata: objectMeta}};
}

function fromSchema(schema: Schema): FieldType {
	if (schema.type === 'array') {
		const items = schema.items ? fromSchema(schema.items) : untyped;
		const listType = schema['x-kubernetes-list-type'];
		if (listType === 'map') return {type: 'list', items, list: 'map', keys: schema['x-kubernetes-list-map-keys'] ?? []};
		if (listType === 'set') return {type: 'list', items, list: 'set'};
		return {type: 'list', items, list: 'atomic'};
	}
	if (schema.type === 'object' || schema.properties || schema['x-kubernetes-preserve-unknown-fields']) {
		const atomic = schema['x-kubernetes-map-type'] === 'atomic';
		if (isObject(schema.additionalProperties))
			return {type: 'map', values: fromSchema(schema.additionalProperties as Schema), ...(atomic ? {atomic} : {})};
		const fields = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, child]) => [key, fromSchema(child)]));
		if (Object.keys(fields).length === 0 && schema['x-kubernetes-preserve-unknown-fields']) return untyped;
		return {
			type: 'struct',
			fields,
			other: schema['x-kubernetes-preserve-unknown-fields'] ? 'untyped' : 'declared',
			...(atomic ? {atomic} : {}),
		};
	}
	return scalar;
}
