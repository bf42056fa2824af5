// What a rollback would change: the history entry's source rendered at its revision, compared with the live
// cluster the same way local drift is (source/core/drift). Null when it cannot be rendered.
import {argoDesiredPlan} from '../../desired/argocd-plan.js';
import {computeDrift} from '../../drift/compute-drift.js';
import type {KubeObject} from '../../kube/resource-type.js';
import {record} from '../../providers/json.js';
import type {ActionContext, ActionPlanDiff} from '../provider-actions.js';
import type {ArgoHistoryEntry} from './app-facts.js';

export function rollbackDiff(context: ActionContext, object: KubeObject, entry: ArgoHistoryEntry): ActionPlanDiff {
	return async () => {
		const signal = context.signal ?? new AbortController().signal;
		const plan = argoDesiredPlan(asDeployedBy(object, entry));
		if (!plan.ok) return null;
		const rendered = await context.render(plan.sources, signal);
		if (!rendered.ok) return null;
		return computeDrift({
			kc: context.kc,
			discovery: context.discovery,
			desired: rendered.objects,
			tracked: plan.tracked,
			fieldManager: plan.fieldManager,
			signal,
			...(plan.instanceLabelKey ? {instanceLabelKey: plan.instanceLabelKey} : {}),
		});
	};
}

/** The app as if its spec held the entry's source(s) and the controller had compared them at the entry's revision(s). */
function asDeployedBy(object: KubeObject, entry: ArgoHistoryEntry): KubeObject {
	const {source: _source, sources: _sources, ...spec} = record(object.spec) ?? {};
	const multi = entry.sources.length > 0;
	const sync = multi
		? {revisions: entry.revisions, comparedTo: {sources: entry.sources}}
		: {revision: entry.revision, comparedTo: {source: entry.source}};
	return {
		...object,
		spec: {...spec, ...(multi ? {sources: entry.sources} : {source: entry.source})},
		status: {...record(object.status), sync},
	};
}
