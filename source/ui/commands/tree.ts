// Tree mode: `t` in the detail shows the open app as a tree of its resources and what they own; arrows and Enter
// open and close nodes, j/k move (moving.ts), `t` or Esc go back to the detail.
import {foldTree, freshTreeView} from '../state/tree-nav.js';
import {withInfo, type UiState} from '../state/ui-state.js';
import {char, named} from './keys.js';
import type {Command} from './types.js';

function openTree(state: UiState): UiState {
	if (!state.detail) return withInfo(state, 'open an app first (Enter on the list)');
	// Back to the same app's tree where it was; another app's starts at its worst node.
	const tree = state.tree?.appId === state.detail.id ? state.tree : freshTreeView(state.detail.id);
	return {...state, screen: 'tree', tree};
}

export const openTreeCommand: Command = {
	id: 'tree',
	description: 'Resource tree: the app and the objects it owns',
	modes: ['detail'],
	keys: [char('t')],
	hint: 'tree',
	palette: {name: 'tree'},
	run: openTree,
};

export const treeCommands: readonly Command[] = [
	{
		id: 'tree-fold',
		description: 'Open or close the selected node',
		modes: ['tree'],
		keys: [named('return'), char(' ')],
		hint: 'fold',
		run: (state, env) => foldTree(state, env),
	},
	{
		id: 'tree-open',
		description: 'Open the selected node',
		modes: ['tree'],
		keys: [named('right')],
		hintPriority: 2,
		run: (state, env) => foldTree(state, env, true),
	},
	{
		id: 'tree-close',
		description: 'Close the selected node, or go to its parent',
		modes: ['tree'],
		keys: [named('left')],
		hintPriority: 2,
		run: (state, env) => foldTree(state, env, false),
	},
	{
		id: 'close-tree',
		description: 'Back to the detail',
		modes: ['tree'],
		keys: [char('t'), named('escape'), char('q')],
		hint: 'detail',
		hintPriority: 0,
		run: state => ({...state, screen: 'detail'}),
	},
];
