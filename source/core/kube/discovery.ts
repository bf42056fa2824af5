import type {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from './http.js';
import {classifyApiError} from './api-error.js';
import {groupVersionPath} from './paths.js';

export type DiscoveredResource = {
	group: string;
	version: string;
	plural: string;
	kind: string;
	namespaced: boolean;
};

type APIResourceList = {resources?: Array<{name: string; kind: string; namespaced: boolean}>};

/**
 * Which resources one group/version serves. Cached per instance; a missing
 * group (404) is an empty list, not an error: absence of a CRD is normal.
 */
export class Discovery {
	readonly #cache = new Map<string, Promise<DiscoveredResource[]>>();

	constructor(private readonly kc: KubeConfig) {}

	resources(group: string, version: string): Promise<DiscoveredResource[]> {
		const key = `${group}/${version}`;
		let pending = this.#cache.get(key);
		if (!pending) {
			pending = this.#fetch(group, version);
			this.#cache.set(key, pending);
			// Failures are not cached: the next caller asks again.
			pending.catch(() => this.#cache.delete(key));
		}
		return pending;
	}

	async find(group: string, version: string, kind: string): Promise<DiscoveredResource | undefined> {
		const list = await this.resources(group, version);
		return list.find(resource => resource.kind === kind);
	}

	forget(): void {
		this.#cache.clear();
	}

	async #fetch(group: string, version: string): Promise<DiscoveredResource[]> {
		try {
			const list = await requestJson<APIResourceList>(this.kc, groupVersionPath(group, version), {timeoutMs: 10_000});
			return (list.resources ?? [])
				.filter(resource => !resource.name.includes('/'))
				.map(resource => ({group, version, plural: resource.name, kind: resource.kind, namespaced: resource.namespaced}));
		} catch (error) {
			if (classifyApiError(error).kind === 'not-found') return [];
			throw error;
		}
	}
}

type APIGroup = {preferredVersion?: {version?: string}; versions?: Array<{version: string}>};

/** The server's preferred version of a group ('v1' for the core group). */
export async function preferredVersion(kc: KubeConfig, group: string): Promise<string> {
	if (group === '') return 'v1';
	const body = await requestJson<APIGroup>(kc, `/apis/${group}`, {timeoutMs: 10_000});
	return body.preferredVersion?.version ?? body.versions?.[0]?.version ?? 'v1';
}
