import type {ActionKind} from './types.js';

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
