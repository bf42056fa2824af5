import type {KubeConfigLike} from './kubeconfig-file.js';
import {requestListItems} from './http.js';
import {resourcePath, apiVersionOf, type KubeObject, type ResourceType} from './resource-type.js';

type ListResult = {items: KubeObject[]; resourceVersion: string};

type ListOptions = {
	labelSelector?: string;
	fieldSelector?: string;
	signal?: AbortSignal;
	/**
	 * Called with each item as soon as it was read (with apiVersion/kind set), one at a time: a caller that keeps
	 * only a projection lets the object go at once (the page it came in is never whole in memory). Given this,
	 * the result's `items` stay empty.
	 */
	onItem?: (item: KubeObject) => void;
	/** Called after each page with how many items it had (after its onItem calls). */
	onPage?: (count: number) => void;
	/**
	 * Only the list's resourceVersion is wanted (to watch from there): one request for at most one object, instead
	 * of every page. A list with a limit is read from storage, so the version is current.
	 */
	versionOnly?: boolean;
};

type ListBody = {metadata?: {resourceVersion?: string; continue?: string}};

const pageSize = 500;

/**
 * List a resource type (paged), namespace null = all namespaces. A real kube-apiserver sends list items without
 * `apiVersion`/`kind` (only the list carries them); every item handed on has them, so health rules and drift
 * that dispatch on the kind see the same object a watch event or a GET would give.
 */
export async function listObjects(
	kc: KubeConfigLike,
	type: Pick<ResourceType, 'group' | 'version' | 'plural' | 'kind' | 'namespaced'>,
	namespace: string | null,
	options: ListOptions = {},
): Promise<ListResult> {
	const items: KubeObject[] = [];
	const apiVersion = apiVersionOf(type);
	let continueToken: string | undefined;
	let resourceVersion = '';
	do {
		let count = 0;
		const body = await requestListItems<ListBody>(
			kc,
			resourcePath(type, namespace),
			{
				query: {
					limit: options.versionOnly ? 1 : pageSize,
					continue: continueToken,
					labelSelector: options.labelSelector,
					fieldSelector: options.fieldSelector,
				},
				signal: options.signal,
			},
			value => {
				if (options.versionOnly) return;
				const item = withTypeMeta(value as KubeObject, apiVersion, type.kind);
				count++;
				if (options.onItem) options.onItem(item);
				else items.push(item);
			},
		);
		options.onPage?.(count);
		resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
		continueToken = options.versionOnly ? undefined : body.metadata?.continue || undefined;
	} while (continueToken);
	return {items, resourceVersion};
}

function withTypeMeta(item: KubeObject, apiVersion: string, kind: string): KubeObject {
	if (item.apiVersion && item.kind) return item;
	return {...item, apiVersion: item.apiVersion ?? apiVersion, kind: item.kind ?? kind};
}
