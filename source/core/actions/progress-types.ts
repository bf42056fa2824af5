import type {ActionKind} from './types.js';

/**
 * An action's life after confirmation, as the row shows it: 'sending' the request, 'waiting' for the controller
 * (Argo operationState, Flux lastHandledReconcileAt then Ready), then 'succeeded' or 'failed'. Failures stay until
 * dismissed; successes fade after a while.
 */
export type ActionProgress = {
	action: ActionKind;
	/** 'Sync', 'Reconcile'… for the row. */
	label: string;
	phase: 'sending' | 'waiting' | 'succeeded' | 'failed';
	/** The controller's or the request's message, one line. */
	message: string;
	startedAt: number;
	finishedAt: number | null;
};
