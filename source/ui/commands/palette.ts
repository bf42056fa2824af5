// Palette mode: the `:` command line, the commands only it reaches (:ctx, :ns, :into), and how a line finds,
// runs and completes a command of the table. The table is made of these modules, so it is handed in.
import {destinationsOf, namespacesOf} from '../state/selectors.js';
import {withError, withInfo, type UiState} from '../state/ui-state.js';
import {isReadOnly} from './actions.js';
import {contextLabels} from '../text/context-label.js';
import {char, named} from './keys.js';
import {invoke, isAvailable, type Command, type CommandEnv} from './types.js';

/** Palette commands of `table`; in a read-only context without the actions. */
export function paletteCommandsIn(table: readonly Command[], readonly = false): Command[] {
	return table.filter(command => command.palette && isAvailable(command, readonly));
}

function findPaletteCommand(table: readonly Command[], name: string): Command | undefined {
	return table.find(command => command.palette?.name === name || command.palette?.aliases?.includes(name));
}

/** How the palette spells a command (`:into`), from the table: messages never name a command it does not have. */
export function paletteWordIn(table: readonly Command[], id: string): string {
	return `:${table.find(command => command.id === id)?.palette?.name ?? id}`;
}

function runPaletteLineIn(table: readonly Command[], state: UiState, env: CommandEnv, line: string): UiState {
	const [name, ...args] = line
		.trim()
		.replace(/^:+/, '')
		.split(/\s+/)
		.filter(word => word !== '');
	if (!name) return state;
	const command = findPaletteCommand(table, name);
	if (!command) return withError(state, `unknown command ":${name}" (press ? for help)`);
	return invoke(command, state, env, args);
}

function commonPrefix(words: readonly string[]): string {
	if (words.length === 0) return '';
	let prefix = words[0]!;
	for (const word of words) {
		while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
	}

	return prefix;
}

/** Tab: complete the command name, then its argument, to the longest common prefix. */
export function completePaletteLineIn(table: readonly Command[], line: string, env: CommandEnv): string {
	const words = line.split(' ');
	if (words.length === 1) {
		const names = paletteCommandsIn(table, isReadOnly(env)).map(command => command.palette!.name);
		const matches = names.filter(name => name.startsWith(words[0]!));
		if (matches.length === 1) return `${matches[0]} `;
		return commonPrefix(matches) || line;
	}

	const command = findPaletteCommand(table, words[0]!);
	const candidates = command?.palette?.complete?.(env) ?? [];
	const partial = words.at(-1)!;
	const matches = candidates.filter(candidate => candidate.startsWith(partial));
	if (matches.length === 0) return line;
	const completed = matches.length === 1 ? matches[0]! : commonPrefix(matches);
	return [...words.slice(0, -1), completed].join(' ');
}

function setContext(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	const watched = env.snapshot.watched ?? [];
	// Several contexts watched at once: `:ctx NAME` narrows the list to one of them; nothing is switched.
	if (watched.length > 1) {
		if (!name || allNamespaceWords.has(name)) {
			return {
				...withInfo(state, `every watched context (${watched.length})`),
				contextOnly: null,
				cursor: {id: state.cursor.id, index: 0},
				listTop: 0,
			};
		}
		// The full name, or the short one the CONTEXT column shows (`prod-us` for an EKS ARN).
		const labels = contextLabels(watched.map(context => context.name));
		const chosen = watched.find(context => context.name === name) ?? watched.find(context => labels.get(context.name) === name);
		if (!chosen) {
			return withError(state, `context "${name}" is not watched (watched: ${watched.map(context => context.name).join(', ')})`);
		}
		// An unusable context has no rows to narrow to: an empty list would read as "no apps there". Its reason is
		// longer than a status line at 80 columns; the sources screen has room for it.
		if (chosen.fatal !== undefined) {
			return withError(state, `context "${chosen.name}" is unusable, nothing is read from it (i: why)`);
		}
		return {
			...withInfo(state, `only context ${chosen.name} (:ctx all: every watched context)`),
			contextOnly: chosen.name,
			screen: 'list',
			detail: null,
			diff: null,
			cursor: {id: state.cursor.id, index: 0},
			listTop: 0,
		};
	}
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
function setNamespace(table: readonly Command[], state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	const [ns, into] = [paletteWordIn(table, 'namespace'), paletteWordIn(table, 'deploys-into')];
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
function setInto(table: readonly Command[], state: UiState, args: readonly string[]): UiState {
	const name = args[0];
	if (!name) {
		return withError(
			state,
			`usage: ${paletteWordIn(table, 'deploys-into')} NAME|all (apps deploying into NAME); ${paletteWordIn(table, 'namespace')} NAME|all (app objects in NAME)`,
		);
	}
	const into = allNamespaceWords.has(name) ? null : name;
	const text = into === null ? 'deploying anywhere' : `deploys into ${into}: apps whose destination or managed objects are in ${into}`;
	return {...withInfo(state, text), into, cursor: {id: state.cursor.id, index: 0}, listTop: 0};
}

/** The palette's commands, over the whole table (read when a line runs, never while the table is made). */
export function paletteModeCommands(table: () => readonly Command[]): {
	open: Command;
	byNameOnly: readonly Command[];
	line: readonly Command[];
	deleteChar: Command;
} {
	return {open: openPaletteCommand, byNameOnly: byNameOnly(table), line: paletteLine(table), deleteChar: deleteCharCommand};
}

const openPaletteCommand: Command = {
	id: 'palette',
	description: 'Command palette',
	modes: ['list', 'detail', 'tree', 'diff', 'events', 'timeline'],
	keys: [char(':')],
	hint: 'cmd',
	run: state => ({...state, input: {kind: 'palette', text: ''}}),
};

/** Reached only by name from the palette. */
const byNameOnly = (table: () => readonly Command[]): Command[] => [
	{
		id: 'context',
		description: 'Switch kube context (several: narrow)',
		modes: [],
		keys: [],
		palette: {
			name: 'ctx',
			aliases: ['context'],
			args: 'NAME',
			complete: env =>
				env.snapshot.watched && env.snapshot.watched.length > 1
					? [...new Set([...contextLabels(env.snapshot.watched.map(context => context.name)).values(), 'all'])]
					: env.snapshot.contexts,
		},
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
		run: (state, env, args) => setNamespace(table(), state, env, args),
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
		run: (state, _env, args) => setInto(table(), state, args),
	},
];

/** Keys of the `:` line itself. */
const paletteLine = (table: () => readonly Command[]): Command[] => [
	{
		id: 'palette-run',
		description: 'Run the command',
		modes: ['palette'],
		keys: [named('return')],
		hint: 'run',
		run: (state, env) => runPaletteLineIn(table(), {...state, input: null}, env, state.input?.text ?? ''),
	},
	{
		id: 'palette-complete',
		description: 'Complete the command or argument',
		modes: ['palette'],
		keys: [named('tab')],
		hint: 'complete',
		run: (state, env) =>
			state.input ? {...state, input: {...state.input, text: completePaletteLineIn(table(), state.input.text, env)}} : state,
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
const deleteCharCommand: Command = {
	id: 'delete-char',
	description: 'Delete the last character',
	modes: ['filter', 'palette', 'log-search'],
	keys: [named('backspace')],
	run: state => (state.input ? {...state, input: {...state.input, text: state.input.text.slice(0, -1)}} : state),
};
