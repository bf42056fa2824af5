// The last sync operation and the UI label Argo CD derives from it
// (reference/argocd.md §1.6 and §2.5).

import type {AppOperation, OperationPhase} from '../apps/model.js';
import type {ArgoOperationState} from './argocd-projection.js';

const phases: readonly OperationPhase[] = ['Running', 'Succeeded', 'Failed', 'Error', 'Terminating'];

export function operationPhase(value: string): OperationPhase | null {
	return (phases as readonly string[]).includes(value) ? (value as OperationPhase) : null;
}

/** Completed phases; a Running or Terminating state belongs to the current operation. */
export function isCompleted(phase: OperationPhase): boolean {
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
export function argoOperation(
	operationRequested: boolean,
	state: ArgoOperationState | null,
): ArgoOperationView {
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
 * Argo CD UI wording. Deleting wins over everything; 'Succeeded' adds nothing
 * to the sync/health columns, so it has no label.
 */
export function argoStateLabel(deleting: boolean, view: ArgoOperationView): string {
	if (deleting) return 'Deleting';
	switch (view.operation?.phase) {
		case 'Running':
			return view.retrying ? 'Sync retrying' : 'Syncing';
		case 'Failed':
			return 'Sync failed';
		case 'Error':
			return 'Sync error';
		case 'Terminating':
			return 'Terminated';
		default:
			return '';
	}
}
