// The log view: `l` in the detail opens the logs of the picked resource (a Pod or workload) or of the app's failing
// pod, `L` its controller's lines about the app. In the view: p previous container, f follow, w wrap, C the
// pod/container picker, / search with n/N, L switches between the pod's and the controller's lines.
import {hasLogs, type LogResourceRef} from '../../core/logs/log-pods.js';
import {isAppNode, selectedTreeNode} from '../state/tree-nav.js';
import {clamp, withInfo, type LogViewState, type UiState} from '../state/ui-state.js';
import {char, named} from './keys.js';
import type {Command, CommandEnv} from './types.js';

/** What the log view's commands read of the frame: its lines, how they are laid out, the picker's choices. */
export type LogEnv = {
	/** The lines held (cleaned), notices among them. */
	lines: readonly string[];
	/** Screen rows they take (wrapping applied). */
	rowCount: number;
	/** The first screen row of a line. */
	rowOfLine: (line: number) => number;
	/** Log rows on screen. */
	rows: number;
	/** The pods and containers to pick from, as the picker lists them. */
	choices: readonly {namespace: string; pod: string; container: string}[];
	/** The index in `choices` of what is shown now; -1 when unknown. */
	current: number;
};

/** A resource as a log resource, if that kind has pods (a Pod or a built-in workload). */
function logResource(group: string, kind: string, namespace: string, name: string): LogResourceRef | null {
	if (!hasLogs(kind) || !['', 'apps', 'batch'].includes(group) || !name) return null;
	return {kind, namespace, name};
}

/** A drifted resource's ref key (`group/kind/namespace/name`) as a log resource, if that kind has pods. */
function resourceOfKey(key: string | null): LogResourceRef | null {
	if (!key) return null;
	const [group = '', kind = '', namespace = '', ...rest] = key.split('/');
	return logResource(group, kind, namespace, rest.join('/'));
}

function openLogs(state: UiState, source: LogViewState['source'], resource = resourceOfKey(state.detail?.selected ?? null)): UiState {
	if (!state.detail) return state;
	const logs: LogViewState = {
		appId: state.detail.id,
		app: state.detail.app,
		source,
		resource,
		pod: null,
		container: null,
		previous: false,
		follow: true,
		wrap: false,
		top: null,
		search: '',
		match: -1,
		picker: null,
		from: state.screen === 'tree' ? 'tree' : 'detail',
	};
	return {...state, screen: 'logs', logs};
}

/**
 * `l` on the tree: the selected Pod's log, a workload's failing pod's, the app's failing pod's on the root; other
 * kinds have no log, and the footer says so instead of opening an empty view.
 */
function openTreeLogs(state: UiState, env: CommandEnv): UiState {
	const node = selectedTreeNode(state, env);
	if (!state.detail) return state;
	if (!node || isAppNode(node, state.detail.app)) return openLogs(state, 'pod', null);
	const resource = logResource(node.group, node.kind, node.namespace, node.name);
	if (!resource)
		return withInfo(
			state,
			`${node.kind}/${node.name} has no logs: pick a Pod or a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job)`,
		);
	return openLogs(state, 'pod', resource);
}

function withLogs(state: UiState, change: Partial<LogViewState>): UiState {
	return state.logs ? {...state, logs: {...state.logs, ...change}} : state;
}

function maxTop(env: CommandEnv): number {
	return Math.max(0, (env.logs?.rowCount ?? 0) - (env.logs?.rows ?? 0));
}

/** Scroll by `delta` rows; reaching the end pins the view there (new lines then scroll in). */
export function scrollLogs(state: UiState, env: CommandEnv, delta: number): UiState {
	if (!state.logs) return state;
	const last = maxTop(env);
	const top = clamp((state.logs.top ?? last) + delta, 0, last);
	return withLogs(state, {top: top >= last ? null : top});
}

/** Indexes of the lines holding `text` (case-insensitive). */
export function matchingLines(lines: readonly string[], text: string): number[] {
	if (!text) return [];
	const wanted = text.toLowerCase();
	const found: number[] = [];
	lines.forEach((line, index) => {
		if (line.toLowerCase().includes(wanted)) found.push(index);
	});
	return found;
}

/** Put line `line` on screen, a third from the top, and make it the current match. */
function showMatch(state: UiState, env: CommandEnv, line: number): UiState {
	const logs = env.logs;
	if (!logs) return state;
	const row = logs.rowOfLine(line);
	const last = maxTop(env);
	const top = clamp(row - Math.floor(logs.rows / 3), 0, last);
	return withLogs(state, {match: line, top: top >= last && row >= last ? null : top});
}

/** The next (or previous) match from the current one, wrapping around; says so when it wraps or finds none. */
function jumpMatch(state: UiState, env: CommandEnv, direction: 1 | -1): UiState {
	if (!state.logs) return state;
	const matches = matchingLines(env.logs?.lines ?? [], state.logs.search);
	if (matches.length === 0) return withInfo(state, `no line holds "${state.logs.search}"`);
	const from = state.logs.match;
	const next = direction > 0 ? matches.find(line => line > from) : [...matches].reverse().find(line => line < from);
	if (next !== undefined) return showMatch(state, env, next);
	const wrapped = direction > 0 ? matches[0]! : matches.at(-1)!;
	return withInfo(showMatch(state, env, wrapped), direction > 0 ? 'search wrapped to the top' : 'search wrapped to the bottom');
}

/** Enter on the `/` line: keep the search and go to the first match at or below the top of the screen. */
function acceptSearch(state: UiState, env: CommandEnv): UiState {
	const text = state.input?.text ?? '';
	const kept = withLogs({...state, input: null}, {search: text, match: -1});
	if (!text || !kept.logs) return kept;
	const matches = matchingLines(env.logs?.lines ?? [], text);
	if (matches.length === 0) return withInfo(kept, `no line holds "${text}"`);
	const topRow = kept.logs.top ?? maxTop(env);
	const first = matches.find(line => (env.logs?.rowOfLine(line) ?? 0) >= topRow) ?? matches[0]!;
	return showMatch(kept, env, first);
}

function noSearch(state: UiState): string | null {
	return state.logs?.search ? null : 'no search: / first';
}

function notPodLog(state: UiState): string | null {
	return state.logs?.source === 'controller' ? 'the controller log has no containers (L: back to the pod log)' : null;
}

function pickChoice(state: UiState, env: CommandEnv): UiState {
	const picked = env.logs?.choices[state.logs?.picker?.index ?? -1];
	if (!picked) return withLogs(state, {picker: null});
	return withLogs(state, {pod: picked.pod, container: picked.container, previous: false, picker: null, top: null, match: -1});
}

function movePicker(state: UiState, env: CommandEnv, delta: number): UiState {
	if (!state.logs?.picker) return state;
	const count = env.logs?.choices.length ?? 0;
	return withLogs(state, {picker: {index: clamp(state.logs.picker.index + delta, 0, count - 1)}});
}

export const openLogCommands: readonly Command[] = [
	{
		id: 'open-logs',
		description: 'Logs: the picked Pod or workload, else the failing pod',
		modes: ['detail'],
		keys: [char('l')],
		hint: 'logs',
		run: state => openLogs(state, 'pod'),
	},
	{
		id: 'open-controller-logs',
		description: "The controller's log lines about this app",
		modes: ['detail'],
		keys: [char('L')],
		run: state => openLogs(state, 'controller'),
	},
	{
		id: 'tree-logs',
		description: "Logs of the selected Pod, or of a workload's failing pod",
		modes: ['tree'],
		keys: [char('l')],
		hint: 'logs',
		run: openTreeLogs,
	},
	{
		id: 'tree-controller-logs',
		description: "The controller's log lines about this app",
		modes: ['tree'],
		keys: [char('L')],
		run: state => openLogs(state, 'controller', null),
	},
];

export const logViewCommands: readonly Command[] = [
	{
		id: 'log-previous',
		description: 'Previous container instance (last crash) or current',
		modes: ['logs'],
		keys: [char('p')],
		hint: (state: UiState) => (state.logs?.previous ? 'current' : 'previous'),
		disabledReason: notPodLog,
		run: state => withLogs(state, {previous: !state.logs?.previous, top: null, match: -1}),
	},
	{
		id: 'log-pick',
		description: 'Pick the pod and container',
		modes: ['logs'],
		keys: [char('C')],
		hint: 'container',
		disabledReason: notPodLog,
		run: (state, env) => withLogs(state, {picker: {index: Math.max(0, env.logs?.current ?? 0)}}),
	},
	{
		id: 'log-follow',
		description: 'Follow new lines on/off',
		modes: ['logs'],
		keys: [char('f')],
		hint: (state: UiState) => (state.logs?.follow ? 'stop follow' : 'follow'),
		run: state => withLogs(state, {follow: !state.logs?.follow, ...(state.logs?.follow ? {} : {top: null})}),
	},
	{
		id: 'log-wrap',
		description: 'Wrap long lines on/off',
		modes: ['logs'],
		keys: [char('w')],
		hint: 'wrap',
		run: state => withLogs(state, {wrap: !state.logs?.wrap, top: null}),
	},
	{
		id: 'log-search',
		description: 'Search the log',
		modes: ['logs'],
		keys: [char('/')],
		hint: 'search',
		run: state => ({...state, input: {kind: 'log-search', text: state.logs?.search ?? ''}}),
	},
	{
		id: 'log-next-match',
		description: 'Next match',
		modes: ['logs'],
		keys: [char('n')],
		hint: 'next',
		disabledReason: noSearch,
		run: (state, env) => jumpMatch(state, env, 1),
	},
	{
		id: 'log-previous-match',
		description: 'Previous match',
		modes: ['logs'],
		keys: [char('N')],
		disabledReason: noSearch,
		run: (state, env) => jumpMatch(state, env, -1),
	},
	{
		id: 'log-controller',
		description: "Switch: the pod's log / the controller's lines",
		modes: ['logs'],
		keys: [char('L')],
		hint: (state: UiState) => (state.logs?.source === 'controller' ? 'pod log' : 'controller'),
		hintPriority: 2,
		run: state =>
			withLogs(state, {
				source: state.logs?.source === 'controller' ? 'pod' : 'controller',
				top: null,
				match: -1,
				search: '',
				previous: false,
			}),
	},
	{
		id: 'log-back',
		description: 'Back to the detail (or the tree)',
		modes: ['logs'],
		keys: [named('escape'), char('q')],
		hint: 'back',
		hintPriority: 0,
		run: state => ({...state, screen: state.logs?.from ?? 'detail', logs: null}),
	},
];

export const logPickerCommands: readonly Command[] = [
	{
		id: 'log-picker-down',
		description: 'Next pod/container',
		modes: ['log-picker'],
		keys: [char('j'), named('down')],
		run: (state, env) => movePicker(state, env, 1),
	},
	{
		id: 'log-picker-up',
		description: 'Previous pod/container',
		modes: ['log-picker'],
		keys: [char('k'), named('up')],
		run: (state, env) => movePicker(state, env, -1),
	},
	{
		id: 'log-picker-choose',
		description: 'Show this pod/container',
		modes: ['log-picker'],
		keys: [named('return')],
		hint: 'show',
		run: pickChoice,
	},
	{
		id: 'log-picker-close',
		description: 'Close the picker',
		modes: ['log-picker'],
		keys: [named('escape'), char('q')],
		hint: 'close',
		hintPriority: 0,
		run: state => withLogs(state, {picker: null}),
	},
];

/** The `/` line of the log view: Enter keeps the search, Esc drops it. */
export const logSearchLineCommands: readonly Command[] = [
	{
		id: 'log-search-accept',
		description: 'Search',
		modes: ['log-search'],
		keys: [named('return')],
		hint: 'search',
		run: acceptSearch,
	},
	{
		id: 'log-search-cancel',
		description: 'Clear the search',
		modes: ['log-search'],
		keys: [named('escape')],
		hint: 'clear',
		run: state => withLogs({...state, input: null}, {search: '', match: -1}),
	},
];
