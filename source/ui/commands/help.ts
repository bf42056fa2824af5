// Help mode: `?` opens the generated list of keys and commands; it scrolls like any text screen.
import {clamp, type UiState} from '../state/ui-state.js';
import {char, named} from './keys.js';
import type {Command, CommandEnv} from './types.js';

export function scrollHelp(state: UiState, env: CommandEnv, delta: number): UiState {
	const max = Math.max(0, env.helpLineCount - env.scrollRows);
	return {...state, helpScroll: clamp(state.helpScroll + delta, 0, max)};
}

export const openHelpCommand: Command = {
	id: 'help',
	description: 'Show keys and commands',
	modes: ['list', 'detail', 'tree', 'diff', 'events', 'timeline', 'logs'],
	keys: [char('?')],
	hint: 'help',
	hintPriority: 0,
	palette: {name: 'help', aliases: ['h']},
	run: state => ({...state, input: null, help: true, helpScroll: 0}),
};

export const closeHelpCommand: Command = {
	id: 'close-help',
	description: 'Close help',
	modes: ['help'],
	keys: [named('escape'), char('q'), char('?')],
	hint: 'close',
	run: state => ({...state, help: false}),
};
