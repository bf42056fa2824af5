// Refresh and hard refresh: the annotation pair Argo CD's own API server sets. The
// controller compares again and removes both annotations when done.
import type {KubeObject} from '../../../kube/resource-type.js';
import type {ActionContext, PreparedAction} from '../../../actions/provider-actions.js';
import {applicationLabel, applicationPlan, actionTitle, failedOutcome, sendMergePatch} from './application.js';
import {argoAppFacts, skipReconcileWarning, type ArgoAppFacts} from './app-facts.js';
import {argoDiff, atTargetTip} from './plan-diff.js';

function refreshNote(facts: ArgoAppFacts): string {
	const what = `the app at the tip of ${facts.targetRevision} (as last fetched; f fetches)`;
	return facts.autoSync
		? `auto-sync is on: after the refresh the controller deploys ${what}; this is what that changes`
		: `the refresh itself changes no resource; this is what a sync after it would deploy: ${what}`;
}

const refreshKey = 'argocd.argoproj.io/refresh';
const refreshTimestampKey = 'argocd.argoproj.io/refresh-timestamp';

export function prepareRefresh(context: ActionContext, hard: boolean, object: KubeObject): PreparedAction {
	const label = applicationLabel(context);
	const facts = argoAppFacts(object);
	const value = hard ? 'hard' : 'normal';
	const pending = object.metadata?.annotations?.[refreshKey];
	return applicationPlan(context, {
		title: actionTitle(hard ? 'hard-refresh' : 'refresh', label),
		effects: [
			`annotate ${refreshKey}=${value}`,
			`the controller compares with Git again, resolving ${facts.targetRevision} anew`,
			...(hard ? ['manifests are regenerated (the repo-server cache is bypassed)'] : []),
		],
		warnings: [
			...(facts.skipReconcile ? [skipReconcileWarning] : []),
			...(pending !== undefined ? [`a ${pending === 'hard' ? 'hard' : 'normal'} refresh is already requested and not done yet`] : []),
		],
		// A refresh writes no resource itself; what matters is what the controller would then deploy: the tip.
		diff: argoDiff(context, atTargetTip(object), {prune: false, note: refreshNote(facts)}),
		async execute() {
			const annotations = {[refreshKey]: value, [refreshTimestampKey]: new Date().toISOString()};
			try {
				await sendMergePatch(context, {metadata: {annotations}});
			} catch (error) {
				return failedOutcome(error, {attempted: `patch Application ${label}`, stale: 'the app changed'});
			}
			return {ok: true, message: `${hard ? 'hard refresh' : 'refresh'} requested`, details: {refresh: value}};
		},
	});
}
