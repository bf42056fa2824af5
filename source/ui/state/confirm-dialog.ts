// The confirmation dialog: its state, and every transition on it as a pure function of the UI state (one
// reducer for the answers that arrive later). Asking the monitor (planAction, the plan's diff) is the caller's
// job: these only say which ticket to ask for, and take the answer when it arrives. The rule that `y` runs
// only once every line of the dialog was on screen lives here (hasUnreadLines).
import type {AppSummary} from '../../core/apps/model.js';
import type {ActionParams, ActionPlan, ActionRequest, SwitchParam} from '../../core/actions/types.js';
import type {DriftReport} from '../../core/drift/types.js';
import {startCursor} from './diff-nav.js';
import {clamp, windowTop, type DiffCursor, type UiState} from './ui-state.js';

/** What the planned action would change, opened with `d` from the dialog. */
type PlanDiff = {
	phase: 'loading' | 'ready' | 'failed';
	report: DriftReport | null;
	error: string | null;
	full: boolean;
	cursor: DiffCursor;
};

/**
 * The confirmation dialog of one action. Each planAction call gets a new `ticket`: an answer for an older
 * ticket (cancelled, re-planned) is dropped, so the dialog only ever shows the plan it would run.
 */
export type ConfirmState = {
	ticket: number;
	request: ActionRequest;
	/** The app as it was when the key was pressed (named while the plan is being prepared). */
	app: AppSummary;
	phase: 'planning' | 'ready' | 'failed';
	plan: ActionPlan | null;
	/** Why planning failed (planAction rejected). */
	error: string | null;
	/** Rollback target picker: the highlighted choice. */
	choice: number;
	/** First dialog line shown. */
	scroll: number;
	diff: PlanDiff | null;
};

/** How tall the dialog is on screen: its line count and where the rollback targets start (null: no picker). */
type ConfirmExtent = {lineCount: number; choiceStart: number | null};

export const readonlyNotice = 'read-only context: actions are off';

/** The rollback picker is shown while the plan offers targets and none is chosen yet. */
export function isChoosing(confirm: ConfirmState): boolean {
	return (
		confirm.phase === 'ready' &&
		confirm.plan !== null &&
		confirm.plan.refusal === null &&
		confirm.request.params?.to === undefined &&
		(confirm.plan.choices?.length ?? 0) > 0
	);
}

/** Only a prepared plan without a refusal, with its target chosen, can be run. */
export function isConfirmable(confirm: ConfirmState | null): confirm is ConfirmState & {plan: ActionPlan} {
	return confirm !== null && confirm.phase === 'ready' && confirm.plan !== null && confirm.plan.refusal === null && !isChoosing(confirm);
}

/**
 * A parameter the dialog can switch (re-planning each time), with the key that does it. Which ones a plan offers,
 * and at what value, the plan says (its `switches`, from the provider): the dialog only shows and flips them.
 */
export type ParamToggle = {
	param: SwitchParam;
	key: string;
	/** What the line says, e.g. 'prune'. */
	label: string;
};

export const paramToggles: readonly ParamToggle[] = [
	{param: 'prune', key: 'p', label: 'prune (delete what left Git)'},
	{param: 'withSource', key: 's', label: 'reconcile the source first'},
	{param: 'revertInGit', key: 'v', label: 'also revert in Git and push'},
];

/** The plan offers this switch. */
export function offersToggle(plan: ActionPlan | null, toggle: ParamToggle): boolean {
	return plan?.switches?.[toggle.param] !== undefined;
}

/** The state the shown plan was made with (the provider's default when the request left it out). */
export function toggleOn(plan: ActionPlan | null, toggle: ParamToggle): boolean {
	return plan?.switches?.[toggle.param] === true;
}

export function togglesFor(confirm: ConfirmState): ParamToggle[] {
	return paramToggles.filter(toggle => offersToggle(confirm.plan, toggle));
}

/** Open the dialog for `request`: it says "preparing…" until the plan for the returned ticket arrives. */
export function openConfirm(state: UiState, request: ActionRequest, app: AppSummary): UiState {
	const ticket = state.ticket + 1;
	const confirm: ConfirmState = {ticket, request, app, phase: 'planning', plan: null, error: null, choice: 0, scroll: 0, diff: null};
	return {...state, ticket, confirm, help: false, input: null};
}

/**
 * Plan again with other parameters (a toggle, the picked rollback target). Nothing can be confirmed meanwhile.
 * A toggle keeps the scroll (the switch stays in view); a picked target starts the new dialog at its top.
 */
export function replan(state: UiState, params: ActionParams, keepScroll = false): UiState {
	if (!state.confirm) return state;
	const request = {...state.confirm.request, params: {...state.confirm.request.params, ...params}};
	const ticket = state.ticket + 1;
	const scroll = keepScroll ? state.confirm.scroll : 0;
	return {
		...state,
		ticket,
		confirm: {...state.confirm, ticket, request, phase: 'planning', plan: null, error: null, choice: 0, scroll, diff: null},
	};
}

function current(state: UiState, ticket: number): ConfirmState | null {
	return state.confirm?.ticket === ticket ? state.confirm : null;
}

/** The picker starts on the newest target that is not what runs now: going back to that would change nothing. */
function preselected(plan: ActionPlan): number {
	return Math.max(0, plan.choices?.findIndex(choice => choice.current !== true) ?? 0);
}

function planArrived(state: UiState, ticket: number, plan: ActionPlan): UiState {
	const confirm = current(state, ticket);
	if (!confirm) return state;
	return {...state, confirm: {...confirm, phase: 'ready', plan, error: null, choice: preselected(plan)}};
}

function planFailed(state: UiState, ticket: number, message: string): UiState {
	const confirm = current(state, ticket);
	if (!confirm) return state;
	return {...state, confirm: {...confirm, phase: 'failed', plan: null, error: message}};
}

/** `d`: the plan's diff view, loading until the report for this ticket arrives. */
export function openPlanDiff(state: UiState): UiState {
	if (!state.confirm) return state;
	return {...state, confirm: {...state.confirm, diff: {phase: 'loading', report: null, error: null, full: false, cursor: startCursor}}};
}

function planDiffArrived(state: UiState, ticket: number, report: DriftReport | null): UiState {
	const confirm = current(state, ticket);
	if (!confirm?.diff) return state;
	return {...state, confirm: {...confirm, diff: {...confirm.diff, phase: 'ready', report, error: null}}};
}

function planDiffFailed(state: UiState, ticket: number, message: string): UiState {
	const confirm = current(state, ticket);
	if (!confirm?.diff) return state;
	return {...state, confirm: {...confirm, diff: {...confirm.diff, phase: 'failed', report: null, error: message}}};
}

/** Answers that arrive after the key that asked for them; each is dropped unless the dialog still holds its ticket. */
type ConfirmAnswer =
	| {type: 'plan'; ticket: number; plan: ActionPlan}
	| {type: 'plan-failed'; ticket: number; message: string}
	| {type: 'diff'; ticket: number; report: DriftReport | null}
	| {type: 'diff-failed'; ticket: number; message: string};

export function confirmReducer(state: UiState, answer: ConfirmAnswer): UiState {
	switch (answer.type) {
		case 'plan': {
			return planArrived(state, answer.ticket, answer.plan);
		}

		case 'plan-failed': {
			return planFailed(state, answer.ticket, answer.message);
		}

		case 'diff': {
			return planDiffArrived(state, answer.ticket, answer.report);
		}

		case 'diff-failed': {
			return planDiffFailed(state, answer.ticket, answer.message);
		}
	}
}

/**
 * Whether part of the dialog is still below the screen with its first line shown at `scroll`. Nothing runs
 * before every line was on screen (a small terminal shows the dialog in parts), and the title says so.
 */
export function hasUnreadLines(scroll: number, lineCount: number, rows: number): boolean {
	return Math.min(scroll, Math.max(0, lineCount - rows)) + rows < lineCount;
}

/** j/k in the dialog: move the picker's highlight (kept on screen), or scroll a dialog taller than the screen. */
export function moveInDialog(state: UiState, extent: ConfirmExtent, rows: number, delta: number): UiState {
	const confirm = state.confirm;
	if (!confirm) return state;
	if (isChoosing(confirm) && extent.choiceStart !== null) {
		const count = confirm.plan?.choices?.length ?? 0;
		const choice = clamp(confirm.choice + delta, 0, count - 1);
		const scroll = windowTop(confirm.scroll, extent.choiceStart + choice, rows, extent.lineCount);
		return {...state, confirm: {...confirm, choice, scroll}};
	}

	const max = Math.max(0, extent.lineCount - rows);
	return {...state, confirm: {...confirm, scroll: clamp(confirm.scroll + delta, 0, max)}};
}

/** First dialog line on screen: the highlighted target stays in view, even before the first move. */
export function dialogTop(confirm: ConfirmState, selected: number | null, lineCount: number, rows: number): number {
	return selected === null ? confirm.scroll : windowTop(confirm.scroll, selected, rows, lineCount);
}

/** `esc` in the dialog: nothing is sent. */
export function cancelConfirm(state: UiState): UiState {
	return {...state, confirm: null, notice: {kind: 'info', text: 'cancelled: nothing was sent'}};
}

/** `esc` in the plan's diff: back to the dialog. */
export function closePlanDiff(state: UiState): UiState {
	return state.confirm ? {...state, confirm: {...state.confirm, diff: null}} : state;
}
