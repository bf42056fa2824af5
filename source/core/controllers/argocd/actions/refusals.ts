// Argo CD's own preconditions for starting an operation, in its words.
import {operationBusy, type ArgoAppFacts} from './app-facts.js';
import {noDiffWhileRefused, type PreparedAction} from '../../../actions/provider-actions.js';

export const inProgress = 'another operation is already in progress';
export const deleting = 'application is deleting';

/** Why no new operation may be written now, or null. */
export function operationRefusal(facts: ArgoAppFacts): string | null {
	if (facts.deleting) return deleting;
	if (operationBusy(facts)) return inProgress;
	return null;
}

/** A prepared action that cannot run: the confirmation shows why, and execute sends nothing. */
export function refusedAction(title: string, refusal: string, effects: string[] = [], warnings: string[] = []): PreparedAction {
	return {title, effects, warnings, refusal, writes: [], diff: noDiffWhileRefused, execute: async () => ({ok: false, message: refusal})};
}
