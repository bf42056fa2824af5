// The demo apps whose desired state is in the demo's Git repository: Argo CD
// Applications, a Flux Kustomization and native apps, each live exactly as Git
// says at the revision its tool deployed, applied as that tool, then drifted
// by hand where the story wants it.

import {NATIVE_TRACKING_LABEL} from '../core/diff/normalize.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {argoDemoApp, objectKey, type ArgoDemoApp} from './argo-app-set.js';
import type {ArgoAppOptions} from './argo-objects.js';
import {fluxTracking} from './flux-conditions.js';
import {kustomizationObject} from './flux-apps.js';
import {gitRepositoryObject, gitRevision} from './flux-sources.js';
import {appPath, cartDeployment, commitAgo, treesAt, type CommitId, type GitAppName} from './git-history.js';
import type {DemoGitRepo} from './git-repo.js';
import {manifestOf, mergePatched} from './gitops-apply.js';
import {tracked, type ObjectTree} from './tree.js';
import {commitSha, minute} from './values.js';

/** Where the apps' Git lives: the demo's real repository, or (none) a made-up URL and stable fake SHAs. */
export type DemoGitSource = {url: string; sha(id: CommitId): string};

export function gitSourceOf(repo?: DemoGitRepo): DemoGitSource {
	if (repo) return {url: repo.dir, sha: id => repo.sha(id)};
	return {url: 'https://github.com/acme/gitops-demo.git', sha: id => commitSha(`gitops-demo#${id}`)};
}

const head: CommitId = 'notes-1.8.0';
export const nativeNamespace = 'demo-native';
export const nativeDemoApps: readonly GitAppName[] = ['notes', 'wiki'];
const handEditor = 'kubectl-edit';

/** A change made by hand after the tool applied: the patch, and the live tree when more than the root changes. */
type Edit = {patch: unknown; live?: ObjectTree};

/** The tree as `fieldManager` applied it from Git, then edited by hand if `edit` says so. */
function appliedFromGit(tree: ObjectTree, fieldManager: string, edit?: Edit): ObjectTree {
	const body = manifestOf(tree.root);
	if (!edit) return {...tree, applied: {fieldManager, body}};
	const live = edit.live ?? {...tree, root: mergePatched(tree.root, edit.patch)};
	return {...live, applied: {fieldManager, body, edits: [{fieldManager: handEditor, patch: edit.patch}]}};
}

type ArgoGitApp = {
	app: GitAppName;
	options: Omit<ArgoAppOptions, 'name' | 'repoURL' | 'path' | 'targetRevision' | 'revision' | 'deployments'>;
	/** status.sync.revision: the commit Argo CD compared the cluster with. */
	comparedAt: CommitId;
	/** Successful syncs, oldest first; the newest is what runs. */
	deployed: CommitId[];
	/** Hand edits by `Kind/name`. */
	edits?: Record<string, Edit>;
};

/** Deployed a few minutes after the commit landed. */
function deployedAgo(id: CommitId): number {
	return commitAgo(id) - 6 * minute;
}

const same = (left: KubeObject, right: KubeObject) => JSON.stringify(manifestOf(left)) === JSON.stringify(manifestOf(right));

/** An Argo CD app whose status.resources and sync say what differs between the compared commit and what runs. */
function argoGitApp(source: DemoGitSource, spec: ArgoGitApp): ArgoDemoApp {
	const manager = 'argocd-controller';
	const desired = new Map(treesAt(spec.app, spec.comparedAt).map(tree => [objectKey(tree.root), tree]));
	const running = treesAt(spec.app, spec.deployed.at(-1)!);
	const live = running.map(tree => appliedFromGit(tree, manager, spec.edits?.[objectKey(tree.root)]));
	const runningKeys = new Set(running.map(tree => objectKey(tree.root)));
	const missing = [...desired.values()].filter(tree => !runningKeys.has(objectKey(tree.root)));
	const pruned = running.filter(tree => !desired.has(objectKey(tree.root))).map(tree => objectKey(tree.root));
	const drifted = running
		.filter(
			tree =>
				desired.has(objectKey(tree.root)) &&
				(spec.edits?.[objectKey(tree.root)] || !same(tree.root, desired.get(objectKey(tree.root))!.root)),
		)
		.map(tree => objectKey(tree.root));
	const inSync = missing.length === 0 && pruned.length === 0 && drifted.length === 0;
	return argoDemoApp(
		{
			name: spec.app,
			sync: inSync ? 'Synced' : 'OutOfSync',
			...spec.options,
			repoURL: source.url,
			path: appPath(spec.app),
			targetRevision: 'main',
			revision: source.sha(spec.comparedAt),
			deployments: spec.deployed.map(id => ({revision: source.sha(id), agoMs: deployedAgo(id)})),
		},
		live,
		{missing, drifted, pruned},
	);
}

export function gitArgoApps(source: DemoGitSource): ArgoDemoApp[] {
	const shop = {project: 'shop', destinationNamespace: 'shop'};
	return [
		argoGitApp(source, {app: 'storefront', options: shop, comparedAt: head, deployed: ['shop', 'checkout-3.2.0']}),
		// The release that broke checkout; Argo CD has not looked at Git since, so main is ahead.
		argoGitApp(source, {app: 'checkout', options: shop, comparedAt: 'checkout-3.2.0', deployed: ['shop', 'checkout-3.2.0']}),
		// Auto-sync is off for this team, and someone fixed things by hand in the cluster.
		argoGitApp(source, {
			app: 'cart',
			options: {...shop, autoSync: false},
			comparedAt: 'search-synonyms',
			deployed: ['shop'],
			edits: {
				'Deployment/cart': {patch: {spec: {replicas: 4}}, live: cartDeployment(4)},
				'ConfigMap/cart-config': {patch: {data: {CART_TTL: '48h'}}},
				'Secret/cart-redis': {patch: {data: {REDIS_PASSWORD: Buffer.from('rotated-by-hand-0417').toString('base64')}}},
			},
		}),
		// The sync to the new commit failed: its new ConfigMap is missing, the one it dropped is still there.
		argoGitApp(source, {
			app: 'search',
			options: {
				...shop,
				operation: {
					phase: 'Error',
					message: 'one or more synchronization tasks are not valid (retried 5 times).',
					startedAgoMs: commitAgo('search-synonyms') - 4 * minute,
				},
			},
			comparedAt: 'search-synonyms',
			deployed: ['shop'],
		}),
	];
}

const fluxGitRepositoryName = 'gitops-demo';

/** The GitRepository of the demo repository, with the artifact of its HEAD. */
export function gitFluxSources(source: DemoGitSource): KubeObject[] {
	return [gitRepositoryObject({name: fluxGitRepositoryName, url: source.url, commit: source.sha(head)})];
}

/** guestbook: a Flux Kustomization of the demo repository, applied at HEAD and in sync. */
export function gitFluxApps(source: DemoGitSource): Array<{object: KubeObject; trees: ObjectTree[]}> {
	const name = 'guestbook';
	const namespace = 'flux-system';
	const trees = tracked(
		treesAt(name, head).map(tree => appliedFromGit(tree, 'kustomize-controller')),
		() => fluxTracking('Kustomization', name, namespace),
	);
	const object = kustomizationObject({
		name,
		namespace,
		sourceRef: {kind: 'GitRepository', name: fluxGitRepositoryName},
		path: `./${appPath(name)}`,
		appliedRevision: gitRevision('main', source.sha(head)),
		inventory: trees.map(tree => tree.root),
	});
	return [{object, trees}];
}

/**
 * Live objects of the native apps, as driftwatch applied them from the 'platform' commit: wiki matches Git,
 * notes does not (main has moved to notes 1.8.0 since).
 */
export function nativeDemoTrees(): ObjectTree[] {
	return nativeDemoApps.flatMap(app =>
		tracked(
			treesAt(app, 'platform').map(tree => appliedFromGit(tree, 'driftwatch')),
			() => ({labels: {[NATIVE_TRACKING_LABEL]: app}}),
		),
	);
}
