// The branch a native app follows, fetched now: a sync or rollback must start from what Git has, not from
// whatever the last poll saw.
import {findRepoState} from '../../../git/repo-state.js';
import type {GitRepos} from '../../../git/git-repos.js';
import type {NativeAppConfig} from '../../../native/config-types.js';
import {repoText} from './native-target.js';

export type BranchHead = {ok: true; sha: string; warnings: string[]} | {ok: false; message: string};

export async function fetchBranchHead(git: GitRepos, config: NativeAppConfig): Promise<BranchHead> {
	const untrack = git.track(config.repo, config.branch);
	try {
		await git.refresh(config.repo);
		const state = findRepoState(git.getSnapshot(), config.repo, config.branch);
		const sha = await git.resolve(config.repo, config.branch);
		if (!sha) return {ok: false, message: state?.error?.message ?? `branch ${config.branch} not found in ${repoText(config)}`};
		// A failed fetch leaves the last one's HEAD: usable, but the user must know it may be old.
		const warnings = state?.error
			? [`could not fetch ${repoText(config)} (${state.error.message}): using ${config.branch} as last fetched`]
			: [];
		return {ok: true, sha, warnings};
	} finally {
		untrack();
	}
}
