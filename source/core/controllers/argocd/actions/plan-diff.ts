// What an Argo CD action would change in the cluster (the confirmation's `d`): the app's source rendered at the
// revision the controller would deploy, compared with the live cluster the same way local drift is.
import {argoDesiredPlan} from '../desired-plan.js';
import {comparedObjects} from '../../../desired/compared-objects.js';
import {computeDrift} from '../../../drift/compute-drift.js';
import type {DriftReport} from '../../../drift/types.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {record} from '../../../util/json.js';
import type {ActionContext, ActionPlanDiff, NoPlanDiff} from '../../../actions/provider-actions.js';
import type {ArgoHistoryEntry} from './app-facts.js';

type ArgoDiffOptions = {
	/** Objects that left Git are deleted (shown as removed) only with prune. */
	prune: boolean;
	/** A line that says what the diff stands for, shown above it. */
	note?: string;
};

/**
 * The diff of deploying `object` as given: its spec source(s) at the revision(s) its status records (what a sync
 * writes into the operation), or at targetRevision when none is recorded. Unavailable, saying why, when the app
 * cannot be rendered here (Helm repository chart, source hydrator…); a render that fails later rejects with why.
 */
export function argoDiff(context: ActionContext, object: KubeObject, options: ArgoDiffOptions): ActionPlanDiff | NoPlanDiff {
	const plan = argoDesiredPlan(object);
	if (!plan.ok) return {unavailable: plan.message};
	const diff = async () => {
		const signal = context.signal ?? new AbortController().signal;
		const rendered = await context.render(plan.sources, signal);
		if (!rendered.ok) throw new Error(rendered.message);
		const report = await computeDrift({
			kc: context.kc,
			discovery: context.discovery,
			desired: comparedObjects(plan, rendered.objects),
			tracked: options.prune ? plan.tracked : [],
			fieldManager: plan.fieldManager,
			signal,
			...(plan.instanceLabelKey ? {instanceLabelKey: plan.instanceLabelKey} : {}),
		});
		return withNote(report, options.note);
	};
	return options.note ? Object.assign(diff, {about: options.note}) : diff;
}

/**
 * The app as the controller would see it after comparing again: its status forgets the revision(s) the last
 * comparison resolved, so each source is rendered at the current tip of its targetRevision (as last fetched).
 */
export function atTargetTip(object: KubeObject): KubeObject {
	const status = record(object.status) ?? {};
	const {revision: _revision, revisions: _revisions, comparedTo: _comparedTo, ...sync} = record(status['sync']) ?? {};
	return {...object, status: {...status, sync}};
}

function withNote(report: DriftReport, note: string | undefined): DriftReport {
	return note ? {...report, warnings: [note, ...report.warnings]} : report;
}

// What a rollback would change: the history entry's source rendered at its revision, compared with the live
// cluster the same way local drift is.

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
