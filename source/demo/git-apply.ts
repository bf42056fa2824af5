// What the simulated controllers do when they sync: read the manifests of a path at a commit from a repository on
// this machine (the demo's own; remote repositories are never contacted) and server-side apply them as the tool,
// with its tracking marks, so the cluster then holds what Git says and the drift a diff showed is gone.

import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {parseAllDocuments} from 'yaml';
import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {defaultNamespace} from '../core/render/cluster-scoped.js';
import {applyObject, deleteObject, isHttpError, patchStatus, refOf} from './rest.js';
import {deploymentStatus, type Tracking} from './workloads.js';
import {withMarks} from './tree.js';

/** The directory of a repository on this machine, or null for a remote URL. */
export function localRepository(url: string): string | null {
	if (url.startsWith('file://')) return url.slice('file://'.length);
	return url.startsWith('/') ? url : null;
}

/**
 * What manifestsAt says of a path it does not render: one holding a kustomization (it reads plain manifests only),
 * or a commit the repository lacks.
 */
export const notRendered = Symbol('not rendered here');

/** The objects of `path` at `commit` in a local repository, as the tool renders plain manifests. */
export async function manifestsAt(
	dir: string,
	commit: string,
	path: string,
	gitEnv: Record<string, string>,
): Promise<KubeObject[] | typeof notRendered> {
	const git = (args: string[]) =>
		promisify(execFile)('git', ['-C', dir, ...args], {env: gitEnv, maxBuffer: 64 * 1024 * 1024}).then(result => result.stdout);
	// A revision the repository lacks (a made-up one) has nothing to apply: the caller leaves the cluster as it is.
	const known = await git(['cat-file', '-e', `${commit}^{commit}`]).then(
		() => true,
		() => false,
	);
	if (!known) return notRendered;
	const prefix = path.replace(/^\.\/?/, '').replace(/\/$/, '');
	const files = (await git(['ls-tree', '-r', '--name-only', commit, '--', prefix === '' ? '.' : prefix]))
		.split('\n')
		.filter(file => /\.ya?ml$/.test(file));
	if (files.some(file => /(^|\/)kustomization\.ya?ml$/i.test(file))) return notRendered;
	const objects: KubeObject[] = [];
	for (const file of files) {
		for (const document of parseAllDocuments(await git(['show', `${commit}:${file}`]))) {
			const object = document.toJS() as KubeObject | null;
			if (object?.kind) objects.push(object);
		}
	}
	return objects;
}

type GitSync = {
	kc: KubeConfigLike;
	url: string;
	commit: string;
	path: string;
	gitEnv: Record<string, string>;
	/** The tool's field manager and the marks it puts on what it applies. */
	fieldManager: string;
	tracking: (object: KubeObject) => Tracking;
	/** Where namespaced objects that name no namespace go (the app's destination). */
	namespace?: string | undefined;
	/** Only these objects (`Kind/name`), for a partial sync. */
	only?: ReadonlySet<string>;
	/** Objects the tool never applies (Argo CD's hook Skip); still returned. */
	skip?: (object: KubeObject) => boolean;
	/** Objects the tool tracks that Git may no longer have: those are deleted (pruning). */
	prune?: readonly KubeObject[];
};

/** Applies Git's objects and returns them; null when the repository is not on this machine (nothing is applied). */
export async function syncFromGit(sync: GitSync): Promise<KubeObject[] | null> {
	const dir = localRepository(sync.url);
	if (dir === null || !/^[0-9a-f]{40,64}$/.test(sync.commit)) return null;
	const found = await manifestsAt(dir, sync.commit, sync.path, sync.gitEnv);
	// A kustomization (kafka's, infra-staging's broken ones) is not built here, nor a commit Git lacks: the cluster is left as it is.
	if (found === notRendered) return null;
	const objects = defaultNamespace(found, sync.namespace);
	const key = (object: KubeObject) => `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
	for (const object of objects) {
		if (sync.only && !sync.only.has(`${object.kind}/${object.metadata?.name}`)) continue;
		if (sync.skip?.(object)) continue;
		await rolledOut(sync.kc, await applyObject(sync.kc, withMarks(object, sync.tracking(object)), sync.fieldManager));
	}
	const wanted = new Set(objects.map(key));
	for (const object of sync.prune ?? []) {
		if (wanted.has(key(object))) continue;
		await deleteObject(sync.kc, refOf(object)).catch(error => {
			if (!isHttpError(error, 404)) throw error;
		});
	}
	return objects;
}

/** The object as it is after the apply; a Deployment whose pod template changed is rolled out, as its controller would. */
async function rolledOut(kc: KubeConfigLike, live: KubeObject): Promise<KubeObject> {
	if (live.kind !== 'Deployment' || live.metadata?.generation === live.status?.observedGeneration) return live;
	const replicas: number = live.spec?.replicas ?? 1;
	return patchStatus(
		kc,
		refOf(live),
		{
			...deploymentStatus(replicas, replicas, 'available', `${live.metadata?.name}-rollout`),
			observedGeneration: live.metadata?.generation ?? 1,
			unavailableReplicas: null,
		},
		'kube-controller-manager',
	);
}
