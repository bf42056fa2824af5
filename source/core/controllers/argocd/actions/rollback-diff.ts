// What a rollback would change: the history entry's source rendered at its revision, compared with the live
// cluster the same way local drift is.
import type {KubeObject} from '../../../kube/resource-type.js';
import {record} from '../../json.js';
import type {ActionContext, ActionPlanDiff, NoPlanDiff} from '../../../actions/provider-actions.js';
import {argoDiff} from './plan-diff.js';
import type {ArgoHistoryEntry} from './app-facts.js';

export function rollbackDiff(
	context: ActionContext,
	object: KubeObject,
	entry: ArgoHistoryEntry,
	prune: boolean,
): ActionPlanDiff | NoPlanDiff {
	return argoDiff(context, asDeployedBy(object, entry), {prune});
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
