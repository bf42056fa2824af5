import {CredentialPluginError} from './exec-credential.js';
import {ListBodySplitter} from './list-body.js';
import {type TransportResponse, transportFor} from './transport.js';
import type {KubeConfigLike} from './kubeconfig-file.js';

/** A non-2xx answer from the API server; `body` is the raw text (usually a Status). */
export class ApiHttpError extends Error {
	override name = 'ApiHttpError';
	constructor(
		readonly code: number,
		readonly body: string,
	) {
		super(`HTTP ${code}: ${bodyMessage(body)}`);
	}
}

export type RequestOptions = {
	method?: string;
	query?: Record<string, string | number | boolean | undefined>;
	body?: string;
	contentType?: string;
	signal?: AbortSignal;
	/** Give up after this long (a half-open connection must not hang a panel). */
	timeoutMs?: number;
	/** Safe to send twice (an access review): retried once on a stale keep-alive socket. GET and dry runs are. */
	idempotent?: boolean;
};

/**
 * One JSON request with the kubeconfig's TLS and credentials, over the
 * context's shared keep-alive connections. We use this for list/get rather
 * than the typed clients, which turn timestamps into Date objects and drop
 * fields of kinds they know.
 */
export async function requestJson<T = unknown>(kc: KubeConfigLike, path: string, options: RequestOptions = {}): Promise<T> {
	const transport = transportFor(kc);
	let response: Awaited<ReturnType<typeof transport.text>>;
	try {
		response = await transport.text({
			path,
			method: options.method ?? 'GET',
			...(options.query ? {query: options.query} : {}),
			...(options.body !== undefined ? {body: options.body, contentType: options.contentType ?? 'application/json'} : {}),
			...(options.signal ? {signal: options.signal} : {}),
			...(options.timeoutMs !== undefined ? {timeoutMs: options.timeoutMs} : {}),
			idempotent: options.idempotent ?? isDryRun(options),
		});
	} catch (error) {
		// An exec credential plugin that fails (expired SSO session…) or hangs is an
		// authentication problem: report it as 401 so the user is told to re-login.
		if (error instanceof CredentialPluginError) throw new ApiHttpError(401, JSON.stringify({message: error.message}));
		throw error;
	}
	if (response.status < 200 || response.status >= 300) throw new ApiHttpError(response.status, response.text);
	requestProgressed(kc);
	return (response.text ? JSON.parse(response.text) : {}) as T;
}

/**
 * One GET of a list, its items handed to `onItem` one by one as the body streams in (each parsed on its own, so
 * a page of thousands of objects is never one string nor one tree in memory); resolves with the list's own fields
 * (metadata with resourceVersion and continue), `items` empty. Errors as requestJson's.
 */
export async function requestListItems<T = unknown>(
	kc: KubeConfigLike,
	path: string,
	options: Pick<RequestOptions, 'query' | 'signal' | 'timeoutMs'>,
	onItem: (item: unknown) => void,
): Promise<T> {
	let response: TransportResponse;
	try {
		response = await transportFor(kc).stream({
			path,
			...(options.query ? {query: options.query} : {}),
			...(options.signal ? {signal: options.signal} : {}),
			...(options.timeoutMs !== undefined ? {timeoutMs: options.timeoutMs} : {}),
			idempotent: true,
		});
	} catch (error) {
		if (error instanceof CredentialPluginError) throw new ApiHttpError(401, JSON.stringify({message: error.message}));
		throw error;
	}
	response.body.setEncoding('utf8');
	if (response.status < 200 || response.status >= 300) {
		let text = '';
		for await (const chunk of response.body) text += chunk as string;
		throw new ApiHttpError(response.status, text);
	}
	const splitter = new ListBodySplitter(onItem);
	for await (const chunk of response.body) splitter.write(chunk as string);
	const list = splitter.end();
	requestProgressed(kc);
	return list as T;
}

/** A dry run changes nothing, so sending it twice is as safe as a GET. */
function isDryRun(options: RequestOptions): boolean {
	const method = options.method ?? 'GET';
	return method === 'GET' || method === 'HEAD' || options.query?.['dryRun'] === 'All';
}

function bodyMessage(body: string): string {
	try {
		const parsed = JSON.parse(body) as {message?: string};
		if (parsed.message) return parsed.message;
	} catch {
		// not JSON: fall through
	}
	return body.slice(0, 200);
}

// Who wants to know that requests on a KubeConfigLike are moving (deadlines that follow progress). Keyed by the
// KubeConfigLike object, so two monitors in one process do not see each other's traffic.
const listeners = new WeakMap<KubeConfigLike, Set<() => void>>();

/** Calls `listener` on each piece of a response arriving on `kc`; returns the unsubscribe function. */
export function onRequestProgress(kc: KubeConfigLike, listener: () => void): () => void {
	let set = listeners.get(kc);
	if (!set) {
		set = new Set();
		listeners.set(kc, set);
	}
	set.add(listener);
	return () => set.delete(listener);
}

/** A piece of a response arrived on `kc`. */
function requestProgressed(kc: KubeConfigLike): void {
	const set = listeners.get(kc);
	if (set) for (const listener of set) listener();
}

/**
 * A server-side apply body. The apply content type is YAML, and a YAML stream may not hold DEL or C1 control
 * characters (a real kube-apiserver refuses the whole body: "control characters are not allowed"), although
 * JSON.stringify leaves them raw inside strings. Written as \u escapes they mean the same in JSON and YAML.
 * Only strings can hold them, so escaping the text escapes exactly the string contents.
 */
export function applyBody(object: unknown): string {
	return JSON.stringify(object).replace(
		/[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/g,
		char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
