// A real Git repository for the demo, in a temporary directory: the commits of
// git-history.ts with their authors and dates, so drift is rendered from Git
// offline. Git runs with the demo's own environment (demoGitEnv), so the user's
// git config (signing, hooks, templates) neither applies nor is needed.

import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';
import {gitIn} from '../core/git/git-env.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {demoGitEnv} from './demo-git.js';
import {manifestOf} from './gitops-apply.js';
import {appPath, demoCommitSpecs, type CommitId, type GitAppName} from './git-history.js';

type DemoCommit = {id: CommitId; sha: string; subject: string; author: string; authorEmail: string; date: string};

export type DemoGitRepo = {
	/** Temporary directory holding the repository (and room for the demo's other scratch files). */
	root: string;
	/** The repository's work tree: its URL for Argo CD, Flux and native apps. */
	dir: string;
	/** Full SHA of main. */
	head: string;
	/** Oldest first. */
	commits: DemoCommit[];
	sha(id: CommitId): string;
	/** Removes `root` and everything in it. */
	cleanup(): Promise<void>;
};

/** One file per object, named after its kind and name, as people lay out plain manifests. */
function fileName(object: KubeObject): string {
	return `${(object.kind ?? 'object').toLowerCase()}-${object.metadata?.name ?? 'unnamed'}.yaml`;
}

export async function createDemoGitRepo(): Promise<DemoGitRepo> {
	const root = await mkdtemp(join(tmpdir(), 'driftwatch-demo-'));
	const cleanup = () => rm(root, {recursive: true, force: true});
	try {
		const dir = join(root, 'gitops-demo');
		await mkdir(join(root, 'home'), {recursive: true});
		await mkdir(dir);
		const env = demoGitEnv(root);
		const git = gitIn(dir, env);
		await git.raw(['init', '--quiet']);
		await git.raw(['symbolic-ref', 'HEAD', 'refs/heads/main']);
		// A rollback's revert is pushed to main, which this work tree has checked out: the push updates it.
		await git.raw(['config', 'receive.denyCurrentBranch', 'updateInstead']);
		const commits: DemoCommit[] = [];
		const now = Date.now();
		for (const spec of demoCommitSpecs()) {
			for (const [app, trees] of Object.entries(spec.apps)) {
				const folder = join(dir, appPath(app as GitAppName));
				// The commit replaces the app's objects: files of objects it drops go.
				await rm(folder, {recursive: true, force: true});
				await mkdir(folder, {recursive: true});
				for (const tree of trees()) await writeFile(join(folder, fileName(tree.root)), stringify(manifestOf(tree.root)));
			}
			const date = new Date(now - spec.agoMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
			const identity = {
				GIT_AUTHOR_NAME: spec.author.name,
				GIT_AUTHOR_EMAIL: spec.author.email,
				GIT_AUTHOR_DATE: date,
				GIT_COMMITTER_NAME: spec.author.name,
				GIT_COMMITTER_EMAIL: spec.author.email,
				GIT_COMMITTER_DATE: date,
			};
			const author = gitIn(dir, {...env, ...identity});
			await author.raw(['add', '--all']);
			await author.raw(['commit', '--quiet', '--no-verify', '-m', spec.subject]);
			const sha = (await git.raw(['rev-parse', 'HEAD'])).trim();
			commits.push({id: spec.id, sha, subject: spec.subject, author: spec.author.name, authorEmail: spec.author.email, date});
		}
		const head = commits.at(-1)!.sha;
		const sha = (id: CommitId) => {
			const found = commits.find(commit => commit.id === id);
			if (!found) throw new Error(`no demo commit ${id}`);
			return found.sha;
		};
		return {root, dir, head, commits, sha, cleanup};
	} catch (error) {
		await cleanup();
		throw error;
	}
}
