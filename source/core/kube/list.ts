import type {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from './http.js';
import {resourcePath} from './paths.js';
import type {KubeObject, ResourceType} from './resource-type.js';

export type ListResult = {items: KubeObject[]; resourceVersion: string};

type ListBody = {items?: KubeObject[]; metadata?: {resourceVersion?: string; continue?: string}};

const pageSize = 500;

/** List a resource type (paged), namespace null = all namespaces; `fieldSelector` as the API takes it. */
export async function listObjects(kc: KubeConfig, type: ResourceType, namespace: string | null, signal?: AbortSignal, fieldSelector?: string): Promise<ListResult> {
	const items: KubeObject[] = [];
	let continueToken: string | undefined;
	let resourceVersion = '';
	do {
		const body = await requestJson<ListBody>(kc, resourcePath(type, namespace), {
			query: {limit: pageSize, continue: continueToken, fieldSelector},
			signal,
		});
		for (const item of body.items ?? []) items.push(item);
		resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
		continueToken = body.metadata?.continue || undefined;
	} while (continueToken);
	return {items, resourceVersion};
}
