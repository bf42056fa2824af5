// Terminate the running operation: the phase flip Argo CD's API server makes. The
// controller then deletes running hooks and ends the operation Failed, "Operation terminated".
import type {KubeObject} from '../../../kube/resource-type.js';
import {buildArgoDetail} from '../detail.js';
import {type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import {applicationLabel, applicationPlan, actionTitle, failedOutcome, sendJsonPatch, type JsonPatchOperation} from './application.js';
import {argoAppFacts} from './app-facts.js';
import {shortRevision} from './revision-text.js';

export function prepareTerminate(context: ActionContext, object: KubeObject): PreparedAction {
	const label = applicationLabel(context);
	const title = actionTitle('terminate', label);
	const facts = argoAppFacts(object);
	if (facts.operationPhase === 'Terminating') return refusedAction(title, 'the operation is already terminating');
	if (facts.operationPhase !== 'Running') return refusedAction(title, 'no operation is in progress');
	const operation = buildArgoDetail(object).operation;
	const what = [
		operation?.revision ? `sync to ${shortRevision(operation.revision)}` : 'operation',
		operation?.initiatedBy ? `by ${operation.initiatedBy}` : '',
		facts.operationStartedAt ? `started ${facts.operationStartedAt}` : '',
	].filter(part => part !== '');
	return applicationPlan(context, {
		title,
		effects: [
			`terminate the running ${what.join(', ')}`,
			'the controller deletes running hooks; the operation ends Failed: "Operation terminated"',
		],
		warnings: ['resources already applied stay as they are: terminating does not undo them'],
		diff: {unavailable: 'terminating changes no resource: it stops the operation, and what it applied stays'},
		async execute() {
			// Only this operation, only while it runs: never resurrect one that just completed.
			const patch: JsonPatchOperation[] = [
				{op: 'test', path: '/status/operationState/phase', value: 'Running'},
				...(facts.operationStartedAt
					? [{op: 'test' as const, path: '/status/operationState/startedAt', value: facts.operationStartedAt}]
					: []),
				{op: 'replace', path: '/status/operationState/phase', value: 'Terminating'},
			];
			try {
				await sendJsonPatch(context, patch);
			} catch (error) {
				return failedOutcome(error, {
					attempted: `patch Application ${label}`,
					stale: 'the operation is no longer the one you reviewed running (it finished or another started)',
				});
			}
			return {ok: true, message: `terminate requested: the operation of ${label} is terminating`};
		},
	});
}
