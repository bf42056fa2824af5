// The tree as text and as JSON, for `driftwatch tree APP`: every node (folded old ReplicaSets as their one line),
// branches drawn as `flux tree` draws them.
import type {ResourceTree, TreeNode, TreeRow} from './resource-tree.js';
import {visibleRows} from './resource-tree.js';

/** Branch pieces: Unicode box drawing, or ASCII for terminals and locales without it. */
export function branchPieces(ascii: boolean): {tee: string; last: string; pipe: string; blank: string} {
	return ascii ? {tee: '|-- ', last: '`-- ', pipe: '|   ', blank: '    '} : {tee: '├── ', last: '└── ', pipe: '│   ', blank: '    '};
}

/** What goes before a row's name: one piece per ancestor level, then this node's own branch. */
export function rowPrefix(row: TreeRow, ascii: boolean): string {
	if (row.depth === 0) return '';
	const pieces = branchPieces(ascii);
	let prefix = '';
	for (let level = 0; level < row.lastAt.length - 1; level++) prefix += row.lastAt[level] ? pieces.blank : pieces.pipe;
	return prefix + (row.lastAt.at(-1) ? pieces.last : pieces.tee);
}

/** KIND/NAMESPACE/NAME of an object node (KIND/NAME when cluster-scoped), else its label. */
export function nodeName(node: TreeNode): string {
	if (!node.ref) return node.label;
	return node.ref.namespace === '' ? `${node.ref.kind}/${node.ref.name}` : `${node.ref.kind}/${node.ref.namespace}/${node.ref.name}`;
}

/** The short state of a node: its problem, else health and message, else nothing (a kind without health). */
export function nodeStatus(node: TreeNode): string {
	if (node.problem !== null) return node.problem;
	if (node.health === null) return node.sync === 'OutOfSync' ? 'OutOfSync' : '';
	const sync = node.sync === 'OutOfSync' ? ' OutOfSync' : '';
	return node.health.message === '' ? `${node.health.status}${sync}` : `${node.health.status}${sync}  ${node.health.message}`;
}

export function treeText(tree: ResourceTree, options: {ascii: boolean}): string[] {
	// Everything open but the folded old ReplicaSets, which say how many they are.
	const rows = visibleRows(tree, key => !key.endsWith('#old-replicasets'));
	return rows.map(row => {
		const status = nodeStatus(row.node);
		return `${rowPrefix(row, options.ascii)}${nodeName(row.node)}${status === '' ? '' : `  ${status}`}`;
	});
}

export type TreeNodeJson = {
	group: string;
	version: string;
	kind: string;
	namespace: string;
	name: string;
	/** A grouping line's text ('2 old ReplicaSets (0 replicas)', 'Pods'); '' for objects. */
	label: string;
	health: string | null;
	message: string;
	sync: string;
	/** Why it (or its children) cannot be read, or null. */
	problem: string | null;
	children: TreeNodeJson[];
};

export function treeJson(tree: ResourceTree): TreeNodeJson {
	const convert = (node: TreeNode): TreeNodeJson => ({
		group: node.ref?.group ?? '',
		version: node.ref?.version ?? '',
		kind: node.ref?.kind ?? '',
		namespace: node.ref?.namespace ?? '',
		name: node.ref?.name ?? '',
		label: node.label,
		health: node.health?.status ?? null,
		message: node.health?.message ?? '',
		sync: node.sync,
		problem: node.problem,
		children: node.children.map(convert),
	});
	return convert(tree.root);
}
