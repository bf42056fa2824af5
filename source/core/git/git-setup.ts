import {dirname, join} from 'node:path';
import {gitCacheRoot} from './cache-dir.js';

/**
 * How one driftwatch session runs git: the environment every git command of its followers and actions gets, and
 * where its clones and work trees live. Made once per session and handed down (GitRepos carries it to the actions),
 * so a session with its own setup (the demo: an empty HOME, file transport only, a temp directory) never falls back
 * to the user's credentials or ~/.cache.
 */
export type GitSetup = {
	/** The environment git starts from (made non-interactive by gitEnvironment); the user's own, by default. */
	readonly env: NodeJS.ProcessEnv;
	/** Bare clones that drift, history and diffs are read from. */
	readonly clonesDir: string;
	/** Clones with a work tree, where reverts are made and pushed from. */
	readonly workTreesDir: string;
};

/** The user's session: their environment (SSH agent, credential helpers), clones and work trees under $XDG_CACHE_HOME/driftwatch. */
export function userGitSetup(env: NodeJS.ProcessEnv = process.env, clonesDir = gitCacheRoot(env)): GitSetup {
	// Work trees beside the clones: `…/driftwatch/repos` and `…/driftwatch/worktrees`.
	return {env, clonesDir, workTreesDir: join(dirname(clonesDir), 'worktrees')};
}
