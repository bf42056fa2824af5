import {accessSync, existsSync, readFileSync} from 'node:fs';
import {isIPv6} from 'node:net';
import {delimiter, dirname, isAbsolute, join} from 'node:path';
import {parse} from 'yaml';
// Types only: the client library costs ~80 MiB of memory and ~0.3 s to load, and is loaded lazily only for the
// legacy `auth-provider` users it alone knows how to serve (see transport.ts).
import type {Cluster, Context, User} from '@kubernetes/client-node';
import {errorText} from '../util/error-text.js';

type KubeCluster = Cluster;
type KubeUser = User;
type KubeContext = Context;

/**
 * What driftwatch reads from a kubeconfig. Our KubeConfigFile and the client library's KubeConfig both
 * satisfy it, so tests may build either and pass it to core code.
 */
export interface KubeConfigLike {
	clusters: KubeCluster[];
	users: KubeUser[];
	contexts: KubeContext[];
	getContexts(): KubeContext[];
	getCurrentContext(): string;
	setCurrentContext(name: string): void;
	getContextObject(name: string): KubeContext | null;
	getCurrentCluster(): KubeCluster | null;
	getCurrentUser(): KubeUser | null;
}

/** A problem with the user's kubeconfig, phrased as the one line they will see. */
export class KubeConfigError extends Error {
	override name = 'KubeConfigError';
}

type KubeConfigEntries = {
	clusters: KubeCluster[];
	users: KubeUser[];
	contexts: KubeContext[];
	currentContext: string;
};

/** A kubeconfig held in memory: named clusters, users and contexts, and the context in use. */
export class KubeConfigFile implements KubeConfigLike {
	clusters: KubeCluster[];
	users: KubeUser[];
	contexts: KubeContext[];
	currentContext: string;

	constructor(entries: KubeConfigEntries = {clusters: [], users: [], contexts: [], currentContext: ''}) {
		this.clusters = entries.clusters;
		this.users = entries.users;
		this.contexts = entries.contexts;
		this.currentContext = entries.currentContext;
	}

	getContexts(): KubeContext[] {
		return this.contexts;
	}

	getCurrentContext(): string {
		return this.currentContext;
	}

	setCurrentContext(name: string): void {
		this.currentContext = name;
	}

	getContextObject(name: string): KubeContext | null {
		return this.contexts.find(context => context.name === name) ?? null;
	}

	getCurrentCluster(): KubeCluster | null {
		const context = this.getContextObject(this.currentContext);
		return context ? (this.clusters.find(cluster => cluster.name === context.cluster) ?? null) : null;
	}

	getCurrentUser(): KubeUser | null {
		const context = this.getContextObject(this.currentContext);
		return context ? (this.users.find(user => user.name === context.user) ?? null) : null;
	}
}

/**
 * Parse kubeconfig text. Relative file names in it (certificate-authority, client-certificate, client-key,
 * token-file) are resolved against `directory`, as kubectl resolves them against the file's own folder.
 * Throws on malformed YAML and on an entry without its required fields.
 */
export function parseKubeConfig(text: string, directory?: string): KubeConfigFile {
	const document: unknown = parse(text);
	// An empty file parses to null: no entries (the caller reports "no contexts").
	const root = isRecord(document) ? document : {};
	const path = (file: unknown): string | undefined => {
		if (typeof file !== 'string' || file === '') return undefined;
		return directory === undefined || isAbsolute(file) ? file : join(directory, file);
	};
	const clusters = list(root['clusters']).map((entry, index): KubeCluster => {
		const name = entryName(entry, `clusters[${index}]`);
		const cluster = requiredRecord(entry['cluster'], `clusters[${index}].cluster`);
		const server = requiredString(cluster['server'], `clusters[${index}].cluster.server`);
		return {
			name,
			server: server.replace(/\/$/, ''),
			caData: optionalString(cluster['certificate-authority-data']),
			caFile: path(cluster['certificate-authority']),
			skipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
			tlsServerName: optionalString(cluster['tls-server-name']),
			proxyUrl: optionalString(cluster['proxy-url']),
		};
	});
	const users = list(root['users']).map((entry, index): KubeUser => {
		const name = entryName(entry, `users[${index}]`);
		const user = isRecord(entry['user']) ? entry['user'] : {};
		const tokenFile = path(user['token-file']);
		return {
			name,
			certData: optionalString(user['client-certificate-data']),
			certFile: path(user['client-certificate']),
			keyData: optionalString(user['client-key-data']),
			keyFile: path(user['client-key']),
			// A token file is read once, when the kubeconfig is read (as kubectl does per invocation).
			token: optionalString(user['token']) ?? (tokenFile ? readTokenFile(tokenFile, `users[${index}]`) : undefined),
			username: optionalString(user['username']),
			password: optionalString(user['password']),
			impersonateUser: optionalString(user['as']),
			exec: user['exec'] ?? undefined,
			authProvider: user['auth-provider'] ?? undefined,
		};
	});
	const contexts = list(root['contexts']).map((entry, index): KubeContext => {
		const name = entryName(entry, `contexts[${index}]`);
		const context = requiredRecord(entry['context'], `contexts[${index}].context`);
		const cluster = requiredString(context['cluster'], `contexts[${index}].context.cluster`);
		return {name, cluster, user: optionalString(context['user']) as string, namespace: optionalString(context['namespace'])};
	});
	return new KubeConfigFile({clusters, users, contexts, currentContext: optionalString(root['current-context']) ?? ''});
}

/** Read one kubeconfig file; any problem is a KubeConfigError naming the file ("kubeconfig PATH: no such file"). */
export function readKubeConfigFile(file: string): KubeConfigFile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new KubeConfigError(`kubeconfig ${file}: ${fileProblem(error)}`);
	}
	try {
		return parseKubeConfig(text, dirname(file));
	} catch (error) {
		throw new KubeConfigError(`kubeconfig ${file}: ${errorText(error)}`);
	}
}

function readTokenFile(file: string, where: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`${where}.user.token-file ${file}: ${fileProblem(error)}`);
	}
}

/** What went wrong reading a file, in words rather than an errno code and a syscall. */
function fileProblem(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code === 'ENOENT') return 'no such file';
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	if (code === 'EISDIR') return 'is a directory, not a file';
	return errorText(error);
}

/**
 * Merge kubeconfigs as kubectl merges the KUBECONFIG list: the first file that names a cluster, user or
 * context wins for that name, and the first file that sets current-context wins.
 */
function mergeKubeConfigs(configs: KubeConfigFile[]): KubeConfigFile {
	const merged = new KubeConfigFile();
	const add = <T extends {name: string}>(into: T[], from: T[]) => {
		for (const entry of from) if (!into.some(existing => existing.name === entry.name)) into.push(entry);
	};
	for (const config of configs) {
		add(merged.clusters, config.clusters);
		add(merged.users, config.users);
		add(merged.contexts, config.contexts);
		if (!merged.currentContext) merged.currentContext = config.currentContext;
	}
	return merged;
}

const serviceAccountRoot = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Where kubectl looks without --kubeconfig: the files of KUBECONFIG (a path list, merged; as kubectl, a
 * listed file that does not exist is skipped), else ~/.kube/config, else the pod's service account when
 * running in a cluster. Where kubectl would then talk to an unauthenticated http://localhost:8080, this is a
 * KubeConfigError saying where it looked: a first run without a cluster must not read as a broken one.
 */
export function loadDefaultKubeConfig(environment: NodeJS.ProcessEnv = process.env): KubeConfigFile {
	const list = environment['KUBECONFIG'] ?? '';
	const files = list.split(delimiter).filter(file => file !== '');
	if (files.length > 0) {
		const present = files.filter(file => existsSync(file));
		if (present.length === 0) {
			const missing = files.length === 1 ? 'no such file' : 'none of these files exists';
			throw new KubeConfigError(`KUBECONFIG=${list}: ${missing} (unset it to use ~/.kube/config, or pass --kubeconfig PATH)`);
		}
		return mergeKubeConfigs(present.map(file => readKubeConfigFile(file)));
	}
	const home = homeDirectory(environment);
	const file = home ? join(home, '.kube', 'config') : undefined;
	if (file && existsSync(file)) return readKubeConfigFile(file);
	if (existsSync(`${serviceAccountRoot}/token`)) return inClusterConfig(environment);
	const looked = file
		? `KUBECONFIG is not set and ${file} does not exist`
		: 'KUBECONFIG is not set and there is no home directory for ~/.kube/config';
	throw new KubeConfigError(`no kubeconfig found: ${looked}; pass --kubeconfig PATH, or try "driftwatch demo" (no cluster needed)`);
}

function inClusterConfig(environment: NodeJS.ProcessEnv): KubeConfigFile {
	const host = environment['KUBERNETES_SERVICE_HOST'] ?? '';
	const port = environment['KUBERNETES_SERVICE_PORT'] ?? '';
	const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
	const namespaceFile = `${serviceAccountRoot}/namespace`;
	return new KubeConfigFile({
		clusters: [
			{
				name: 'inCluster',
				server: `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`,
				caFile: `${serviceAccountRoot}/ca.crt`,
				skipTLSVerify: false,
			},
		],
		// The service-account token is rotated on disk: the `tokenFile` provider re-reads it (client library).
		users: [{name: 'inClusterUser', authProvider: {name: 'tokenFile', config: {tokenFile: `${serviceAccountRoot}/token`}}}],
		contexts: [
			{
				name: 'inClusterContext',
				cluster: 'inCluster',
				user: 'inClusterUser',
				namespace: existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8') : undefined,
			},
		],
		currentContext: 'inClusterContext',
	});
}

function homeDirectory(environment: NodeJS.ProcessEnv): string | undefined {
	const candidates =
		process.platform === 'win32'
			? [
					environment['HOME'],
					environment['USERPROFILE'],
					environment['HOMEDRIVE'] && environment['HOMEPATH'] ? join(environment['HOMEDRIVE'], environment['HOMEPATH']) : undefined,
				]
			: [environment['HOME']];
	for (const candidate of candidates) {
		if (!candidate) continue;
		try {
			accessSync(candidate);
			return candidate;
		} catch {
			// Not there: try the next one.
		}
	}
	return undefined;
}

function entryName(entry: Record<string, unknown>, where: string): string {
	const name = entry['name'];
	if (typeof name !== 'string' || name === '') throw new Error(`${where}.name is missing`);
	return name;
}

function list(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? value.map(entry => (isRecord(entry) ? entry : {})) : [];
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A mapping the entry must have; `where` names it in the error (`clusters[0].cluster is missing`). */
function requiredRecord(value: unknown, where: string): Record<string, unknown> {
	if (!isRecord(value)) throw new Error(`${where} is missing`);
	return value;
}

/** A non-empty string the entry must have; `where` names it in the error. */
function requiredString(value: unknown, where: string): string {
	if (typeof value !== 'string' || value === '') throw new Error(`${where} is missing`);
	return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
