// Git as the demo runs it, for every git command of the demo (its followers, its actions' work trees, the simulated
// source-controller, the repositories it writes): nothing of the user's environment but PATH — no HOME, git config,
// credential helper, SSH agent or proxy — and only the file transport, so the demo stays offline and cannot reach a
// remote with the user's credentials. Clones and work trees live in the demo's temporary directory, never ~/.cache.

import {join} from 'node:path';
import {GitRepos} from '../core/git/git-repos.js';
import type {GitSetup} from '../core/git/git-setup.js';
import type {DemoGitRepo} from './git-repo.js';

/** The demo's git environment; `root`: its temporary directory (HOME and XDG directories inside it), else none. */
export function demoGitEnv(root?: string): Record<string, string> {
	const home: Record<string, string> =
		root === undefined
			? {}
			: {HOME: join(root, 'home'), XDG_CONFIG_HOME: join(root, 'home', '.config'), XDG_CACHE_HOME: join(root, 'home', '.cache')};
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		...home,
		// No system or global config: the user's url.insteadOf, credential.helper, hooks and signing stay out.
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_CONFIG_GLOBAL: '/dev/null',
		GIT_ALLOW_PROTOCOL: 'file',
		GIT_TERMINAL_PROMPT: '0',
		LC_ALL: 'C',
	};
}

/** The demo session's git setup: its environment, clones and work trees, all under `root`. */
export function demoGitSetup(root: string): GitSetup {
	return {env: demoGitEnv(root), clonesDir: join(root, 'git-cache', 'repos'), workTreesDir: join(root, 'git-cache', 'worktrees')};
}

export function demoGitRepos(repo: DemoGitRepo, pollSeconds: number): GitRepos {
	return new GitRepos({setup: demoGitSetup(repo.root), pollSeconds});
}
