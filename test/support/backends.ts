// Several API servers in one kubeconfig, a context each, for tests of driftwatch watching several contexts at once.
// The first is the run's backend (DRIFTWATCH_TEST_BACKEND: with `cluster` the real kube-apiserver of
// test/control-plane), the others embedded sandboxes: the real server's behaviour is in every multi-context run,
// and N real servers (≈1 GB of etcd and apiserver each) would not fit the machines the suite runs on.
import {mkdtempSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {combinedKubeconfigText} from '../../source/sandbox/kubeconfig.js';
import {backendName, startBackend, type TestBackend} from './backend.js';
import type {PolicyRule} from '../../source/sandbox/sandbox.js';

/** One server of the set, under its context. */
export type ContextBackend = {
	/** Its admin context in the set's kubeconfig (the name the test gave it). */
	context: string;
	/** Its read-only context: CONTEXT-viewer. */
	viewerContext: string;
	backend: TestBackend;
	/** Its server URL; the same after stop() and start(). */
	url: string;
};

export type TestBackends = {
	/** One kubeconfig naming every server: CONTEXT and CONTEXT-viewer for each; the first's context is current. */
	kubeconfigPath: string;
	/** The admin contexts, in the order given. */
	contexts: string[];
	members: ContextBackend[];
	member(context: string): ContextBackend;
	/** A client on `context` (an admin or viewer context of the set, or one addUser made). */
	kubeConfig(context: string): KubeConfig;
	/** A user of `context`'s server limited to `rules`; its context, CONTEXT-NAME, is added to the kubeconfig. */
	addUser(context: string, name: string, rules: PolicyRule[]): Promise<string>;
	/**
	 * Take `context`'s server down, keeping its data, certificates and tokens: connections to it are refused
	 * until start(). `crash`: at once (the real server: SIGKILL; the sandbox drops every connection either way).
	 */
	stop(context: string, options?: {crash?: boolean}): Promise<void>;
	/** Bring it back on the same address (port), with the same data: its clients reconnect by themselves. */
	start(context: string): Promise<void>;
	close(): Promise<void>;
};

/** Start a server per name (the first the run's backend, the rest sandboxes) and write one kubeconfig naming them. */
export async function startBackends(names: readonly string[]): Promise<TestBackends> {
	if (names.length === 0 || new Set(names).size !== names.length)
		throw new Error(`startBackends wants distinct names, not ${names.join(', ')}`);
	const started = await Promise.allSettled(names.map((_, index) => startBackend(index === 0 ? backendName() : 'sandbox')));
	const backends = started.flatMap(result => (result.status === 'fulfilled' ? [result.value] : []));
	const failed = started.find(result => result.status === 'rejected');
	if (failed) {
		await Promise.all(backends.map(backend => backend.close()));
		throw failed.reason;
	}
	const dir = mkdtempSync(join(tmpdir(), 'driftwatch-backends-'));
	const kubeconfigPath = join(dir, 'kubeconfig');
	const members: ContextBackend[] = names.map((context, index) => {
		const backend = backends[index]!;
		const url = backend.kubeConfig().getCurrentCluster()?.server ?? '';
		return {context, viewerContext: `${context}-viewer`, backend, url};
	});
	// From each server's own kubeconfig, which addUser extends.
	const writeKubeconfig = async () => {
		const parts = await Promise.all(
			members.map(async member => ({name: member.context, kubeconfig: await readFile(member.backend.kubeconfigPath, 'utf8')})),
		);
		await writeFile(kubeconfigPath, combinedKubeconfigText(parts), {mode: 0o600});
	};
	try {
		await writeKubeconfig();
	} catch (error) {
		await Promise.all(backends.map(backend => backend.close()));
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
	const member = (context: string) => {
		const found = members.find(candidate => candidate.context === context);
		if (!found) throw new Error(`no backend with context "${context}" (have ${names.join(', ')})`);
		return found;
	};
	return {
		kubeconfigPath,
		contexts: [...names],
		members,
		member,
		kubeConfig(context) {
			const kc = new KubeConfig();
			kc.loadFromFile(kubeconfigPath);
			kc.setCurrentContext(context);
			return kc;
		},
		async addUser(context, name, rules) {
			const user = await member(context).backend.addUser(name, rules);
			await writeKubeconfig();
			return `${context}-${user}`;
		},
		stop: async (context, options) => member(context).backend.stopServer(options),
		start: async context => member(context).backend.startServer(),
		async close() {
			await Promise.all(backends.map(backend => backend.close()));
			await rm(dir, {recursive: true, force: true});
		},
	};
}
