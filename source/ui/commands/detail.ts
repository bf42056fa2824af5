// Detail mode: one app's status, its drifted resources picked with ]/[ (the same keys jump resources in a diff).
import {clamp, windowTop, type UiState} from '../state/ui-state.js';
import {isDiffMode, jumpDiff} from './diff.js';
import {char, named} from './keys.js';
import {diffModes, type Command, type CommandEnv} from './types.js';

/** Detail screen: pick the next/previous drifted resource line and keep it on screen. */
function selectDrifted(state: UiState, env: CommandEnv, direction: 1 | -1): UiState {
	if (!state.detail) return state;
	const targets = env.detailTargets;
	const current = targets.findIndex(target => target.key === state.detail!.selected);
	const index = current < 0 ? (direction > 0 ? 0 : targets.length - 1) : clamp(current + direction, 0, targets.length - 1);
	const target = targets[index]!;
	const scroll = windowTop(state.detail.scroll, target.line, env.scrollRows, env.detailLineCount);
	return {...state, detail: {...state.detail, selected: target.key, scroll}};
}

/** In the detail, ]/[ pick among drifted resources: until the drift has some, the keys are not hinted and say why. */
function noDriftedResources(state: UiState, env: CommandEnv): string | null {
	return !isDiffMode(state) && env.detailTargets.length === 0 ? 'no drifted resources' : null;
}

function nextResource(state: UiState, env: CommandEnv, direction: 1 | -1): UiState {
	return isDiffMode(state) ? jumpDiff(state, env, 'resource', direction) : selectDrifted(state, env, direction);
}

/** Scroll the detail text by `delta` lines. */
export function scrollDetail(state: UiState, env: CommandEnv, delta: number): UiState {
	if (!state.detail) return state;
	const max = Math.max(0, env.detailLineCount - env.scrollRows);
	return {...state, detail: {...state.detail, scroll: clamp(state.detail.scroll + delta, 0, max)}};
}

export const resourceCommands: readonly Command[] = [
	{
		id: 'next-resource',
		description: 'Next drifted resource',
		modes: ['detail', ...diffModes],
		keys: [char(']')],
		hint: 'next res',
		disabledReason: noDriftedResources,
		run: (state, env) => nextResource(state, env, 1),
	},
	{
		id: 'previous-resource',
		description: 'Previous drifted resource',
		modes: ['detail', ...diffModes],
		keys: [char('[')],
		disabledReason: noDriftedResources,
		run: (state, env) => nextResource(state, env, -1),
	},
];

export const backToListCommand: Command = {
	id: 'back',
	description: 'Back to the list',
	modes: ['detail'],
	keys: [named('escape'), char('q')],
	hint: 'back',
	hintPriority: 0,
	run: state => ({...state, screen: 'list', detail: null, diff: null}),
};
