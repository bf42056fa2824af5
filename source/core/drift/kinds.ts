import type {KubeConfig} from '@kubernetes/client-node';
import {classifyApiError} from '../kube/api-error.js';
import {preferredVersion, type Discovery, type DiscoveredResource} from '../kube/discovery.js';

export const KIND_NOT_SERVED = 'kind not served by this cluster';

/** The resource serving a kind at a version, or null when the cluster does not serve it. */
export function resourceFor(discovery: Discovery, group: string, version: string, kind: string): Promise<DiscoveredResource | null> {
	return discovery.find(group, version, kind).then((found) => found ?? null);
}

/**
 * Resolves kinds known only by group (tracked objects carry no version) at the group's preferred version,
 * asking the server once per group.
 */
export class TrackedKinds {
	readonly #versions = new Map<string, Promise<string | null>>();

	constructor(
		private readonly kc: KubeConfig,
		private readonly discovery: Discovery,
	) {}

	async resolve(group: string, kind: string): Promise<DiscoveredResource | null> {
		const version = await this.#versionOf(group);
		return version === null ? null : resourceFor(this.discovery, group, version, kind);
	}

	#versionOf(group: string): Promise<string | null> {
		let pending = this.#versions.get(group);
		if (!pending) {
			pending = preferredVersion(this.kc, group).catch((error: unknown) => {
				if (classifyApiError(error).kind === 'not-found') return null;
				this.#versions.delete(group);
				throw error;
			});
			this.#versions.set(group, pending);
		}
		return pending;
	}
}
