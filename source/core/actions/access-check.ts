// Before the first write: may this identity make every write the action will make? One SelfSubjectAccessReview
// per distinct write, answered by the API server's own authorizers (RBAC, webhooks…). One write not allowed
// refuses the whole action up front, so nothing is left half done (a revert pushed to Git, then a reconcile the
// server forbids). A review creates nothing: the server answers it and stores nothing.
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {classifyApiError} from '../kube/api-error.js';
import {requestJson} from '../kube/http.js';
import type {ResourceType} from '../kube/resource-type.js';

/** One write an action will make, as the API server authorizes it. */
export type PlannedWrite = {
	verb: 'create' | 'update' | 'patch' | 'delete';
	/** '' for the core group. */
	group: string;
	/** Plural, as in the REST path. */
	resource: string;
	subresource?: string;
	/** null for a cluster-scoped kind. */
	namespace: string | null;
	name?: string;
};

/** Every write allowed; or the ones that are not; or why the server could not be asked. */
type AccessVerdict = {ok: true} | {ok: false; denied: PlannedWrite[]} | {ok: false; unchecked: string};

const reviewPath = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
/** Reviews in flight at once: a native app can have dozens of objects. */
const parallelReviews = 8;
/** Denied writes named in the refusal; the rest are counted. */
const namedDenials = 3;

export function plannedWrite(
	type: Pick<ResourceType, 'group' | 'plural' | 'namespaced'>,
	namespace: string | null,
	name: string,
	verb: PlannedWrite['verb'] = 'patch',
): PlannedWrite {
	return {verb, group: type.group, resource: type.plural, namespace: type.namespaced ? namespace : null, name};
}

function writeKey(write: PlannedWrite): string {
	return JSON.stringify([write.verb, write.group, write.resource, write.subresource ?? '', write.namespace ?? '', write.name ?? '']);
}

/** Asks about each distinct write (name included: a role may grant single objects by name). */
export async function reviewWrites(kc: KubeConfigLike, writes: readonly PlannedWrite[], signal?: AbortSignal): Promise<AccessVerdict> {
	const distinct = [...new Map(writes.map(write => [writeKey(write), write])).values()];
	const denied: PlannedWrite[] = [];
	let unchecked: string | null = null;
	let next = 0;
	const worker = async () => {
		while (unchecked === null && next < distinct.length) {
			const write = distinct[next++]!;
			try {
				if (!(await allowed(kc, write, signal))) denied.push(write);
			} catch (error) {
				unchecked ??= whyUnchecked(error);
			}
		}
	};
	await Promise.all(Array.from({length: Math.min(parallelReviews, distinct.length)}, worker));
	if (unchecked !== null) return {ok: false, unchecked};
	// In the order the action makes them, whatever order the answers came in.
	denied.sort((a, b) => distinct.indexOf(a) - distinct.indexOf(b));
	return denied.length === 0 ? {ok: true} : {ok: false, denied};
}

async function allowed(kc: KubeConfigLike, write: PlannedWrite, signal?: AbortSignal): Promise<boolean> {
	const resourceAttributes = {
		verb: write.verb,
		group: write.group,
		resource: write.resource,
		...(write.subresource ? {subresource: write.subresource} : {}),
		...(write.namespace !== null ? {namespace: write.namespace} : {}),
		...(write.name ? {name: write.name} : {}),
	};
	const review = await requestJson<{status?: {allowed?: unknown}}>(kc, reviewPath, {
		method: 'POST',
		body: JSON.stringify({apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {resourceAttributes}}),
		timeoutMs: 15_000,
		// A review only asks; it changes nothing, so a stale socket may be retried.
		idempotent: true,
		...(signal ? {signal} : {}),
	});
	return review.status?.allowed === true;
}

function whyUnchecked(error: unknown): string {
	const classified = classifyApiError(error);
	if (classified.code === 404) return 'the API server does not serve SelfSubjectAccessReview (HTTP 404)';
	if (classified.code === 403) return `the API server refused the SelfSubjectAccessReview (HTTP 403: ${classified.message})`;
	return `the SelfSubjectAccessReview failed (${classified.message})`;
}

/** 'patch kustomizations.kustomize.toolkit.fluxcd.io in flux-system' */
function writeText(write: PlannedWrite): string {
	const qualified = write.group === '' ? write.resource : `${write.resource}.${write.group}`;
	const subresource = write.subresource ? `/${write.subresource}` : '';
	return `${write.verb} ${qualified}${subresource}${write.namespace === null ? '' : ` in ${write.namespace}`}`;
}

/** The one line that refuses the action, or null when every write is allowed. */
export function accessRefusal(verdict: AccessVerdict, context: string): string | null {
	if (verdict.ok) return null;
	if ('unchecked' in verdict)
		return `cannot check what your identity (context ${context}) may change: ${verdict.unchecked}; nothing was changed`;
	const texts = [...new Set(verdict.denied.map(writeText))];
	const more = texts.length - namedDenials;
	const named = texts.slice(0, namedDenials).join(', ') + (more > 0 ? `, and ${more} more` : '');
	return `your identity (context ${context}) may not ${named}: nothing was changed`;
}
