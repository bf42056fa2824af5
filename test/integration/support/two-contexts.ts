// Two test backends in one kubeconfig, as an engineer's kubeconfig holds several clusters: each backend's admin
// context renamed (its cluster and user too, so nothing is shared by name) and written into one file.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {startBackend, type TestBackend} from '../../support/backend.js';

type Named = {name: string; [key: string]: unknown};
type KubeconfigDocument = {clusters: Named[]; users: Named[]; contexts: {name: string; context: {cluster: string; user: string}}[]};

export type ContextEstate = {
	/** One kubeconfig with a context per backend, named as asked, the first current. */
	kubeconfigPath: string;
	backends: Record<string, TestBackend>;
	close(): Promise<void>;
};

/** Start one backend per name and write one kubeconfig with a context of that name for each (its admin context). */
export async function startContextEstate(names: readonly string[]): Promise<ContextEstate> {
	const started = await Promise.all(names.map(async () => startBackend()));
	const dir = mkdtempSync(join(tmpdir(), 'driftwatch-contexts-'));
	const kubeconfigPath = join(dir, 'kubeconfig');
	const merged: KubeconfigDocument & Record<string, unknown> = {apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: []};
	names.forEach((name, index) => {
		const backend = started[index]!;
		const document = parse(readFileSync(backend.kubeconfigPath, 'utf8')) as KubeconfigDocument;
		const context = document.contexts.find(candidate => candidate.name === backend.adminContext)!;
		const cluster = document.clusters.find(candidate => candidate.name === context.context.cluster)!;
		const user = document.users.find(candidate => candidate.name === context.context.user)!;
		merged.clusters.push({...cluster, name: `${name}-cluster`});
		merged.users.push({...user, name: `${name}-user`});
		merged.contexts.push({name, context: {cluster: `${name}-cluster`, user: `${name}-user`}});
	});
	merged['current-context'] = names[0];
	writeFileSync(kubeconfigPath, stringify(merged));
	return {
		kubeconfigPath,
		backends: Object.fromEntries(names.map((name, index) => [name, started[index]!])),
		async close() {
			await Promise.all(started.map(async backend => backend.close()));
			await rm(dir, {recursive: true, force: true});
		},
	};
}
