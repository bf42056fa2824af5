import {readFileSync} from 'node:fs';
import type http from 'node:http';
import type https from 'node:https';
import {createRequire} from 'node:module';
import {type Readable, pipeline} from 'node:stream';
import type {KubeConfigLike} from './kubeconfig-file.js';
import {runCredentialPlugin, type ExecConfig, type ExecCredential} from './exec-credential.js';

type TransportRequest = {
	method?: string;
	/** Path below the cluster's server URL, e.g. `/api/v1/namespaces`. */
	path: string;
	query?: Record<string, string | number | boolean | undefined>;
	body?: string;
	contentType?: string;
	accept?: string;
	signal?: AbortSignal;
	/** Give up when the connection is silent this long (connect, headers or body). */
	timeoutMs?: number;
	/** Safe to send twice (GET, dry runs, access reviews): retried once on a keep-alive socket the server had closed. */
	idempotent?: boolean;
	/** A long-lived watch stream: it goes on the watch agent, so it never queues behind (or blocks) ordinary requests. */
	watch?: boolean;
};

export type TransportResponse = {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** The body, already decompressed. */
	body: Readable;
};

/** Idle keep-alive sockets are closed after this: a quiet TUI holds only its watches open. */
const idleSocketMs = 60_000;
/**
 * Concurrent ordinary requests per context (drift compares 6 objects at a
 * time). Over HTTP/1.1 every concurrent request is a connection; beyond this
 * they queue, which costs a big diff less than hundreds of TLS handshakes.
 */
const maxRequestSockets = 6;

/**
 * Node's HTTP and TLS stack, loaded by the first request rather than with this module: it is ~25 ms of loading,
 * which the TUI then does after its first frame instead of before it (the transport is made before the frame, its
 * first request goes out after).
 */
let networkModules: {http: typeof http; https: typeof https; tls: typeof import('node:tls'); zlib: typeof import('node:zlib')} | undefined;

function network(): NonNullable<typeof networkModules> {
	if (!networkModules) {
		const requireBuiltin = createRequire(import.meta.url);
		networkModules = {
			http: requireBuiltin('node:http'),
			https: requireBuiltin('node:https'),
			tls: requireBuiltin('node:tls'),
			zlib: requireBuiltin('node:zlib'),
		};
	}
	return networkModules;
}

/** driftwatch's own version (package.json), sent in the User-Agent so server logs and audit say who asked. */
const driftwatchVersion: string = readVersion();

function readVersion(): string {
	// The build writes the version in (its chunks are not two folders below package.json).
	if (process.env.DRIFTWATCH_BUILT_VERSION) return process.env.DRIFTWATCH_BUILT_VERSION;
	try {
		const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version?: unknown};
		return typeof manifest.version === 'string' ? manifest.version : 'unknown';
	} catch {
		return 'unknown';
	}
}

const userAgent = `driftwatch/${driftwatchVersion} (${process.platform}/${process.arch}) node/${process.versions.node}`;

type Pools = {requests: http.Agent | Promise<http.Agent>; watches: http.Agent | Promise<http.Agent>};

type Auth = {headers: Record<string, string>; cert?: string; key?: string};

/**
 * The one way driftwatch talks to a cluster: keep-alive connections (one pool
 * per kubeconfig context, instead of a new agent and TLS session per call),
 * gzip, a User-Agent, exec credentials run and cached here, one retry after a
 * 401 with a cached plugin credential, and one after a stale keep-alive socket.
 */
export class KubeTransport {
	readonly #kc: KubeConfigLike;
	readonly #server: URL;
	readonly #idleMs: number;
	/** The connection pools, made by the first request (see network); each a promise while a proxy agent's module loads. */
	#agents: Pools | null = null;
	readonly #exec: ExecConfig | null;
	#credential: ExecCredential | null = null;
	#pendingCredential: Promise<ExecCredential> | null = null;
	/** The client library's view of this context, loaded only for a legacy auth provider (and kept: it caches tokens). */
	#legacyAuth: Promise<LegacyAuth> | null = null;

	constructor(kc: KubeConfigLike, options: {idleMs?: number} = {}) {
		this.#kc = kc;
		const cluster = kc.getCurrentCluster();
		if (!cluster) throw new Error('no current cluster in kubeconfig');
		this.#server = new URL(cluster.server.replace(/\/$/, ''));
		const exec = kc.getCurrentUser()?.exec as ExecConfig | undefined;
		this.#exec = exec?.command ? exec : null;
		this.#idleMs = options.idleMs ?? idleSocketMs;
	}

	/** The pools; a CA or key file that cannot be read fails this request, and the next one reads it again. */
	#pools(): Pools {
		if (!this.#agents) {
			const kc = this.#kc;
			const idleMs = this.#idleMs;
			const tls = tlsOptions(kc, this.#exec === null);
			const requests = makeAgent(kc, tls, {keepAlive: true, timeout: idleMs, maxSockets: maxRequestSockets, scheduling: 'lifo'});
			const watches = makeAgent(kc, tls, {keepAlive: true, timeout: idleMs, scheduling: 'lifo'});
			// A proxy agent failing to load or to take its options fails each request, as a proxy that refuses would.
			for (const agent of [requests, watches]) if (agent instanceof Promise) agent.catch(() => {});
			this.#agents = {requests, watches};
		}
		return this.#agents;
	}

	get server(): string {
		return this.#server.href;
	}

	/** Send a request; resolves with the status and a body stream once headers arrived. */
	async stream(request: TransportRequest): Promise<TransportResponse> {
		const idempotent = request.idempotent ?? isSafeMethod(request.method);
		let retriedAuth = false;
		let retriedStale = false;
		for (;;) {
			const auth = await this.#auth();
			let response: http.IncomingMessage;
			try {
				response = await this.#send(request, auth);
			} catch (error) {
				// The server closed an idle keep-alive socket as we reused it: nothing was processed, ask again.
				if (idempotent && !retriedStale && isStaleSocket(error)) {
					retriedStale = true;
					continue;
				}
				throw error;
			}
			if (response.statusCode === 401 && !retriedAuth && this.#dropCredential()) {
				// An exec credential the server no longer accepts (revoked, clock skew): ask the plugin once more.
				response.resume();
				retriedAuth = true;
				continue;
			}
			return {status: response.statusCode ?? 0, headers: response.headers, body: decoded(response)};
		}
	}

	/** Send a request and read the whole (decompressed) body as text. */
	async text(request: TransportRequest): Promise<{status: number; headers: http.IncomingHttpHeaders; text: string}> {
		const response = await this.stream(request);
		const chunks: Buffer[] = [];
		for await (const chunk of response.body) chunks.push(chunk as Buffer);
		return {status: response.status, headers: response.headers, text: Buffer.concat(chunks).toString('utf8')};
	}

	/** Close every socket (idle ones close by themselves; this is for a context being dropped). */
	destroy(): void {
		if (!this.#agents) return;
		for (const agent of [this.#agents.requests, this.#agents.watches]) {
			if (agent instanceof Promise)
				void agent.then(
					loaded => loaded.destroy(),
					() => {},
				);
			else agent.destroy();
		}
	}

	#dropCredential(): boolean {
		if (!this.#exec || !this.#credential) return false;
		this.#credential = null;
		return true;
	}

	async #auth(): Promise<Auth> {
		const user = this.#kc.getCurrentUser();
		const headers: Record<string, string> = {};
		if (user?.impersonateUser) headers['Impersonate-User'] = user.impersonateUser;
		if (this.#exec) {
			const credential = await this.#execCredential(this.#exec);
			if (credential.token) headers['Authorization'] = `Bearer ${credential.token}`;
			return {
				headers,
				...(credential.clientCertificateData && credential.clientKeyData
					? {cert: credential.clientCertificateData, key: credential.clientKeyData}
					: {}),
			};
		}
		if (user?.username && user.password !== undefined) {
			headers['Authorization'] = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
			return {headers};
		}
		if (!user?.authProvider) {
			// A static token, or a client certificate alone (already on the agent): nothing to read per request.
			if (user?.token) headers['Authorization'] = `Bearer ${user.token}`;
			return {headers};
		}
		// The legacy auth providers (oidc, azure, gcp, token files): client-node knows them and caches what
		// they fetch; only their headers are taken, never the agent it makes.
		const options: https.RequestOptions = {headers: {}};
		this.#legacyAuth ??= legacyAuthFor(this.#kc);
		await (await this.#legacyAuth).applyToHTTPSOptions(options);
		for (const [name, value] of Object.entries(options.headers ?? {})) {
			if (value !== undefined) headers[name] = String(value);
		}
		return {headers};
	}

	/** The cached credential until its expirationTimestamp; concurrent requests share one plugin run. */
	#execCredential(exec: ExecConfig): Promise<ExecCredential> {
		const cached = this.#credential;
		if (cached && (cached.expiresAt === null || cached.expiresAt > Date.now())) return Promise.resolve(cached);
		this.#pendingCredential ??= runCredentialPlugin(exec).then(
			credential => {
				this.#credential = credential;
				this.#pendingCredential = null;
				return credential;
			},
			(error: unknown) => {
				// A failure is not cached: the next attempt (after the caller's backoff) runs the plugin again.
				this.#pendingCredential = null;
				throw error;
			},
		);
		return this.#pendingCredential;
	}

	async #send(request: TransportRequest, auth: Auth): Promise<http.IncomingMessage> {
		const url = new URL(this.#server.href.replace(/\/$/, '') + request.path);
		for (const [key, value] of Object.entries(request.query ?? {})) {
			if (value !== undefined) url.searchParams.set(key, String(value));
		}
		const headers: Record<string, string | number> = {
			accept: request.accept ?? 'application/json',
			'accept-encoding': 'gzip',
			'user-agent': userAgent,
			...auth.headers,
		};
		if (request.body !== undefined) {
			headers['content-type'] = request.contentType ?? 'application/json';
			headers['content-length'] = Buffer.byteLength(request.body);
		}
		const options: https.RequestOptions = {
			method: request.method ?? 'GET',
			headers,
			agent: await (request.watch ? this.#pools().watches : this.#pools().requests),
			...(request.signal ? {signal: request.signal} : {}),
			...(auth.cert && auth.key ? {cert: Buffer.from(auth.cert), key: Buffer.from(auth.key)} : {}),
		};
		const send = url.protocol === 'http:' ? network().http.request : network().https.request;
		return new Promise((resolve, reject) => {
			const outgoing = send(url, options, resolve);
			outgoing.setTimeout(request.timeoutMs ?? 30_000, () => {
				outgoing.destroy(Object.assign(new Error('request timed out'), {code: 'ETIMEDOUT'}));
			});
			outgoing.on('error', (error: Error) => reject(Object.assign(error, {reusedSocket: outgoing.reusedSocket})));
			if (request.body !== undefined) outgoing.write(request.body);
			outgoing.end();
		});
	}
}

const transports = new WeakMap<KubeConfigLike, Map<string, KubeTransport>>();

/** The transport of this kubeconfig's current context: the same one (and the same connections) every call. */
export function transportFor(kc: KubeConfigLike): KubeTransport {
	let byContext = transports.get(kc);
	if (!byContext) {
		byContext = new Map();
		transports.set(kc, byContext);
	}
	// The server is part of the key: connections to one server are no use for another, should a caller repoint a context.
	const key = `${kc.getCurrentContext()}\u0000${kc.getCurrentCluster()?.server ?? ''}`;
	let transport = byContext.get(key);
	if (!transport) {
		transport = new KubeTransport(kc);
		byContext.set(key, transport);
	}
	return transport;
}

type LegacyAuth = {applyToHTTPSOptions(options: https.RequestOptions): Promise<void>};

/**
 * The client library, for the auth providers only it implements (oidc, azure, gcp, in-cluster token file).
 * Imported on first use: it costs ~80 MiB of memory and ~0.3 s, which nobody else should pay. A KubeConfig
 * of the library's own (tests build them) is used as it is.
 */
async function legacyAuthFor(kc: KubeConfigLike): Promise<LegacyAuth> {
	if ('applyToHTTPSOptions' in kc && typeof kc.applyToHTTPSOptions === 'function') return kc as unknown as LegacyAuth;
	const {KubeConfig} = await import('@kubernetes/client-node');
	const library = new KubeConfig();
	// The same user objects: a provider that refreshes its token writes it into them.
	library.loadFromOptions({clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.getCurrentContext()});
	return library;
}

/**
 * The TLS options of this context's connections. With static credentials they share one secure context: Node
 * otherwise builds one per connection, parsing the CA and key again each time (≈2 ms a connection, and a start
 * opens six at once). Agent options override a request's, so with an exec plugin, whose client certificate comes
 * per request, each connection still builds its own.
 */
function tlsOptions(kc: KubeConfigLike, staticCredentials: boolean): https.AgentOptions {
	const cluster = kc.getCurrentCluster()!;
	const user = kc.getCurrentUser();
	const tls: https.AgentOptions = {};
	if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
	if (cluster.tlsServerName) tls.servername = cluster.tlsServerName;
	const ca = fileOrData(cluster.caFile, cluster.caData);
	if (ca) tls.ca = ca;
	const cert = fileOrData(user?.certFile, user?.certData);
	const key = fileOrData(user?.keyFile, user?.keyData);
	if (cert && key) {
		tls.cert = cert;
		tls.key = key;
	}
	if (staticCredentials && !cluster.proxyUrl && !cluster.server.startsWith('http:') && (tls.ca || tls.cert)) {
		try {
			tls.secureContext = network().tls.createSecureContext({ca: tls.ca, cert: tls.cert, key: tls.key});
		} catch {
			// A CA or key that does not parse: each connection then fails on it, as it always has.
		}
	}
	return tls;
}

/**
 * The connection pool for this context. A proxy's agent comes from a module loaded only when a kubeconfig names a
 * proxy (the SOCKS client and its IP address parser cost ~20 ms to load, on every start, for nobody else).
 */
function makeAgent(kc: KubeConfigLike, tlsOptions: https.AgentOptions, base: https.AgentOptions): http.Agent | Promise<http.Agent> {
	const cluster = kc.getCurrentCluster()!;
	const tls: https.AgentOptions = {...base, ...tlsOptions};
	const plain = cluster.server.startsWith('http:');
	const proxyUrl = cluster.proxyUrl;
	if (proxyUrl) return proxyAgent(proxyUrl, plain, tls);
	return plain ? new (network().http.Agent)(base) : new (network().https.Agent)(tls);
}

async function proxyAgent(proxyUrl: string, plain: boolean, tls: https.AgentOptions): Promise<http.Agent> {
	if (/^socks/.test(proxyUrl)) {
		const {SocksProxyAgent} = await import('socks-proxy-agent');
		return new SocksProxyAgent(proxyUrl, tls);
	}
	const {HttpProxyAgent, HttpsProxyAgent} = await import('hpagent');
	return plain ? new HttpProxyAgent({...tls, proxy: proxyUrl}) : new HttpsProxyAgent({...tls, proxy: proxyUrl});
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
	if (file) return readFileSync(file);
	if (data) return Buffer.from(data, 'base64');
	return undefined;
}

function decoded(response: http.IncomingMessage): Readable {
	if (!/\bgzip\b/i.test(String(response.headers['content-encoding'] ?? ''))) return response;
	const gunzip = network().zlib.createGunzip();
	// A connection lost mid-body reaches the reader as the gunzip stream's error.
	pipeline(response, gunzip, () => {});
	return gunzip;
}

function isSafeMethod(method: string | undefined): boolean {
	return method === undefined || method === 'GET' || method === 'HEAD';
}

function isStaleSocket(error: unknown): boolean {
	const {code, reusedSocket} = error as {code?: unknown; reusedSocket?: unknown};
	return reusedSocket === true && (code === 'ECONNRESET' || code === 'EPIPE');
}
