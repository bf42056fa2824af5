// Native rollback: apply an earlier commit of the followed branch (a sync at that commit), optionally reverting
// the later commits in Git so the next sync does not bring HEAD back.
import type {CommitInfo} from '../../../git/types.js';
import type {NativeAppConfig} from '../../../native/config-types.js';
import {revertPathTo, revertWarnings} from '../../../actions/git-revert.js';
import {noDiffBeforeChoice, type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionChoice, ActionOutcome, ActionRequest} from '../../../actions/types.js';
import {
	fetchBranchHead,
	commitText,
	objectEffects,
	pruneWarnings,
	readTarget,
	repoText,
	sendTarget,
	shortSha,
	targetDiff,
	targetWrites,
} from './native-target.js';
import {appText, pruneOf} from './sync.js';

/** Rollback targets offered: this many commits touching the app's path. */
const choiceCount = 30;

function commitChoice(commit: CommitInfo): ActionChoice {
	return {
		id: commit.hash,
		label: `${shortSha(commit.hash)} ${commit.subject} — ${commit.author}, ${commit.date.slice(0, 10)}`,
		detail: `${commit.hash} ${commit.authorEmail} ${commit.date}`,
	};
}

export async function prepareRollback(context: ActionContext, request: ActionRequest, config: NativeAppConfig): Promise<PreparedAction> {
	const title = `Roll back ${appText(config)}`;
	const head = await fetchBranchHead(context.git, config);
	if (!head.ok) return refusedAction(title, head.message);
	const history = await context.git.log(config.repo, head.sha, config.path, choiceCount + 1);
	// The newest commit touching the path is what HEAD already has there: not a rollback target.
	const choices = history.slice(1).map(commitChoice);
	const wanted = request.params?.to;
	if (!wanted) {
		return {
			title,
			effects: [`choose the commit of ${config.branch} to roll back to (commits touching ${config.path}, newest first)`],
			warnings: head.warnings,
			refusal: choices.length === 0 ? `no earlier commit of ${config.branch} touches ${config.path}: nothing to roll back to` : null,
			// Known once the target is chosen (the plan is made again then).
			writes: [],
			diff: noDiffBeforeChoice,
			choices,
			execute: async () => ({ok: false, message: 'no rollback target chosen'}),
		};
	}
	const sha = await context.git.resolve(config.repo, wanted);
	if (!sha) return refusedAction(title, `commit ${wanted} not found in ${repoText(config)}`, head.warnings);
	if ((await context.git.commitsBetween(config.repo, head.sha, sha)) !== 0)
		return refusedAction(title, `${shortSha(sha)} is not on ${config.branch}`, head.warnings);
	const reachable = new Set((await context.git.log(config.repo, sha, config.path, 1000)).map(commit => commit.hash));
	const later = (await context.git.log(config.repo, head.sha, config.path, 1000)).filter(commit => !reachable.has(commit.hash));
	if (later.length === 0)
		return refusedAction(
			title,
			`${config.path} at ${shortSha(sha)} is what ${config.branch} HEAD has: nothing to roll back (sync applies it)`,
			head.warnings,
		);
	const prune = pruneOf(config, request);
	const target = await readTarget(context, config, sha, prune.prune);
	if (typeof target === 'string') return refusedAction(title, target, head.warnings);
	const revert = request.params?.revertInGit === true;
	const laterText = later.map(commit => `${shortSha(commit.hash)} "${commit.subject}"`).join(', ');
	const effects = [
		`apply ${commitText(sha, target.commit)} of ${config.branch} (${repoText(config)}, path ${config.path}) by server-side apply as driftwatch`,
		`undoes ${later.length} later commit${later.length === 1 ? '' : 's'} touching ${config.path}: ${laterText}`,
		revert
			? `first revert ${later.length === 1 ? 'it' : 'them'} in Git and push to ${config.branch}, so the next sync keeps the rollback`
			: `the next sync applies ${config.branch} HEAD again unless Git is reverted`,
		prune.effect,
		...objectEffects(target),
	];
	const gitWarnings = revert
		? await revertWarnings({url: config.repo, branch: config.branch, path: config.path, to: sha, head: head.sha, setup: context.git.setup})
		: [];
	return {
		title,
		effects,
		warnings: [...head.warnings, ...gitWarnings, ...prune.warnings, ...target.warnings, ...pruneWarnings(target)],
		refusal: null,
		switches: {revertInGit: revert},
		writes: targetWrites(target),
		choices,
		diff: targetDiff(context, target),
		execute: async (): Promise<ActionOutcome> => {
			let reverted: string[] = [];
			if (revert) {
				const result = await revertPathTo({
					url: config.repo,
					branch: config.branch,
					path: config.path,
					to: sha,
					expectedHead: head.sha,
					user: context.user,
					setup: context.git.setup,
				});
				if (!result.ok)
					return {
						ok: false,
						message: `${result.message}; nothing was applied`,
						details: {revision: sha, ...(result.keptBranch ? {keptBranch: result.keptBranch} : {})},
					};
				reverted = result.reverted;
				void context.git.refresh(config.repo);
			}
			const outcome = await sendTarget(context, target);
			const message =
				reverted.length > 0
					? `${outcome.message}; reverted ${reverted.length} commit${reverted.length === 1 ? '' : 's'} in Git`
					: outcome.message;
			return {...outcome, message, details: {...outcome.details, ...(revert ? {reverted: reverted.map(shortSha)} : {})}};
		},
	};
}
