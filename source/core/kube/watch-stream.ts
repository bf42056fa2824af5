import type {KubeConfigLike} from './kubeconfig-file.js';
import {ApiHttpError} from './http.js';
import {CredentialPluginError} from './exec-credential.js';
import type {KubeObject} from './resource-type.js';
import {type TransportResponse, transportFor} from './transport.js';

type WatchQuery = {
	resourceVersion?: string | undefined;
	fieldSelector?: string | undefined;
	labelSelector?: string | undefined;
	/** Unset: the server's own default (kube-apiserver: 30–60 min), so a quiet watch is not reopened for nothing. */
	timeoutSeconds?: number | undefined;
};

/**
 * A kube-apiserver sends a BOOKMARK about once a minute on a watch that allows
 * them; this much silence on such a watch means the connection is dead
 * (half-open TCP, a proxy that lost it, a hung server), not that nothing
 * changed. Not less: a real kube-apiserver was seen to leave a quiet watch
 * without a bookmark for over 90 s, and a quiet watch taken for a dead one
 * would be reopened for nothing.
 */
export const bookmarkSilenceMs = 180_000;

/**
 * Open a watch over the context's shared keep-alive transport, with bookmarks
 * allowed, and no client inactivity timer shorter than the server's bookmark
 * cadence (client-node's Watch closes every watch after 30 s of quiet, so each
 * reopens about twice a minute). Resolves once the server answered 200, with
 * the controller that ends the stream; `done` runs once when the stream ends:
 * null when the server closed it, the error otherwise (an AbortError when we
 * aborted it). A non-200 answer rejects with an ApiHttpError whose
 * `statusCode` is the HTTP status (410 Gone: relist).
 */
export async function watchStream(
	kc: KubeConfigLike,
	path: string,
	query: WatchQuery,
	onEvent: (type: string, object: KubeObject) => void,
	done: (error: unknown) => void,
	options: {silenceMs?: number} = {},
): Promise<AbortController> {
	const controller = new AbortController();
	let response: TransportResponse;
	try {
		response = await transportFor(kc).stream({
			path,
			query: {...query, watch: true, allowWatchBookmarks: true},
			accept: 'application/json',
			signal: controller.signal,
			timeoutMs: options.silenceMs ?? bookmarkSilenceMs,
			watch: true,
		});
	} catch (error) {
		if (error instanceof CredentialPluginError) throw withStatus(new ApiHttpError(401, JSON.stringify({message: error.message})));
		throw error;
	}
	const {body} = response;
	if (response.status !== 200) {
		let text = '';
		for await (const chunk of body) text += String(chunk);
		throw withStatus(new ApiHttpError(response.status, text));
	}
	let ended = false;
	const end = (error: unknown) => {
		if (ended) return;
		ended = true;
		if (controller.signal.aborted) done(Object.assign(new Error('watch aborted'), {name: 'AbortError'}));
		else done(error);
	};
	let pending = '';
	body.setEncoding('utf8');
	body.on('data', (chunk: string) => {
		pending += chunk;
		let newline = pending.indexOf('\n');
		while (newline !== -1) {
			const line = pending.slice(0, newline).trim();
			pending = pending.slice(newline + 1);
			newline = pending.indexOf('\n');
			if (!line || ended) continue;
			let event: {type?: unknown; object?: unknown};
			try {
				event = JSON.parse(line) as {type?: unknown; object?: unknown};
			} catch {
				// A garbled stream cannot be resumed from safely: end it as an error; the owner reconnects.
				end(new Error('watch stream sent a line that is not JSON'));
				controller.abort();
				return;
			}
			if (typeof event.type === 'string' && typeof event.object === 'object' && event.object !== null)
				onEvent(event.type, event.object as KubeObject);
		}
	});
	body.on('end', () => end(null));
	body.on('error', (error: Error) => end(error));
	body.on('close', () => end(controller.signal.aborted ? null : Object.assign(new Error('watch connection closed'), {code: 'ECONNRESET'})));
	// Abort before the caller had the controller (it was stopping) must still end the stream.
	controller.signal.addEventListener('abort', () => body.destroy(), {once: true});
	return controller;
}

function withStatus(error: ApiHttpError): ApiHttpError & {statusCode: number} {
	return Object.assign(error, {statusCode: error.code});
}
