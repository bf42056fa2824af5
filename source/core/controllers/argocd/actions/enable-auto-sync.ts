// Enable auto-sync again (after a rollback turned it off): the controller then syncs to targetRevision whenever
// the app is OutOfSync, which undoes a rollback.
import type {KubeObject} from '../../../kube/resource-type.js';
import {type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import {applicationLabel, applicationPlan, actionTitle, failedOutcome, sendMergePatch} from './application.js';
import {argoAppFacts} from './app-facts.js';
import {argoDiff, atTargetTip} from './plan-diff.js';
import {enableAutoSyncPatch, rememberedAutomated} from './auto-sync-switch.js';

export function prepareEnableAutoSync(context: ActionContext, object: KubeObject): PreparedAction {
	const label = applicationLabel(context);
	const title = actionTitle('enable-auto-sync', label);
	const facts = argoAppFacts(object);
	if (facts.autoSync) return refusedAction(title, 'auto-sync is already on');
	const restored = facts.automated ?? rememberedAutomated(object) ?? {};
	const flag = (key: string) => (restored[key] === true ? 'on' : 'off');
	const effects = [
		facts.automated !== null
			? 'auto-sync will be ENABLED (spec.syncPolicy.automated.enabled=true)'
			: 'auto-sync will be ENABLED (spec.syncPolicy.automated restored)',
		`prune: ${flag('prune')}, self-heal: ${flag('selfHeal')}`,
	];
	const warnings = [
		...(facts.syncStatus === 'OutOfSync'
			? [`the app is OutOfSync: the controller will sync it to ${facts.targetRevision} right away (undoing a rollback)`]
			: []),
		...(facts.appSetOwner !== null ? [`ApplicationSet ${facts.appSetOwner} owns this app and may change its sync policy again`] : []),
	];
	return applicationPlan(context, {
		title,
		effects,
		warnings,
		diff: argoDiff(context, atTargetTip(object), {
			prune: restored['prune'] === true,
			note: `with auto-sync on the controller deploys the tip of ${facts.targetRevision} (as last fetched): this is what that changes`,
		}),
		async execute() {
			try {
				await sendMergePatch(context, enableAutoSyncPatch(object, facts));
			} catch (error) {
				return failedOutcome(error, {attempted: `patch Application ${label}`, stale: 'the app changed since you reviewed it'});
			}
			return {ok: true, message: `auto-sync enabled (prune ${flag('prune')}, self-heal ${flag('selfHeal')})`};
		},
	});
}
