import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {startSandbox, type PolicyRule, type Sandbox} from '../../source/sandbox/sandbox.js';

/**
 * The API server integration tests run against. Today the embedded sandbox;
 * the same tests will also run against a real kube-apiserver (a second
 * backend), so tests use only what both can do — fault injection aside,
 * which is sandbox-only and asked for explicitly through `sandbox`.
 */
export type TestBackend = {
	name: 'sandbox';
	/** Kubeconfig with the admin context current and the viewer context. */
	kubeconfigPath: string;
	adminContext: string;
	viewerContext: string;
	/** A client for setting up objects, on the admin context unless told otherwise. */
	kubeConfig(context?: string): KubeConfig;
	/** Add a user limited to the given rules; returns its context name (in kubeconfigPath). */
	addUser(name: string, rules: PolicyRule[]): Promise<string>;
	/** Fault injection and request log: only the sandbox has them. */
	sandbox: Sandbox;
	close(): Promise<void>;
};

export async function startBackend(): Promise<TestBackend> {
	const sandbox = await startSandbox({port: 0});
	const dir = mkdtempSync(join(tmpdir(), 'driftwatch-test-'));
	const kubeconfigPath = join(dir, 'kubeconfig');
	await sandbox.writeKubeconfig(kubeconfigPath);
	const backend: TestBackend = {
		name: 'sandbox',
		kubeconfigPath,
		adminContext: 'sandbox',
		viewerContext: 'sandbox-viewer',
		kubeConfig(context?: string) {
			const kc = new KubeConfig();
			kc.loadFromFile(kubeconfigPath);
			if (context) kc.setCurrentContext(context);
			return kc;
		},
		async addUser(name, rules) {
			sandbox.addUser(name, rules);
			await sandbox.writeKubeconfig(kubeconfigPath);
			return name;
		},
		sandbox,
		async close() {
			await sandbox.close();
			await rm(dir, {recursive: true, force: true});
		},
	};
	return backend;
}
