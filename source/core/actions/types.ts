// The vocabulary of mutating actions: what the user asks for, what the confirmation shows before anything is
// sent, and what happened. Providers plan and execute; the ActionService adds readonly refusal and the audit log.
import type {AppSummary} from '../apps/model.js';
import type {ObjectRef} from '../diff/types.js';
import type {DriftReport} from '../drift/types.js';

export type ActionKind =
	| 'sync'
	| 'refresh'
	| 'hard-refresh'
	| 'terminate'
	| 'rollback'
	| 'reconcile'
	| 'suspend'
	| 'resume'
	| 'enable-auto-sync';

export type ActionParams = {
	/** Argo/native sync: delete what left Git (native: only when the app enables prune). */
	prune?: boolean;
	/** Argo partial sync: only these resources. */
	resources?: ObjectRef[];
	/** Rollback target: Argo history id; Flux/native commit SHA (or a unique prefix). */
	to?: string;
	/** Flux reconcile: reconcile the source first (default true). */
	withSource?: boolean;
	/** Native rollback: also revert in Git and push, so the next sync does not undo it. */
	revertInGit?: boolean;
	/** Flux suspend: why, written beside who (driftwatch.dev/suspended-reason). */
	reason?: string;
};

/** The parameters a confirmation can switch (and plan again). */
export type SwitchParam = 'prune' | 'withSource' | 'revertInGit';

/** The switches a plan offers, each at the value the plan was made with (the request's, or the provider's default). */
type PlanSwitches = Partial<Record<SwitchParam, boolean>>;

/** A parameter the user cannot switch for this app, and the reason in a few words. */
export type FixedParams = Partial<Record<SwitchParam, string>>;

export type ActionRequest = {kind: ActionKind; appId: string; params?: ActionParams};

/** A choice the user makes before confirming (rollback target…). */
export type ActionChoice = {
	id: string;
	label: string;
	detail: string;
	/** What runs now (Argo CD's newest history entry, Flux's applied revision): rolling back to it changes nothing. */
	current?: boolean;
};

/** What the confirmation says the action will do: a provider prepares it, the plan carries it. */
export type PlanContent = {
	/** 'Sync Application argocd/shop' */
	title: string;
	/** One line each, in order: revision, prune, auto-sync change, objects to delete… */
	effects: string[];
	/** Worth reading before confirming (ApplicationSet owner, objects that will be deleted…). */
	warnings: string[];
	refusal: string | null;
	/** Rollback targets to choose from when `params.to` is not given yet. */
	choices?: ActionChoice[];
	/** What the confirmation can switch for this action, at the values this plan was made with (never read back from `effects`). */
	switches?: PlanSwitches;
	/** Parameters that cannot change what this plan does, each with why (a native app whose config does not enable prune). */
	fixedParams?: FixedParams;
};

/**
 * Everything the confirmation names before anything is sent: context, namespace, app and exactly what will
 * happen. `refusal` set = the action cannot run (operation running, app deleting, readonly…): nothing is sent.
 */
export type ActionPlan = PlanContent & {
	request: ActionRequest;
	app: AppSummary;
	context: string;
	/** The context matches the production pattern: the UI shows it loudly. */
	production: boolean;
	/** What the action would change, when it can be computed (the diff one key away); rejects saying why not. */
	diff?: () => Promise<DriftReport | null>;
	/** With `diff`: what it stands for, when that is not plain (e.g. the tip a controller would deploy after a refresh). */
	diffAbout?: string;
	/** Without `diff`: why there is no diff to show (the action changes no resource, it cannot be rendered…). */
	noDiff?: string;
};

/** After the request(s): done, or the one-line reason it failed. Progress is then read from the app row. */
export type ActionOutcome = {
	ok: boolean;
	message: string;
	/** Extra facts for the audit line (revision synced, branch kept after a rejected push…); never Secret values. */
	details?: Record<string, unknown>;
};

/**
 * What running a plan came to, for every caller (TUI, CLI): the outcome, and whether nothing was sent because the
 * action was refused (read-only, a refusal, an audit log that cannot be written) or the server denied a write (403).
 */
export type ActionResult = ActionOutcome & {refused: boolean; forbidden: boolean};

/** One line of the audit log (JSON Lines at $XDG_STATE_HOME/driftwatch/audit.log). */
export type AuditEntry = {
	time: string;
	user: string;
	context: string;
	namespace: string;
	app: string;
	kind: string;
	action: ActionKind;
	params: Record<string, unknown>;
	/**
	 * 'started' is written (and flushed) before the first write an action makes; its outcome follows as a second
	 * line with the same `attempt`. A reader turns a start with no outcome into 'unfinished'.
	 */
	result: 'started' | 'ok' | 'failed' | 'refused' | 'unfinished';
	/** Ties an action's 'started' line to its outcome line. */
	attempt?: string;
	error?: string;
};

/** What each action is called on rows, in notices and in titles before a plan names it. */
export const actionLabels: Readonly<Record<ActionKind, string>> = {
	sync: 'Sync',
	refresh: 'Refresh',
	'hard-refresh': 'Hard refresh',
	terminate: 'Terminate operation',
	rollback: 'Roll back',
	reconcile: 'Reconcile',
	suspend: 'Suspend',
	resume: 'Resume',
	'enable-auto-sync': 'Enable auto-sync',
};
