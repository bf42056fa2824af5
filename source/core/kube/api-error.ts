import {errorText, firstLine, redactCredentials} from '../util/error-text.js';

// Classify what the Kubernetes client throws into what the user must know.

type ApiErrorKind =
	| 'unauthorized'
	| 'forbidden'
	| 'not-found'
	| 'gone'
	| 'conflict'
	| 'network'
	| 'timeout'
	/** The server's TLS certificate does not verify against the kubeconfig's CA (or has expired, or names another host). */
	| 'untrusted'
	| 'server'
	| 'other';

export type ClassifiedError = {
	kind: ApiErrorKind;
	code: number | null;
	/** One line for the screen. */
	message: string;
	/**
	 * A 429 or 5xx whose Status says when to ask again (details.retryAfterSeconds): the server is throttling, or a
	 * type's storage is still starting ("storage is (re)initializing", right after a CRD is created or the server
	 * restarts). It answers soon; client-go retries these by itself.
	 */
	retryAfterSeconds?: number;
};

type StatusBody = {message?: string; reason?: string; code?: number; details?: {retryAfterSeconds?: unknown}};

export function classifyApiError(error: unknown): ClassifiedError {
	const code = httpCode(error);
	if (code !== null) {
		const status = statusBody(error);
		const message = status?.message ?? httpMessage(code);
		// The server quotes rejected values back, a URL with a token among them.
		const classified: ClassifiedError = {kind: kindOfCode(code), code, message: firstLine(redactCredentials(message))};
		const retryAfter = status?.details?.retryAfterSeconds;
		if (classified.kind === 'server' && typeof retryAfter === 'number' && retryAfter > 0) classified.retryAfterSeconds = retryAfter;
		return classified;
	}
	const tls = tlsErrorCode(error);
	if (tls) return {kind: 'untrusted', code: null, message: untrustedMessage(tls, error)};
	const systemCode = systemErrorCode(error);
	if (systemCode) {
		const kind = systemCode === 'ETIMEDOUT' || systemCode === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network';
		return {kind, code: null, message: networkMessage(systemCode, error)};
	}
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
		return {kind: 'timeout', code: null, message: 'request timed out'};
	}
	return {kind: 'other', code: null, message: errorText(error)};
}

function httpCode(error: unknown): number | null {
	if (typeof error !== 'object' || error === null) return null;
	const candidate = error as {code?: unknown; statusCode?: unknown};
	if (typeof candidate.code === 'number') return candidate.code;
	if (typeof candidate.statusCode === 'number') return candidate.statusCode;
	return null;
}

function statusBody(error: unknown): StatusBody | null {
	const body = (error as {body?: unknown}).body;
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as StatusBody;
		} catch {
			return body.trim() ? {message: body} : null;
		}
	}
	if (typeof body === 'object' && body !== null) return body as StatusBody;
	return null;
}

function kindOfCode(code: number): ApiErrorKind {
	if (code === 401) return 'unauthorized';
	if (code === 403) return 'forbidden';
	if (code === 404) return 'not-found';
	if (code === 410) return 'gone';
	if (code === 409) return 'conflict';
	if (code === 408 || code === 504) return 'timeout';
	if (code >= 500 || code === 429) return 'server';
	return 'other';
}

function httpMessage(code: number): string {
	return `HTTP ${code}`;
}

/** Walk `cause` chains (undici wraps the socket error) for a Node system error code. */
function systemErrorCode(error: unknown): string | null {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+|ERR_STREAM_PREMATURE_CLOSE)$/.test(code)) return code;
		current = (current as {cause?: unknown}).cause;
	}
	if (error instanceof TypeError && error.message === 'fetch failed') return 'ECONNRESET';
	return null;
}

/** OpenSSL's verification failures as Node reports them (on the error or its cause). */
const tlsCodes =
	/^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|CERT_REJECTED|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;

function tlsErrorCode(error: unknown): string | null {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string' && tlsCodes.test(code)) return code;
		current = (current as {cause?: unknown}).cause;
	}
	return null;
}

function untrustedMessage(code: string, error: unknown): string {
	const address = findAddress(error);
	const why =
		code === 'CERT_HAS_EXPIRED'
			? 'has expired'
			: code === 'CERT_NOT_YET_VALID'
				? 'is not valid yet'
				: code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
					? 'names another host'
					: 'is not trusted (it does not verify against the certificate authority in your kubeconfig)';
	return `the server's certificate${address ? ` at ${address}` : ''} ${why} [${code}]`;
}

function networkMessage(code: string, error: unknown): string {
	const address = findAddress(error);
	const where = address ? ` ${address}` : '';
	switch (code) {
		case 'ECONNREFUSED':
			return `connection refused${where}`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `cannot resolve host${where}`;
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT':
			return `connection timed out${where}`;
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return `host unreachable${where}`;
		case 'ERR_STREAM_PREMATURE_CLOSE':
		case 'ECONNRESET':
		case 'UND_ERR_SOCKET':
			return `connection lost${where}`;
		default:
			return `${code}${where}`;
	}
}

function findAddress(error: unknown): string | null {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const {address, port} = current as {address?: unknown; port?: unknown};
		if (typeof address === 'string') return typeof port === 'number' ? `${address}:${port}` : address;
		current = (current as {cause?: unknown}).cause;
	}
	return null;
}

/** The state a source is in after this error: what the user must do differs for each. */
export function sourcePhaseFor(problem: ClassifiedError): 'unauthorized' | 'forbidden' | 'disconnected' | 'stale' {
	switch (problem.kind) {
		case 'unauthorized':
			return 'unauthorized';
		case 'forbidden':
			return 'forbidden';
		case 'network':
		case 'timeout':
		case 'untrusted':
			return 'disconnected';
		default:
			return 'stale';
	}
}
