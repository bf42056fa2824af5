// Confirm mode: the keys of the action dialog, and of the plan's diff opened from it. `y` is the one key that
// sends anything, and only once the whole dialog was on screen (state/confirm-dialog.ts says when).
import {
	cancelConfirm,
	closePlanDiff,
	hasUnreadLines,
	isChoosing,
	isConfirmable,
	moveInDialog,
	offersToggle,
	openPlanDiff,
	paramToggles,
	readonlyNotice,
	replan,
	toggleOn,
	type ParamToggle,
} from '../state/confirm-dialog.js';
import type {UiState} from '../state/ui-state.js';
import {appReadOnly, isReadOnly} from './actions.js';
import {char, named} from './keys.js';
import type {Command, CommandEnv} from './types.js';

/** j/k in the dialog: move the picker's highlight, or scroll a dialog taller than the screen. */
export function moveConfirm(state: UiState, env: CommandEnv, delta: number): UiState {
	const extent = env.confirmView(state);
	return extent ? moveInDialog(state, extent, env.scrollRows, delta) : state;
}

/** Enter picks a rollback target (it never runs an action). */
function pick(state: UiState, env: CommandEnv): UiState {
	const confirm = state.confirm;
	const choice = confirm?.plan?.choices?.[confirm.choice];
	if (!choice) return state;
	const next = replan(state, {to: choice.id});
	env.planAction(next.confirm!.request, next.ticket);
	return next;
}

function canSwitch(state: UiState, toggle: ParamToggle): boolean {
	return isConfirmable(state.confirm) && offersToggle(state.confirm.plan, toggle);
}

/** A switch the provider fixes for this app says why it stays as it is. */
function fixedReason(state: UiState, toggle: ParamToggle): string | null {
	if (!isConfirmable(state.confirm)) return null;
	const {plan} = state.confirm;
	const fixed = plan.fixedParams?.[toggle.param];
	return fixed ? `${toggle.param} stays ${toggleOn(plan, toggle) ? 'on' : 'off'}: ${fixed}` : null;
}

function switchParam(state: UiState, env: CommandEnv, toggle: ParamToggle): UiState {
	if (!isConfirmable(state.confirm)) return state;
	const {plan} = state.confirm;
	const next = replan(state, {[toggle.param]: !toggleOn(plan, toggle)}, true);
	env.planAction(next.confirm!.request, next.ticket);
	return next;
}

function unreadReason(state: UiState, env: CommandEnv): string | null {
	const extent = env.confirmView(state);
	if (!state.confirm || !extent || !hasUnreadLines(state.confirm.scroll, extent.lineCount, env.scrollRows)) return null;
	return 'read all of it first: j or G scrolls to the end, then y runs it';
}

function run(state: UiState, env: CommandEnv): UiState {
	if (!isConfirmable(state.confirm)) return state;
	// The context may have turned read-only while the dialog was open: the dialog closes, saying why.
	if (appReadOnly(env, state.confirm.app)) return {...state, confirm: null, notice: {kind: 'info', text: readonlyNotice}};
	env.runAction(state.confirm.plan);
	return {...state, confirm: null, notice: {kind: 'info', text: `${state.confirm.plan.title}: sent`}};
}

function showDiff(state: UiState, env: CommandEnv): UiState {
	if (!isConfirmable(state.confirm)) return state;
	const next = openPlanDiff(state);
	env.planDiff(state.confirm.plan, next.confirm!.ticket);
	return next;
}

const toggleHints: Record<ParamToggle['param'], string> = {prune: 'prune', withSource: 'source', revertInGit: 'revert in Git'};

export const confirmCommands: readonly Command[] = [
	{
		id: 'confirm-run',
		description: 'Run it: the only key that sends anything',
		modes: ['confirm'],
		keys: [char('y')],
		hint: 'run it',
		hintPriority: 0,
		when: state => isConfirmable(state.confirm),
		// Nothing runs before every line of the dialog was on screen (a small terminal shows it in parts).
		disabledReason: (state, env) => (isReadOnly(env) ? null : unreadReason(state, env)),
		hintWhileDisabled: true,
		run,
	},
	{
		id: 'confirm-cancel',
		description: 'Cancel: close the dialog, nothing is sent',
		modes: ['confirm'],
		keys: [named('escape'), char('n'), char('q')],
		// Refused or failed: nothing could run, so there is nothing to cancel, only a dialog to close.
		hint: state => (state.confirm?.phase === 'failed' || (state.confirm?.plan?.refusal ?? null) !== null ? 'close' : 'cancel'),
		hintPriority: 0,
		run: cancelConfirm,
	},
	{
		id: 'confirm-pick',
		description: 'Pick the rollback target (Enter never runs actions)',
		modes: ['confirm'],
		keys: [named('return')],
		hint: 'pick',
		hintPriority: 0,
		// Anywhere but the picker Enter runs nothing, and says which key does.
		disabledReason: state => {
			if (!state.confirm || isChoosing(state.confirm)) return null;
			return isConfirmable(state.confirm) ? 'Enter does not run actions: y runs it, esc cancels' : 'nothing to run here: esc closes';
		},
		run: pick,
	},
	{
		id: 'confirm-diff',
		description: 'Show what the action would change, or why it cannot',
		modes: ['confirm'],
		keys: [char('d')],
		hint: 'diff',
		hintPriority: 0,
		when: state => isConfirmable(state.confirm),
		// Without a diff the key says why there is none, as the dialog does.
		disabledReason: state =>
			isConfirmable(state.confirm) && !state.confirm.plan.diff
				? `no diff: ${state.confirm.plan.noDiff ?? 'this action cannot show what it would change'}`
				: null,
		run: showDiff,
	},
	...paramToggles.map(
		(toggle): Command => ({
			id: `confirm-toggle-${toggle.param}`,
			description: `Switch: ${toggle.label} (plans again)`,
			modes: ['confirm'],
			keys: [char(toggle.key)],
			hint: toggleHints[toggle.param],
			hintPriority: 0,
			when: state => canSwitch(state, toggle),
			disabledReason: state => fixedReason(state, toggle),
			run: (state, env) => switchParam(state, env, toggle),
		}),
	),
	{
		id: 'close-plan-diff',
		description: 'Back to the confirmation',
		modes: ['confirm-diff'],
		keys: [named('escape'), char('q')],
		hint: 'back',
		hintPriority: 0,
		run: closePlanDiff,
	},
];
