// The last operation and the UI label Argo CD derives from it: Running, Succeeded, Failed, Error, Terminating
// from status.operationState; a requested `.operation` the controller has not started reads Running.

import type {AppOperation, OperationPhase} from '../../apps/model.js';
import type {ArgoOperationState} from './projection.js';

const phases: readonly OperationPhase[] = ['Running', 'Succeeded', 'Failed', 'Error', 'Terminating'];

function operationPhase(value: string): OperationPhase | null {
	return (phases as readonly string[]).includes(value) ? (value as OperationPhase) : null;
}

/** Completed phases; a Running or Terminating state belongs to the current operation. */
function isCompleted(phase: OperationPhase): boolean {
	return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

export type ArgoOperationView = {
	operation: AppOperation | null;
	/** Running between retries: the attempt failed and the controller is backing off. */
	retrying: boolean;
	/** `.operation` is set but the controller has not started it yet. */
	waiting: boolean;
};

/**
 * `.operation` set means a sync is requested or in progress. If operationState
 * is missing or describes an older, finished operation, the new one has not
 * started yet: report it as Running with no message, as Argo CD's UI does.
 */
export function argoOperation(operationRequested: boolean, state: ArgoOperationState | null, deleting = false): ArgoOperationView {
	// Deleting an app is an operation of its own (the controller deleting its resources) while no sync is asked.
	if (deleting && !operationRequested)
		return {operation: {phase: 'Running', message: 'Deleting the app and its resources'}, retrying: false, waiting: false};
	const phase = state === null ? null : operationPhase(state.phase);
	const current = state !== null && phase !== null && !(operationRequested && isCompleted(phase));
	if (operationRequested && !current) {
		return {operation: {phase: 'Running', message: ''}, retrying: false, waiting: true};
	}
	if (state === null || phase === null) return {operation: null, retrying: false, waiting: false};
	return {
		operation: {phase, message: state.message},
		retrying: phase === 'Running' && state.finishedAt !== null,
		waiting: false,
	};
}

/**
 * Argo CD UI wording (Syncing, Sync failed, Sync error, Deleting). Deleting wins over everything; 'Succeeded'
 * adds nothing to the sync/health columns, so it has no label. Unlike Argo CD's UI, which says "Terminated"
 * while the phase is Terminating, the label says Terminating: the operation has not stopped yet.
 */
export function argoStateLabel(deleting: boolean, view: ArgoOperationView, isSync = true): string {
	if (deleting) return 'Deleting';
	const phase = view.operation?.phase;
	if (phase === undefined || phase === 'Succeeded') return '';
	// Terminating is still under way: the controller has not stopped the operation yet.
	if (phase === 'Terminating') return 'Terminating';
	if (!isSync) return 'Unknown';
	switch (phase) {
		case 'Running':
			return view.retrying ? 'Sync retrying' : 'Syncing';
		case 'Failed':
			return 'Sync failed';
		case 'Error':
			return 'Sync error';
	}
}
