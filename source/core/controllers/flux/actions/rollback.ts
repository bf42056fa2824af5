// Kustomization rollback the GitOps way: revert, on the branch the GitRepository
// follows, the commits after the chosen one that touch the Kustomization's path; push with the user's own git
// credentials; then reconcile source and Kustomization. A refused push loses nothing: the revert stays on a local
// branch in the work tree, named in the message.
import {classifyApiError} from '../../../kube/api-error.js';
import {classifyGitError} from '../../../git/git-error.js';
import {ApiHttpError} from '../../../kube/http.js';
import {noDiffBeforeChoice, type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionOutcome, ActionRequest} from '../../../actions/types.js';
import {appTarget, describeTarget, getObject, targetWrite} from './flux-objects.js';
import {StaleTarget} from './guarded-patch.js';
import {requestReconcile, suspendedRefusal} from './reconcile.js';
import {fluxDiff} from './plan-diff.js';
import {rollbackChoices} from './rollback-choices.js';
import {isRefusal, rollbackScope, type RollbackScope, type WorkTreeSettings} from './rollback-scope.js';
import {commitsToRevert, describeCommit, planRevert, type RevertPlan} from './revert-plan.js';
import {shortSha, WorkTreeBusy} from '../../../git/work-tree.js';

const listedCommits = 10;

/** API errors as the API says them; anything else came from git. */
function gitFailure(error: unknown): string {
	if (error instanceof WorkTreeBusy) return error.message;
	return error instanceof ApiHttpError ? classifyApiError(error).message : classifyGitError(error).message;
}

export async function prepareRollback(context: ActionContext, request: ActionRequest, settings: WorkTreeSettings): Promise<PreparedAction> {
	const to = request.params?.to;
	let title = `Roll back ${describeTarget(appTarget(context))}`;
	try {
		const scope = await rollbackScope(context, settings);
		if (isRefusal(scope)) return refusedAction(title, scope.refusal);
		// Pushing to Git is not the cluster's to authorize; the reconcile after it is.
		const writes = [targetWrite(scope.source), targetWrite(scope.app)];
		const warnings: string[] = [];
		if (scope.sourceObject.spec?.suspend === true) {
			warnings.push(`${describeTarget(scope.source)} is suspended: Flux will not fetch the revert until it is resumed`);
		}
		return await scope.tree.exclusive(async () => {
			await scope.tree.sync();
			const tip = await scope.tree.remoteBranch(scope.branch);
			if (tip === null) return refusedAction(title, `branch ${scope.branch} not found in ${scope.tree.displayUrl}`);
			if (to === undefined || to.trim() === '') {
				const choices = await rollbackChoices(scope, tip);
				if (choices.length === 0) return refusedAction(title, `no commit on ${scope.branch} touches ${scope.pathLabel}`);
				return {
					title,
					effects: [],
					warnings,
					refusal: null,
					writes,
					diff: noDiffBeforeChoice,
					choices,
					execute: async () => ({ok: false, message: 'choose a revision to roll back to first'}),
				};
			}
			const plan = await planRevert(scope, tip, to);
			if (isRefusal(plan)) return refusedAction(title, plan.refusal, warnings);
			title = `${title} to ${describeCommit(plan.target)}`;
			return {
				title,
				effects: effects(scope, plan),
				warnings: [...warnings, ...plan.warnings],
				refusal: null,
				writes,
				// After the revert the path holds what it held at the target (checked before pushing).
				diff: fluxDiff(
					context,
					scope.object,
					scope.sourceObject,
					{at: 'commit', sha: plan.target.hash},
					`rendered at ${shortSha(plan.target.hash)}: what ${scope.pathLabel} holds after the revert; files outside it are taken from there too`,
				),
				execute: () => executeRollback(context, scope, plan),
			};
		});
	} catch (error) {
		return refusedAction(title, gitFailure(error));
	}
}

function effects(scope: RollbackScope, plan: RevertPlan): string[] {
	const count = plan.commits.length;
	const listed =
		plan.commits.slice(0, listedCommits).map(describeCommit).join(', ') +
		(count > listedCommits ? `, … ${count - listedCommits} more` : '');
	return [
		`revert ${count} commit${count === 1 ? '' : 's'} on ${scope.branch} touching ${scope.pathLabel}: ${listed}`,
		`push to ${scope.tree.displayUrl} ${scope.branch}`,
		`then reconcile ${scope.source.type.kind} ${scope.source.namespace}/${scope.source.name} + ${scope.app.type.kind} ${scope.app.namespace}/${scope.app.name}`,
	];
}

/** yyyymmddhhmmss (UTC): rollback branches sort by when they were made. */
function stamp(now = new Date()): string {
	return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

function sameCommits(left: RevertPlan['commits'], right: RevertPlan['commits']): boolean {
	return left.length === right.length && left.every((commit, index) => commit.hash === right[index]?.hash);
}

async function executeRollback(context: ActionContext, scope: RollbackScope, plan: RevertPlan): Promise<ActionOutcome> {
	const app = appTarget(context);
	try {
		const current = await getObject(context, app);
		if (current.spec?.suspend === true) return {ok: false, message: `${describeTarget(app)}: ${suspendedRefusal}; nothing pushed`};
		if (current.metadata?.generation !== scope.object.metadata?.generation) {
			return {
				ok: false,
				message: `${describeTarget(app)} changed since it was reviewed (spec generation ${scope.object.metadata?.generation ?? '?'} → ${current.metadata?.generation ?? '?'}): prepare the rollback again; nothing pushed`,
			};
		}
	} catch (error) {
		return {ok: false, message: classifyApiError(error).message};
	}
	const {tree, branch} = scope;
	const short = shortSha(plan.target.hash);
	try {
		return await tree.exclusive(async (): Promise<ActionOutcome> => {
			await tree.sync();
			const tip = await tree.remoteBranch(branch);
			if (tip === null) return {ok: false, message: `branch ${branch} is gone from ${tree.displayUrl}; nothing pushed`};
			// New commits elsewhere in the repository are fine; new ones on the path change what the revert means.
			const commits = tip === plan.tip ? plan.commits : await commitsToRevert(scope, plan.target.hash, tip);
			if (!sameCommits(commits, plan.commits)) {
				return {
					ok: false,
					message: `${branch} changed under ${scope.pathLabel} since it was reviewed (now at ${shortSha(tip)}): prepare the rollback again; nothing pushed`,
				};
			}
			await tree.checkoutAtOrigin(branch);
			const identity = await tree.identityFallback(context.user);
			for (const commit of commits) {
				const failure = await tree.revert(commit, identity);
				if (failure !== null) {
					await tree.resetTo(tip);
					return {ok: false, message: `revert of ${describeCommit(commit)} failed (${failure}): aborted, nothing pushed`};
				}
			}
			// The commit that is checked is the one pushed, by SHA.
			const revert = await tree.head();
			const left = await tree.changedFiles(plan.target.hash, revert, scope.path);
			if (left.length > 0) {
				await tree.resetTo(tip);
				return {
					ok: false,
					message: `after the reverts ${scope.pathLabel} still differs from ${short} (${left.slice(0, 3).join(', ')}): nothing pushed`,
				};
			}
			const reverted = commits.map(commit => commit.hash);
			const rejection = await tree.push(revert, branch);
			if (rejection !== null) {
				const kept = `driftwatch/rollback-${short}-${stamp()}`;
				await tree.keepBranch(kept, revert);
				await tree.resetTo(tip);
				return {
					ok: false,
					message: `push rejected (${rejection}): the revert is kept on local branch ${kept} in ${tree.dir}; push it or open a PR`,
					details: {branch: kept, dir: tree.dir, revert, reverted, pushed: false},
				};
			}
			const confirmed = await tree.confirmPush(branch, revert, plan.target.hash, scope.path);
			if (!confirmed.ok) {
				return {
					ok: false,
					message: `pushed ${shortSha(revert)} to ${tree.displayUrl} ${branch}, but ${confirmed.reason}: check ${branch} before relying on the rollback; no reconcile requested`,
					details: {branch, revert, reverted, pushed: true, confirmed: false, url: tree.displayUrl},
				};
			}
			const details = {
				branch,
				revert,
				reverted,
				pushed: true,
				url: tree.displayUrl,
				...(confirmed.movedTo ? {remoteTip: confirmed.movedTo} : {}),
			};
			const moved = confirmed.movedTo ? ` (${branch} has since moved on to ${shortSha(confirmed.movedTo)}, which keeps it)` : '';
			const pushed = `reverted ${commits.length} commit${commits.length === 1 ? '' : 's'} on ${branch} back to ${short} at ${shortSha(revert)}, pushed to ${tree.displayUrl}${moved}`;
			try {
				await requestReconcile(context, [scope.source, app], app);
			} catch (error) {
				const reason = error instanceof StaleTarget ? error.message : classifyApiError(error).message;
				return {ok: false, message: `${pushed}; the reconcile request failed (${reason}): Flux applies it on its next interval`, details};
			}
			return {ok: true, message: `${pushed}; reconcile requested`, details};
		});
	} catch (error) {
		return {ok: false, message: `${gitFailure(error)}; nothing pushed`};
	}
}
