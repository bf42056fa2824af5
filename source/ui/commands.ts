// The one table of named commands. Keys, the footer hints, the `?` help and
// the `:` palette are all generated from it; the root useInput dispatches here.
import type {AppDriftState} from '../core/apps/drift-state.js';
import type {AppSummary} from '../core/apps/model.js';
import type {Monitor} from '../core/apps/monitor.js';
import type {MonitorSnapshot} from '../core/apps/store.js';
import type {ResourceDiff} from '../core/diff/types.js';
import {shownResources, type DiffModel} from './diff-lines.js';
import {cursorAt, neighbourHunk, neighbourResource, startCursor, topOf} from './diff-nav.js';
import {char, ctrl, keyMatches, named, type KeySpec, type Keystroke} from './keys.js';
import {namespacesOf, nextSort, parseSortKey, sortLabels, sortKeys} from './selectors.js';
import {
	clamp,
	cursorIndex,
	modeOf,
	placeCursor,
	windowTop,
	type Mode,
	type UiState,
} from './ui-state.js';

/** What a command may read or call besides the UI state. */
export type CommandEnv = {
	monitor: Monitor;
	snapshot: MonitorSnapshot;
	/** Apps the list shows for a given state (filter + sort applied). */
	visible: (state: UiState) => readonly AppSummary[];
	/** List rows on screen (page size). */
	listRows: number;
	/** Scrollable rows on the detail/help screens. */
	scrollRows: number;
	detailLineCount: number;
	helpLineCount: number;
	/** Drifted resource lines of the detail screen (ref key, line), in order. */
	detailTargets: ReadonlyArray<{key: string; line: number}>;
	/** Drift of the app on the detail or diff screen; null elsewhere. */
	drift: AppDriftState | null;
	/** Line model of the diff screen for a given state (fold applied); null elsewhere. */
	diff: (state: UiState) => DiffModel | null;
	/** Hand the terminal to `command` on these diffs; the outcome arrives later as a notice. */
	runExternalDiff: (command: string, diffs: readonly ResourceDiff[]) => void;
	quit: () => void;
};

export type PaletteSpec = {
	name: string;
	aliases?: readonly string[];
	/** Argument syntax for help, e.g. 'NAME'. */
	args?: string;
	/** Completion candidates for the first argument. */
	complete?: (env: CommandEnv) => readonly string[];
};

export type Command = {
	id: string;
	description: string;
	modes: readonly Mode[];
	keys: readonly KeySpec[];
	/** Short word for the footer; commands without one are only in `?` help. */
	hint?: string;
	palette?: PaletteSpec;
	/** Only offered when this holds (e.g. "clear filter" needs a filter). */
	when?: (state: UiState) => boolean;
	run: (state: UiState, env: CommandEnv, args: readonly string[]) => UiState;
};

const browseModes: readonly Mode[] = ['list', 'detail', 'diff', 'help'];

function withDiffTop(state: UiState, model: DiffModel, top: number): UiState {
	return state.diff ? {...state, diff: {...state.diff, cursor: cursorAt(model, top)}} : state;
}

/** Scroll the diff; a jump may have put the top past the last page, and scrolling down never goes further. */
function moveDiff(state: UiState, env: CommandEnv, delta: number): UiState {
	const model = env.diff(state);
	if (!state.diff || !model || model.lines.length === 0) return state;
	const top = topOf(model, state.diff.cursor);
	const max = Math.max(0, model.lines.length - env.scrollRows);
	const next = delta > 0 ? Math.max(top, Math.min(top + delta, max)) : Math.max(0, top + delta);
	return withDiffTop(state, model, next);
}

/** Put the next/previous hunk or resource header at the top of the diff window. */
function jumpDiff(state: UiState, env: CommandEnv, target: 'hunk' | 'resource', direction: 1 | -1): UiState {
	const model = env.diff(state);
	if (!state.diff || !model) return state;
	const top = topOf(model, state.diff.cursor);
	const line = target === 'hunk' ? neighbourHunk(model, top, direction) : neighbourResource(model, top, direction);
	if (line === null) {
		const where = direction > 0 ? 'last' : 'first';
		return {...state, notice: {kind: 'info', text: model.lines.length === 0 ? 'no drift to show' : `this is the ${where} ${target}`}};
	}

	return withDiffTop(state, model, line);
}

/** Detail screen: pick the next/previous drifted resource line and keep it on screen. */
function selectDrifted(state: UiState, env: CommandEnv, direction: 1 | -1): UiState {
	if (!state.detail) return state;
	const targets = env.detailTargets;
	if (targets.length === 0) return {...state, notice: {kind: 'info', text: 'no drifted resources'}};
	const current = targets.findIndex(target => target.key === state.detail!.selected);
	const index = current < 0 ? (direction > 0 ? 0 : targets.length - 1) : clamp(current + direction, 0, targets.length - 1);
	const target = targets[index]!;
	const scroll = windowTop(state.detail.scroll, target.line, env.scrollRows, env.detailLineCount);
	return {...state, detail: {...state.detail, selected: target.key, scroll}};
}

function nextResource(state: UiState, env: CommandEnv, direction: 1 | -1): UiState {
	return modeOf(state) === 'diff' ? jumpDiff(state, env, 'resource', direction) : selectDrifted(state, env, direction);
}

/** `d`: the diff of the selected app (list), or of the open app at its selected resource (detail). */
function openDiff(state: UiState, env: CommandEnv): UiState {
	if (state.screen === 'detail' && state.detail) {
		const {id, app, selected} = state.detail;
		// No resource selected: the view starts at the first changed one.
		const cursor = {...startCursor, resource: selected};
		return {...state, screen: 'diff', diff: {id, app, from: 'detail', full: false, cursor}};
	}

	const visible = env.visible(state);
	const app = visible[cursorIndex(state, visible)];
	if (!app) return {...state, notice: {kind: 'info', text: 'no app selected'}};
	return {...state, screen: 'diff', detail: null, diff: {id: app.id, app, from: 'list', full: false, cursor: startCursor}};
}

function closeDiff(state: UiState): UiState {
	const back = state.diff?.from === 'detail' && state.detail ? 'detail' : 'list';
	return {...state, screen: back, diff: null};
}

function toggleFull(state: UiState): UiState {
	// The cursor names a resource and hunk, not a line: it stays put across the fold change.
	return state.diff ? {...state, diff: {...state.diff, full: !state.diff.full}} : state;
}

function externalDiff(state: UiState, env: CommandEnv): UiState {
	const command = state.externalDiff;
	if (!command) return state;
	const diffs = shownResources(env.drift?.report ?? null).flatMap(resource =>
		resource.diff && resource.change !== 'unchanged' ? [resource.diff] : [],
	);
	if (diffs.length === 0) return {...state, notice: {kind: 'info', text: 'no drift to show'}};
	env.runExternalDiff(command, diffs);
	return {...state, notice: {kind: 'info', text: `running ${command} on ${diffs.length} resource(s)`}};
}

function fetchGit(state: UiState, env: CommandEnv): UiState {
	env.monitor.refreshGit();
	return {...state, notice: {kind: 'info', text: 'fetching Git now; drift updates when it lands'}};
}

/** Move the list cursor, or scroll the detail/help/diff text, by `delta` rows. */
function move(state: UiState, env: CommandEnv, delta: number): UiState {
	const mode = modeOf(state);
	if (mode === 'diff') return moveDiff(state, env, delta);
	if (mode === 'detail' && state.detail) {
		const max = Math.max(0, env.detailLineCount - env.scrollRows);
		return {...state, detail: {...state.detail, scroll: clamp(state.detail.scroll + delta, 0, max)}};
	}

	if (mode === 'help') {
		const max = Math.max(0, env.helpLineCount - env.scrollRows);
		return {...state, helpScroll: clamp(state.helpScroll + delta, 0, max)};
	}

	const visible = env.visible(state);
	return placeCursor(state, visible, cursorIndex(state, visible) + delta, env.listRows);
}

const far = Number.MAX_SAFE_INTEGER / 2;

function page(state: UiState, env: CommandEnv): number {
	return Math.max(1, modeOf(state) === 'list' || modeOf(state) === 'filter' ? env.listRows : env.scrollRows);
}

function openDetail(state: UiState, env: CommandEnv): UiState {
	const visible = env.visible(state);
	const app = visible[cursorIndex(state, visible)];
	if (!app) return {...state, notice: {kind: 'info', text: 'no app selected'}};
	return {...state, screen: 'detail', detail: {id: app.id, app, scroll: 0, selected: null}};
}

function usage(state: UiState, text: string): UiState {
	return {...state, notice: {kind: 'error', text}};
}

function setContext(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	if (!name) return usage(state, 'usage: :ctx NAME');
	const known = env.snapshot.contexts;
	if (known.length > 0 && !known.includes(name)) {
		return usage(state, `unknown context "${name}" (known: ${known.join(', ')})`);
	}

	env.monitor.setContext(name);
	return {...state, screen: 'list', detail: null, diff: null, notice: {kind: 'info', text: `context ${name}`}};
}

const allNamespaceWords = new Set(['all', '*', '-A', '--all']);

function setNamespace(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	if (!name) return usage(state, 'usage: :ns NAME | :ns all');
	const namespace = allNamespaceWords.has(name) ? null : name;
	env.monitor.setNamespace(namespace);
	return {...state, notice: {kind: 'info', text: `namespace ${namespace ?? 'all'}`}};
}

function sortBy(state: UiState, _env: CommandEnv, args: readonly string[]): UiState {
	if (args.length === 0) return {...state, sort: nextSort(state.sort)};
	const key = parseSortKey(args[0]!);
	if (!key) return usage(state, `unknown sort "${args[0]}" (${sortKeys.map(k => sortLabels[k]).join(', ')})`);
	return {...state, sort: key};
}

function quit(state: UiState, env: CommandEnv): UiState {
	env.quit();
	return state;
}

export const commands: readonly Command[] = [
	{
		id: 'move-down',
		description: 'Move down / scroll down',
		modes: [...browseModes, 'filter'],
		keys: [char('j'), named('down')],
		hint: 'down',
		run: (state, env) => move(state, env, 1),
	},
	{
		id: 'move-up',
		description: 'Move up / scroll up',
		modes: [...browseModes, 'filter'],
		keys: [char('k'), named('up')],
		hint: 'up',
		run: (state, env) => move(state, env, -1),
	},
	{
		id: 'page-down',
		description: 'Page down',
		modes: [...browseModes, 'filter'],
		keys: [named('pageDown'), ctrl('d'), ctrl('f')],
		run: (state, env) => move(state, env, page(state, env)),
	},
	{
		id: 'page-up',
		description: 'Page up',
		modes: [...browseModes, 'filter'],
		keys: [named('pageUp'), ctrl('u'), ctrl('b')],
		run: (state, env) => move(state, env, -page(state, env)),
	},
	{
		id: 'top',
		description: 'Go to the top',
		modes: browseModes,
		keys: [char('g'), named('home')],
		run: (state, env) => move(state, env, -far),
	},
	{
		id: 'bottom',
		description: 'Go to the bottom',
		modes: browseModes,
		keys: [char('G'), named('end')],
		run: (state, env) => move(state, env, far),
	},
	{
		id: 'open-detail',
		description: 'Open the selected app',
		modes: ['list'],
		keys: [named('return')],
		hint: 'open',
		run: openDetail,
	},
	{
		id: 'open-diff',
		description: 'Diff from Git: the selected app, or the selected drifted resource',
		modes: ['list', 'detail'],
		keys: [char('d')],
		hint: 'diff',
		palette: {name: 'diff'},
		run: openDiff,
	},
	{
		id: 'next-resource',
		description: 'Next drifted resource',
		modes: ['detail', 'diff'],
		keys: [char(']')],
		hint: 'next res',
		run: (state, env) => nextResource(state, env, 1),
	},
	{
		id: 'previous-resource',
		description: 'Previous drifted resource',
		modes: ['detail', 'diff'],
		keys: [char('[')],
		run: (state, env) => nextResource(state, env, -1),
	},
	{
		id: 'next-hunk',
		description: 'Next hunk (change)',
		modes: ['diff'],
		keys: [char('n')],
		hint: 'hunk',
		run: (state, env) => jumpDiff(state, env, 'hunk', 1),
	},
	{
		id: 'previous-hunk',
		description: 'Previous hunk (change)',
		modes: ['diff'],
		keys: [char('N')],
		run: (state, env) => jumpDiff(state, env, 'hunk', -1),
	},
	{
		id: 'toggle-full',
		description: 'Whole YAML of each resource / only the changes',
		modes: ['diff'],
		keys: [char('z')],
		hint: 'full',
		run: toggleFull,
	},
	{
		id: 'external-diff',
		description: 'Open the diff in the external tool (DRIFTWATCH_DIFF / KUBECTL_EXTERNAL_DIFF)',
		modes: ['diff'],
		keys: [char('x')],
		hint: 'external',
		when: state => state.externalDiff !== null,
		run: externalDiff,
	},
	{
		id: 'close-diff',
		description: 'Close the diff, back where it was opened',
		modes: ['diff'],
		keys: [named('escape'), char('q')],
		hint: 'back',
		run: closeDiff,
	},
	{
		id: 'fetch-git',
		description: 'Fetch Git now (drift is recomputed when it lands)',
		modes: ['list', 'detail', 'diff'],
		keys: [char('f')],
		palette: {name: 'fetch'},
		run: fetchGit,
	},
	{
		id: 'filter',
		description: 'Filter by name, namespace, kind or status words (AND)',
		modes: ['list'],
		keys: [char('/')],
		hint: 'filter',
		run: state => ({...state, input: {kind: 'filter', text: state.filter}}),
	},
	{
		id: 'clear-filter',
		description: 'Clear the filter',
		modes: ['list'],
		keys: [named('escape')],
		hint: 'clear filter',
		when: state => state.filter !== '',
		run: state => ({...state, filter: '', cursor: {...state.cursor, index: 0}, listTop: 0}),
	},
	{
		id: 'sort',
		description: 'Cycle sort: name, health, sync, last change',
		modes: ['list'],
		keys: [char('s')],
		hint: 'sort',
		palette: {name: 'sort', args: '[name|health|sync|change]', complete: () => sortKeys.map(k => k.toLowerCase())},
		run: sortBy,
	},
	{
		id: 'palette',
		description: 'Command palette',
		modes: ['list', 'detail', 'diff'],
		keys: [char(':')],
		hint: 'cmd',
		run: state => ({...state, input: {kind: 'palette', text: ''}}),
	},
	{
		id: 'help',
		description: 'Show keys and commands',
		modes: ['list', 'detail', 'diff'],
		keys: [char('?')],
		hint: 'help',
		palette: {name: 'help', aliases: ['h']},
		run: state => ({...state, input: null, help: true, helpScroll: 0}),
	},
	{
		id: 'close-help',
		description: 'Close help',
		modes: ['help'],
		keys: [named('escape'), char('q'), char('?')],
		hint: 'close',
		run: state => ({...state, help: false}),
	},
	{
		id: 'back',
		description: 'Back to the list',
		modes: ['detail'],
		keys: [named('escape'), char('q')],
		hint: 'back',
		run: state => ({...state, screen: 'list', detail: null, diff: null}),
	},
	{
		id: 'quit',
		description: 'Quit',
		modes: ['list'],
		keys: [char('q')],
		hint: 'quit',
		palette: {name: 'q', aliases: ['quit', 'exit']},
		run: quit,
	},
	{
		id: 'force-quit',
		description: 'Quit from anywhere',
		modes: ['list', 'detail', 'diff', 'help', 'filter', 'palette'],
		keys: [ctrl('c')],
		run: quit,
	},
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
		description: 'Show one namespace, or all',
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
		run: (state, env) =>
			state.input ? {...state, input: {...state.input, text: completePaletteLine(state.input.text, env)}} : state,
	},
	{
		id: 'palette-cancel',
		description: 'Close the palette',
		modes: ['palette'],
		keys: [named('escape')],
		hint: 'cancel',
		run: state => ({...state, input: null}),
	},
	{
		id: 'delete-char',
		description: 'Delete the last character',
		modes: ['filter', 'palette'],
		keys: [named('backspace')],
		run: state => (state.input ? {...state, input: {...state.input, text: state.input.text.slice(0, -1)}} : state),
	},
];

function isOffered(command: Command, state: UiState): boolean {
	return command.when?.(state) ?? true;
}

export function commandsFor(mode: Mode, state?: UiState): Command[] {
	return commands.filter(command => command.modes.includes(mode) && (!state || isOffered(command, state)));
}

export function paletteCommands(): Command[] {
	return commands.filter(command => command.palette);
}

function findPaletteCommand(name: string): Command | undefined {
	return commands.find(command => command.palette?.name === name || command.palette?.aliases?.includes(name));
}

export function runPaletteLine(state: UiState, env: CommandEnv, line: string): UiState {
	const [name, ...args] = line.trim().replace(/^:+/, '').split(/\s+/).filter(word => word !== '');
	if (!name) return state;
	const command = findPaletteCommand(name);
	if (!command) return usage(state, `unknown command ":${name}" (press ? for help)`);
	return command.run(state, env, args);
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
export function completePaletteLine(line: string, env: CommandEnv): string {
	const words = line.split(' ');
	if (words.length === 1) {
		const names = paletteCommands().map(command => command.palette!.name);
		const matches = names.filter(name => name.startsWith(words[0]!));
		if (matches.length === 1) return `${matches[0]} `;
		return commonPrefix(matches) || line;
	}

	const command = findPaletteCommand(words[0]!);
	const candidates = command?.palette?.complete?.(env) ?? [];
	const partial = words.at(-1)!;
	const matches = candidates.filter(candidate => candidate.startsWith(partial));
	if (matches.length === 0) return line;
	const completed = matches.length === 1 ? matches[0]! : commonPrefix(matches);
	return [...words.slice(0, -1), completed].join(' ');
}

function textInput(state: UiState, character: string): UiState {
	if (!state.input) return state;
	const input = {...state.input, text: state.input.text + character};
	// Typing a filter starts from the first match, like any incremental search.
	if (input.kind === 'filter') return {...state, input, cursor: {id: null, index: 0}, listTop: 0};
	return {...state, input};
}

/** Apply keystrokes in order; each sees the state the previous one produced. */
export function dispatchKeys(state: UiState, strokes: readonly Keystroke[], env: CommandEnv): UiState {
	let current = state;
	for (const stroke of strokes) {
		current = current.notice ? {...current, notice: null} : current;
		const mode = modeOf(current);
		const typing = mode === 'filter' || mode === 'palette';
		// In text fields printable characters are text, never commands.
		const command =
			typing && stroke.type === 'char'
				? undefined
				: commandsFor(mode, current).find(candidate => candidate.keys.some(spec => keyMatches(spec, stroke)));
		if (command) current = command.run(current, env, []);
		else if (typing && stroke.type === 'char') current = textInput(current, stroke.char);
	}

	return current;
}

