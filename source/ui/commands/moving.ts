// Moving in every mode that scrolls: j/k and paging move the list cursor, or scroll the detail, help, diff and
// dialog text; each mode's own module says how.
import {modeOf, type UiState} from '../state/ui-state.js';
import {moveConfirm} from './confirm.js';
import {scrollDetail} from './detail.js';
import {moveDiff} from './diff.js';
import {scrollHelp} from './help.js';
import {scrollFeed} from './feeds.js';
import {char, ctrl, named} from './keys.js';
import {moveCursor} from './list.js';
import {moveTree} from '../state/tree-nav.js';
import {scrollLogs} from './logs.js';
import {scrollModes, type Command, type CommandEnv} from './types.js';

/** Move the list cursor, or scroll the detail/help/diff/dialog text, by `delta` rows. */
function move(state: UiState, env: CommandEnv, delta: number): UiState {
	switch (modeOf(state)) {
		case 'diff':
		case 'confirm-diff': {
			return moveDiff(state, env, delta);
		}

		case 'confirm': {
			return moveConfirm(state, env, delta);
		}

		case 'detail': {
			return scrollDetail(state, env, delta);
		}

		case 'help': {
			return scrollHelp(state, env, delta);
		}

		case 'tree': {
			return moveTree(state, env, delta);
		}

		case 'logs': {
			return scrollLogs(state, env, delta);
		}

		case 'events':
		case 'timeline':
		case 'sources': {
			return scrollFeed(state, env, delta);
		}

		default: {
			return moveCursor(state, env, delta);
		}
	}
}

const far = Number.MAX_SAFE_INTEGER / 2;

function page(state: UiState, env: CommandEnv): number {
	if (modeOf(state) === 'logs') return Math.max(1, env.logs?.rows ?? 1);
	return Math.max(1, modeOf(state) === 'list' || modeOf(state) === 'filter' ? env.listRows : env.scrollRows);
}

export const movingCommands: readonly Command[] = [
	{
		id: 'move-down',
		description: 'Move down / scroll down',
		modes: [...scrollModes, 'filter'],
		keys: [char('j'), named('down')],
		hint: 'down',
		hintPriority: 2,
		run: (state, env) => move(state, env, 1),
	},
	{
		id: 'move-up',
		description: 'Move up / scroll up',
		modes: [...scrollModes, 'filter'],
		keys: [char('k'), named('up')],
		hint: 'up',
		hintPriority: 2,
		run: (state, env) => move(state, env, -1),
	},
	{
		id: 'page-down',
		description: 'Page down',
		modes: [...scrollModes, 'filter'],
		keys: [named('pageDown'), ctrl('d'), ctrl('f')],
		run: (state, env) => move(state, env, page(state, env)),
	},
	{
		id: 'page-up',
		description: 'Page up',
		modes: [...scrollModes, 'filter'],
		keys: [named('pageUp'), ctrl('u'), ctrl('b')],
		run: (state, env) => move(state, env, -page(state, env)),
	},
	{
		id: 'top',
		description: 'Go to the top',
		modes: scrollModes,
		keys: [char('g'), named('home')],
		run: (state, env) => move(state, env, -far),
	},
	{
		id: 'bottom',
		description: 'Go to the bottom',
		modes: scrollModes,
		keys: [char('G'), named('end')],
		run: (state, env) => move(state, env, far),
	},
];
