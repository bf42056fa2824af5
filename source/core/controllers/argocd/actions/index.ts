// Argo CD actions through the Kubernetes API only: sync, refresh, hard refresh,
// terminate, rollback and enable-auto-sync, each prepared from the freshly read Application.
import {classifyApiError} from '../../../kube/api-error.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {refusedAction, type ActionContext, type PreparedAction, type ProviderActions} from '../../../actions/provider-actions.js';
import type {ActionRequest, ActionKind} from '../../../actions/types.js';
import {applicationLabel, readApplication, actionTitle} from './application.js';
import {prepareEnableAutoSync} from './enable-auto-sync.js';
import {prepareRefresh} from './refresh.js';
import {prepareRollback} from './rollback.js';
import {prepareSync} from './sync.js';
import {prepareTerminate} from './terminate.js';
import type {AppSummary} from '../../../apps/model.js';
import {argoAppFacts, hasRollbackSource} from './app-facts.js';

export const argoCdActions: ProviderActions = {
	available: argoAvailable,
	async prepare(context, request) {
		const label = applicationLabel(context);
		let object: KubeObject;
		try {
			object = await readApplication(context);
		} catch (error) {
			return refusedAction(actionTitle(request.kind, label), `cannot read Application ${label}: ${classifyApiError(error).message}`);
		}
		return prepareFor(context, request, object);
	},
};

function prepareFor(context: ActionContext, request: ActionRequest, object: KubeObject): PreparedAction | Promise<PreparedAction> {
	switch (request.kind) {
		case 'sync':
			return prepareSync(context, request, object);
		case 'refresh':
		case 'hard-refresh':
			return prepareRefresh(context, request.kind === 'hard-refresh', object);
		case 'terminate':
			return prepareTerminate(context, object);
		case 'rollback':
			return prepareRollback(context, request, object);
		case 'enable-auto-sync':
			return prepareEnableAutoSync(context, object);
		default:
			return refusedAction(actionTitle(request.kind, applicationLabel(context)), `Argo CD apps have no ${request.kind} action`);
	}
}

// Which Argo CD actions a row offers: refresh always; sync and rollback unless the app is
// being deleted; terminate only while an operation runs; rollback only with a history entry to go to;
// enable-auto-sync only while auto-sync is off.

function argoAvailable(app: AppSummary, object: KubeObject | null): ActionKind[] {
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
