// CustomResourceDefinitions: what a definition makes the server serve, the
// checks a real server does before accepting one, and the status it reports.
import type {KubeObject} from '../core/kube/resource-type.js';
import {compareVersions, type ResourceInfo} from './resources.js';
import type {StatusCause} from './status.js';
import {isObject} from './json-values.js';
import {scaleFromCrdVersions} from './scale.js';

type CrdVersion = {name?: unknown; served?: unknown; storage?: unknown; subresources?: {status?: unknown}};
type CrdSpec = {
	group?: unknown;
	scope?: unknown;
	names?: {plural?: unknown; singular?: unknown; kind?: unknown; listKind?: unknown; shortNames?: unknown; categories?: unknown};
	versions?: unknown;
};

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems that make a real server reject the definition (422), empty when valid. */
export function validateCrd(object: KubeObject): StatusCause[] {
	const spec = (isObject(object.spec) ? object.spec : {}) as CrdSpec;
	const causes: StatusCause[] = [];
	const required = (field: string, message = 'Required value') => causes.push({reason: 'FieldValueRequired', field, message});
	if (typeof spec.group !== 'string' || !spec.group.includes('.')) {
		causes.push({
			reason: 'FieldValueInvalid',
			field: 'spec.group',
			message: `Invalid value: "${String(spec.group ?? '')}": should be a domain with at least one dot`,
		});
	}
	if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
		causes.push({
			reason: 'FieldValueNotSupported',
			field: 'spec.scope',
			message: `Unsupported value: "${String(spec.scope ?? '')}": supported values: "Cluster", "Namespaced"`,
		});
	}
	const names = spec.names ?? {};
	if (typeof names.plural !== 'string' || !dnsLabel.test(names.plural)) required('spec.names.plural');
	if (typeof names.kind !== 'string' || !names.kind) required('spec.names.kind');
	const versions = Array.isArray(spec.versions) ? (spec.versions as CrdVersion[]) : [];
	if (versions.length === 0) required('spec.versions', 'Invalid value: must have exactly one version marked as storage version');
	else if (versions.filter(version => version.storage === true).length !== 1) {
		causes.push({
			reason: 'FieldValueInvalid',
			field: 'spec.versions',
			message: 'Invalid value: must have exactly one version marked as storage version',
		});
	}
	for (const [index, version] of versions.entries()) {
		if (typeof version.name !== 'string' || !dnsLabel.test(version.name)) required(`spec.versions[${index}].name`);
	}
	const expectedName = `${String(names.plural ?? '')}.${String(spec.group ?? '')}`;
	if (causes.length === 0 && object.metadata?.name !== expectedName) {
		causes.push({
			reason: 'FieldValueInvalid',
			field: 'metadata.name',
			message: `Invalid value: "${object.metadata?.name ?? ''}": must be spec.names.plural+"."+spec.group`,
		});
	}
	return causes;
}

/** The kind a (valid) definition serves, or undefined when it serves no version. */
export function resourceFromCrd(object: KubeObject): ResourceInfo | undefined {
	const spec = object.spec as CrdSpec;
	const names = spec.names ?? {};
	const versions = (spec.versions as CrdVersion[]).filter(version => version.served !== false);
	if (versions.length === 0) return undefined;
	const kind = String(names.kind);
	return {
		group: String(spec.group),
		versions: versions.map(version => String(version.name)).sort(compareVersions),
		plural: String(names.plural),
		singular: typeof names.singular === 'string' && names.singular ? names.singular : kind.toLowerCase(),
		kind,
		listKind: typeof names.listKind === 'string' && names.listKind ? names.listKind : `${kind}List`,
		namespaced: spec.scope === 'Namespaced',
		shortNames: stringList(names.shortNames),
		categories: stringList(names.categories),
		statusSubresource: versions.some(version => isObject(version.subresources) && isObject(version.subresources.status)),
		generation: true,
		deleteReturnsObject: false,
		stored: true,
		crdName: object.metadata?.name ?? '',
		scale: scaleFromCrdVersions(versions),
	};
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** What the naming and establishing controllers of a real server would report. */
export function crdStatus(object: KubeObject, now: string): Record<string, unknown> {
	const spec = object.spec as CrdSpec;
	const names = spec.names ?? {};
	const kind = String(names.kind);
	const storage = (spec.versions as CrdVersion[]).find(version => version.storage === true);
	const condition = (type: string, reason: string, message: string) => ({type, status: 'True', lastTransitionTime: now, reason, message});
	return {
		conditions: [
			condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
			condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
		],
		acceptedNames: {
			plural: names.plural,
			singular: typeof names.singular === 'string' && names.singular ? names.singular : kind.toLowerCase(),
			kind,
			listKind: typeof names.listKind === 'string' && names.listKind ? names.listKind : `${kind}List`,
			...(Array.isArray(names.shortNames) ? {shortNames: names.shortNames} : {}),
			...(Array.isArray(names.categories) ? {categories: names.categories} : {}),
		},
		storedVersions: [String(storage?.name ?? '')],
	};
}

/** What a real server stores for a new definition before its naming and establishing controllers run. */
export function pendingCrdStatus(object: KubeObject): Record<string, unknown> {
	const storage = ((object.spec as CrdSpec).versions as CrdVersion[]).find(version => version.storage === true);
	// A real server writes `conditions: null` here, not an empty list.
	return {conditions: null, acceptedNames: {plural: '', kind: ''}, storedVersions: [String(storage?.name ?? '')]};
}

/** The spec defaults a real server fills in: singular and list names, no conversion. */
export function withCrdDefaults(object: KubeObject): KubeObject {
	// An invalid definition is refused later, as it is.
	if (!isObject(object.spec) || !isObject(object.spec.names) || typeof object.spec.names.kind !== 'string') return object;
	const spec = structuredClone(object.spec) as CrdSpec & {conversion?: unknown};
	const names = {...spec.names};
	const kind = String(names.kind);
	if (typeof names.singular !== 'string' || !names.singular) names.singular = kind.toLowerCase();
	if (typeof names.listKind !== 'string' || !names.listKind) names.listKind = `${kind}List`;
	spec.names = names;
	if (!isObject(spec.conversion)) spec.conversion = {strategy: 'None'};
	return {...object, spec};
}
