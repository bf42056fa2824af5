// Which Argo CD actions a row offers: refresh always; sync and rollback unless the app is
// being deleted; terminate only while an operation runs; rollback only with a history entry to go to;
// enable-auto-sync only while auto-sync is off.
import type {AppSummary} from '../../../apps/model.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import type {ActionKind} from '../../../actions/types.js';
import {argoAppFacts, hasRollbackSource} from './app-facts.js';

export function argoAvailable(app: AppSummary, object: KubeObject | null): ActionKind[] {
	const facts = object === null ? null : argoAppFacts(object);
	const deleting = facts?.deleting ?? app.stateLabel === 'Deleting';
	const running = facts !== null ? facts.operationPhase === 'Running' : app.operation?.phase === 'Running';
	const autoSync = facts?.autoSync ?? app.autoSync;
	const kinds: ActionKind[] = [];
	if (!deleting) kinds.push('sync');
	kinds.push('refresh', 'hard-refresh');
	if (running) kinds.push('terminate');
	// Rows carry no history: offer rollback and let the plan say when there is nothing to go back to.
	if (!deleting && (facts === null || facts.history.some(hasRollbackSource))) kinds.push('rollback');
	if (autoSync === false) kinds.push('enable-auto-sync');
	return kinds;
}
