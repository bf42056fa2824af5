// Rollback in Git: revert the commits that touched a path after a target commit, and push, so what follows the
// branch (the next native sync, a controller) deploys the rolled-back state instead of undoing the rollback.
import type {GitSetup} from '../git/git-setup.js';
import {classifyGitError} from '../git/git-error.js';
import {normalizeTreePath} from '../git/types.js';
import {underPath, shortSha, WorkTree, WorkTreeBusy} from '../git/work-tree.js';
import {errorText} from '../util/error-text.js';

type RevertRequest = {
	url: string;
	branch: string;
	/** Repository-relative path ('.' = the whole repository). */
	path: string;
	/** The commit to go back to (full SHA). */
	to: string;
	/** The branch head the user reviewed: if origin moved since, nothing is pushed. */
	expectedHead?: string;
	/** Commits are made as the git identity configured, else as this (kube) user. */
	user: string;
	/** The session's git environment and work-tree directory. */
	setup: GitSetup;
	/** How long to wait for another driftwatch process using the same work tree; default 5 s. */
	lockWaitMs?: number;
};

type RevertResult =
	| {ok: true; reverted: string[]; head: string}
	/** `keptBranch`: the local branch of the work tree holding a revert whose push was refused. */
	| {ok: false; message: string; keptBranch?: string};

function workTreeOf(request: Pick<RevertRequest, 'url' | 'setup' | 'lockWaitMs'>): WorkTree {
	return new WorkTree(request.url, request.setup, request.lockWaitMs);
}

/**
 * What the confirmation should say before reverting: a commit touching the path that also changes files elsewhere
 * is reverted whole. Fetches the work tree; a problem is a warning too (execute checks again and refuses).
 */
export async function revertWarnings(request: Omit<RevertRequest, 'user' | 'expectedHead'> & {head: string}): Promise<string[]> {
	const tree = workTreeOf(request);
	const path = normalizeTreePath(request.path);
	return tree
		.exclusive(async () => {
			try {
				await tree.sync();
			} catch (error) {
				return [`${errorText(error, {multiline: true})}: the revert will be tried when confirmed`];
			}
			const to = await tree.resolve(request.to);
			if (!to || !(await tree.resolve(request.head))) return [];
			const warnings: string[] = [];
			for (const commit of await tree.log(request.head, path, {exclude: to})) {
				const outside = (await tree.filesChangedBy(commit)).filter(file => !underPath(file, path));
				if (outside.length === 0) continue;
				const named = outside.slice(0, 3).join(', ') + (outside.length > 3 ? `, … (${outside.length} files)` : '');
				warnings.push(`${shortSha(commit.hash)} also changes ${named} outside ${path || '.'}: the revert undoes that too`);
			}
			return warnings;
		})
		.catch(error => {
			if (error instanceof WorkTreeBusy) return [`${error.message}: the revert is checked again when confirmed`];
			throw error;
		});
}

/**
 * `git revert --no-edit` of each commit touching `path` after `to` on `branch` (newest first) in the shared
 * work tree, then a plain push, confirmed by reading the branch back from the remote. Nothing to revert is
 * success with no commits. Never throws for git problems.
 */
export async function revertPathTo(request: RevertRequest): Promise<RevertResult> {
	try {
		return await revertInWorkTree(request);
	} catch (error) {
		if (error instanceof WorkTreeBusy) return {ok: false, message: `${error.message}; nothing was reverted`};
		return {ok: false, message: `${classifyGitError(error).message}; nothing was pushed`};
	}
}

async function revertInWorkTree(request: RevertRequest): Promise<RevertResult> {
	const tree = workTreeOf(request);
	const path = normalizeTreePath(request.path);
	return tree.exclusive(async (): Promise<RevertResult> => {
		try {
			await tree.sync();
		} catch (error) {
			return {ok: false, message: errorText(error, {multiline: true})};
		}
		const head = await tree.remoteBranch(request.branch);
		if (!head) return {ok: false, message: `branch ${request.branch} not found in ${tree.displayUrl}`};
		if (request.expectedHead && head !== request.expectedHead) {
			return {
				ok: false,
				message: `${request.branch} moved to ${shortSha(head)} since ${shortSha(request.expectedHead)} was reviewed: nothing was reverted; plan the rollback again`,
			};
		}
		const to = await tree.resolve(request.to);
		if (!to || !(await tree.isAncestor(to, head))) return {ok: false, message: `${shortSha(request.to)} is not on ${request.branch}`};
		const later = await tree.log(head, path, {exclude: to});
		if (later.length === 0) return {ok: true, reverted: [], head};
		await tree.checkoutAtOrigin(request.branch);
		const identity = await tree.identityFallback(request.user);
		for (const commit of later) {
			const problem = await tree.revert(commit, identity);
			if (problem) {
				await tree.resetTo(head);
				return {ok: false, message: `cannot revert ${shortSha(commit.hash)} "${commit.subject}": ${problem}; nothing was pushed`};
			}
		}
		// The commit that is checked is the one pushed, by SHA.
		const revert = await tree.head();
		const left = await tree.changedFiles(to, revert, path);
		if (left.length > 0) {
			await tree.resetTo(head);
			return {
				ok: false,
				message: `after the reverts ${path || '.'} still differs from ${shortSha(to)} (${left.slice(0, 3).join(', ')}); nothing was pushed`,
			};
		}
		const reverted = later.map(commit => commit.hash);
		const refused = await tree.push(revert, request.branch);
		if (refused) {
			const keptBranch = `driftwatch/revert-${shortSha(to)}`;
			await tree.keepBranch(keptBranch, revert);
			await tree.resetTo(head);
			return {
				ok: false,
				message: `push to ${request.branch} refused (${refused}); the reverts are kept on branch ${keptBranch} in ${tree.dir}`,
				keptBranch,
			};
		}
		const confirmed = await tree.confirmPush(request.branch, revert, to, path);
		if (!confirmed.ok)
			return {ok: false, message: `pushed ${shortSha(revert)} to ${request.branch}, but ${confirmed.reason}: check ${request.branch}`};
		return {ok: true, reverted, head: revert};
	});
}
