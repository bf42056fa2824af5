// Palette mode: the `:` command line, and the commands only it reaches (:ctx, :ns, :into).
// Runs and completes through the table's palette lookups (table.ts imports this module, never the reverse at load).
import {destinationsOf, namespacesOf} from '../state/selectors.js';
import {withError, withInfo, type UiState} from '../state/ui-state.js';
import {char, named} from './keys.js';
import {completePaletteLine, paletteWord, runPaletteLine} from './table.js';
import type {Command, CommandEnv} from './types.js';

function setContext(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	if (!name) return withError(state, 'usage: :ctx NAME');
	const known = env.snapshot.contexts;
	if (known.length > 0 && !known.includes(name)) {
		return withError(state, `unknown context "${name}" (known: ${known.join(', ')})`);
	}

	env.monitor.setContext(name);
	return {...withInfo(state, `context ${name}`), screen: 'list', detail: null, diff: null};
}

const allNamespaceWords = new Set(['all', '*', '-A', '--all']);

/** `:ns`: which app objects are listed (the watch scope; a user who may list one namespace only needs it). */
function setNamespace(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	const [ns, into] = [paletteWord('namespace'), paletteWord('deploys-into')];
	if (!name) return withError(state, `usage: ${ns} NAME|all (app objects in NAME); ${into} NAME|all (apps deploying into NAME)`);
	const namespace = allNamespaceWords.has(name) ? null : name;
	env.monitor.setNamespace(namespace);
	const text =
		namespace === null
			? 'ns all: app objects in every namespace'
			: `ns ${namespace}: apps whose object is in ${namespace} (${into} ${namespace}: apps that deploy into it)`;
	return withInfo(state, text);
}

/** `:into`: only apps that deploy into a namespace (what runs there), over the apps listed. */
function setInto(state: UiState, _env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	if (!name) {
		return withError(
			state,
			`usage: ${paletteWord('deploys-into')} NAME|all (apps deploying into NAME); ${paletteWord('namespace')} NAME|all (app objects in NAME)`,
		);
	}
	const into = allNamespaceWords.has(name) ? null : name;
	const text = into === null ? 'deploying anywhere' : `deploys into ${into}: apps whose destination or managed objects are in ${into}`;
	return {...withInfo(state, text), into, cursor: {id: state.cursor.id, index: 0}, listTop: 0};
}

export const openPaletteCommand: Command = {
	id: 'palette',
	description: 'Command palette',
	modes: ['list', 'detail', 'diff'],
	keys: [char(':')],
	hint: 'cmd',
	run: state => ({...state, input: {kind: 'palette', text: ''}}),
};

/** Reached only by name from the palette. */
export const paletteOnlyCommands: readonly Command[] = [
	{
		id: 'context',
		description: 'Switch kube context',
		modes: [],
		keys: [],
		palette: {name: 'ctx', aliases: ['context'], args: 'NAME', complete: env => env.snapshot.contexts},
		run: setContext,
	},
	{
		id: 'namespace',
		// The two meanings of "namespace" side by side in help, each in words that fit 80 columns.
		description: 'Apps whose object is in NAME',
		modes: [],
		keys: [],
		palette: {
			name: 'ns',
			aliases: ['namespace'],
			args: 'NAME|all',
			complete: env => ['all', ...namespacesOf(env.snapshot.apps)],
		},
		run: setNamespace,
	},
	{
		id: 'deploys-into',
		description: 'Apps that deploy into NAME (destination, target ns)',
		modes: [],
		keys: [],
		palette: {
			name: 'into',
			args: 'NAME|all',
			complete: env => ['all', ...destinationsOf(env.snapshot.apps)],
		},
		run: setInto,
	},
];

/** Keys of the `:` line itself. */
export const paletteLineCommands: readonly Command[] = [
	{
		id: 'palette-run',
		description: 'Run the command',
		modes: ['palette'],
		keys: [named('return')],
		hint: 'run',
		run: (state, env) => runPaletteLine({...state, input: null}, env, state.input?.text ?? ''),
	},
	{
		id: 'palette-complete',
		description: 'Complete the command or argument',
		modes: ['palette'],
		keys: [named('tab')],
		hint: 'complete',
		run: (state, env) => (state.input ? {...state, input: {...state.input, text: completePaletteLine(state.input.text, env)}} : state),
	},
	{
		id: 'palette-cancel',
		description: 'Close the palette',
		modes: ['palette'],
		keys: [named('escape')],
		hint: 'cancel',
		run: state => ({...state, input: null}),
	},
];

/** Both prompt lines (`/` and `:`) edit the same way. */
export const deleteCharCommand: Command = {
	id: 'delete-char',
	description: 'Delete the last character',
	modes: ['filter', 'palette'],
	keys: [named('backspace')],
	run: state => (state.input ? {...state, input: {...state.input, text: state.input.text.slice(0, -1)}} : state),
};
