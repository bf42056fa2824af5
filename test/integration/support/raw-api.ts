// Raw HTTPS requests to a test backend with a kubeconfig's TLS and token, so
// status codes, content types and bodies are seen exactly as the server sent them.
import https from 'node:https';
import type {KubeConfig} from '@kubernetes/client-node';

export type Reply = {status: number; contentType: string; text: string; body: any /** Warning headers, as sent. */; warnings: string[]};
export type CallOptions = {
	body?: unknown;
	contentType?: string;
	/** The Accept header; JSON unless told (a Table, a metadata-only list…). */
	accept?: string;
	/** No Authorization header at all. */
	anonymous?: boolean;
	/** Sent as the User-Agent, which names the field manager of a write that does not name one. */
	userAgent?: string;
};
export type WatchEvent = {type: string; object: any};

/** One request; every answer resolves, errors too. */
export async function call(kc: KubeConfig, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
	const requestOptions: https.RequestOptions = {method, headers: {accept: options.accept ?? 'application/json'}};
	await kc.applyToHTTPSOptions(requestOptions);
	const headers = requestOptions.headers as Record<string, string | number>;
	if (options.anonymous) delete headers['Authorization'];
	if (options.userAgent) headers['user-agent'] = options.userAgent;
	const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	if (payload !== undefined) {
		headers['content-type'] = options.contentType ?? 'application/json';
		headers['content-length'] = Buffer.byteLength(payload);
	}
	const server = kc.getCurrentCluster()?.server ?? '';
	return new Promise((resolve, reject) => {
		const request = https.request(`${server}${path}`, requestOptions, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let body: unknown;
				try {
					body = JSON.parse(text);
				} catch {
					body = undefined;
				}
				const warning = response.headers['warning'];
				const warnings = warning === undefined ? [] : Array.isArray(warning) ? warning : [warning];
				resolve({status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text, body, warnings});
			});
		});
		request.on('error', reject);
		if (payload !== undefined) request.write(payload);
		request.end();
	});
}

/** The events of a reply that was a whole watch stream (one JSON object a line). */
export function eventsOf(reply: Reply): WatchEvent[] {
	if (reply.status !== 200) return [];
	return reply.text
		.split('\n')
		.filter(line => line.trim())
		.map(line => JSON.parse(line) as WatchEvent);
}

/** A whole watch stream: the request must carry timeoutSeconds (or end on an error), so the server closes it. */
export async function watchEvents(
	kc: KubeConfig,
	path: string,
	options: CallOptions = {},
): Promise<{status: number; events: WatchEvent[]}> {
	const reply = await call(kc, 'GET', path, options);
	return {status: reply.status, events: eventsOf(reply)};
}

/** Poll `check` until it returns something truthy; fails with `what` after the deadline. */
export async function until<T>(
	check: () => Promise<T | undefined | false> | T | undefined | false,
	what: string,
	timeoutMs = 15_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
