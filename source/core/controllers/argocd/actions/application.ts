// The Application an action is about: where it lives and its fresh state, read right before the confirmation.
import {requestJson} from '../../../kube/http.js';
import {resourcePath} from '../../../kube/paths.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {applicationType} from '../apps.js';
import {plannedWrite, type PlannedWrite} from '../../../actions/access-check.js';
import type {ActionContext} from '../../../actions/provider-actions.js';

/** Field manager of every write driftwatch makes, so managedFields say who changed what. */
export const driftwatchFieldManager = 'driftwatch';

export function applicationPath(context: ActionContext): string {
	return resourcePath(context.type ?? applicationType, context.app.namespace, context.app.name);
}

/** The one write every Argo CD action makes: a patch of the Application (send-patch.ts). */
export function applicationWrite(context: ActionContext): PlannedWrite {
	return plannedWrite(context.type ?? applicationType, context.app.namespace, context.app.name);
}

/** 'argocd/shop' */
export function applicationLabel(context: ActionContext): string {
	return `${context.app.namespace}/${context.app.name}`;
}

export function readApplication(context: ActionContext): Promise<KubeObject> {
	return requestJson<KubeObject>(context.kc, applicationPath(context), {
		timeoutMs: 15_000,
		...(context.signal ? {signal: context.signal} : {}),
	});
}
