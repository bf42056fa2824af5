// Action keys on the list, the detail and the tree (sync, refresh, rollback…). An action key only opens the confirmation
// dialog (confirm.ts): `y` in the dialog is the one key that runs anything. A key the app does not offer now
// is disabled, and says why (read-only, not offered, Flux's counterpart).
import {actionLabels, type ActionKind, type ActionParams, type ActionRequest} from '../../core/actions/types.js';
import type {AppSummary} from '../../core/apps/model.js';
import {controllerOf} from '../../core/controllers/controllers.js';
import {isFinished} from '../text/action-progress.js';
import {openConfirm, readonlyNotice} from '../state/confirm-dialog.js';
import {cursorIndex, withError, withInfo as info, type UiState} from '../state/ui-state.js';
import {char} from './keys.js';
import {actionModes, type Command, type CommandEnv, type Offer} from './types.js';

/** No action anywhere (with several contexts watched: in none of them). */
export function isReadOnly(env: CommandEnv): boolean {
	return env.snapshot.readonly === true;
}

/** No action on this app: its own context is read-only (several watched), else the session's. */
export function appReadOnly(env: CommandEnv, app: AppSummary): boolean {
	const own = env.snapshot.watched?.find(context => context.name === app.context);
	return own ? own.readonly : isReadOnly(env);
}

/** The read-only notice, naming the context when several are watched. */
function readOnlyReason(env: CommandEnv, app: AppSummary): string {
	return (env.snapshot.watched?.length ?? 0) > 1 ? `read-only context ${app.context}: actions are off` : readonlyNotice;
}

/** The app an action acts on: the open detail (or its tree) or diff, else the list row under the cursor. */
function targetApp(state: UiState, env: CommandEnv): AppSummary | null {
	const open = state.screen === 'detail' || state.screen === 'tree' ? state.detail : state.screen === 'diff' ? state.diff : null;
	if (open) return env.snapshot.apps.find(app => app.id === open.id) ?? open.app;
	const visible = env.visible(state);
	return visible[cursorIndex(state, visible)] ?? null;
}

/** What the target app offers now: the words of the action hints. */
export function offerFor(state: UiState, env: CommandEnv): Offer {
	const app = targetApp(state, env);
	return {actions: app && !appReadOnly(env, app) ? env.monitor.actionsFor(app.id) : []};
}

/** The key that starts `kind`, from the table below (so a hint never names a key the table does not bind). */
function keyOf(kind: ActionKind): string {
	const spec = actionCommands.find(command => command.action?.includes(kind) && command.keys.length > 0)?.keys[0];
	return spec?.type === 'char' ? spec.char : kind;
}

/** What `kinds` would start on now: the app and the first of them it offers, or why none can start. */
function actionTarget(
	state: UiState,
	env: CommandEnv,
	kinds: readonly ActionKind[],
): {app: AppSummary; kind: ActionKind} | {reason: string} {
	const app = targetApp(state, env);
	if (!app) return {reason: 'no app selected'};
	if (appReadOnly(env, app)) return {reason: readOnlyReason(env, app)};
	const offered = env.monitor.actionsFor(app.id);
	const kind = kinds.find(candidate => offered.includes(candidate));
	if (kind) return {app, kind};
	// A key of another controller's action (Argo CD's S on a Flux app): the app's controller names its own.
	const instead = controllerOf(app.provider)?.insteadOf?.(kinds[0]!, app);
	if (instead) return {reason: instead.says(keyOf(instead.kind))};
	return {reason: `${actionLabels[kinds[0]!]} is not offered for ${app.name} now`};
}

function actionRefusal(state: UiState, env: CommandEnv, kinds: readonly ActionKind[]): string | null {
	const target = actionTarget(state, env, kinds);
	return 'reason' in target ? target.reason : null;
}

/** A refused attempt in a read-only context still goes to the core, which plans it refused (nothing sent) and audits it. */
function auditRefused(state: UiState, env: CommandEnv, kinds: readonly ActionKind[]): void {
	const app = targetApp(state, env);
	if (app && appReadOnly(env, app)) env.monitor.refuseAction({kind: kinds[0]!, appId: app.id});
}

/** Open the confirmation for the first of `kinds` the app offers; say why when there is none. */
function startAction(state: UiState, env: CommandEnv, kinds: readonly ActionKind[], params?: ActionParams): UiState {
	const target = actionTarget(state, env, kinds);
	if ('reason' in target) {
		auditRefused(state, env, kinds);
		return info(state, target.reason);
	}

	const {app, kind} = target;
	const request: ActionRequest = params ? {kind, appId: app.id, params} : {kind, appId: app.id};
	const next = openConfirm(state, request, app);
	env.planAction(request, next.ticket);
	return next;
}

/** Every action row is disabled, with its reason, while the app offers none of its actions now. */
function disabledUnlessOffered(command: Command): Command {
	const kinds = command.action;
	if (!kinds) return command;
	return {
		...command,
		disabledReason: (state, env) => actionRefusal(state, env, kinds),
		refused: (state, env) => auditRefused(state, env, kinds),
	};
}

function finishedActionApp(state: UiState, env: CommandEnv): AppSummary | null {
	const app = targetApp(state, env);
	return app && isFinished(env.snapshot.actions?.[app.id]) ? app : null;
}

function dismiss(state: UiState, env: CommandEnv): UiState {
	const app = finishedActionApp(state, env);
	if (app) env.monitor.dismissAction(app.id);
	return state;
}

function syncFromPalette(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	if (args.length === 0) return startAction(state, env, ['sync']);
	if (args[0] === 'prune') return startAction(state, env, ['sync'], {prune: true});
	return withError(state, 'usage: :sync [prune]');
}

function refreshFromPalette(state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	if (args.length === 0) return startAction(state, env, ['refresh', 'reconcile']);
	if (args[0] === 'hard') return startAction(state, env, ['hard-refresh']);
	return withError(state, 'usage: :refresh [hard]');
}

const actionRows: Command[] = [
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
		hint: 'dismiss',
		hintPriority: 0,
		disabledReason: (state, env) => (finishedActionApp(state, env) ? null : 'no finished action to dismiss'),
		run: dismiss,
	},
];

export const actionCommands: readonly Command[] = actionRows.map(disabledUnlessOffered);
