import {createHash} from 'node:crypto';
import {homedir} from 'node:os';
import {dirname, isAbsolute, join} from 'node:path';

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

/** `$XDG_CACHE_HOME/driftwatch/repos` (XDG: a relative XDG_CACHE_HOME is ignored), default ~/.cache. */
export function gitCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
	const xdg = env.XDG_CACHE_HOME;
	const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
	return join(base, 'driftwatch', 'repos');
}

/** One bare clone per URL; the URL is hashed so any URL (with credentials, odd characters) is a safe name. */
export function repoCacheDir(root: string, url: string): string {
	return join(root, `${createHash('sha256').update(url).digest('hex').slice(0, 24)}.git`);
}
