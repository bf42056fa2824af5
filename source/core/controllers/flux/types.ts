// Flux resource types, and the ids Flux lists its inventory by. Only the GA versions current
// Flux serves: OCIRepository v1 needs Flux ≥ 2.6, HelmRelease v2 Flux ≥ 2.3.
// Types discovery does not find are simply not watched; the mapping copes.

import type {ResourceType} from '../../kube/resource-type.js';

export const kustomizationType: ResourceType = {
	group: 'kustomize.toolkit.fluxcd.io',
	version: 'v1',
	plural: 'kustomizations',
	kind: 'Kustomization',
	namespaced: true,
	label: 'Flux kustomizations',
};

export const helmReleaseType: ResourceType = {
	group: 'helm.toolkit.fluxcd.io',
	version: 'v2',
	plural: 'helmreleases',
	kind: 'HelmRelease',
	namespaced: true,
	label: 'Flux Helm releases',
};

function sourceType(plural: string, kind: string, label: string): ResourceType {
	return {group: 'source.toolkit.fluxcd.io', version: 'v1', plural, kind, namespaced: true, label};
}

export const gitRepositoryType = sourceType('gitrepositories', 'GitRepository', 'Flux Git repositories');
const ociRepositoryType = sourceType('ocirepositories', 'OCIRepository', 'Flux OCI repositories');
const helmRepositoryType = sourceType('helmrepositories', 'HelmRepository', 'Flux Helm repositories');
const helmChartType = sourceType('helmcharts', 'HelmChart', 'Flux Helm charts');

export const fluxSourceTypes: readonly ResourceType[] = [gitRepositoryType, ociRepositoryType, helmRepositoryType, helmChartType];

/** The watched source type of a sourceRef kind, or undefined (Bucket, ExternalArtifact). */
export function sourceTypeOfKind(kind: string): ResourceType | undefined {
	return fluxSourceTypes.find(type => type.kind === kind);
}

// Flux inventory ids: `<namespace>_<name>_<group>_<kind>`,
// core group and cluster scope as empty parts, ':' in names encoded as '__'.
// Namespaces, groups and kinds never contain '_', so split from both ends.

type InventoryObject = {namespace: string; name: string; group: string; kind: string};

export function parseInventoryId(id: string): InventoryObject | null {
	const first = id.indexOf('_');
	const last = id.lastIndexOf('_');
	if (first < 0 || last <= first) return null;
	const middle = id.slice(first + 1, last);
	const groupStart = middle.lastIndexOf('_');
	if (groupStart < 0) return null;
	const name = middle.slice(0, groupStart).replaceAll('__', ':');
	const kind = id.slice(last + 1);
	if (name === '' || kind === '') return null;
	return {namespace: id.slice(0, first), name, group: middle.slice(groupStart + 1), kind};
}
