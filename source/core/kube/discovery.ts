import type {KubeConfigLike} from './kubeconfig-file.js';
import {requestJson} from './http.js';
import {classifyApiError} from './api-error.js';
import {groupVersionPath} from './resource-type.js';

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
	readonly #preferred = new Map<string, Promise<string | null>>();

	constructor(private readonly kc: KubeConfigLike) {}

	resources(group: string, version: string): Promise<DiscoveredResource[]> {
		return cached(this.#cache, `${group}/${version}`, () => this.#fetch(group, version));
	}

	async find(group: string, version: string, kind: string): Promise<DiscoveredResource | undefined> {
		const list = await this.resources(group, version);
		return list.find(resource => resource.kind === kind);
	}

	/**
	 * The resource serving a kind known only by group (Argo resources and
	 * tracked objects may carry no version), at the group's preferred version.
	 */
	async findInGroup(group: string, kind: string): Promise<DiscoveredResource | undefined> {
		const version = await cached(this.#preferred, group, async () => preferredVersion(this.kc, group));
		return version === null ? undefined : this.find(group, version, kind);
	}

	forget(): void {
		this.#cache.clear();
		this.#preferred.clear();
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

/** The server's preferred version of a group ('v1' for the core group), or null when it serves no such group. */
async function preferredVersion(kc: KubeConfigLike, group: string): Promise<string | null> {
	if (group === '') return 'v1';
	try {
		const body = await requestJson<APIGroup>(kc, `/apis/${group}`, {timeoutMs: 10_000});
		return body.preferredVersion?.version ?? body.versions?.[0]?.version ?? null;
	} catch (error) {
		if (classifyApiError(error).kind === 'not-found') return null;
		throw error;
	}
}

/** Share one request per key; failures are not cached, so the next caller asks again. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, fetch: () => Promise<T>): Promise<T> {
	let pending = cache.get(key);
	if (!pending) {
		pending = fetch();
		cache.set(key, pending);
		pending.catch(() => cache.delete(key));
	}
	return pending;
}
