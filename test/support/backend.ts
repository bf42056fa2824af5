import assert from 'node:assert/strict';
import type {TestContext} from 'node:test';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {startSandbox, type PolicyRule, type Sandbox} from '../../source/sandbox/sandbox.js';
import {addClusterUser, startControlPlane} from '../control-plane/cluster.js';

export type BackendName = 'sandbox' | 'cluster';

/**
 * The API server integration tests run against: the embedded sandbox, or —
 * with DRIFTWATCH_TEST_BACKEND=cluster (`npm run test:cluster`) — a real
 * kube-apiserver built from test/control-plane/. Tests use only what both can
 * do; fault injection is sandbox-only and asked for explicitly through
 * `sandbox`, which is null on the real server.
 */
export type TestBackend = {
	name: BackendName;
	/** Kubeconfig with the admin context current and the viewer context. */
	kubeconfigPath: string;
	adminContext: string;
	viewerContext: string;
	/** A client for setting up objects, on the admin context unless told otherwise. */
	kubeConfig(context?: string): KubeConfig;
	/** Add a user limited to the given rules; returns its context name (in kubeconfigPath). */
	addUser(name: string, rules: PolicyRule[]): Promise<string>;
	/** Fault injection and request log: only the sandbox has them; null on a real server. */
	sandbox: Sandbox | null;
	/**
	 * Stop the server, keeping its data: gracefully, or with `crash` at once
	 * (the real server: SIGTERM or SIGKILL; the sandbox drops every connection
	 * either way).
	 */
	stopServer(options?: {crash?: boolean}): Promise<void>;
	/**
	 * Start it again on the same port, CA and kubeconfig; with `freshData` on an
	 * empty store (what the server makes itself, under a new resourceVersion
	 * history). Users from addUser survive on the sandbox only: on the real
	 * server they live in etcd.
	 */
	startServer(options?: {freshData?: boolean}): Promise<void>;
	restart(options?: {crash?: boolean; freshData?: boolean}): Promise<void>;
	/** Hang: connections stay open, nothing answers (the real server: SIGSTOP). */
	pause(): void;
	resume(): void;
	close(): Promise<void>;
};

/** Which backend this run uses (DRIFTWATCH_TEST_BACKEND, default sandbox); anything else is an error, not a silent default. */
export function backendName(): BackendName {
	const wanted = process.env['DRIFTWATCH_TEST_BACKEND'] ?? 'sandbox';
	if (wanted === 'sandbox' || wanted === 'cluster') return wanted;
	throw new Error(`DRIFTWATCH_TEST_BACKEND must be "sandbox" or "cluster", not "${wanted}"`);
}

/**
 * The sandbox's fault injection and request log, or null on the real kube-apiserver (which has neither).
 * Which one is the run's choice (DRIFTWATCH_TEST_BACKEND): a sandbox backend without them is a broken
 * setup and fails here, rather than quietly skipping every test that needs them.
 */
export function faultsOf(backend: TestBackend): Sandbox | null {
	if (backend.name === 'cluster') return null;
	assert.ok(backend.sandbox, 'the sandbox backend has its fault injection and request log');
	return backend.sandbox;
}

/** The sandbox's fault injection, or — on the real kube-apiserver only — skip the test saying `why`. */
export function sandboxOrSkip(t: TestContext, backend: TestBackend, why: string): Sandbox | null {
	const sandbox = faultsOf(backend);
	if (!sandbox) t.skip(why);
	return sandbox;
}

/** The run's backend, or the one named (startBackends makes every server but the first a sandbox). */
export async function startBackend(name: BackendName = backendName()): Promise<TestBackend> {
	return name === 'cluster' ? startClusterBackend() : startSandboxBackend();
}

function kubeConfigFrom(kubeconfigPath: string, context?: string): KubeConfig {
	const kc = new KubeConfig();
	kc.loadFromFile(kubeconfigPath);
	if (context) kc.setCurrentContext(context);
	return kc;
}

async function startSandboxBackend(): Promise<TestBackend> {
	const sandbox = await startSandbox({port: 0});
	const dir = mkdtempSync(join(tmpdir(), 'driftwatch-test-'));
	const kubeconfigPath = join(dir, 'kubeconfig');
	await sandbox.writeKubeconfig(kubeconfigPath);
	return {
		name: 'sandbox',
		kubeconfigPath,
		adminContext: 'sandbox',
		viewerContext: 'sandbox-viewer',
		kubeConfig: context => kubeConfigFrom(kubeconfigPath, context),
		async addUser(name, rules) {
			sandbox.addUser(name, rules);
			await sandbox.writeKubeconfig(kubeconfigPath);
			return name;
		},
		sandbox,
		stopServer: async () => sandbox.stop(),
		startServer: async options => sandbox.start(options),
		async restart(options) {
			await sandbox.stop();
			await sandbox.start(options);
		},
		pause: () => sandbox.pause(),
		resume: () => sandbox.resume(),
		async close() {
			await sandbox.close();
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** A real kube-apiserver per test file, in a fresh directory; fails loudly if it cannot be built or started. */
async function startClusterBackend(): Promise<TestBackend> {
	const plane = await startControlPlane();
	const {kubeconfigPath} = plane;
	return {
		name: 'cluster',
		kubeconfigPath,
		adminContext: 'admin',
		viewerContext: 'viewer',
		kubeConfig: context => kubeConfigFrom(kubeconfigPath, context),
		addUser: async (name, rules) => addClusterUser(kubeConfigFrom(kubeconfigPath, 'admin'), kubeconfigPath, name, rules),
		sandbox: null,
		stopServer: async options => plane.stopServer(options),
		startServer: async options => plane.startServer(options),
		restart: async options => plane.restart(options),
		pause: () => plane.pause(),
		resume: () => plane.resume(),
		close: async () => plane.stop(),
	};
}
