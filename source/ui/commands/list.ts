// List mode: the app list, its `/` filter line, sorting, and quitting.
import {nextSort, parseSortKey, sortKeysFor, sortLabels} from '../state/selectors.js';
import {cursorIndex, placeCursor, withError, withInfo, type UiState} from '../state/ui-state.js';
import {char, ctrl, named} from './keys.js';
import {allModes, type Command, type CommandEnv} from './types.js';

/** Move the list cursor by `delta` rows. */
export function moveCursor(state: UiState, env: CommandEnv, delta: number): UiState {
	const visible = env.visible(state);
	return placeCursor(state, visible, cursorIndex(state, visible) + delta, env.listRows);
}

function openDetail(state: UiState, env: CommandEnv): UiState {
	const visible = env.visible(state);
	const app = visible[cursorIndex(state, visible)];
	if (!app) return withInfo(state, 'no app selected');
	return {...state, screen: 'detail', detail: {id: app.id, app, scroll: 0, selected: null}};
}

function fetchGit(state: UiState, env: CommandEnv): UiState {
	env.monitor.refreshGit();
	return withInfo(state, 'fetching Git now; drift updates when it lands');
}

/** Several contexts are watched at once (the list has a CONTEXT column). */
export function severalContexts(env: CommandEnv): boolean {
	return (env.snapshot.watched?.length ?? 0) > 1;
}

function sortBy(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	if (args.length === 0) return {...state, sort: nextSort(state.sort, severalContexts(env))};
	const key = parseSortKey(args[0]!);
	const keys = sortKeysFor(severalContexts(env));
	if (!key || !keys.includes(key)) return withError(state, `unknown sort "${args[0]}" (${keys.map(k => sortLabels[k]).join(', ')})`);
	return {...state, sort: key};
}

function quit(state: UiState, env: CommandEnv): UiState {
	env.quit();
	return state;
}

/** Typing a filter starts from the first match, like any incremental search. */
export function typeFilter(state: UiState, text: string): UiState {
	return {...state, input: {kind: 'filter', text}, cursor: {id: null, index: 0}, listTop: 0};
}

export const openDetailCommand: Command = {
	id: 'open-detail',
	description: 'Open the selected app',
	modes: ['list'],
	keys: [named('return')],
	hint: 'open',
	run: openDetail,
};

export const fetchGitCommand: Command = {
	id: 'fetch-git',
	description: 'Fetch Git now (drift is recomputed when it lands)',
	modes: ['list', 'detail', 'diff'],
	keys: [char('f')],
	palette: {name: 'fetch'},
	run: fetchGit,
};

export const listCommands: readonly Command[] = [
	{
		id: 'filter',
		description: 'Filter: name, namespace, kind, context, status (AND)',
		modes: ['list'],
		keys: [char('/')],
		hint: 'filter',
		run: state => ({...state, input: {kind: 'filter', text: state.filter}}),
	},
	{
		id: 'clear-filter',
		description: 'Clear the filter (then :into, then :ctx)',
		modes: ['list'],
		keys: [named('escape')],
		hint: 'clear filter',
		when: state => state.filter !== '' || state.into !== null || (state.contextOnly ?? null) !== null,
		run: state => ({
			...state,
			...(state.filter !== '' ? {filter: ''} : state.into !== null ? {into: null} : {contextOnly: null}),
			cursor: {...state.cursor, index: 0},
			listTop: 0,
		}),
	},
	{
		id: 'sort',
		description: 'Cycle sort: name, health, sync, last change',
		modes: ['list'],
		keys: [char('s')],
		hint: 'sort',
		palette: {
			name: 'sort',
			args: '[name|health|sync|change]',
			complete: env => sortKeysFor(severalContexts(env)).map(k => k.toLowerCase()),
		},
		run: sortBy,
	},
];

export const quitCommands: readonly Command[] = [
	{
		id: 'quit',
		description: 'Quit',
		modes: ['list'],
		keys: [char('q')],
		hint: 'quit',
		hintPriority: 0,
		palette: {name: 'q', aliases: ['quit', 'exit']},
		run: quit,
	},
	{
		id: 'force-quit',
		description: 'Quit from anywhere',
		modes: allModes,
		keys: [ctrl('c')],
		run: quit,
	},
];

/** The `/` line: Enter keeps what was typed, Esc drops the filter. */
export const filterLineCommands: readonly Command[] = [
	{
		id: 'filter-accept',
		description: 'Keep the filter',
		modes: ['filter'],
		keys: [named('return')],
		hint: 'keep',
		run: state => ({...state, filter: state.input?.text.trim() ?? state.filter, input: null}),
	},
	{
		id: 'filter-cancel',
		description: 'Clear the filter',
		modes: ['filter'],
		keys: [named('escape')],
		hint: 'clear',
		run: state => ({...state, filter: '', input: null}),
	},
];
