// driftwatch's git layer as the demo runs it: clones cached in the demo's
// temporary directory (never the user's ~/.cache), git with an isolated HOME,
// and only local repositories fetched, so the demo stays offline: the apps
// with made-up remote URLs report that transport as not allowed.

import {join} from 'node:path';
import {GitRepos} from '../core/git/git-repos.js';
import type {DemoGitRepo} from './git-repo.js';

export function demoGitRepos(repo: DemoGitRepo, pollSeconds: number): GitRepos {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: join(repo.root, 'home'),
		XDG_CONFIG_HOME: join(repo.root, 'home', '.config'),
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_ALLOW_PROTOCOL: 'file',
	};
	return new GitRepos({env, cacheDir: join(repo.root, 'git-cache'), pollSeconds});
}
