// Roll back to a history entry, through the Kubernetes API only, as Argo CD's API server does it: auto-sync off first (it would
// sync straight back), then the rollback operation exactly as Argo CD's API server builds it.
import {classifyApiError} from '../../../kube/api-error.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {noDiffBeforeChoice, type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionOutcome, ActionRequest} from '../../../actions/types.js';
import {
	applicationLabel,
	applicationPlan,
	readApplication,
	actionTitle,
	operationRefusal,
	failedOutcome,
	sendJsonPatch,
} from './application.js';
import {argoAppFacts, hasRollbackSource, skipReconcileWarning, type ArgoAppFacts, type ArgoHistoryEntry} from './app-facts.js';
import {disableAutoSync} from './auto-sync-switch.js';
import {operationPatch, rollbackOperation} from './operation.js';
import {commitOf, revisionText, shortRevision} from './revision-text.js';
import {entryRevision, entrySource, isCurrentEntry, rollbackChoices, sourceText} from './rollback-choices.js';
import {rollbackDiff} from './plan-diff.js';
import {syncWindowWarning} from './sync.js';

const autoSyncOffNote = 'auto-sync is now OFF: turn it back on with enable-auto-sync';
/** Writes of the controller between our two requests are retried this often (as SetAppOperation retries conflicts). */
const operationAttempts = 3;

export async function prepareRollback(context: ActionContext, request: ActionRequest, object: KubeObject): Promise<PreparedAction> {
	const label = applicationLabel(context);
	const title = actionTitle('rollback', label);
	const facts = argoAppFacts(object);
	const refusal = operationRefusal(facts);
	if (refusal !== null) return refusedAction(title, refusal);
	const to = request.params?.to?.replace(/^#/, '');
	if (to === undefined || to === '') {
		const choices = await rollbackChoices(context, facts);
		if (choices.length === 0) return refusedAction(title, 'no history entry records its source: nothing to roll back to');
		return applicationPlan(context, {
			title,
			effects: ['choose the history entry to roll back to'],
			warnings: [],
			diff: noDiffBeforeChoice,
			choices,
			execute: async () => ({ok: false, message: 'choose a history entry to roll back to first'}),
		});
	}
	const entry = facts.history.find(candidate => candidate.id === to);
	if (entry === undefined) return refusedAction(title, `no history entry #${to}`);
	if (!hasRollbackSource(entry))
		return refusedAction(title, `history entry #${to} records no source (made before Argo CD v0.12): it cannot be rolled back to`);
	const prune = request.params?.prune ?? false;
	const revision = entryRevision(entry);
	const source = entrySource(entry);
	const commit = await commitOf(context, source, revision);
	const where = sourceText(source);
	const effects = [
		`roll back to #${entry.id}: ${revisionText(revision, commit)}${isCurrentEntry(facts, entry) ? ' (the current deployment: redeploy)' : ''}`,
		...(where !== '' ? [`source: ${where}`] : []),
		`prune: ${prune ? 'on' : 'off'}`,
		...(facts.autoSync ? ['auto-sync will be DISABLED first (spec.syncPolicy.automated.enabled=false)'] : []),
		'hooks will not run (apply strategy)',
	];
	const windows = await syncWindowWarning(context, facts);
	const warnings = [
		...(facts.autoSync && facts.appSetOwner !== null
			? [`ApplicationSet ${facts.appSetOwner} owns this app and may turn auto-sync back on`]
			: []),
		...(revision !== facts.syncRevision
			? [
					`afterwards the app is OutOfSync with ${facts.targetRevision} until you sync again${facts.autoSync ? '; auto-sync stays off' : ''}`,
				]
			: []),
		...(facts.skipReconcile ? [skipReconcileWarning] : []),
		...(windows === null ? [] : [windows]),
	];
	return applicationPlan(context, {
		title,
		effects,
		warnings,
		diff: rollbackDiff(context, object, entry, prune),
		execute: () => executeRollback(context, facts, entry, prune),
	});
}

async function executeRollback(
	context: ActionContext,
	reviewed: ArgoAppFacts,
	entry: ArgoHistoryEntry,
	prune: boolean,
): Promise<ActionOutcome> {
	const label = applicationLabel(context);
	const attempted = `patch Application ${label}`;
	const stale = 'the app changed since you reviewed it';
	let facts = reviewed;
	let disabled = false;
	if (reviewed.autoSync) {
		try {
			facts = argoAppFacts((await disableAutoSync(context, reviewed)).app);
			disabled = true;
		} catch (error) {
			return failedOutcome(error, {attempted: `turn off auto-sync of Application ${label}`, stale: `${stale}; nothing was changed`});
		}
	}
	const operation = rollbackOperation(context.user, reviewed, entry, prune);
	for (let attempt = 1; ; attempt++) {
		try {
			await sendJsonPatch(context, operationPatch(facts, facts.resourceVersion, operation));
			break;
		} catch (error) {
			const failed = failedOutcome(error, {attempted, stale});
			if (!disabled) return failed;
			const fresh = attempt < operationAttempts && classifyApiError(error).code === 422 ? await stillFit(context, entry) : null;
			if (fresh === null || typeof fresh === 'string') {
				return {...failed, message: `rollback not sent: ${fresh ?? failed.message}; ${autoSyncOffNote}`};
			}
			// Our own auto-sync write makes the controller refresh: a status write in between is expected.
			facts = fresh;
		}
	}
	const revision = shortRevision(entryRevision(entry));
	return {
		ok: true,
		message: `rollback requested: #${entry.id} ${revision}${disabled ? ', auto-sync disabled' : ''}`,
		details: {historyId: entry.id, revision: entryRevision(entry), prune, autoSyncDisabled: disabled},
	};
}

/**
 * The fresh app when the rollback still means what was reviewed (idle, auto-sync off, the entry unchanged); else
 * why not, or null when it cannot be read.
 */
async function stillFit(context: ActionContext, entry: ArgoHistoryEntry): Promise<ArgoAppFacts | string | null> {
	let facts: ArgoAppFacts;
	try {
		facts = argoAppFacts(await readApplication(context));
	} catch {
		return null;
	}
	const refusal = operationRefusal(facts);
	if (refusal !== null) return refusal;
	if (facts.autoSync) return 'someone turned auto-sync back on meanwhile';
	const same = facts.history.find(candidate => candidate.id === entry.id);
	if (same === undefined || entryRevision(same) !== entryRevision(entry)) return `history entry #${entry.id} changed meanwhile`;
	return facts;
}
