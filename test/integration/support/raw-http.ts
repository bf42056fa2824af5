// Raw HTTPS calls to a test backend with a kubeconfig's TLS and token, so tests
// see status codes, content types and bodies exactly as the server sends them.
import https from 'node:https';
import type {KubeConfig} from '@kubernetes/client-node';

export type RawReply = {status: number; contentType: string; text: string; body: any};
export type RawCallOptions = {body?: unknown; contentType?: string; accept?: string};

/** One request; every answer resolves, errors too. */
export async function rawCall(kc: KubeConfig, method: string, path: string, options: RawCallOptions = {}): Promise<RawReply> {
	const requestOptions: https.RequestOptions = {method, headers: {accept: options.accept ?? 'application/json'}};
	await kc.applyToHTTPSOptions(requestOptions);
	const headers = requestOptions.headers as Record<string, string | number>;
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
				resolve({status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text, body});
			});
		});
		request.on('error', reject);
		if (payload !== undefined) request.write(payload);
		request.end();
	});
}

/** A whole watch stream: the path must carry timeoutSeconds, so the server closes it. */
export async function rawWatch(kc: KubeConfig, path: string, accept?: string): Promise<{status: number; events: Array<{type: string; object: any}>}> {
	const reply = await rawCall(kc, 'GET', path, accept === undefined ? {} : {accept});
	const lines = reply.status === 200 ? reply.text.split('\n').filter(line => line.trim()) : [];
	return {status: reply.status, events: lines.map(line => JSON.parse(line) as {type: string; object: any})};
}
