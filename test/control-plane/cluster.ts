// The real kube-apiserver of the cluster test tier: build it (build.sh caches
// the binary), start one in a fresh directory, wait for its ready file, and
// add RBAC-limited users. Every failure throws with the server's log tail:
// this tier must fail loudly, never skip.
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {KubeConfig} from '@kubernetes/client-node';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import {ApiHttpError, requestJson} from '../../source/core/kube/http.js';

export type ControlPlane = {
	dir: string;
	kubeconfigPath: string;
	/** The API server's port on 127.0.0.1; the same after every restart. */
	port: number;
	/** Milliseconds from spawn to the ready file, of the latest start. */
	startupMs: number;
	/**
	 * Stop the server process, keeping its directory (etcd data, certificates,
	 * kubeconfig): SIGTERM and wait for a graceful exit, or with `crash`
	 * SIGKILL, as a machine or OOM kill would.
	 */
	stopServer(options?: {crash?: boolean}): Promise<void>;
	/**
	 * Start the server again on the same port and directory: the same objects,
	 * CA and tokens; with `freshData` etcd starts empty (a new resourceVersion
	 * history; users added with addClusterUser are gone with it).
	 */
	startServer(options?: {freshData?: boolean}): Promise<void>;
	restart(options?: {crash?: boolean; freshData?: boolean}): Promise<void>;
	/** SIGSTOP: connections stay open and nothing answers (a hung server / TCP). */
	pause(): void;
	/** SIGCONT after pause(). */
	resume(): void;
	/** Stop for good and remove the directory. */
	stop(): Promise<void>;
};

export type PolicyRule = {verbs: string[]; apiGroups: string[]; resources: string[]};

const buildScript = join(dirname(fileURLToPath(import.meta.url)), 'build.sh');
// A cold 2-core machine starting two servers at once needs well under this.
const readyTimeoutMs = 180_000;
const stopTimeoutMs = 45_000;
/** Service accounts behind addUser() live here; kube-system always exists. */
const userNamespace = 'kube-system';

let binaryPath: Promise<string> | undefined;

/** Build (or reuse) the binary once per process; the path build.sh printed last. */
export function controlPlaneBinary(): Promise<string> {
	binaryPath ??= new Promise((resolve, reject) => {
		execFile('bash', [buildScript], {maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			const path = stdout.trim().split('\n').at(-1) ?? '';
			if (error || !path || !existsSync(path)) {
				const why = error ? `exit code ${String(error.code)}` : 'no binary path printed';
				reject(new Error(`cannot build the control-plane binary (test/control-plane/build.sh: ${why})\n${tail(stderr)}`));
				return;
			}
			resolve(path);
		});
	});
	return binaryPath;
}

/** Start a server in a fresh directory and wait until it is ready. */
export async function startControlPlane(): Promise<ControlPlane> {
	const binary = await controlPlaneBinary();
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-cluster-'));
	let server: ServerProcess;
	try {
		server = await startProcess(binary, dir, undefined);
	} catch (error) {
		// Free ports are picked before the server binds; another process may win the race once.
		if (error instanceof StartError && /address already in use/.test(error.log))
			server = await startProcess(binary, dir, undefined).catch(rethrowAfterRemoving(dir));
		else await rethrowAfterRemoving(dir)(error);
	}
	const port = Number(new URL(server!.address).port);
	let current: ServerProcess | undefined = server!;

	const plane: ControlPlane = {
		dir,
		kubeconfigPath: join(dir, 'kubeconfig'),
		port,
		startupMs: server!.startupMs,
		async stopServer(options = {}) {
			const running = current;
			current = undefined;
			if (running) await running.stop(options.crash ? 'SIGKILL' : 'SIGTERM');
		},
		async startServer(options = {}) {
			if (current) throw new Error('the control plane is already running; stopServer() first');
			if (options.freshData) await rm(join(dir, 'etcd'), {recursive: true, force: true});
			// The port was free a moment ago; after a kill the kernel releases it at once (no TIME_WAIT on a listener).
			current = await startProcess(binary, dir, port);
			plane.startupMs = current.startupMs;
		},
		async restart(options = {}) {
			await plane.stopServer(options);
			await plane.startServer(options);
		},
		pause() {
			current?.signal('SIGSTOP');
		},
		resume() {
			current?.signal('SIGCONT');
		},
		async stop() {
			const running = current;
			current = undefined;
			if (running) await running.stop('SIGTERM');
			await rm(dir, {recursive: true, force: true});
		},
	};
	return plane;
}

function rethrowAfterRemoving(dir: string) {
	return async (error: unknown): Promise<never> => {
		await rm(dir, {recursive: true, force: true});
		throw error;
	};
}

class StartError extends Error {
	constructor(
		message: string,
		readonly log: string,
	) {
		super(`${message}\n--- control-plane log (last lines) ---\n${tail(log)}`);
	}
}

type ServerProcess = {
	/** https://127.0.0.1:PORT, from the ready file. */
	address: string;
	startupMs: number;
	signal(signal: NodeJS.Signals): void;
	stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
};

/** Spawn the binary on `dir` (port 0: a free one) and wait for its ready file; the log goes on appending to DIR/control-plane.log. */
async function startProcess(binary: string, dir: string, port: number | undefined): Promise<ServerProcess> {
	const logPath = join(dir, 'control-plane.log');
	const readyPath = join(dir, 'ready');
	// A killed server leaves its ready file behind; it must not announce this start.
	await rm(readyPath, {force: true});
	const logStart = existsSync(logPath) ? readFileSync(logPath).length : 0;
	const logFd = openSync(logPath, 'a');
	const started = Date.now();
	const args = ['--dir', dir, '--stop-on-stdin-eof', ...(port ? ['--port', String(port)] : [])];
	// stdin is a pipe we never write: if this process dies, the server sees EOF and stops.
	const child = spawn(binary, args, {stdio: ['pipe', logFd, logFd]});
	closeSync(logFd);
	// A test file that never calls stop() must not hang the runner; the stdin pipe then stops the server.
	child.unref();
	(child.stdin as (NodeJS.WritableStream & {unref?: () => void}) | null)?.unref?.();
	const exited = new Promise<number | null>(resolve => {
		child.once('exit', code => resolve(code));
		// Spawning itself failed (no such file, not executable): there is no exit event.
		child.once('error', error => {
			writeFileSync(logPath, `spawning ${binary} failed: ${error.message}\n`, {flag: 'a'});
			resolve(null);
		});
	});
	// This start's part of the log only.
	const readLog = () => (existsSync(logPath) ? readFileSync(logPath).subarray(logStart).toString('utf8') : '');
	const stop = async (signal: 'SIGTERM' | 'SIGKILL') => stopChild(child, exited, signal);

	const deadline = started + readyTimeoutMs;
	let exitCode: number | null | undefined;
	void exited.then(code => {
		exitCode = code;
	});
	// The server creates the file, then writes its line: a file without the newline is not written yet.
	const readyLine = () => (existsSync(readyPath) ? readFileSync(readyPath, 'utf8') : '').endsWith('\n');
	while (!readyLine()) {
		if (exitCode !== undefined) throw new StartError(`the control plane exited (code ${exitCode}) before it was ready`, readLog());
		if (Date.now() > deadline) {
			const log = readLog();
			await stop('SIGKILL');
			throw new StartError(`the control plane was not ready within ${readyTimeoutMs / 1000}s`, log);
		}
		// Poll interval while waiting for the ready file; the loop ends on the condition.
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return {
		address: readFileSync(readyPath, 'utf8').trim(),
		startupMs: Date.now() - started,
		signal(signal) {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		},
		stop,
	};
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill(signal);
	// A paused (SIGSTOPped) server acts on SIGTERM only once continued.
	if (signal !== 'SIGKILL') child.kill('SIGCONT');
	const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
	await exited;
	clearTimeout(timer);
}

function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * A user limited to `rules`, the way a real cluster has one: a ServiceAccount
 * bound to a ClusterRole, with a token from the TokenRequest API. Adds the
 * user and a context named `name` to the kubeconfig file; resolves once RBAC
 * grants the user its first rule. Adding a user again replaces it, like the
 * sandbox: new rules, a new token, and the old token stops working.
 */
export async function addClusterUser(admin: KubeConfig, kubeconfigPath: string, name: string, rules: PolicyRule[]): Promise<string> {
	const roleName = `driftwatch-user-${name}`;
	const accountPath = `/api/v1/namespaces/${userNamespace}/serviceaccounts`;
	const rbacPath = '/apis/rbac.authorization.k8s.io/v1';
	const post = (path: string, body: unknown) => requestJson<any>(admin, path, {method: 'POST', body: JSON.stringify(body)});
	const config = parseYaml(await readFile(kubeconfigPath, 'utf8')) as KubeconfigFile;
	const oldToken = config.users.find(user => user.name === name)?.user['token'];

	// A new ServiceAccount has a new uid, which invalidates every token of the old one.
	for (const path of [`${accountPath}/${name}`, `${rbacPath}/clusterroles/${roleName}`, `${rbacPath}/clusterrolebindings/${roleName}`]) {
		await requestJson(admin, path, {method: 'DELETE'}).catch((error: unknown) => {
			if (!(error instanceof ApiHttpError && error.code === 404)) throw error;
		});
	}
	await post(accountPath, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name}});
	await post(`${rbacPath}/clusterroles`, {
		apiVersion: 'rbac.authorization.k8s.io/v1',
		kind: 'ClusterRole',
		metadata: {name: roleName},
		rules,
	});
	await post(`${rbacPath}/clusterrolebindings`, {
		apiVersion: 'rbac.authorization.k8s.io/v1',
		kind: 'ClusterRoleBinding',
		metadata: {name: roleName},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName},
		subjects: [{kind: 'ServiceAccount', name, namespace: userNamespace}],
	});
	const tokenRequest = await post(`${accountPath}/${name}/token`, {
		apiVersion: 'authentication.k8s.io/v1',
		kind: 'TokenRequest',
		spec: {expirationSeconds: 24 * 3600},
	});
	const token = tokenRequest?.status?.token as string | undefined;
	if (!token) throw new Error(`the TokenRequest for ${name} returned no token`);

	const cluster = config.contexts.find(context => context.name === config['current-context'])?.context.cluster ?? config.clusters[0]?.name;
	config.users = [...config.users.filter(user => user.name !== name), {name, user: {token}}];
	config.contexts = [...config.contexts.filter(context => context.name !== name), {name, context: {cluster, user: name}}];
	await writeFile(kubeconfigPath, stringifyYaml(config), {mode: 0o600});

	const first = rules[0];
	if (first)
		await untilReview(withToken(admin, token), first, 'allowed', `RBAC never granted the new user ${name} ${JSON.stringify(first)}`);
	if (typeof oldToken === 'string')
		await untilReview(withToken(admin, oldToken), first, 'unauthenticated', `the old token of ${name} was still accepted`);
	return name;
}

type KubeconfigFile = {
	'current-context': string;
	clusters: Array<{name: string}>;
	users: Array<{name: string; user: Record<string, unknown>}>;
	contexts: Array<{name: string; context: {cluster: string | undefined; user: string}}>;
};

/** The admin's cluster (server and CA) with another bearer token. */
function withToken(admin: KubeConfig, token: string): KubeConfig {
	const cluster = admin.getCurrentCluster();
	if (!cluster) throw new Error('the admin kubeconfig has no current cluster');
	const kc = new KubeConfig();
	kc.loadFromOptions({
		clusters: [cluster],
		users: [{name: 'probe', token}],
		contexts: [{name: 'probe', cluster: cluster.name, user: 'probe'}],
		currentContext: 'probe',
	});
	return kc;
}

/**
 * The token authenticator and the RBAC authorizer learn of new accounts and
 * bindings through watches: poll an access review until they have.
 */
async function untilReview(
	asUser: KubeConfig,
	rule: PolicyRule | undefined,
	want: 'allowed' | 'unauthenticated',
	failure: string,
): Promise<void> {
	const attributes = rule
		? {verb: pick(rule.verbs, 'get'), group: pick(rule.apiGroups, ''), resource: pick(rule.resources, 'namespaces')}
		: {verb: 'get', group: '', resource: 'namespaces'};
	const review = {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {resourceAttributes: attributes}};
	const deadline = Date.now() + 15_000;
	for (;;) {
		let outcome: 'allowed' | 'denied' | 'unauthenticated' | 'error';
		try {
			const answer = await requestJson<any>(asUser, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
				method: 'POST',
				body: JSON.stringify(review),
			});
			outcome = answer?.status?.allowed ? 'allowed' : 'denied';
		} catch (error) {
			outcome = error instanceof ApiHttpError && error.code === 401 ? 'unauthenticated' : 'error';
		}
		if (outcome === want) return;
		if (Date.now() > deadline) throw new Error(`${failure} (last review: ${outcome})`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

function pick(values: string[], wildcard: string): string {
	const value = values[0] ?? wildcard;
	return value === '*' ? wildcard : (value.split('/')[0] ?? wildcard);
}
