// Sync windows are enforced by the controller, not checked here: say so when the
// app's AppProject has any, so a sync that never starts is not a surprise.
import {requestJson} from '../../../kube/http.js';
import {resourcePath} from '../../../kube/paths.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {list, record} from '../../json.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import type {ArgoAppFacts} from './app-facts.js';

const appProjectType = {group: 'argoproj.io', version: 'v1alpha1', plural: 'appprojects', namespaced: true};

/** A warning line, or null when the project has no windows or cannot be read (reading it is optional RBAC). */
export async function syncWindowWarning(context: ActionContext, facts: ArgoAppFacts): Promise<string | null> {
	try {
		const project = await requestJson<KubeObject>(context.kc, resourcePath(appProjectType, facts.controllerNamespace, facts.project), {
			timeoutMs: 5000,
			...(context.signal ? {signal: context.signal} : {}),
		});
		const windows = list(record(project.spec)?.['syncWindows']).length;
		if (windows === 0) return null;
		return `sync windows not checked: AppProject ${facts.project} has ${windows}; the controller may hold this until one allows it`;
	} catch {
		return null;
	}
}
