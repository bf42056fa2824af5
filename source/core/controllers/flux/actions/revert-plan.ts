// Which commits to revert to bring the Kustomization's path back to a chosen commit: every commit after it on the
// branch that touches the path, newest first.
import {parseRevision} from '../revision.js';
import type {Refusal, RollbackScope} from './rollback-scope.js';
import {underPath, shortSha, type PathCommit} from '../../../git/work-tree.js';

export type RevertPlan = {
	target: PathCommit;
	/** Origin's branch tip the plan was made on. */
	tip: string;
	/** Newest first: the order they are reverted in. */
	commits: PathCommit[];
	warnings: string[];
};

export function describeCommit(commit: PathCommit): string {
	return `${shortSha(commit.hash)} ${commit.subject}`;
}

/** The commits after `target` touching the path; empty when the path already matches. */
export async function commitsToRevert(scope: RollbackScope, target: string, tip: string): Promise<PathCommit[]> {
	const differing = await scope.tree.changedFiles(target, tip, scope.path);
	if (differing.length === 0) return [];
	return scope.tree.log(tip, scope.path, {exclude: target});
}

export async function planRevert(scope: RollbackScope, tip: string, to: string): Promise<RevertPlan | Refusal> {
	const {tree} = scope;
	// A Flux revision (`main@sha1:…`) or a SHA / unique prefix.
	const wanted = parseRevision(to.trim()).hash || to.trim().toLowerCase();
	if (!/^[0-9a-f]{4,64}$/.test(wanted)) return {refusal: `${JSON.stringify(to)} is not a commit SHA`};
	const hash = await tree.resolve(wanted);
	const target = hash === null ? null : await tree.commit(hash);
	if (target === null) return {refusal: `commit ${wanted} not found in ${tree.displayUrl}`};
	const short = shortSha(target.hash);
	if (!(await tree.isAncestor(target.hash, tip))) {
		return {refusal: `${short} is not on ${scope.branch} (now at ${shortSha(tip)}): a revert can only go back along the branch`};
	}
	const commits = await commitsToRevert(scope, target.hash, tip);
	if (commits.length === 0) return {refusal: `nothing to revert: ${scope.pathLabel} on ${scope.branch} already matches ${short}`};
	const warnings: string[] = [];
	for (const commit of commits) {
		const outside = (await tree.filesChangedBy(commit)).filter(file => !underPath(file, scope.path));
		if (outside.length > 0) {
			const named = outside.slice(0, 3).join(', ') + (outside.length > 3 ? `, … (${outside.length} files)` : '');
			warnings.push(`${shortSha(commit.hash)} also changes ${named} outside ${scope.pathLabel}: the revert undoes that too`);
		}
	}
	return {target, tip, commits, warnings};
}
