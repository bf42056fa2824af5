// Native sync: server-side apply the followed branch's HEAD as 'driftwatch', then prune when the app allows it.
import type {NativeAppConfig} from '../../../native/config-types.js';
import {type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionRequest, FixedParams} from '../../../actions/types.js';
import {
	fetchBranchHead,
	commitText,
	objectEffects,
	pruneWarnings,
	readTarget,
	repoText,
	sendTarget,
	targetDiff,
	targetWrites,
} from './native-target.js';
import {GIT_APP_KIND} from '../apps.js';

export function appText(config: NativeAppConfig): string {
	return `${GIT_APP_KIND} ${config.namespace}/${config.name}`;
}

/** Prune needs both the app's consent (prune: true in the config) and the request's (not prune: false). */
/** Why a native app's actions cannot prune, when they cannot. */
function fixedPrune(config: NativeAppConfig): FixedParams {
	return config.prune ? {} : {prune: "not enabled in the app's config"};
}

export function pruneOf(config: NativeAppConfig, request: ActionRequest): {prune: boolean; effect: string; warnings: string[]} {
	const wanted = request.params?.prune;
	if (!config.prune) {
		const warnings = wanted === true ? ['prune was asked for, but this app does not enable prune in the config: nothing is deleted'] : [];
		return {prune: false, effect: 'prune: off (the app does not enable it in the config)', warnings};
	}
	if (wanted === false) return {prune: false, effect: 'prune: off for this action', warnings: []};
	return {prune: true, effect: 'prune: on (labelled objects no longer in Git are deleted)', warnings: []};
}

export async function prepareSync(context: ActionContext, request: ActionRequest, config: NativeAppConfig): Promise<PreparedAction> {
	const title = `Sync ${appText(config)}`;
	const head = await fetchBranchHead(context.git, config);
	if (!head.ok) return refusedAction(title, head.message);
	const prune = pruneOf(config, request);
	const target = await readTarget(context, config, head.sha, prune.prune);
	if (typeof target === 'string') return refusedAction(title, target, head.warnings);
	return {
		title,
		effects: [
			`apply ${commitText(target.sha, target.commit)} (${config.branch} HEAD of ${repoText(config)}, path ${config.path}) by server-side apply as driftwatch`,
			prune.effect,
			...objectEffects(target),
		],
		warnings: [...head.warnings, ...prune.warnings, ...target.warnings, ...pruneWarnings(target)],
		refusal: null,
		switches: {prune: prune.prune},
		...(config.prune ? {} : {fixedParams: fixedPrune(config)}),
		writes: targetWrites(target),
		diff: targetDiff(context, target),
		execute: () => sendTarget(context, target),
	};
}
