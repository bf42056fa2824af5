import https from 'node:https';
import type {KubeConfig} from '@kubernetes/client-node';
import {requestProgressed} from './request-progress.js';

/** A non-2xx answer from the API server; `body` is the raw text (usually a Status). */
export class ApiHttpError extends Error {
	override name = 'ApiHttpError';
	constructor(readonly code: number, readonly body: string) {
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
};

/**
 * One JSON request with the kubeconfig's TLS and credentials. We use this for
 * list/get rather than the typed clients, which turn timestamps into Date
 * objects and drop fields of kinds they know.
 */
export async function requestJson<T = unknown>(kc: KubeConfig, path: string, options: RequestOptions = {}): Promise<T> {
	const cluster = kc.getCurrentCluster();
	if (!cluster) throw new Error('no current cluster in kubeconfig');
	const url = new URL(cluster.server.replace(/\/$/, '') + path);
	for (const [key, value] of Object.entries(options.query ?? {})) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	const requestOptions: https.RequestOptions = {
		method: options.method ?? 'GET',
		headers: {accept: 'application/json'},
	};
	try {
		await kc.applyToHTTPSOptions(requestOptions);
	} catch (error) {
		// An exec credential plugin that fails (expired SSO session…) is an
		// authentication problem: report it as 401 so the user is told to re-login.
		const detail = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] || 'no output';
		throw new ApiHttpError(401, JSON.stringify({message: `credential plugin failed: ${detail}`}));
	}
	if (options.body !== undefined) {
		requestOptions.headers = {
			...requestOptions.headers,
			'content-type': options.contentType ?? 'application/json',
			'content-length': Buffer.byteLength(options.body),
		};
	}
	const text = await send(url, requestOptions, options);
	requestProgressed(kc);
	return (text ? JSON.parse(text) : {}) as T;
}

function send(url: URL, requestOptions: https.RequestOptions, options: RequestOptions): Promise<string> {
	return new Promise((resolve, reject) => {
		const request = https.request(url, {...requestOptions, signal: options.signal}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				const status = response.statusCode ?? 0;
				if (status >= 200 && status < 300) resolve(text);
				else reject(new ApiHttpError(status, text));
			});
		});
		request.setTimeout(options.timeoutMs ?? 30_000, () => {
			request.destroy(Object.assign(new Error('request timed out'), {code: 'ETIMEDOUT'}));
		});
		request.on('error', reject);
		if (options.body !== undefined) request.write(options.body);
		request.end();
	});
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
