// Objects with owned children (Deployment → ReplicaSet → Pods). Children need
// the owner's uid for their ownerReferences, which only exists once the owner
// is created, so a tree creates its root first and then builds the children.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import {mapLimited} from '../core/util/concurrency.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {applyTree, type AppliedBy} from './gitops-apply.js';
import {createWithStatus, ensureObject, patchStatus, refOf} from './rest.js';
import type {Tracking} from './workloads.js';

export type ObjectTree = {
	root: KubeObject;
	/** Children built once the root's uid is known. */
	children?: (owner: OwnerReference) => ObjectTree[];
	/** Put there by a GitOps tool (server-side apply of what Git says) rather than created; `root` is the result. */
	applied?: AppliedBy;
};

export type OwnerReference = {
	apiVersion: string;
	kind: string;
	name: string;
	uid: string;
	controller: boolean;
	blockOwnerDeletion: boolean;
};

export function leaf(root: KubeObject): ObjectTree {
	return {root};
}

function ownerOf(object: KubeObject): OwnerReference {
	return {
		apiVersion: object.apiVersion ?? 'v1',
		kind: object.kind ?? '',
		name: object.metadata?.name ?? '',
		uid: object.metadata?.uid ?? '',
		controller: true,
		blockOwnerDeletion: true,
	};
}

/** Parallel requests while seeding: enough to be quick, few enough not to swamp a small server. */
const parallelRequests = 8;

/** Create every tree (roots in parallel, then their children), each object with its status. */
export async function createTrees(kc: KubeConfigLike, trees: readonly ObjectTree[]): Promise<void> {
	await mapLimited(trees, parallelRequests, async tree => {
		const created = tree.applied ? await applyTree(kc, tree.root, tree.applied) : await createOrUpdate(kc, tree.root);
		const children = tree.children?.(ownerOf({...tree.root, metadata: {...tree.root.metadata, uid: created.metadata?.uid}}));
		if (children && children.length > 0) await createTrees(kc, children);
	});
}

/** Seeding twice (a restarted sandbox with data kept) must not fail: existing objects get the status again. */
async function createOrUpdate(kc: KubeConfigLike, object: KubeObject): Promise<KubeObject> {
	try {
		return await createWithStatus(kc, object);
	} catch (error) {
		const existing = await ensureObject(kc, object).catch(() => {
			throw error;
		});
		// A finished Job's times are immutable on a real server: it keeps the status it finished with.
		if (object.kind === 'Job' && existing.status?.completionTime) return existing;
		if (object.status !== undefined) return patchStatus(kc, refOf(object), object.status);
		return existing;
	}
}

export function withMarks(object: KubeObject, marks: Tracking): KubeObject {
	const metadata = object.metadata ?? {};
	return {
		...object,
		metadata: {
			...metadata,
			labels: {...metadata.labels, ...marks.labels},
			annotations: {...metadata.annotations, ...marks.annotations},
		},
	};
}

/** Put a GitOps tool's tracking labels/annotations on each root (what the tool applied). */
export function tracked(trees: readonly ObjectTree[], tracking: (root: KubeObject) => Tracking): ObjectTree[] {
	return trees.map(tree => {
		const marks = tracking(tree.root);
		return {
			...tree,
			root: withMarks(tree.root, marks),
			...(tree.applied ? {applied: {...tree.applied, body: withMarks(tree.applied.body, marks)}} : {}),
		};
	});
}
