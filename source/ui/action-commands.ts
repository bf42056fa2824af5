// The action rows of the command table (sync, refresh, rollback…) and the keys of the confirmation dialog.
// An action key only opens the dialog: `y` in the dialog is the one key that runs anything.
import {actionLabels} from '../core/actions/labels.js';
import type {AppSummary} from '../core/apps/model.js';
import {controllerOf} from '../core/controllers/controllers.js';
import type {ActionKind, ActionParams, ActionRequest} from '../core/actions/types.js';
import {isFinished} from './action-progress.js';
import {
	isChoosing,
	isConfirmable,
	offersToggle,
	openConfirm,
	openPlanDiff,
	paramToggles,
	readonlyNotice,
	replan,
	toggleOn,
	type ParamToggle,
} from './action-flow.js';
import type {Command, CommandEnv, Offer} from './commands.js';
import {char, named} from './keys.js';
import {clamp, cursorIndex, windowTop, type Mode, type UiState} from './ui-state.js';

/** Where action keys work: on the list row under the cursor, and on the open app. */
const actionModes: readonly Mode[] = ['list', 'detail'];

function info(state: UiState, text: string): UiState {
	return {...state, notice: {kind: 'info', text}};
}

export function isReadOnly(env: CommandEnv): boolean {
	return env.snapshot.readonly === true;
}

/** The app an action acts on: the open detail or diff, else the list row under the cursor. */
export function targetApp(state: UiState, env: CommandEnv): AppSummary | null {
	const open = state.screen === 'detail' ? state.detail : state.screen === 'diff' ? state.diff : null;
	if (open) return env.snapshot.apps.find(app => app.id === open.id) ?? open.app;
	const visible = env.visible(state);
	return visible[cursorIndex(state, visible)] ?? null;
}

/** What the target app offers now: drives the hints, and the notice when a key is not offered. */
export function offerFor(state: UiState, env: CommandEnv): Offer {
	const readonly = isReadOnly(env);
	const app = targetApp(state, env);
	return {
		readonly,
		actions: app && !readonly ? env.monitor.actionsFor(app.id) : [],
		progress: app ? (env.snapshot.actions?.[app.id] ?? null) : null,
	};
}

/** The key that starts `kind`, from the table below (so a hint never names a key the table does not bind). */
function keyOf(kind: ActionKind): string {
	const spec = actionCommands.find(command => command.action?.includes(kind) && command.keys.length > 0)?.keys[0];
	return spec?.type === 'char' ? spec.char : kind;
}

/** Open the confirmation for the first of `kinds` the app offers; say why when there is none. */
function startAction(state: UiState, env: CommandEnv, kinds: readonly ActionKind[], params?: ActionParams): UiState {
	const app = targetApp(state, env);
	if (!app) return info(state, 'no app selected');
	if (isReadOnly(env)) {
		// The core plans it (refused: nothing is sent) and writes the refused attempt to the audit log.
		env.monitor.refuseAction({kind: kinds[0]!, appId: app.id});
		return info(state, readonlyNotice);
	}
	const offered = env.monitor.actionsFor(app.id);
	const kind = kinds.find(candidate => offered.includes(candidate));
	// A key of another controller's action (Argo CD's S on a Flux app): the app's controller names its own.
	const instead = kind ? null : controllerOf(app.provider)?.insteadOf?.(kinds[0]!, app);
	if (instead) return info(state, instead.says(keyOf(instead.kind)));
	if (!kind) return info(state, `${actionLabels[kinds[0]!]} is not offered for ${app.name} now`);
	const request: ActionRequest = params ? {kind, appId: app.id, params} : {kind, appId: app.id};
	const next = openConfirm(state, request, app);
	env.planAction(request, next.ticket);
	return next;
}

function dismiss(state: UiState, env: CommandEnv): UiState {
	const app = targetApp(state, env);
	if (!app || !isFinished(env.snapshot.actions?.[app.id])) return info(state, 'no finished action to dismiss');
	env.monitor.dismissAction(app.id);
	return state;
}

function syncFromPalette(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	if (args.length === 0) return startAction(state, env, ['sync']);
	if (args[0] === 'prune') return startAction(state, env, ['sync'], {prune: true});
	return {...state, notice: {kind: 'error', text: 'usage: :sync [prune]'}};
}

function refreshFromPalette(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	if (args.length === 0) return startAction(state, env, ['refresh', 'reconcile']);
	if (args[0] === 'hard') return startAction(state, env, ['hard-refresh']);
	return {...state, notice: {kind: 'error', text: 'usage: :refresh [hard]'}};
}

export const actionCommands: readonly Command[] = [
	{
		id: 'sync',
		description: 'Sync to Git (the confirmation switches prune with p)',
		modes: actionModes,
		keys: [char('S')],
		hint: 'sync',
		hintPriority: 0,
		action: ['sync'],
		palette: {name: 'sync', args: '[prune]'},
		run: syncFromPalette,
	},
	{
		id: 'refresh',
		description: 'Refresh (Argo CD) / reconcile, source first (Flux)',
		modes: actionModes,
		keys: [char('r')],
		hint: (_state, offer) => (offer.actions.includes('refresh') ? 'refresh' : 'reconcile'),
		hintPriority: 0,
		action: ['refresh', 'reconcile'],
		palette: {name: 'refresh', args: '[hard]', complete: () => ['hard']},
		run: refreshFromPalette,
	},
	{
		id: 'hard-refresh',
		description: 'Hard refresh (Argo CD: render again, no cache)',
		modes: actionModes,
		keys: [char('R')],
		hint: 'hard refresh',
		hintPriority: 0,
		action: ['hard-refresh'],
		run: (state, env) => startAction(state, env, ['hard-refresh']),
	},
	{
		id: 'terminate',
		description: 'Terminate the running operation (Argo CD)',
		modes: actionModes,
		keys: [char('T')],
		hint: 'terminate',
		hintPriority: 0,
		action: ['terminate'],
		palette: {name: 'terminate'},
		run: (state, env) => startAction(state, env, ['terminate']),
	},
	{
		id: 'rollback',
		description: 'Roll back: pick a history entry, then confirm',
		modes: actionModes,
		keys: [char('B')],
		hint: 'rollback',
		hintPriority: 0,
		action: ['rollback'],
		palette: {name: 'rollback', args: '[ID]'},
		run: (state, env, args) => startAction(state, env, ['rollback'], args[0] ? {to: args[0]} : undefined),
	},
	{
		id: 'enable-auto-sync',
		description: 'Turn auto-sync back on (Argo CD)',
		modes: actionModes,
		keys: [char('A')],
		hint: 'auto-sync',
		hintPriority: 0,
		action: ['enable-auto-sync'],
		palette: {name: 'autosync', aliases: ['auto-sync']},
		run: (state, env) => startAction(state, env, ['enable-auto-sync']),
	},
	{
		id: 'suspend-resume',
		description: 'Suspend a Flux app, or resume a suspended one',
		modes: actionModes,
		keys: [char('u')],
		hint: (_state, offer) => (offer.actions.includes('resume') ? 'resume' : 'suspend'),
		hintPriority: 0,
		action: ['suspend', 'resume'],
		run: (state, env) => startAction(state, env, ['suspend', 'resume']),
	},
	{
		id: 'suspend',
		description: 'Suspend reconciliation (Flux)',
		modes: [],
		keys: [],
		action: ['suspend'],
		palette: {name: 'suspend'},
		run: (state, env) => startAction(state, env, ['suspend']),
	},
	{
		id: 'resume',
		description: 'Resume reconciliation (Flux)',
		modes: [],
		keys: [],
		action: ['resume'],
		palette: {name: 'resume'},
		run: (state, env) => startAction(state, env, ['resume']),
	},
	{
		id: 'reconcile',
		description: 'Reconcile now (Flux)',
		modes: [],
		keys: [],
		action: ['reconcile'],
		palette: {name: 'reconcile'},
		run: (state, env) => startAction(state, env, ['reconcile']),
	},
	{
		id: 'dismiss-action',
		description: 'Dismiss the finished action shown on the app',
		modes: actionModes,
		keys: [char('x')],
		// Hinted only on a finished action; elsewhere the key says there is nothing to dismiss.
		hint: (_state, offer) => (isFinished(offer.progress) ? 'dismiss' : null),
		hintPriority: 0,
		run: dismiss,
	},
];

/** j/k in the dialog: move the picker's highlight (kept on screen), or scroll a dialog taller than the screen. */
export function moveConfirm(state: UiState, env: CommandEnv, delta: number): UiState {
	const confirm = state.confirm;
	const view = env.confirmView(state);
	if (!confirm || !view) return state;
	if (isChoosing(confirm) && view.choiceStart !== null) {
		const count = confirm.plan?.choices?.length ?? 0;
		const choice = clamp(confirm.choice + delta, 0, count - 1);
		const scroll = windowTop(confirm.scroll, view.choiceStart + choice, env.scrollRows, view.lineCount);
		return {...state, confirm: {...confirm, choice, scroll}};
	}

	const max = Math.max(0, view.lineCount - env.scrollRows);
	return {...state, confirm: {...confirm, scroll: clamp(confirm.scroll + delta, 0, max)}};
}

/** Enter picks a rollback target; anywhere else in the dialog it runs nothing, and says which key does. */
function enter(state: UiState, env: CommandEnv): UiState {
	const confirm = state.confirm;
	if (!confirm) return state;
	if (!isChoosing(confirm)) {
		return info(state, isConfirmable(confirm) ? 'Enter does not run actions: y runs it, esc cancels' : 'nothing to run here: esc closes');
	}

	const choice = confirm.plan?.choices?.[confirm.choice];
	if (!choice) return state;
	const next = replan(state, {to: choice.id});
	env.planAction(next.confirm!.request, next.ticket);
	return next;
}

function canSwitch(state: UiState, toggle: ParamToggle): boolean {
	return isConfirmable(state.confirm) && offersToggle(state.confirm.plan, toggle);
}

function switchParam(state: UiState, env: CommandEnv, toggle: ParamToggle): UiState {
	if (!isConfirmable(state.confirm)) return state;
	const {plan} = state.confirm;
	const fixed = plan.fixedParams?.[toggle.param];
	if (fixed) return info(state, `${toggle.param} stays ${toggleOn(plan, toggle) ? 'on' : 'off'}: ${fixed}`);
	const next = replan(state, {[toggle.param]: !toggleOn(plan, toggle)}, true);
	env.planAction(next.confirm!.request, next.ticket);
	return next;
}

function run(state: UiState, env: CommandEnv): UiState {
	if (!isConfirmable(state.confirm)) return state;
	// The context may have turned read-only while the dialog was open.
	if (isReadOnly(env)) return {...state, confirm: null, notice: {kind: 'info', text: readonlyNotice}};
	// Nothing runs before every line of the dialog was on screen (a small terminal shows it in parts).
	const view = env.confirmView(state);
	if (view && Math.min(state.confirm.scroll, Math.max(0, view.lineCount - env.scrollRows)) + env.scrollRows < view.lineCount) {
		return info(state, 'read all of it first: j or G scrolls to the end, then y runs it');
	}

	env.runAction(state.confirm.plan);
	return {...state, confirm: null, notice: {kind: 'info', text: `${state.confirm.plan.title}: sent`}};
}

function showDiff(state: UiState, env: CommandEnv): UiState {
	if (!isConfirmable(state.confirm)) return state;
	if (!state.confirm.plan.diff)
		return info(state, `no diff: ${state.confirm.plan.noDiff ?? 'this action cannot show what it would change'}`);
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
		run: state => ({...state, confirm: null, notice: {kind: 'info', text: 'cancelled: nothing was sent'}}),
	},
	{
		id: 'confirm-pick',
		description: 'Pick the rollback target (Enter never runs actions)',
		modes: ['confirm'],
		keys: [named('return')],
		hint: state => (state.confirm && isChoosing(state.confirm) ? 'pick' : null),
		hintPriority: 0,
		run: enter,
	},
	{
		id: 'confirm-diff',
		description: 'Show what the action would change, or why it cannot',
		modes: ['confirm'],
		keys: [char('d')],
		// Hinted only where there is a diff; elsewhere the key says why there is none, as the dialog does.
		hint: state => (isConfirmable(state.confirm) && state.confirm.plan.diff !== undefined ? 'diff' : null),
		hintPriority: 0,
		when: state => isConfirmable(state.confirm),
		run: showDiff,
	},
	...paramToggles.map(
		(toggle): Command => ({
			id: `confirm-toggle-${toggle.param}`,
			description: `Switch: ${toggle.label} (plans again)`,
			modes: ['confirm'],
			keys: [char(toggle.key)],
			// A switch that changes nothing for this app is not advertised; its key still says why.
			hint: state => (state.confirm?.plan?.fixedParams?.[toggle.param] ? null : toggleHints[toggle.param]),
			hintPriority: 0,
			when: state => canSwitch(state, toggle),
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
		run: state => (state.confirm ? {...state, confirm: {...state.confirm, diff: null}} : state),
	},
];
