// Discovery documents: /api, /apis, /apis/GROUP and the APIResourceList of a
// group/version. Aggregated discovery (apidiscovery.k8s.io) is not served:
// clients that ask for it accept the plain documents and fall back.
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
	// A real server lists them by name.
	const resources = registry.inGroupVersion(group, version).sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
	if (resources.length === 0) throw unknownPath();
	return {
		kind: 'APIResourceList',
		apiVersion: 'v1',
		groupVersion: apiVersionOf(group, version),
		resources: resources.flatMap(resource => resourceEntries(resource, version)),
	};
}

function resourceEntries(resource: ResourceInfo, version: string): unknown[] {
	const main = {
		name: resource.plural,
		singularName: resource.singular,
		namespaced: resource.namespaced,
		kind: resource.kind,
		verbs: objectVerbs,
		...(resource.shortNames.length > 0 ? {shortNames: resource.shortNames} : {}),
		...(resource.categories.length > 0 ? {categories: resource.categories} : {}),
	};
	const entries: unknown[] = [main];
	if (resource.statusSubresource) entries.push({name: `${resource.plural}/status`, singularName: '', namespaced: resource.namespaced, kind: resource.kind, verbs: statusVerbs});
	// kubectl scale finds the Scale kind's group and version here.
	if (resource.scale?.[version]) entries.push({name: `${resource.plural}/scale`, singularName: '', namespaced: resource.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: statusVerbs});
	return entries;
}

export const versionInfo = {
	major: '1',
	minor: '32',
	gitVersion: 'v1.32.0-driftwatch-sandbox',
	gitCommit: '0000000000000000000000000000000000000000',
	gitTreeState: 'clean',
	buildDate: '2025-01-01T00:00:00Z',
	goVersion: 'go1.23.0',
	compiler: 'gc',
	platform: 'linux/amd64',
};
