// The one table of named commands. Keys, the footer hints, the `?` help and
// the `:` palette are all generated from it; the root useInput dispatches here.
import type {AppDriftState} from '../core/apps/drift-state.js';
import type {AppSummary} from '../core/apps/model.js';
import type {Monitor} from '../core/apps/monitor.js';
import type {MonitorSnapshot} from '../core/apps/store.js';
import type {ActionProgress} from '../core/actions/progress-types.js';
import type {ActionKind, ActionPlan, ActionRequest} from '../core/actions/types.js';
import type {ResourceDiff} from '../core/diff/types.js';
import {actionCommands, confirmCommands, isReadOnly, moveConfirm, offerFor} from './action-commands.js';
import {shownResources, type DiffModel} from './diff-lines.js';
import {cursorAt, neighbourHunk, neighbourResource, startCursor, topOf} from './diff-nav.js';
import {char, ctrl, keyMatches, named, type KeySpec, type Keystroke} from './keys.js';
import {destinationsOf, namespacesOf, nextSort, parseSortKey, sortLabels, sortKeys} from './selectors.js';
import {clamp, cursorIndex, modeOf, placeCursor, windowTop, type DiffCursor, type Mode, type UiState} from './ui-state.js';

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
	/** Ask the monitor for a plan; it lands in the dialog if the dialog still holds `ticket` then. */
	planAction: (request: ActionRequest, ticket: number) => void;
	/** Run a confirmed plan; its progress shows in the snapshot, its outcome as a notice. */
	runAction: (plan: ActionPlan) => void;
	/** Compute the plan's diff; it lands in the dialog if the dialog still holds `ticket` then. */
	planDiff: (plan: ActionPlan, ticket: number) => void;
	/** Lines of the confirmation dialog for a state, and where its choices start; null when it is closed. */
	confirmView: (state: UiState) => {lineCount: number; choiceStart: number | null} | null;
	quit: () => void;
};

/** What the app under the cursor (or open) offers: decides which action hints show. */
export type Offer = {
	readonly: boolean;
	/** Actions the monitor offers for it now; empty in a read-only context. */
	actions: readonly ActionKind[];
	/** Its last action from this session, until dismissed. */
	progress: ActionProgress | null;
};

export const noOffer: Offer = Object.freeze({readonly: false, actions: [], progress: null}) as Offer;

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
	/** Short word for the footer (null: none right now); commands without one are only in `?` help. */
	hint?: string | ((state: UiState, offer: Offer) => string | null);
	/** Which hints a narrow footer keeps: 0 always, 1 when room, 2 (moving keys) first to go. Default 1. */
	hintPriority?: 0 | 1 | 2;
	palette?: PaletteSpec;
	/**
	 * Actions this command can start. It is hinted only when the app offers one of them, and hidden from help
	 * and palette completion in a read-only context; its key still answers, saying why nothing happens.
	 */
	action?: readonly ActionKind[];
	/** Only offered when this holds (e.g. "clear filter" needs a filter). */
	when?: (state: UiState, offer: Offer) => boolean;
	run: (state: UiState, env: CommandEnv, args: readonly string[]) => UiState;
};

const browseModes: readonly Mode[] = ['list', 'detail', 'diff', 'help'];
/** Where j/k and paging scroll: the browse screens, the dialog and its diff. */
const scrollModes: readonly Mode[] = [...browseModes, 'confirm', 'confirm-diff'];
/** The two diff views: of the app's drift, and of a planned action. */
const diffModes: readonly Mode[] = ['diff', 'confirm-diff'];

function isDiffMode(state: UiState): boolean {
	return diffModes.includes(modeOf(state));
}

/** Fold and position of the diff on screen: the plan's in the dialog, else the drift's. */
function diffViewOf(state: UiState): {cursor: DiffCursor; full: boolean} | null {
	if (modeOf(state) === 'confirm-diff') return state.confirm?.diff ?? null;
	return state.diff;
}

function withDiffView(state: UiState, change: {cursor?: DiffCursor; full?: boolean}): UiState {
	if (modeOf(state) === 'confirm-diff') {
		const confirm = state.confirm!;
		return {...state, confirm: {...confirm, diff: {...confirm.diff!, ...change}}};
	}

	return state.diff ? {...state, diff: {...state.diff, ...change}} : state;
}

function withDiffTop(state: UiState, model: DiffModel, top: number): UiState {
	return withDiffView(state, {cursor: cursorAt(model, top)});
}

/** Scroll the diff; a jump may have put the top past the last page, and scrolling down never goes further. */
function moveDiff(state: UiState, env: CommandEnv, delta: number): UiState {
	const model = env.diff(state);
	const view = diffViewOf(state);
	if (!view || !model || model.lines.length === 0) return state;
	const top = topOf(model, view.cursor);
	const max = Math.max(0, model.lines.length - env.scrollRows);
	const next = delta > 0 ? Math.max(top, Math.min(top + delta, max)) : Math.max(0, top + delta);
	return withDiffTop(state, model, next);
}

/** Put the next/previous hunk or resource header at the top of the diff window. */
function jumpDiff(state: UiState, env: CommandEnv, target: 'hunk' | 'resource', direction: 1 | -1): UiState {
	const model = env.diff(state);
	const view = diffViewOf(state);
	if (!view || !model) return state;
	const top = topOf(model, view.cursor);
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
	return isDiffMode(state) ? jumpDiff(state, env, 'resource', direction) : selectDrifted(state, env, direction);
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
	const view = diffViewOf(state);
	return view ? withDiffView(state, {full: !view.full}) : state;
}

/** What `x` says when no tool is set: where to set one, with an example of each kind. */
export const noExternalDiffNotice = 'no external diff tool: set DRIFTWATCH_DIFF (e.g. "diff -u -N", paged, or "vimdiff") and restart';

function externalDiff(state: UiState, env: CommandEnv): UiState {
	const command = state.externalDiff;
	if (!command) return {...state, notice: {kind: 'info', text: noExternalDiffNotice}};
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
	if (mode === 'diff' || mode === 'confirm-diff') return moveDiff(state, env, delta);
	if (mode === 'confirm') return moveConfirm(state, env, delta);
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

/** How the palette spells a command (`:into`), from the table: messages never name a command it does not have. */
export function paletteWord(id: string): string {
	return `:${commands.find(command => command.id === id)?.palette?.name ?? id}`;
}

/** `:ns`: which app objects are listed (the watch scope; a user who may list one namespace only needs it). */
function setNamespace(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	const [ns, into] = [paletteWord('namespace'), paletteWord('deploys-into')];
	if (!name) return usage(state, `usage: ${ns} NAME|all (app objects in NAME); ${into} NAME|all (apps deploying into NAME)`);
	const namespace = allNamespaceWords.has(name) ? null : name;
	env.monitor.setNamespace(namespace);
	const text =
		namespace === null
			? 'ns all: app objects in every namespace'
			: `ns ${namespace}: apps whose object is in ${namespace} (${into} ${namespace}: apps that deploy into it)`;
	return {...state, notice: {kind: 'info', text}};
}

/** `:into`: only apps that deploy into a namespace (what runs there), over the apps listed. */
function setInto(state: UiState, _env: CommandEnv, args: readonly string[]): UiState {
	const name = args[0];
	if (!name) {
		return usage(
			state,
			`usage: ${paletteWord('deploys-into')} NAME|all (apps deploying into NAME); ${paletteWord('namespace')} NAME|all (app objects in NAME)`,
		);
	}
	const into = allNamespaceWords.has(name) ? null : name;
	const text = into === null ? 'deploying anywhere' : `deploys into ${into}: apps whose destination or managed objects are in ${into}`;
	return {...state, into, cursor: {id: state.cursor.id, index: 0}, listTop: 0, notice: {kind: 'info', text}};
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
	// First: in the dialog, its own keys lead the footer.
	...confirmCommands,
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
		description: 'Diff from Git: the app, or the selected drifted resource',
		modes: ['list', 'detail'],
		keys: [char('d')],
		hint: 'diff',
		palette: {name: 'diff'},
		run: openDiff,
	},
	...actionCommands,
	{
		id: 'next-resource',
		description: 'Next drifted resource',
		modes: ['detail', ...diffModes],
		keys: [char(']')],
		hint: 'next res',
		run: (state, env) => nextResource(state, env, 1),
	},
	{
		id: 'previous-resource',
		description: 'Previous drifted resource',
		modes: ['detail', ...diffModes],
		keys: [char('[')],
		run: (state, env) => nextResource(state, env, -1),
	},
	{
		id: 'next-hunk',
		description: 'Next hunk (change)',
		modes: diffModes,
		keys: [char('n')],
		hint: 'hunk',
		run: (state, env) => jumpDiff(state, env, 'hunk', 1),
	},
	{
		id: 'previous-hunk',
		description: 'Previous hunk (change)',
		modes: diffModes,
		keys: [char('N')],
		run: (state, env) => jumpDiff(state, env, 'hunk', -1),
	},
	{
		id: 'toggle-full',
		description: 'Whole YAML of each resource / only the changes',
		modes: diffModes,
		keys: [char('z')],
		hint: 'full',
		run: toggleFull,
	},
	{
		id: 'external-diff',
		description: 'Open in DRIFTWATCH_DIFF (a tool that prints is paged)',
		modes: ['diff'],
		keys: [char('x')],
		// Hinted only with a tool set; without one the key says how to set one.
		hint: state => (state.externalDiff === null ? null : 'external'),
		run: externalDiff,
	},
	{
		id: 'close-diff',
		description: 'Close the diff, back where it was opened',
		modes: ['diff'],
		keys: [named('escape'), char('q')],
		hint: 'back',
		hintPriority: 0,
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
		description: 'Clear the filter (then the :into filter)',
		modes: ['list'],
		keys: [named('escape')],
		hint: 'clear filter',
		when: state => state.filter !== '' || state.into !== null,
		run: state => ({...state, ...(state.filter !== '' ? {filter: ''} : {into: null}), cursor: {...state.cursor, index: 0}, listTop: 0}),
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
		hintPriority: 0,
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
		hintPriority: 0,
		run: state => ({...state, screen: 'list', detail: null, diff: null}),
	},
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
		modes: ['list', 'detail', 'diff', 'help', 'filter', 'palette', 'confirm', 'confirm-diff'],
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
	{
		id: 'delete-char',
		description: 'Delete the last character',
		modes: ['filter', 'palette'],
		keys: [named('backspace')],
		run: state => (state.input ? {...state, input: {...state.input, text: state.input.text.slice(0, -1)}} : state),
	},
];

/** Modes only an action key opens (its confirmation, and that plan's diff): a read-only context never reaches them. */
const actionDialogModes: readonly Mode[] = ['confirm', 'confirm-diff'];

/**
 * Where a command does something in this context. Read-only drops the action keys and the dialog they would
 * open, and nothing else: moving, diffs, filter and palette all work. Help, hints and palette all ask here.
 */
export function modesAvailable(command: Command, readonly: boolean): readonly Mode[] {
	if (!readonly) return command.modes;
	if (command.action) return [];
	return command.modes.filter(mode => !actionDialogModes.includes(mode));
}

/** Whether the command does anything in this context: by a key in some mode, or as a palette command. */
export function isAvailable(command: Command, readonly: boolean): boolean {
	if (readonly && command.action) return false;
	return modesAvailable(command, readonly).length > 0 || command.palette !== undefined;
}

function isOffered(command: Command, state: UiState, offer: Offer): boolean {
	if (offer.readonly && command.action) return false;
	if (command.action && !command.action.some(kind => offer.actions.includes(kind))) return false;
	return command.when?.(state, offer) ?? true;
}

/** Commands of a mode; with a state, only those offered now (the footer hints). */
export function commandsFor(mode: Mode, state?: UiState, offer: Offer = noOffer): Command[] {
	return commands.filter(command => command.modes.includes(mode) && (!state || isOffered(command, state, offer)));
}

/** The footer word of a command now, or null. */
export function hintOf(command: Command, state: UiState, offer: Offer): string | null {
	if (!command.hint || command.keys.length === 0) return null;
	return typeof command.hint === 'string' ? command.hint : command.hint(state, offer);
}

/** Palette commands; in a read-only context without the actions. */
export function paletteCommands(readonly = false): Command[] {
	return commands.filter(command => command.palette && isAvailable(command, readonly));
}

function findPaletteCommand(name: string): Command | undefined {
	return commands.find(command => command.palette?.name === name || command.palette?.aliases?.includes(name));
}

export function runPaletteLine(state: UiState, env: CommandEnv, line: string): UiState {
	const [name, ...args] = line
		.trim()
		.replace(/^:+/, '')
		.split(/\s+/)
		.filter(word => word !== '');
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
		const names = paletteCommands(isReadOnly(env)).map(command => command.palette!.name);
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
		const offer = offerFor(current, env);
		// In text fields printable characters are text, never commands. An action key answers even when not
		// offered: it says why (read-only, not offered for this app) instead of doing nothing.
		const command =
			typing && stroke.type === 'char'
				? undefined
				: commandsFor(mode)
						.filter(candidate => candidate.action !== undefined || isOffered(candidate, current, offer))
						.find(candidate => candidate.keys.some(spec => keyMatches(spec, stroke)));
		if (command) current = command.run(current, env, []);
		else if (typing && stroke.type === 'char') current = textInput(current, stroke.char);
	}

	return current;
}
