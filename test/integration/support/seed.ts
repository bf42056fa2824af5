// Putting GitOps objects on a test backend for the integration tests. Each test
// file uses namespaces of its own, so files can share one API server (a real
// kube-apiserver backend may be shared) without seeing each other's apps.
import type {KubeConfig} from '@kubernetes/client-node';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {deleteObject, isHttpError} from '../../../source/demo/rest.js';
import {createWithStatus, ensureNamespace, gitRepository, helmRepository, installGitOpsCrds, refOf} from '../../support/fixtures.js';

/** CRDs installed, namespaces there (both idempotent). */
export async function prepareCluster(kc: KubeConfig, namespaces: readonly string[]): Promise<void> {
	await installGitOpsCrds(kc);
	for (const namespace of ['flux-system', ...namespaces]) await ensureNamespace(kc, namespace);
}

/** Create with status; an object left by an earlier run or another file is replaced. */
export async function put(kc: KubeConfig, object: KubeObject): Promise<KubeObject> {
	try {
		return await createWithStatus(kc, object);
	} catch (error) {
		if (!isHttpError(error, 409)) throw error;
		await deleteObject(kc, refOf(object));
		return createWithStatus(kc, object);
	}
}

export async function putAll(kc: KubeConfig, objects: readonly KubeObject[]): Promise<KubeObject[]> {
	return Promise.all(objects.map(async object => put(kc, object)));
}

/** The Flux sources apps reference from other namespaces: GitRepository flux-system and HelmRepository charts. */
export async function sharedFluxSources(kc: KubeConfig): Promise<void> {
	for (const object of [gitRepository('flux-system'), helmRepository('charts')]) {
		try {
			await createWithStatus(kc, object);
		} catch (error) {
			if (!isHttpError(error, 409)) throw error;
		}
	}
}

/** A name the API accepts for a camelCase key ('operationFailed' → 'operation-failed'). */
export function kebab(key: string): string {
	return key.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

/** A source reference to a Flux source that lives in flux-system. */
export function fluxSystemSource(kind: string, name: string) {
	return {kind, name, namespace: 'flux-system'};
}
