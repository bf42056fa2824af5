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
	/** Milliseconds from spawn to the ready file. */
	startupMs: number;
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
	try {
		return await startOnce(binary);
	} catch (error) {
		// Free ports are picked before the server binds; another process may win the race once.
		if (error instanceof StartError && /address already in use/.test(error.log)) return startOnce(binary);
		throw error;
	}
}

class StartError extends Error {
	constructor(message: string, readonly log: string) {
		super(`${message}\n--- control-plane log (last lines) ---\n${tail(log)}`);
	}
}

async function startOnce(binary: string): Promise<ControlPlane> {
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-cluster-'));
	const logPath = join(dir, 'control-plane.log');
	const logFd = openSync(logPath, 'a');
	const started = Date.now();
	// stdin is a pipe we never write: if this process dies, the server sees EOF and stops.
	const child = spawn(binary, ['--dir', dir, '--stop-on-stdin-eof'], {stdio: ['pipe', logFd, logFd]});
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
	const readLog = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');

	const stop = async () => {
		await stopChild(child, exited);
		await rm(dir, {recursive: true, force: true});
	};

	const readyPath = join(dir, 'ready');
	const deadline = started + readyTimeoutMs;
	let exitCode: number | null | undefined;
	void exited.then(code => {
		exitCode = code;
	});
	while (!existsSync(readyPath)) {
		if (exitCode !== undefined) {
			const log = readLog();
			await rm(dir, {recursive: true, force: true});
			throw new StartError(`the control plane exited (code ${exitCode}) before it was ready`, log);
		}
		if (Date.now() > deadline) {
			const log = readLog();
			await stop();
			throw new StartError(`the control plane was not ready within ${readyTimeoutMs / 1000}s`, log);
		}
		// Poll interval while waiting for the ready file; the loop ends on the condition.
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return {dir, kubeconfigPath: join(dir, 'kubeconfig'), startupMs: Date.now() - started, stop};
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
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
	await post(`${rbacPath}/clusterroles`, {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name: roleName}, rules});
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
	if (first) await untilReview(withToken(admin, token), first, 'allowed', `RBAC never granted the new user ${name} ${JSON.stringify(first)}`);
	if (typeof oldToken === 'string') await untilReview(withToken(admin, oldToken), first, 'unauthenticated', `the old token of ${name} was still accepted`);
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
async function untilReview(asUser: KubeConfig, rule: PolicyRule | undefined, want: 'allowed' | 'unauthenticated', failure: string): Promise<void> {
	const attributes = rule
		? {verb: pick(rule.verbs, 'get'), group: pick(rule.apiGroups, ''), resource: pick(rule.resources, 'namespaces')}
		: {verb: 'get', group: '', resource: 'namespaces'};
	const review = {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {resourceAttributes: attributes}};
	const deadline = Date.now() + 15_000;
	for (;;) {
		let outcome: 'allowed' | 'denied' | 'unauthenticated' | 'error';
		try {
			const answer = await requestJson<any>(asUser, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {method: 'POST', body: JSON.stringify(review)});
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
	return value === '*' ? wildcard : value.split('/')[0] ?? wildcard;
}
