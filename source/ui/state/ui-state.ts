// The UI's own state (which screen, cursor, filter…) and pure transitions on it.
import type {AppSummary} from '../../core/apps/model.js';
import type {LogResourceRef} from '../../core/logs/log-pods.js';
import type {ConfirmState} from './confirm-dialog.js';
import type {SortKey} from './selectors.js';
import type {EventTarget} from '../../core/events/event-record.js';

/**
 * A feed over the list or detail: an app's Kubernetes events, or the timeline of one app (appId) or of all apps
 * (appId null). `from` is the screen Esc returns to.
 */
export type FeedView = {
	/** 'sources': each watched context's sources and their state (the header's summary, expanded). */
	kind: 'events' | 'timeline' | 'sources';
	appId: string | null;
	/** The app's last known summary, for the title when it leaves the snapshot. */
	app: AppSummary | null;
	/** Events only: one resource's events instead of the whole app's (a node picked in the detail), or null. */
	scope: EventTarget | null;
	scroll: number;
	from: 'list' | 'detail' | 'tree';
};

/**
 * 'confirm': the action dialog; 'confirm-diff': the diff of its plan, shown from the dialog. 'logs': a log view;
 * 'log-picker': its pod/container picker; 'log-search': its `/` line.
 */
export type Mode =
	| 'list'
	| 'detail'
	| 'tree'
	| 'diff'
	| 'help'
	| 'filter'
	| 'palette'
	| 'confirm'
	| 'confirm-diff'
	| 'events'
	| 'timeline'
	| 'sources'
	| 'logs'
	| 'log-picker'
	| 'log-search';

type TextInput = {kind: 'filter' | 'palette' | 'log-search'; text: string};

/**
 * The log view of an app opened from its detail: a container's log of one of its pods (`pod`/`container` null:
 * the default, the failing pod and its troubled container), or its controller's lines about it.
 */
export type LogViewState = {
	appId: string;
	app: AppSummary;
	source: 'pod' | 'controller';
	/** The Pod or workload the pods come from; null: every Pod and workload the app manages. */
	resource: LogResourceRef | null;
	pod: string | null;
	container: string | null;
	previous: boolean;
	follow: boolean;
	wrap: boolean;
	/** First row on screen; null: pinned to the end, so new lines scroll in. */
	top: number | null;
	/** The search kept with Enter ('' none) and the line of the current match (-1 none). */
	search: string;
	match: number;
	/** The pod/container picker, with its cursor; null when closed. */
	picker: {index: number} | null;
	/** The screen Esc returns to (absent: the detail). */
	from?: 'detail' | 'tree';
};

export type Notice = {kind: 'error' | 'info'; text: string};

/**
 * Where the diff view is, independent of folding and of live updates: the resource (by ref key, with its
 * position as the fallback when it vanishes), the hunk inside it (-1: from its header line) and how many
 * lines below that anchor the top of the window is.
 */
export type DiffCursor = {resource: string | null; index: number; hunk: number; offset: number};

/** The diff view of one app; `from` is the screen Esc returns to. */
type DiffView = {
	id: string;
	app: AppSummary;
	from: 'list' | 'detail';
	/** Whole YAML of each resource instead of hunks with folded context. */
	full: boolean;
	cursor: DiffCursor;
};

/**
 * The resource tree of the open app (`t` in the detail). The node under the cursor is `selectedKey` (a TreeNode key;
 * null: the worst node, as opened by default); read it as a cluster object with selectedTreeNode(state, env)
 * (state/tree-nav.ts), which events, logs and copy act on.
 */
export type TreeView = {
	/** The app whose tree this is: opening another app's tree starts afresh. */
	appId: string;
	selectedKey: string | null;
	/** Row of the selection, the fallback when its node vanished (a pod replaced). */
	index: number;
	/** Nodes the user opened (true) or closed (false), over the default: the worst node's path open. */
	toggled: Readonly<Record<string, boolean>>;
	/** First row shown. */
	top: number;
};

export type UiState = {
	/** 'tree': the open app's resource tree, over its detail (state.detail stays). */
	screen: 'list' | 'detail' | 'tree' | 'diff' | 'logs';
	help: boolean;
	/** Filter or palette line being typed, or null. */
	input: TextInput | null;
	/** The filter kept with Enter; while typing, `input.text` applies instead. */
	filter: string;
	/**
	 * `:into NAME`: only apps that deploy into NAME (AppSummary.deploysInto). Applied here, over the apps the
	 * monitor lists; `:ns` is the other question (where the app objects live) and changes what is listed.
	 */
	into: string | null;
	/** `:ctx NAME` while several contexts are watched: only that context's apps (null or absent: all of them). */
	contextOnly?: string | null;
	sort: SortKey;
	/** Cursor follows the app (by id) across live updates; index is the fallback when it vanishes. */
	cursor: {id: string | null; index: number};
	/** First list row shown. */
	listTop: number;
	/**
	 * The app open in detail, with its last known summary (it may disappear). `selected` is the drifted
	 * resource picked with ]/[ (its ref key). Kept while a diff opened from the detail is shown.
	 */
	detail: {id: string; app: AppSummary; scroll: number; selected: string | null} | null;
	diff: DiffView | null;
	/** The resource tree while screen is 'tree'; kept when going back to the detail, so `t` returns to it. */
	tree: TreeView | null;
	/** The log view, kept while help is open over it. */
	logs: LogViewState | null;
	helpScroll: number;
	notice: Notice | null;
	/** External diff command (DRIFTWATCH_DIFF, else KUBECTL_EXTERNAL_DIFF), fixed at start; null: not offered. */
	externalDiff: string | null;
	/** The action being confirmed, over the list or detail; null when none. */
	confirm: ConfirmState | null;
	/** Last ticket handed out for a plan request. */
	ticket: number;
	/** The events or timeline feed shown over the list or detail; null when none. */
	feed?: FeedView | null;
};

export const initialUiState: UiState = {
	screen: 'list',
	help: false,
	input: null,
	filter: '',
	into: null,
	sort: 'name',
	cursor: {id: null, index: 0},
	listTop: 0,
	detail: null,
	diff: null,
	tree: null,
	logs: null,
	helpScroll: 0,
	notice: null,
	externalDiff: null,
	confirm: null,
	ticket: 0,
};

/** The screen on view: the dialog (or its diff) over everything, then help, then the list, detail or diff. */
type ScreenMode = Exclude<Mode, 'filter' | 'palette' | 'log-search'>;

export function screenOf(state: UiState): ScreenMode {
	if (state.confirm) return state.confirm.diff ? 'confirm-diff' : 'confirm';
	if (state.help) return 'help';
	if (state.feed) return state.feed.kind;
	if (state.screen === 'logs' && state.logs?.picker) return 'log-picker';
	return state.screen;
}

/** The mode keys work in: a line being typed (over the screen it was opened on), else the screen's. */
export function modeOf(state: UiState): Mode {
	return state.input ? state.input.kind : screenOf(state);
}

export function effectiveFilter(state: UiState): string {
	return state.input?.kind === 'filter' ? state.input.text : state.filter;
}

export function clamp(value: number, min: number, max: number): number {
	return Math.min(Math.max(value, min), Math.max(min, max));
}

export function cursorIndex(state: UiState, visible: readonly AppSummary[]): number {
	if (visible.length === 0) return 0;
	if (state.cursor.id !== null) {
		const index = visible.findIndex(app => app.id === state.cursor.id);
		if (index >= 0) return index;
	}

	return clamp(state.cursor.index, 0, visible.length - 1);
}

/** Keep the cursor inside the window, scrolling only when it reaches an edge. */
export function windowTop(top: number, cursor: number, rows: number, count: number): number {
	if (rows <= 0) return 0;
	let next = top;
	if (cursor < next) next = cursor;
	if (cursor >= next + rows) next = cursor - rows + 1;
	return clamp(next, 0, count - rows);
}

export function placeCursor(state: UiState, visible: readonly AppSummary[], index: number, rows: number): UiState {
	const target = clamp(index, 0, visible.length - 1);
	return {
		...state,
		cursor: {id: visible[target]?.id ?? null, index: target},
		listTop: windowTop(state.listTop, target, rows, visible.length),
	};
}

/** The state with a one-line notice in the footer (cleared by the next key). */
export function withInfo(state: UiState, text: string): UiState {
	return {...state, notice: {kind: 'info', text}};
}

export function withError(state: UiState, text: string): UiState {
	return {...state, notice: {kind: 'error', text}};
}
