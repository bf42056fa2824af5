import type {ResourceType} from './resource-type.js';

/** REST path of a collection or item: /api/v1/… or /apis/GROUP/VERSION/…. */
export function resourcePath(
	type: Pick<ResourceType, 'group' | 'version' | 'plural' | 'namespaced'>,
	namespace: string | null,
	name?: string,
): string {
	const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
	const scoped = type.namespaced && namespace !== null ? `${base}/namespaces/${encodeURIComponent(namespace)}` : base;
	const collection = `${scoped}/${type.plural}`;
	return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}

export function groupVersionPath(group: string, version: string): string {
	return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Split an apiVersion ('apps/v1', 'v1') into group and version. */
export function parseApiVersion(apiVersion: string): {group: string; version: string} {
	const slash = apiVersion.indexOf('/');
	return slash === -1 ? {group: '', version: apiVersion} : {group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1)};
}
