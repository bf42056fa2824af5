// Argo CD actions through the Kubernetes API only: sync, refresh, hard refresh,
// terminate, rollback and enable-auto-sync, each prepared from the freshly read Application.
import {classifyApiError} from '../../../kube/api-error.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import type {ActionContext, PreparedAction, ProviderActions} from '../../../actions/provider-actions.js';
import type {ActionRequest} from '../../../actions/types.js';
import {applicationLabel, readApplication} from './application.js';
import {argoAvailable} from './available.js';
import {prepareEnableAutoSync} from './enable-auto-sync.js';
import {prepareRefresh} from './refresh.js';
import {refusedAction} from './refusals.js';
import {prepareRollback} from './rollback.js';
import {prepareSync} from './sync.js';
import {prepareTerminate} from './terminate.js';
import {actionTitle} from './titles.js';

export {argoAvailable} from './available.js';

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
