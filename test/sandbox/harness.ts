// A sandbox per test file, and raw HTTPS calls to it that trust its CA, so
// tests see exactly what the server sends (status, headers, body).
import {mkdtemp, rm} from 'node:fs/promises';
import https from 'node:https';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {parse as parseYaml} from 'yaml';
import {startSandbox, type Sandbox} from '../../source/sandbox/sandbox.js';

export type Reply = {status: number; headers: Record<string, string | string[] | undefined>; text: string; body: any};

export type CallOptions = {
	body?: unknown;
	/** Sent as is when a string or Buffer; JSON otherwise. */
	contentType?: string;
	/** Who calls: a user name from the kubeconfig, a raw token, or null for no Authorization header. */
	user?: string | null;
	token?: string;
};

export type WatchStream = {
	events: Array<{type: string; object: any}>;
	ended: Promise<void>;
	status: number;
	close(): void;
};

export type Harness = {
	sandbox: Sandbox;
	kubeconfigPath: string;
	/** A client-node KubeConfig on the given context (admin by default). */
	kubeConfig(context?: string): KubeConfig;
	/** Rewrite the kubeconfig file (after addUser). */
	refreshKubeconfig(): Promise<void>;
	call(method: string, path: string, options?: CallOptions): Promise<Reply>;
	/** Create a CRD and wait until it is Established (a moment after the create, as on a real server); the create's reply. */
	installCrd(crd: {metadata: {name: string}; spec: object}): Promise<Reply>;
	watch(path: string, options?: {user?: string}): Promise<WatchStream>;
	close(): Promise<void>;
};

export async function startHarness(): Promise<Harness> {
	const sandbox = await startSandbox({port: 0});
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-sandbox-test-'));
	const kubeconfigPath = join(dir, 'kubeconfig');
	await sandbox.writeKubeconfig(kubeconfigPath);

	const tokenOf = (user: string): string => {
		const config = parseYaml(sandbox.kubeconfig()) as {users: Array<{name: string; user: {token: string}}>};
		const found = config.users.find(entry => entry.name === user);
		if (!found) throw new Error(`no user ${user} in the sandbox kubeconfig`);
		return found.user.token;
	};
	const headersFor = (options: CallOptions): Record<string, string> => {
		const token = options.token ?? (options.user === null ? undefined : tokenOf(options.user ?? 'admin'));
		return token === undefined ? {} : {authorization: `Bearer ${token}`};
	};

	const call = (method: string, path: string, options: CallOptions = {}) =>
		new Promise<Reply>((resolve, reject) => {
			const body = options.body;
			const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
			const headers: Record<string, string | number> = {accept: 'application/json', ...headersFor(options)};
			if (payload !== undefined) {
				headers['content-type'] = options.contentType ?? 'application/json';
				headers['content-length'] = Buffer.byteLength(payload);
			}
			const request = https.request(`${sandbox.url}${path}`, {method, headers, ca: sandbox.caPem}, response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let body: unknown;
					try {
						body = text ? JSON.parse(text) : undefined;
					} catch {
						body = undefined;
					}
					resolve({status: response.statusCode ?? 0, headers: response.headers, text, body});
				});
			});
			request.on('error', reject);
			if (payload !== undefined) request.write(payload);
			request.end();
		});

	const watch = (path: string, options: {user?: string} = {}) =>
		new Promise<WatchStream>((resolve, reject) => {
			const request = https.request(
				`${sandbox.url}${path}`,
				{headers: headersFor({user: options.user ?? 'admin'}), ca: sandbox.caPem},
				response => {
					const events: WatchStream['events'] = [];
					let buffered = '';
					const ended = new Promise<void>(done => {
						response.on('close', () => done());
						response.on('error', () => done());
					});
					response.on('data', (chunk: Buffer) => {
						buffered += chunk.toString('utf8');
						let newline = buffered.indexOf('\n');
						while (newline >= 0) {
							const line = buffered.slice(0, newline).trim();
							buffered = buffered.slice(newline + 1);
							if (line) events.push(JSON.parse(line));
							newline = buffered.indexOf('\n');
						}
					});
					resolve({events, ended, status: response.statusCode ?? 0, close: () => request.destroy()});
				},
			);
			request.on('error', error => {
				// Destroying our own request ends the stream; only connection failures are errors.
				if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
			});
			request.end();
		});

	return {
		sandbox,
		kubeconfigPath,
		kubeConfig(context) {
			const kc = new KubeConfig();
			kc.loadFromFile(kubeconfigPath);
			if (context) kc.setCurrentContext(context);
			return kc;
		},
		refreshKubeconfig: () => sandbox.writeKubeconfig(kubeconfigPath),
		call,
		async installCrd(crd) {
			const created = await call('POST', crdPath, {body: crd});
			if (created.status !== 201) throw new Error(`creating CRD ${crd.metadata.name} answered ${created.status}: ${created.text}`);
			await eventually(
				async () => {
					const current = await call('GET', `${crdPath}/${crd.metadata.name}`);
					return (current.body?.status?.conditions ?? []).some(
						(condition: {type: string; status: string}) => condition.type === 'Established' && condition.status === 'True',
					);
				},
				5000,
				`CRD ${crd.metadata.name} to be Established`,
			);
			// Then its watch cache starts: lists answer 429 "storage is (re)initializing" for a moment.
			const {group, names, versions} = crd.spec as {group: string; names: {plural: string}; versions: Array<{name: string}>};
			const list = `/apis/${group}/${versions[0]!.name}/${names.plural}`;
			await eventually(async () => (await call('GET', list)).status === 200, 5000, `${names.plural}.${group} to list`);
			return created;
		},
		watch,
		async close() {
			await sandbox.close();
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** A namespaced CRD with a status subresource: widgets.example.com, kind Widget, v1. */
export const widgetCrd = {
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: 'widgets.example.com'},
	spec: {
		group: 'example.com',
		scope: 'Namespaced',
		names: {plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd']},
		versions: [
			{
				name: 'v1',
				served: true,
				storage: true,
				subresources: {status: {}},
				schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}},
			},
		],
	},
};

/** A cluster-scoped CRD without a status subresource: gadgets.example.com, kind Gadget, v1alpha1. */
export const gadgetCrd = {
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: 'gadgets.example.com'},
	spec: {
		group: 'example.com',
		scope: 'Cluster',
		names: {plural: 'gadgets', singular: 'gadget', kind: 'Gadget'},
		versions: [
			{
				name: 'v1alpha1',
				served: true,
				storage: true,
				schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}},
			},
		],
	},
};

export const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
export const widgetsPath = (namespace = 'default') => `/apis/example.com/v1/namespaces/${namespace}/widgets`;

export function widget(name: string, spec: Record<string, unknown> = {size: 1}, labels?: Record<string, string>) {
	return {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name, ...(labels ? {labels} : {})}, spec};
}

/** Resolves with the first truthy value of `check`, polling; fails after `timeoutMs`. */
export async function eventually<T>(
	check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	timeoutMs = 5000,
	what = 'condition',
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}
