// Server-side printing: the meta.k8s.io Table a client gets when its Accept
// header asks for one (`application/json;as=Table;v=v1;g=meta.k8s.io`, as
// `kubectl get` does). A real server fills each kind's columns from its own
// printer (always with the -o wide ones, marked priority 1, which kubectl
// hides unless asked), a custom kind's from its CRD's additionalPrinterColumns
// (or NAME, AGE), and others NAME, CREATED AT. Each row carries the object as
// PartialObjectMetadata unless the request's includeObject says otherwise.
// Metadata-only clients (`as=PartialObjectMetadata[List]`) get just that.
import type {KubeObject} from '../core/kube/resource-type.js';
import type {JsonObject} from './json-values.js';
import {evaluateJsonPath, JsonPathError} from './jsonpath.js';
import {builtInPrinters, defaultPrinter, nameColumn, nameOf, num, records, since, str, type Column, type Printer} from './printers.js';
import {resourceKey, type ResourceInfo} from './resources.js';
import {apiError, badRequest} from './status.js';

type IncludeObject = 'None' | 'Metadata' | 'Object';
type TableRequest = {groupVersion: string; includeObject: IncludeObject};

/** What a read answers instead of the objects: for a get or list, and a converter per watch (which keeps state). */
type Conversion = {answer(object: KubeObject): unknown; events(): (object: KubeObject) => unknown};

type ListMetadata = {resourceVersion?: string; continue?: string; remainingItemCount?: number};

const tableGroup = 'meta.k8s.io';

/**
 * The conversion a read asks for in its Accept header (a Table or metadata
 * only, meta.k8s.io v1 or v1beta1, as JSON), if one comes before any plain
 * media type the server can send; none means the objects themselves. An
 * Accept header that lists only conversions the server cannot make is
 * refused (406).
 */
export function requestedConversion(
	accept: string | undefined,
	query: URLSearchParams,
	kind: Omit<TableContext, 'request'>,
): Conversion | undefined {
	const entries = (accept ?? '').split(',').filter(entry => entry.trim());
	for (const entry of entries) {
		const [type = '', ...parameterTexts] = entry.split(';').map(part => part.trim());
		const parameters = new Map(parameterTexts.map(text => text.split('=').map(part => part.trim()) as [string, string]));
		if (!['application/json', 'application/*', '*/*'].includes(type.toLowerCase()) && parameters.has('as')) continue;
		const as = parameters.get('as');
		if (as === undefined) return undefined;
		const version = parameters.get('v');
		if (parameters.get('g') !== tableGroup || (version !== 'v1' && version !== 'v1beta1')) continue;
		const groupVersion = `${tableGroup}/${version}`;
		if (as === 'Table') return tableConversion({...kind, request: {groupVersion, includeObject: includeObjectOf(query)}});
		if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return metadataConversion(groupVersion, as, kind.resource);
	}
	if (entries.length > 0) {
		throw apiError(
			406,
			'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
			'NotAcceptable',
		);
	}
	return undefined;
}

function tableConversion(context: TableContext): Conversion {
	return {
		answer: object => tableOf(object, context),
		events: () => {
			// A watch sends each object as a one-row Table, the column definitions only with the first.
			let first = true;
			return object => {
				const table = toTable([object], {resourceVersion: object.metadata?.resourceVersion}, context, first);
				first = false;
				return table;
			};
		},
	};
}

/** Metadata only: a get asks for PartialObjectMetadata, a list for PartialObjectMetadataList; the other way round is 406. */
function metadataConversion(groupVersion: string, as: string, resource: ResourceInfo): Conversion {
	const partial = (object: KubeObject) => ({kind: 'PartialObjectMetadata', apiVersion: groupVersion, metadata: object.metadata ?? {}});
	// The server's message names its Go type: an internal API package, or unstructured for custom kinds.
	const goType = (list: boolean) =>
		resource.crdName
			? `*unstructured.Unstructured${list ? 'List' : ''}`
			: `*${resource.group.split('.')[0] || 'core'}.${resource.kind}${list ? 'List' : ''}`;
	return {
		answer: object => {
			const items = (object as {items?: unknown}).items;
			const isList = Array.isArray(items);
			if (isList && as === 'PartialObjectMetadata')
				throw apiError(406, `you requested PartialObjectMetadata, but the requested object is a list (${goType(true)})`, 'NotAcceptable');
			if (!isList && as === 'PartialObjectMetadataList')
				throw apiError(
					406,
					`you requested PartialObjectMetadataList, but the requested object is not a list (${goType(false)})`,
					'NotAcceptable',
				);
			if (!isList) return partial(object);
			const partials = (items as KubeObject[]).map(partial);
			return {
				kind: 'PartialObjectMetadataList',
				apiVersion: groupVersion,
				metadata: object.metadata ?? {},
				items: partials.length > 0 ? partials : null,
			};
		},
		events: () => partial,
	};
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
	const value = query.get('includeObject') ?? '';
	if (value === '') return 'Metadata';
	if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
	throw badRequest(
		`Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(value)}: must be 'Metadata', 'Object', 'None', or empty`,
	);
}

type TableContext = {
	resource: ResourceInfo;
	version: string;
	/** The definition of a custom kind, for its printer columns. */
	crd: KubeObject | undefined;
	request: TableRequest;
};

/** The Table for what a get or list answered: one row per object. */
function tableOf(answer: KubeObject, context: TableContext): JsonObject {
	const items = (answer as {items?: unknown}).items;
	if (Array.isArray(items)) return toTable(items as KubeObject[], (answer.metadata ?? {}) as ListMetadata, context);
	return toTable([answer], {resourceVersion: answer.metadata?.resourceVersion}, context);
}

/**
 * A Table of `objects`, with column definitions unless `withHeaders` is false:
 * a watch sends them with its first event only.
 */
function toTable(objects: KubeObject[], listMetadata: ListMetadata, context: TableContext, withHeaders = true): JsonObject {
	const {resource, crd, version, request} = context;
	const printer = printerFor(resource, crd, version);
	const now = Date.now();
	const metadata: JsonObject = {};
	if (listMetadata.resourceVersion) metadata.resourceVersion = listMetadata.resourceVersion;
	if (listMetadata.continue) metadata.continue = listMetadata.continue;
	if (listMetadata.remainingItemCount !== undefined) metadata.remainingItemCount = listMetadata.remainingItemCount;
	const rows = objects.map(object => {
		const {cells, conditions} = printer.row(object as JsonObject, now);
		return {cells, ...(conditions ? {conditions} : {}), object: rowObject(object, request)};
	});
	return {
		kind: 'Table',
		apiVersion: request.groupVersion,
		metadata,
		columnDefinitions: withHeaders
			? printer.columns.map(column => ({
					name: column.name,
					type: column.type,
					format: column.format ?? '',
					description: column.description,
					priority: column.priority ?? 0,
				}))
			: null,
		rows,
	};
}

function rowObject(object: KubeObject, request: TableRequest): unknown {
	// The bookmark that ends a watch's initial events keeps its annotation, whatever was asked.
	const endsInitialEvents = object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true';
	switch (endsInitialEvents ? 'Metadata' : request.includeObject) {
		case 'Object':
			return object;
		case 'None':
			return null;
		case 'Metadata':
			return {kind: 'PartialObjectMetadata', apiVersion: request.groupVersion, metadata: object.metadata ?? {}};
	}
}

function printerFor(resource: ResourceInfo, crd: KubeObject | undefined, version: string): Printer {
	if (resource.crdName) return customPrinter(crd, version);
	return builtInPrinters[resourceKey(resource)] ?? defaultPrinter;
}

/** A custom kind: its printer columns (evaluated with JSONPath), or just its age. */
function customPrinter(crd: KubeObject | undefined, version: string): Printer {
	const versionEntry = records((crd?.spec as JsonObject | undefined)?.versions).find(entry => entry.name === version);
	const declared = records(versionEntry?.additionalPrinterColumns);
	const columns = declared.length > 0 ? declared : [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}];
	const definitions: Column[] = columns.map(column => ({
		name: str(column.name),
		type: str(column.type),
		format: str(column.format),
		description: str(column.description) || `Custom resource definition column (in JSONPath format): ${str(column.jsonPath)}`,
		priority: num(column.priority),
	}));
	return {
		columns: [nameColumn, ...definitions],
		row: (object, now) => ({
			cells: [nameOf(object), ...columns.map(column => customCell(object, str(column.jsonPath), str(column.type), now))],
		}),
	};
}

function customCell(object: JsonObject, path: string, type: string, now: number): unknown {
	let results: unknown[];
	try {
		results = evaluateJsonPath(path, object);
	} catch (error) {
		if (error instanceof JsonPathError) return null;
		throw error;
	}
	if (results.length === 0 || results[0] === undefined || results[0] === null) return null;
	const value = results[0];
	switch (type) {
		case 'string':
			return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
		case 'integer':
			return typeof value === 'number' ? Math.trunc(value) : null;
		case 'number':
			return typeof value === 'number' ? value : null;
		case 'boolean':
			return typeof value === 'boolean' ? value : null;
		case 'date':
			if (typeof value !== 'string') return null;
			return Number.isNaN(Date.parse(value)) ? '<invalid>' : since(value, now);
		default:
			return null;
	}
}
