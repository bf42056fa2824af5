// Sync: write `.operation` for exactly the revision the user reviewed.
import {type KubeObject, resourcePath} from '../../../kube/resource-type.js';
import type {ActionContext, PreparedAction} from '../../../actions/provider-actions.js';
import type {ActionRequest} from '../../../actions/types.js';
import {applicationLabel, applicationWrite, actionTitle, operationRefusal, failedOutcome, sendJsonPatch} from './application.js';
import {argoAppFacts, skipReconcileWarning, type ArgoAppFacts} from './app-facts.js';
import {operationPatch, syncOperation} from './operation.js';
import {commitOf, revisionText, shortRevision} from './revision-text.js';
import {argoDiff} from './plan-diff.js';
import {requestJson} from '../../../kube/http.js';
import {list, record} from '../../../util/json.js';

export async function prepareSync(context: ActionContext, request: ActionRequest, object: KubeObject): Promise<PreparedAction> {
	const label = applicationLabel(context);
	const facts = argoAppFacts(object);
	const prune = request.params?.prune ?? false;
	const resources = request.params?.resources ?? [];
	const commit = await commitOf(context, facts.source, facts.syncRevision);
	const effects = [
		facts.syncRevision === ''
			? `sync to ${facts.targetRevision} (never compared yet: the controller resolves it)`
			: `sync to ${revisionText(facts.syncRevision, commit)}${moreSources(facts)}`,
		`prune: ${prune ? 'on' : 'off'}`,
		...(resources.length > 0
			? [`only: ${resources.map(ref => `${ref.kind}/${ref.name}`).join(', ')}`, 'hooks will not run (partial sync)']
			: []),
		...(facts.syncOptions.length > 0 ? [`sync options: ${facts.syncOptions.join(', ')}`] : []),
	];
	const windows = await syncWindowWarning(context, facts);
	const warnings = [
		...(facts.skipReconcile ? [skipReconcileWarning] : []),
		...staleComparisonWarning(facts),
		...(windows === null ? [] : [windows]),
	];
	const refusal = operationRefusal(facts) ?? autoSyncRefusal(facts);
	return {
		title: actionTitle('sync', label),
		effects,
		warnings,
		refusal,
		switches: {prune},
		writes: [applicationWrite(context)],
		// What the operation deploys: the revision(s) the last comparison resolved, the ones named above.
		diff: argoDiff(context, object, {prune}),
		async execute() {
			if (refusal !== null) return {ok: false, message: refusal};
			const operation = syncOperation(context.user, facts, prune, resources);
			try {
				await sendJsonPatch(context, operationPatch(facts, facts.resourceVersion, operation));
			} catch (error) {
				return failedOutcome(error, {attempted: `patch Application ${label}`, stale: 'the app changed since you reviewed it'});
			}
			const revision = facts.syncRevision === '' ? facts.targetRevision : shortRevision(facts.syncRevision);
			const partial = resources.length > 0 ? `, ${resources.length} resource${resources.length === 1 ? '' : 's'} only` : '';
			return {
				ok: true,
				message: `sync requested: ${revision} (${facts.targetRevision}), prune ${prune ? 'on' : 'off'}${partial}`,
				details: {revision: facts.syncRevision || facts.targetRevision, prune, ...(resources.length > 0 ? {resources} : {})},
			};
		},
	};
}

function moreSources(facts: ArgoAppFacts): string {
	const others = facts.syncRevisions.length - 1;
	return facts.multiSource && others > 0 ? ` (+${others} more source${others === 1 ? '' : 's'})` : '';
}

/**
 * The reviewed revision was resolved for another targetRevision than spec holds now. With auto-sync on Argo CD's
 * API server refuses a sync to anything but the target, since auto-sync would sync straight back.
 */
function autoSyncRefusal(facts: ArgoAppFacts): string | null {
	if (!facts.autoSync || !facts.comparedToOtherSource) return null;
	return `Cannot sync to ${shortRevision(facts.syncRevision)}: auto-sync currently set to ${facts.targetRevision}`;
}

function staleComparisonWarning(facts: ArgoAppFacts): string[] {
	if (facts.autoSync || !facts.comparedToOtherSource || facts.syncRevision === '') return [];
	return [
		`${shortRevision(facts.syncRevision)} was resolved before the source changed to ${facts.targetRevision}: refresh first to sync what it offers now`,
	];
}

// Sync windows are enforced by the controller, not checked here: say so when the
// app's AppProject has any, so a sync that never starts is not a surprise.

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
