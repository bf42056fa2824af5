// Real repositories in temp dirs, made with the real git CLI and an isolated
// HOME so the developer's global config and credential helpers stay out.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {findRepoState, type GitRepos} from '../../../source/core/git/git-repos.js';
import type {RepoState} from '../../../source/core/git/types.js';
import {waitFor} from '../../support/wait-for.js';

export type Sandbox = {
	root: string;
	/** Environment for git and for GitRepos: isolated HOME and XDG cache. */
	env: Record<string, string>;
	cacheHome: string;
	cleanup(): void;
};

export function makeSandbox(): Sandbox {
	const root = mkdtempSync(join(tmpdir(), 'driftwatch-git-test-'));
	const home = join(root, 'home');
	const cacheHome = join(root, 'cache');
	mkdirSync(home);
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: home,
		XDG_CACHE_HOME: cacheHome,
		GIT_CONFIG_NOSYSTEM: '1',
	};
	return {root, env, cacheHome, cleanup: () => rmSync(root, {recursive: true, force: true})};
}

const identity = {
	GIT_AUTHOR_NAME: 'Ada Lovelace',
	GIT_AUTHOR_EMAIL: 'ada@example.com',
	GIT_COMMITTER_NAME: 'Ada Lovelace',
	GIT_COMMITTER_EMAIL: 'ada@example.com',
};

export class WorkRepo {
	constructor(
		readonly dir: string,
		private readonly env: Record<string, string>,
	) {}

	static create(sandbox: Sandbox, name = 'work'): WorkRepo {
		const repo = new WorkRepo(join(sandbox.root, name), sandbox.env);
		mkdirSync(repo.dir);
		repo.git('init', '--quiet', '--initial-branch=main');
		return repo;
	}

	git(...args: string[]): string {
		return execFileSync('git', args, {cwd: this.dir, env: {...this.env, ...identity}, encoding: 'utf8'}).trim();
	}

	/** Writes files (path → content, null deletes) and commits them; returns the new commit SHA. */
	commit(subject: string, files: Record<string, string | null>, date = '2026-01-02T03:04:05+01:00'): string {
		for (const [path, content] of Object.entries(files)) {
			const target = join(this.dir, path);
			if (content === null) rmSync(target);
			else {
				mkdirSync(dirname(target), {recursive: true});
				writeFileSync(target, content);
			}
		}
		this.git('add', '--all');
		execFileSync('git', ['commit', '--quiet', '-m', subject], {
			cwd: this.dir,
			env: {...this.env, ...identity, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date},
		});
		return this.git('rev-parse', 'HEAD');
	}

	/** A bare copy of this repository (what a server holds); returns its path. */
	pushToBare(sandbox: Sandbox, name = 'server.git'): string {
		const bare = join(sandbox.root, name);
		execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare], {env: sandbox.env});
		this.git('push', '--quiet', bare, 'refs/heads/*:refs/heads/*', 'refs/tags/*:refs/tags/*');
		return bare;
	}
}

/** Waits (polling, no fixed sleeps) until the tracked (url, ref) state satisfies `ready`. */
export async function waitForRepo(
	repos: GitRepos,
	url: string,
	ref: string,
	ready: (state: RepoState) => boolean,
	timeoutMs = 15_000,
): Promise<RepoState> {
	return waitFor(
		() => {
			const state = findRepoState(repos.getSnapshot(), url, ref);
			return state && ready(state) ? state : undefined;
		},
		timeoutMs,
		() => JSON.stringify(findRepoState(repos.getSnapshot(), url, ref)),
	);
}
