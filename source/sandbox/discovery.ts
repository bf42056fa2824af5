// Discovery documents: /api, /apis, /apis/GROUP and the APIResourceList of a
// group/version. Aggregated discovery (apidiscovery.k8s.io) is not served:
// clients that ask for it accept the plain documents and fall back.
import {createHash} from 'node:crypto';
import {apiVersionOf, type ResourceInfo, type ResourceRegistry} from './resources.js';
import {unknownPath} from './status.js';

const objectVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const statusVerbs = ['get', 'patch', 'update'];

export function apiVersions(serverAddress: string): unknown {
	return {
		kind: 'APIVersions',
		versions: ['v1'],
		serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}],
	};
}

function groupDocument(group: {name: string; versions: string[]}): Record<string, unknown> {
	const versions = group.versions.map(version => ({groupVersion: apiVersionOf(group.name, version), version}));
	return {name: group.name, versions, preferredVersion: versions[0]};
}

export function apiGroupList(registry: ResourceRegistry): unknown {
	const groups = registry.groups().filter(group => group.name !== '');
	return {kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDocument)};
}

export function apiGroup(registry: ResourceRegistry, name: string): unknown {
	const group = registry.groups().find(candidate => candidate.name === name && name !== '');
	if (!group) throw unknownPath();
	return {kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group)};
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown {
	const resources = registry.inGroupVersion(group, version);
	if (resources.length === 0) throw unknownPath();
	// A real server lists them by name, subresources after their kind; the core group's list has no apiVersion.
	const entries = resources
		.flatMap(resource => resourceEntries(resource, version))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return {
		kind: 'APIResourceList',
		...(group === '' ? {} : {apiVersion: 'v1'}),
		groupVersion: apiVersionOf(group, version),
		resources: entries,
	};
}

/** Custom kinds list their verbs in the order the real server's CRD handler does. */
const customVerbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

function resourceEntries(resource: ResourceInfo, version: string): Array<Record<string, unknown> & {name: string}> {
	const main = {
		name: resource.plural,
		singularName: resource.singular,
		namespaced: resource.namespaced,
		kind: resource.kind,
		verbs: resource.verbs ?? (resource.crdName ? customVerbs : objectVerbs),
		...(resource.shortNames.length > 0 ? {shortNames: resource.shortNames} : {}),
		...(resource.categories.length > 0 ? {categories: resource.categories} : {}),
		...(resource.stored ? {storageVersionHash: storageVersionHash(resource.group, resource.storageVersion ?? version, resource.kind)} : {}),
	};
	const subresource = (name: string, verbs: string[], kind: Record<string, string> = {kind: resource.kind}) => ({
		name: `${resource.plural}/${name}`,
		singularName: '',
		namespaced: resource.namespaced,
		...kind,
		verbs,
	});
	return [
		main,
		...(resource.statusSubresource ? [subresource('status', statusVerbs)] : []),
		// kubectl scale finds the Scale kind's group and version here.
		...(resource.scale?.[version] ? [subresource('scale', statusVerbs, {group: 'autoscaling', version: 'v1', kind: 'Scale'})] : []),
		...(resource.extraSubresources ?? []).map(extra => subresource(extra.name, extra.verbs)),
	];
}

/** What a real server puts in storageVersionHash: the first 8 bytes of sha256("group/version/kind"), base64. */
function storageVersionHash(group: string, version: string, kind: string): string {
	return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** What /version says: the server version the sandbox stands in for (the one the cluster test tier runs). */
export const versionInfo = {
	major: '1',
	minor: '35',
	emulationMajor: '1',
	emulationMinor: '35',
	minCompatibilityMajor: '1',
	minCompatibilityMinor: '34',
	gitVersion: 'v1.35.4',
	gitCommit: '0000000000000000000000000000000000000000',
	gitTreeState: 'clean',
	buildDate: '2026-01-01T00:00:00Z',
	goVersion: 'go1.26.8',
	compiler: 'gc',
	platform: 'linux/amd64',
};
