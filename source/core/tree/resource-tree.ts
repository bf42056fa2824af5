// An app as a tree: its managed resources (Argo CD status.resources, Flux inventory, the native tracking label) and
// the objects they own through metadata.ownerReferences, to any depth (Deployment → ReplicaSet → Pod, CronJob →
// Job → Pod, StatefulSet/DaemonSet/Job → Pod, an Argo Rollout → ReplicaSet → Pod…). Pure: built from plain data,
// so a 500-resource app rebuilds in one pass over its objects.
import type {LogPod} from '../kube/pod-containers.js';
import type {ManagedResource, ResourceHealth} from '../apps/detail.js';
import {healthSeverity} from '../apps/model.js';

/** What a tree node is in the cluster: the selected node other views (events, logs) act on. */
export type NodeRef = {
	/** '' for the core group. */
	group: string;
	/** '' where the controller did not say (Argo CD status.resources may omit it for core kinds). */
	version: string;
	kind: string;
	/** '' for cluster-scoped objects. */
	namespace: string;
	name: string;
};

export type TreeNode = {
	/** Unique in the tree and stable across updates: the expansion state and the selection follow it. */
	key: string;
	/** The object this node is; null for a grouping line (folded old ReplicaSets, a forbidden branch). */
	ref: NodeRef | null;
	/** What a grouping line says ('3 old ReplicaSets'); '' for object nodes. */
	label: string;
	health: ResourceHealth | null;
	/** The controller's per-resource sync ('Synced', 'OutOfSync'), '' where it says none. */
	sync: string;
	/** Why this node or its children cannot be read ('forbidden: …'), or null. */
	problem: string | null;
	children: TreeNode[];
};

export type ResourceTree = {
	root: TreeNode;
	/** Object nodes in the tree (the app included), folded ones too. */
	count: number;
	/** Keys from the root to the worst node, the worst one last; only the root when everything is fine. */
	worstPath: string[];
};

/** An owned object as the shared watches keep it: only what the tree needs. */
export type OwnedObject = {
	ref: NodeRef;
	uid: string;
	owners: ReadonlyArray<{group: string; kind: string; name: string; uid: string}>;
	health: ResourceHealth | null;
	/** ReplicaSet: spec.replicas and status.replicas both 0 (an old revision kept for rollback); folded. */
	scaledToZero: boolean;
	/** A Pod's containers and state, as the log view lists them (its pod picker follows the same watch). */
	pod?: LogPod;
};

export type TreeInput = {
	app: {ref: NodeRef; health: ResourceHealth | null; sync: string};
	managed: readonly ManagedResource[];
	owned: Iterable<OwnedObject>;
	/** Why objects of `kind` in `namespace` cannot be read (forbidden, not served), or null when they can. */
	unreadable: (group: string, kind: string, namespace: string) => string | null;
};

/** Which kinds an owner's children are, for saying so when they cannot be read. */
const childKinds: Readonly<Record<string, ReadonlyArray<{group: string; kind: string; plural: string}>>> = {
	'apps/Deployment': [{group: 'apps', kind: 'ReplicaSet', plural: 'ReplicaSets'}],
	'apps/ReplicaSet': [{group: '', kind: 'Pod', plural: 'Pods'}],
	'apps/StatefulSet': [{group: '', kind: 'Pod', plural: 'Pods'}],
	'apps/DaemonSet': [{group: '', kind: 'Pod', plural: 'Pods'}],
	'batch/Job': [{group: '', kind: 'Pod', plural: 'Pods'}],
	'batch/CronJob': [{group: 'batch', kind: 'Job', plural: 'Jobs'}],
};

export function refKey(ref: Pick<NodeRef, 'group' | 'kind' | 'namespace' | 'name'>): string {
	return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** Severity for choosing the worst node: a problem counts as Unknown, a kind without health below Healthy. */
export function nodeSeverity(node: TreeNode): number {
	if (node.problem !== null) return healthSeverity.Unknown;
	return node.health === null ? -1 : healthSeverity[node.health.status];
}

export function buildResourceTree(input: TreeInput): ResourceTree {
	const byOwner = new Map<string, OwnedObject[]>();
	const byKey = new Map<string, OwnedObject>();
	for (const object of input.owned) {
		byKey.set(refKey(object.ref), object);
		for (const owner of object.owners) {
			const key = refKey({group: owner.group, kind: owner.kind, namespace: object.ref.namespace, name: owner.name});
			const list = byOwner.get(key);
			if (list) list.push(object);
			else byOwner.set(key, [object]);
		}
	}
	let count = 1;
	const placed = new Set<string>();

	const childrenOf = (ref: NodeRef, uid: string | null): TreeNode[] => {
		const key = refKey(ref);
		const owned = (byOwner.get(key) ?? []).filter(child => {
			if (placed.has(refKey(child.ref))) return false;
			// Known owner uid: a child of an earlier object of the same name (deleted and created again) is not this one's.
			return uid === null || child.owners.some(owner => owner.uid === '' || owner.uid === uid);
		});
		owned.sort(byKindThenName);
		const nodes: TreeNode[] = [];
		const folded: TreeNode[] = [];
		for (const child of owned) {
			const childKey = refKey(child.ref);
			placed.add(childKey);
			count++;
			const node: TreeNode = {
				key: childKey,
				ref: child.ref,
				label: '',
				health: child.health,
				sync: '',
				problem: null,
				children: childrenOf(child.ref, child.uid),
			};
			if (child.scaledToZero && child.ref.kind === 'ReplicaSet') folded.push(node);
			else nodes.push(node);
		}
		if (folded.length > 0) {
			nodes.push({
				key: `${key}#old-replicasets`,
				ref: null,
				label: `${folded.length} old ReplicaSet${folded.length === 1 ? '' : 's'} (0 replicas)`,
				health: null,
				sync: '',
				problem: null,
				children: folded,
			});
		}
		for (const expected of childKinds[`${ref.group}/${ref.kind}`] ?? []) {
			const why = ref.namespace === '' ? null : input.unreadable(expected.group, expected.kind, ref.namespace);
			if (why === null) continue;
			nodes.push({key: `${key}#${expected.kind}`, ref: null, label: expected.plural, health: null, sync: '', problem: why, children: []});
		}
		return nodes;
	};

	const managed = [...input.managed].sort(byKindThenName);
	const top: TreeNode[] = [];
	for (const resource of managed) {
		const ref: NodeRef = {
			group: resource.group,
			version: resource.version,
			kind: resource.kind,
			namespace: resource.namespace,
			name: resource.name,
		};
		const key = refKey(ref);
		if (placed.has(key)) continue;
		placed.add(key);
		count++;
		// Watched kinds (ReplicaSet, Pod, Job) have their live health here, fresher than the detail's.
		const live = byKey.get(key);
		const why = live ? null : resource.namespace === '' ? null : input.unreadable(resource.group, resource.kind, resource.namespace);
		top.push({
			key,
			ref,
			label: '',
			health: live?.health ?? resource.health,
			sync: resource.sync,
			problem: why,
			children: childrenOf(ref, live?.uid ?? null),
		});
	}
	const root: TreeNode = {
		key: refKey(input.app.ref),
		ref: input.app.ref,
		label: '',
		health: input.app.health,
		sync: input.app.sync,
		problem: null,
		children: top,
	};
	return {root, count, worstPath: worstPath(root)};
}

function byKindThenName(a: {kind?: string; name?: string; ref?: NodeRef}, b: {kind?: string; name?: string; ref?: NodeRef}): number {
	const left = a.ref ?? (a as NodeRef);
	const right = b.ref ?? (b as NodeRef);
	if (left.kind !== right.kind) return left.kind < right.kind ? -1 : 1;
	if (left.namespace !== right.namespace) return left.namespace < right.namespace ? -1 : 1;
	return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

/**
 * The path to the worst node below the root: the first of the worst severity, then as deep as that severity goes
 * beneath it (the app's own health is the sum of these).
 */
function worstPath(root: TreeNode): string[] {
	let best: {severity: number; path: string[]} = {severity: healthSeverity.Healthy, path: [root.key]};
	const visit = (node: TreeNode, path: string[]) => {
		for (const child of node.children) {
			const here = [...path, child.key];
			const severity = nodeSeverity(child);
			// As bad as the worst so far and below it: the cause (the crash-looping pod under its Degraded StatefulSet).
			const below = best.path.length < here.length && here[best.path.length - 1] === best.path.at(-1);
			if (severity > best.severity || (below && severity === best.severity && severity > healthSeverity.Healthy)) {
				best = {severity, path: here};
			}
			visit(child, here);
		}
	};
	visit(root, [root.key]);
	return best.path;
}

/** Nodes open by default: the root and every node above the worst one, so the worst one is on screen. */
export function defaultOpen(tree: ResourceTree): ReadonlySet<string> {
	return new Set(tree.worstPath.slice(0, -1).concat(tree.root.key));
}

/** One line of the tree as shown: the node, how deep, and whether each ancestor level was the last child there. */
export type TreeRow = {
	node: TreeNode;
	depth: number;
	/** Per depth from 1: whether the node on the path at that depth is its parent's last child (draws │ or space). */
	lastAt: readonly boolean[];
	open: boolean;
};

/** The visible rows, depth first, entering only open nodes. Costs only what is shown. */
export function visibleRows(tree: ResourceTree, isOpen: (key: string) => boolean): TreeRow[] {
	const rows: TreeRow[] = [];
	const visit = (node: TreeNode, depth: number, lastAt: boolean[]) => {
		const open = node.children.length > 0 && isOpen(node.key);
		rows.push({node, depth, lastAt, open});
		if (!open) return;
		const last = node.children.length - 1;
		for (let index = 0; index <= last; index++) visit(node.children[index]!, depth + 1, [...lastAt, index === last]);
	};
	visit(tree.root, 0, []);
	return rows;
}

/** Every node with its parent's key, for finding where a selected node went. */
export function findNode(tree: ResourceTree, key: string): TreeNode | null {
	const stack = [tree.root];
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.key === key) return node;
		stack.push(...node.children);
	}
	return null;
}

/** Keys from the root down to `key` (inclusive), or null when it is not in the tree. */
export function pathTo(tree: ResourceTree, key: string): string[] | null {
	const visit = (node: TreeNode, path: string[]): string[] | null => {
		const here = [...path, node.key];
		if (node.key === key) return here;
		for (const child of node.children) {
			const found = visit(child, here);
			if (found) return found;
		}
		return null;
	};
	return visit(tree.root, []);
}

/** Whether every node is fine: Healthy, Suspended or without health, and no branch unreadable. */
export function treeIsFine(tree: ResourceTree): boolean {
	const stack = [tree.root];
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.problem !== null) return false;
		if (node.health !== null && node.health.status !== 'Healthy' && node.health.status !== 'Suspended') return false;
		stack.push(...node.children);
	}
	return true;
}
