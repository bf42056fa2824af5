// A merge patch bound to what was just read: the patch carries the read resourceVersion, so a write in between
// answers 409 and the check runs again on the fresh object (as `retry.RetryOnConflict` does for the flux CLI).
import {classifyApiError} from '../../../kube/api-error.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import {describeTarget, getObject, targetPath, type FluxTarget} from './flux-objects.js';

/** The object is no longer in the state the action was reviewed for; nothing was sent. */
export class StaleTarget extends Error {
	override name = 'StaleTarget';
}

export type PatchBody = Record<string, unknown>;

const attempts = 3;

/**
 * GET, `check` (a message = refuse, nothing sent), then PATCH `build(object)` as a JSON merge patch through the
 * action's Mutator. Throws StaleTarget on a refusal, the API error otherwise.
 */
export async function guardedPatch(
	context: ActionContext,
	target: FluxTarget,
	check: (object: KubeObject) => string | null,
	build: (object: KubeObject) => PatchBody,
): Promise<KubeObject> {
	for (let attempt = 1; ; attempt++) {
		const object = await getObject(context, target);
		const refusal = check(object);
		if (refusal !== null) throw new StaleTarget(`${describeTarget(target)}: ${refusal}`);
		const patch = build(object);
		const metadata = (patch['metadata'] ?? {}) as Record<string, unknown>;
		const body = {...patch, metadata: {...metadata, resourceVersion: object.metadata?.resourceVersion}};
		try {
			return await context.mutate.request<KubeObject>(targetPath(target), {
				method: 'PATCH',
				query: {fieldManager: fluxFieldManager},
				contentType: 'application/merge-patch+json',
				body: JSON.stringify(body),
				timeoutMs: 15_000,
				...(context.signal ? {signal: context.signal} : {}),
			});
		} catch (error) {
			if (attempt >= attempts || classifyApiError(error).kind !== 'conflict') throw error;
		}
	}
}

// Annotation keys driftwatch writes on Flux objects.

export const requestedAtAnnotation = 'reconcile.fluxcd.io/requestedAt';

// Flux core has no who/why for a suspension; like the Flux Operator and Weave GitOps UIs we record it beside the
// spec change, and remove it on resume.
export const suspendedByAnnotation = 'driftwatch.dev/suspended-by';
export const suspendedAtAnnotation = 'driftwatch.dev/suspended-at';
export const suspendReasonAnnotation = 'driftwatch.dev/suspended-reason';

/** The field manager Flux documents for hand patches (never `kubectl`: kustomize-controller strips it). */
const fluxFieldManager = 'flux-client-side-apply';

let lastToken = '';

/**
 * An RFC 3339 timestamp with nine fractional digits, like `time.RFC3339Nano`. Every call returns a new value:
 * the controllers only act on a token that differs from the last one they handled.
 */
export function requestToken(now: Date = new Date()): string {
	const nanos = process.hrtime.bigint() % 1_000_000n;
	let token = `${now.toISOString().slice(0, 23)}${nanos.toString().padStart(6, '0')}Z`;
	if (token <= lastToken) token = bump(lastToken);
	lastToken = token;
	return token;
}

function bump(token: string): string {
	const digits = token.slice(20, 29);
	const next = (BigInt(digits) + 1n).toString().padStart(9, '0');
	return next.length > 9 ? token : `${token.slice(0, 20)}${next}Z`;
}
