// Diff mode: the diff of an app's drift (and, where noted, the diff of a planned action shown from the dialog).
import {shownResources, type DiffModel} from '../text/diff-lines.js';
import {cursorAt, neighbourHunk, neighbourResource, startCursor, topOf} from '../state/diff-nav.js';
import {cursorIndex, modeOf, withInfo, type DiffCursor, type UiState} from '../state/ui-state.js';
import {char, named} from './keys.js';
import {diffModes, type Command, type CommandEnv} from './types.js';

export function isDiffMode(state: UiState): boolean {
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
export function moveDiff(state: UiState, env: CommandEnv, delta: number): UiState {
	const model = env.diff(state);
	const view = diffViewOf(state);
	if (!view || !model || model.lines.length === 0) return state;
	const top = topOf(model, view.cursor);
	const max = Math.max(0, model.lines.length - env.scrollRows);
	const next = delta > 0 ? Math.max(top, Math.min(top + delta, max)) : Math.max(0, top + delta);
	return withDiffTop(state, model, next);
}

/** Put the next/previous hunk or resource header at the top of the diff window. */
export function jumpDiff(state: UiState, env: CommandEnv, target: 'hunk' | 'resource', direction: 1 | -1): UiState {
	const model = env.diff(state);
	const view = diffViewOf(state);
	if (!view || !model) return state;
	const top = topOf(model, view.cursor);
	const line = target === 'hunk' ? neighbourHunk(model, top, direction) : neighbourResource(model, top, direction);
	if (line === null) {
		const where = direction > 0 ? 'last' : 'first';
		return withInfo(state, model.lines.length === 0 ? 'no drift to show' : `this is the ${where} ${target}`);
	}

	return withDiffTop(state, model, line);
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
	if (!app) return withInfo(state, 'no app selected');
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
	if (!command) return state;
	const diffs = shownResources(env.drift?.report ?? null).flatMap(resource =>
		resource.diff && resource.change !== 'unchanged' ? [resource.diff] : [],
	);
	if (diffs.length === 0) return withInfo(state, 'no drift to show');
	env.runExternalDiff(command, diffs);
	return withInfo(state, `running ${command} on ${diffs.length} resource(s)`);
}

export const openDiffCommand: Command = {
	id: 'open-diff',
	description: 'Diff from Git: the app, or the selected drifted resource',
	modes: ['list', 'detail'],
	keys: [char('d')],
	hint: 'diff',
	palette: {name: 'diff'},
	run: openDiff,
};

export const diffCommands: readonly Command[] = [
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
		hint: 'external',
		// Without a tool the key says how to set one.
		disabledReason: state => (state.externalDiff === null ? noExternalDiffNotice : null),
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
];
