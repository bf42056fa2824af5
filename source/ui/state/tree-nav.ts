// The resource tree screen's navigation: which rows show (the worst node's path open by default, then what the user
// opened or closed), where the cursor is, and the selected node as a cluster object for the views that act on it.
import {defaultOpen, type NodeRef, type ResourceTree, type TreeRow, visibleRows} from '../../core/tree/resource-tree.js';
import type {AppSummary} from '../../core/apps/model.js';
import type {TreeState} from '../../core/tree/tree-follower.js';
import {clamp, windowTop, type TreeView, type UiState} from './ui-state.js';

/** What the tree commands read: the followed tree and its rows for a view (built once per tree and toggles). */
export type TreeScreenModel = {
	state: TreeState;
	rows: (view: TreeView) => readonly TreeRow[];
};

export function freshTreeView(appId: string): TreeView {
	return {appId, selectedKey: null, index: 0, toggled: {}, top: 0};
}

/**
 * Nodes open by default while a tree is followed: the worst node's path of every version of the tree seen so far.
 * A path opened once stays open (a recovering pod must not fold its branch under the user's eyes); a node that
 * turns worst later gets its path opened.
 */
export function withDefaultOpen(open: ReadonlySet<string>, tree: ResourceTree | null): ReadonlySet<string> {
	if (!tree) return open;
	const added = [...defaultOpen(tree)].filter(key => !open.has(key));
	return added.length === 0 ? open : new Set([...open, ...added]);
}

/** Rows of a tree, memoised on the last toggles: keys only move a cursor over them. */
export function treeRowsOf(tree: ResourceTree | null, open: ReadonlySet<string>): (view: TreeView) => readonly TreeRow[] {
	let last: {toggled: TreeView['toggled']; rows: readonly TreeRow[]} | null = null;
	return view => {
		if (!tree) return [];
		if (last?.toggled === view.toggled) return last.rows;
		const rows = visibleRows(tree, key => view.toggled[key] ?? open.has(key));
		last = {toggled: view.toggled, rows};
		return rows;
	};
}

/** Index of the selected row: the selected node, else (first look) the worst node, else the remembered row. */
export function selectedIndex(rows: readonly TreeRow[], view: TreeView, tree: ResourceTree | null): number {
	if (rows.length === 0) return 0;
	const key = view.selectedKey ?? tree?.worstPath.at(-1) ?? null;
	if (key !== null) {
		const index = rows.findIndex(row => row.node.key === key);
		if (index >= 0) return index;
	}
	return clamp(view.index, 0, rows.length - 1);
}

/**
 * The node under the tree's cursor as a cluster object {group, version, kind, namespace, name}: what events, logs
 * and copy act on. The app itself when the cursor is on the root; null without a tree open, or on a grouping line
 * (folded ReplicaSets, a forbidden branch).
 */
export function selectedTreeNode(state: UiState, env: {tree?: TreeScreenModel | null}): NodeRef | null {
	if (state.screen !== 'tree' || !state.tree || !env.tree) return null;
	const rows = env.tree.rows(state.tree);
	return rows[selectedIndex(rows, state.tree, env.tree.state.tree)]?.node.ref ?? null;
}

/** Whether the node is the app object itself (the tree's root): acting on it means acting on the whole app. */
export function isAppNode(node: NodeRef, app: Pick<AppSummary, 'kind' | 'namespace' | 'name'>): boolean {
	return node.kind === app.kind && node.name === app.name && node.namespace === app.namespace;
}

type TreeEnv = {tree?: TreeScreenModel | null; scrollRows: number};

function place(state: UiState, env: TreeEnv, view: TreeView, rows: readonly TreeRow[], index: number): UiState {
	const target = clamp(index, 0, rows.length - 1);
	const top = windowTop(view.top, target, env.scrollRows, rows.length);
	return {...state, tree: {...view, selectedKey: rows[target]?.node.key ?? null, index: target, top}};
}

/** Move the tree's cursor by `delta` rows (paging, g and G included). */
export function moveTree(state: UiState, env: TreeEnv, delta: number): UiState {
	const view = state.tree;
	if (!view || !env.tree) return state;
	const rows = env.tree.rows(view);
	if (rows.length === 0) return state;
	return place(state, env, view, rows, selectedIndex(rows, view, env.tree.state.tree) + delta);
}

/**
 * Open or close the selected node (`open` undefined: toggle). Closing a node that is closed (or has nothing to open)
 * goes to its parent, as in a file tree.
 */
export function foldTree(state: UiState, env: TreeEnv, open?: boolean): UiState {
	const view = state.tree;
	if (!view || !env.tree) return state;
	const rows = env.tree.rows(view);
	const index = selectedIndex(rows, view, env.tree.state.tree);
	const row = rows[index];
	if (!row) return state;
	const hasChildren = row.node.children.length > 0;
	const wanted = open ?? !row.open;
	if (!wanted && !row.open) {
		// Already closed: to the parent, the nearest row above that is one level up.
		for (let above = index - 1; above >= 0; above--) if (rows[above]!.depth === row.depth - 1) return place(state, env, view, rows, above);
		return state;
	}
	if (!hasChildren || wanted === row.open) return place(state, env, view, rows, index);
	const toggled = {...view.toggled, [row.node.key]: wanted};
	const next: TreeView = {...view, toggled, selectedKey: row.node.key};
	return place(state, env, next, env.tree.rows(next), index);
}
