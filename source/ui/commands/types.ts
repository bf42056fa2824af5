// What every command module shares: the shape of a command, what it may read or call, the mode groups, where a
// command is available (read-only), and how it is invoked or says why it cannot run.
import type {AppDriftState} from '../../core/drift/drift-state.js';
import type {AppSummary} from '../../core/apps/model.js';
import type {Monitor, MonitorSnapshot} from '../../core/monitor/monitor.js';
import type {ActionKind, ActionPlan, ActionRequest} from '../../core/actions/types.js';
import type {ResourceDiff} from '../../core/diff/types.js';
import type {DiffModel} from '../text/diff-lines.js';
import type {TreeScreenModel} from '../state/tree-nav.js';
import {withInfo, type Mode, type UiState} from '../state/ui-state.js';
import type {KeySpec} from './keys.js';
import type {LogEnv} from './logs.js';

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
	/** Lines of the events or timeline feed on screen; 0 elsewhere. */
	feedLineCount?: number;
	/** Drifted resource lines of the detail screen (ref key, line), in order. */
	detailTargets: ReadonlyArray<{key: string; line: number}>;
	/** The log view's lines and layout; null when it is not on screen. */
	logs: LogEnv | null;
	/** Drift of the app on the detail or diff screen; null elsewhere. */
	drift: AppDriftState | null;
	/** The open app's resource tree and its rows for a state; absent or null while no tree is followed. */
	tree?: TreeScreenModel | null;
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
	/** Put text on the clipboard of the terminal the user sits at (OSC 52; through SSH and tmux). */
	copyText: (text: string) => void;
	/** Apps that turned Degraded or OutOfSync, unacknowledged, as the header shows them. */
	changeCount: number;
	/** Forget them (the header's notice goes). */
	acknowledgeChanges: () => void;
};

/** What the app under the cursor (or open) offers: an action key's hint names what it would start (refresh or reconcile). */
export type Offer = {
	/** Actions the monitor offers for it now; empty in a read-only context. */
	actions: readonly ActionKind[];
};

type PaletteSpec = {
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
	hint?: string | ((state: UiState, offer: Offer, env: CommandEnv) => string | null);
	/** Which hints a narrow footer keeps: 0 always, 1 when room, 2 (moving keys) first to go. Default 1. */
	hintPriority?: 0 | 1 | 2;
	palette?: PaletteSpec;
	/**
	 * Actions this command can start. It is hinted only when the app offers one of them, and hidden from help
	 * and palette completion in a read-only context; its key still answers, saying why nothing happens.
	 */
	action?: readonly ActionKind[];
	/**
	 * Whether the command applies here at all (e.g. "clear filter" needs a filter). When it does not, its key
	 * is not taken and it is not hinted.
	 */
	when?: (state: UiState) => boolean;
	/**
	 * Why the command cannot run now, or null when it can. A disabled command is not hinted; its key (and its
	 * palette name) answers with this text in the footer instead of doing nothing.
	 */
	disabledReason?: (state: UiState, env: CommandEnv) => string | null;
	/** Keep the hint while disabled: the screen already says what comes first (y under a dialog's "more: j"). */
	hintWhileDisabled?: boolean;
	/** Called when the disabled command is asked for anyway (an action in a read-only context is audited). */
	refused?: (state: UiState, env: CommandEnv) => void;
	run: (state: UiState, env: CommandEnv, args: readonly string[]) => UiState;
};

const browseModes: readonly Mode[] = ['list', 'detail', 'tree', 'diff', 'help', 'events', 'timeline', 'sources', 'logs'];
/** Where j/k and paging scroll: the browse screens, the dialog and its diff. */
export const scrollModes: readonly Mode[] = [...browseModes, 'confirm', 'confirm-diff'];
/** The two diff views: of the app's drift, and of a planned action. */
export const diffModes: readonly Mode[] = ['diff', 'confirm-diff'];
/** Where action keys work: on the list row under the cursor, and on the open app (its detail, or its tree). */
export const actionModes: readonly Mode[] = ['list', 'detail', 'tree'];
export const allModes: readonly Mode[] = [
	'list',
	'detail',
	'tree',
	'diff',
	'help',
	'filter',
	'palette',
	'confirm',
	'confirm-diff',
	'events',
	'timeline',
	'sources',
	'logs',
	'log-picker',
	'log-search',
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

/** Run a command, or say why it cannot run now (the key, or the palette name, of a disabled command). */
export function invoke(command: Command, state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const reason = command.disabledReason?.(state, env) ?? null;
	if (reason === null) return command.run(state, env, args);
	command.refused?.(state, env);
	return withInfo(state, reason);
}
