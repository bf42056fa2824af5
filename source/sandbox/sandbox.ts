// The embedded sandbox API server: a real HTTPS server on 127.0.0.1 speaking
// the part of the Kubernetes API that driftwatch and kubectl's basic verbs
// use, with fault injection and a request log for tests.
import {writeFile} from 'node:fs/promises';
import type {ServerResponse} from 'node:http';
import https from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import {Users, type PolicyRule} from './auth.js';
import {FaultState, type FailureOptions} from './faults.js';
import {handleRequest, type HandlerState, type RecordedRequest} from './handler.js';
import {kubeconfigText} from './kubeconfig.js';
import {ObjectApi} from './objects.js';
import {PodLogStore} from './pod-logs.js';
import {ResourceRegistry} from './resources.js';
import {ObjectStore} from './store.js';
import {sandboxTls} from './tls.js';

export type {PolicyRule} from './auth.js';
export type {FailureOptions} from './faults.js';
export type {RecordedRequest} from './handler.js';
export type {PodLogRef, PodLogStore} from './pod-logs.js';

type SandboxOptions = {port?: number /* 0 = pick a free one */};

export type Sandbox = {
	readonly url: string;
	readonly port: number;
	readonly caPem: string;
	/** Kubeconfig YAML text: contexts 'sandbox' (admin, current-context) and 'sandbox-viewer', plus one context per addUser() user named after the user; cluster 'sandbox'. */
	kubeconfig(options?: {currentContext?: string}): string;
	writeKubeconfig(path: string, options?: {currentContext?: string}): Promise<void>;
	addUser(name: string, rules: PolicyRule[]): void;
	readonly requests: readonly RecordedRequest[];
	clearRequests(): void;
	/**
	 * The containers' logs that pods/log serves (the sandbox has no kubelet): append lines, restart a container
	 * (its log becomes the `previous` one). A pod with no spec.nodeName has none, as on a real server.
	 */
	readonly podLogs: PodLogStore;
	readonly faults: {
		/** Cut open watch connections (TCP reset): all, or those whose path starts with `path`. */
		dropWatches(path?: string): void;
		/**
		 * Fail the next `count` requests (or all until clearFailures()) with a
		 * Status of that code; `path` limits it to matching requests,
		 * `retryAfterSeconds` adds Retry-After (429/503).
		 */
		failNext(count: number | 'until-cleared', status: number, message?: string, options?: FailureOptions): void;
		clearFailures(): void;
		setLatency(ms: number): void;
		/** Every resourceVersion before now becomes too old (410). */
		compactHistory(): void;
	};
	/** Close the listener and every connection; the data stays. */
	stop(): Promise<void>;
	/**
	 * Listen again on the same port, with the same CA and users; the same data,
	 * or with `freshData` only what a new server makes itself, under a new
	 * resourceVersion history (as a kube-apiserver on an empty etcd).
	 */
	start(options?: {freshData?: boolean}): Promise<void>;
	/**
	 * Hang, as a SIGSTOPped server does: connections stay open and are
	 * accepted, but no request is answered and no watch event is sent.
	 */
	pause(): void;
	/** Answer again: held requests go on and held output is sent. */
	resume(): void;
	/** Stop for good. */
	close(): Promise<void>;
};

const host = '127.0.0.1';
const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const tls = await sandboxTls();
	let store = new ObjectStore();
	let registry = new ResourceRegistry();
	let api = new ObjectApi(store, registry);
	const users = new Users();
	const faults = new FaultState();
	const requests: RecordedRequest[] = [];
	const watches = new Set<ServerResponse>();
	const podLogs = new PodLogStore();
	const sockets = new Set<Socket>();
	let port = options.port ?? 0;
	let listening = false;
	let closed = false;

	// What a fresh kube-apiserver makes itself, written as its own manager.
	const asServer = {dryRun: false, fieldManager: 'kube-apiserver'};
	const builtIn = (group: string, plural: string) => registry.byKey(`${group}/${plural}`)!;
	const bootstrap = () => {
		for (const name of initialNamespaces) api.create({resource: builtIn('', 'namespaces'), version: 'v1'}, {metadata: {name}}, asServer);
		const today = new Date().toISOString().slice(0, 10);
		api.create(
			{resource: builtIn('', 'configmaps'), version: 'v1', namespace: 'kube-system'},
			{metadata: {name: 'kube-apiserver-legacy-service-account-token-tracking'}, data: {since: today}},
			asServer,
		);
	};
	// The kubernetes Service points at the API server's own port.
	const createKubernetesService = () =>
		api.create(
			{resource: builtIn('', 'services'), version: 'v1', namespace: 'default'},
			{
				metadata: {name: 'kubernetes', labels: {component: 'apiserver', provider: 'kubernetes'}},
				spec: {
					ports: [{name: 'https', protocol: 'TCP', port: 443, targetPort: port}],
					clusterIP: '10.0.0.1',
					type: 'ClusterIP',
					sessionAffinity: 'None',
					ipFamilyPolicy: 'SingleStack',
				},
			},
			asServer,
		);
	bootstrap();

	const state: HandlerState = {store, registry, api, users, faults, requests, watches, podLogs, serverAddress: () => `${host}:${port}`};
	// While paused, requests wait for this, and every TLS connection is corked (output held).
	let paused: {resumed: Promise<void>; resume: () => void} | undefined;
	const tlsSockets = new Set<Socket>();
	const server = https.createServer({key: tls.keyPem, cert: tls.certPem}, (request, response) => {
		const handle = () => handleRequest(state, request, response).catch(() => response.destroy());
		if (paused) void paused.resumed.then(handle);
		else void handle();
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		// A client that vanishes mid-request must not take the process down.
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('secureConnection', (socket: Socket) => {
		tlsSockets.add(socket);
		socket.on('close', () => tlsSockets.delete(socket));
		if (paused) socket.cork();
	});
	server.on('tlsClientError', () => {});

	const listen = () =>
		new Promise<void>((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			server.once('error', onError);
			server.listen(port, host, () => {
				server.off('error', onError);
				port = (server.address() as AddressInfo).port;
				listening = true;
				resolve();
			});
		});

	const resume = () => {
		const wasPaused = paused;
		if (!wasPaused) return;
		paused = undefined;
		// Each corked once when paused (or when it connected during the pause).
		for (const socket of tlsSockets) if (socket.writableCorked > 0) socket.uncork();
		wasPaused.resume();
	};

	const stop = async () => {
		if (!listening) return;
		listening = false;
		// Held requests then find their sockets gone.
		resume();
		const closing = new Promise<void>(resolve => server.close(() => resolve()));
		for (const socket of sockets) socket.destroy();
		await closing;
	};

	await listen();
	createKubernetesService();

	const sandbox: Sandbox = {
		get url() {
			return `https://${host}:${port}`;
		},
		get port() {
			return port;
		},
		caPem: tls.caPem,
		kubeconfig: kubeconfigOptions =>
			kubeconfigText({server: sandbox.url, caPem: tls.caPem, users: users.all(), currentContext: kubeconfigOptions?.currentContext}),
		async writeKubeconfig(path, kubeconfigOptions) {
			await writeFile(path, sandbox.kubeconfig(kubeconfigOptions), {mode: 0o600});
		},
		addUser(name, rules) {
			if (name === 'admin' || name === 'viewer') throw new Error(`"${name}" is a built-in sandbox user`);
			users.add(name, rules);
		},
		get requests() {
			return requests;
		},
		clearRequests() {
			requests.length = 0;
		},
		podLogs,
		faults: {
			dropWatches(path) {
				for (const response of watches) {
					const watchPath = (response.req?.url ?? '').split('?')[0] ?? '';
					if (path !== undefined && !watchPath.startsWith(path)) continue;
					response.socket?.destroy();
					watches.delete(response);
				}
			},
			failNext: (count, status, message, failureOptions) => faults.failNext(count, status, message, failureOptions),
			clearFailures: () => faults.clearFailures(),
			setLatency: ms => faults.setLatency(ms),
			compactHistory: () => store.compact(),
		},
		stop,
		async start(startOptions = {}) {
			if (closed) throw new Error('the sandbox was closed for good');
			if (listening) return;
			if (startOptions.freshData) {
				store = new ObjectStore();
				registry = new ResourceRegistry();
				api = new ObjectApi(store, registry);
				Object.assign(state, {store, registry, api});
				podLogs.clear();
				bootstrap();
				createKubernetesService();
			}
			await listen();
		},
		pause() {
			if (paused || !listening) return;
			let release = () => {};
			const resumed = new Promise<void>(resolve => {
				release = resolve;
			});
			paused = {resumed, resume: release};
			for (const socket of tlsSockets) socket.cork();
		},
		resume,
		async close() {
			closed = true;
			await stop();
		},
	};
	return sandbox;
}
