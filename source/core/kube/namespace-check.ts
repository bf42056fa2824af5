import {classifyApiError} from './api-error.js';
import {requestJson} from './http.js';
import type {KubeConfigLike} from './kubeconfig-file.js';

/**
 * Whether a namespace exists. A list in a namespace that does not exist answers an empty list, as one in an
 * empty namespace does; only a GET of the namespace tells them apart. A user without `get namespaces` (common
 * for a namespace-scoped role) is answered 403 whether it exists or not: then it is unknown, never "missing".
 */
export type NamespaceCheck = {state: 'exists'} | {state: 'missing'} | {state: 'unknown'; reason: string};

export async function checkNamespace(kc: KubeConfigLike, name: string, timeoutMs: number): Promise<NamespaceCheck> {
	try {
		await requestJson(kc, `/api/v1/namespaces/${encodeURIComponent(name)}`, {timeoutMs, idempotent: true});
		return {state: 'exists'};
	} catch (error) {
		const problem = classifyApiError(error);
		if (problem.kind === 'not-found') return {state: 'missing'};
		return {state: 'unknown', reason: problem.kind === 'forbidden' ? 'you may not get namespaces' : problem.message};
	}
}

/** The one line for a namespace that does not exist (a typo in -n or in APP). */
export function missingNamespaceLine(namespace: string, context: string): string {
	return `namespace "${namespace}" does not exist in context ${context} (kubectl get namespaces lists them)`;
}
