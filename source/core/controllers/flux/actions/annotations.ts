// Annotation keys driftwatch writes on Flux objects.

export const requestedAtAnnotation = 'reconcile.fluxcd.io/requestedAt';

// Flux core has no who/why for a suspension; like the Flux Operator and Weave GitOps UIs we record it beside the
// spec change, and remove it on resume.
export const suspendedByAnnotation = 'driftwatch.dev/suspended-by';
export const suspendedAtAnnotation = 'driftwatch.dev/suspended-at';
export const suspendReasonAnnotation = 'driftwatch.dev/suspended-reason';

/** The field manager Flux documents for hand patches (never `kubectl`: kustomize-controller strips it). */
export const fluxFieldManager = 'flux-client-side-apply';

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
