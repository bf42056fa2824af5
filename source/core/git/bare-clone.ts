import {existsSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {SimpleGit} from 'simple-git';
import {gitIn} from './git-env.js';
import {assertSafeRevision, isFullSha} from './revision.js';

/** Commit each ref name points at after a fetch: 'refs/remotes/origin/main', 'refs/tags/v1' (peeled). */
export type RefTable = ReadonlyMap<string, string>;

/**
 * One cached bare clone. Branches are fetched into refs/remotes/origin/* and
 * tags into refs/tags/*, from the URL itself (no remote config to keep in step).
 */
export class BareClone {
	#git: SimpleGit | undefined;
	#fetchGit: SimpleGit | undefined;

	constructor(readonly url: string, readonly dir: string, readonly env: Record<string, string>, readonly fetchTimeoutMs: number) {}

	/** simple-git for this clone; only valid after `ensure()` (simple-git needs the directory to exist). */
	get git(): SimpleGit {
		this.#git ??= gitIn(this.dir, this.env);
		return this.#git;
	}

	async ensure(): Promise<void> {
		if (!existsSync(join(this.dir, 'HEAD'))) {
			await mkdir(dirname(this.dir), {recursive: true});
			await gitIn(dirname(this.dir), this.env).raw(['init', '--bare', this.dir]);
		}
	}

	/** `withHead` also records the remote's default branch, for a tracked ref of 'HEAD'. */
	async fetch(withHead: boolean): Promise<void> {
		const refspecs = ['+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'];
		if (withHead) refspecs.push('+HEAD:refs/remotes/origin/HEAD');
		// --verbose: simple-git waits 50 ms after commands that print nothing.
		this.#fetchGit ??= gitIn(this.dir, this.env, this.fetchTimeoutMs);
		try {
			await this.#fetchGit.raw(['fetch', '--verbose', '--prune', '--no-write-fetch-head', '--end-of-options', this.url, ...refspecs]);
		} catch (error) {
			// simple-git's timeout plugin killed a fetch that went silent (black-holed host, stuck proxy).
			if (error instanceof Error && /block timeout reached/.test(error.message)) {
				throw new Error(`timed out: no answer within ${Math.round(this.fetchTimeoutMs / 100) / 10} s`);
			}
			throw error;
		}
	}

	async refs(): Promise<RefTable> {
		const output = await this.git.raw(['for-each-ref', '--format=%(refname)%09%(objectname)%09%(*objectname)', 'refs/remotes/origin', 'refs/tags']);
		const table = new Map<string, string>();
		for (const line of output.split('\n')) {
			const [name, object, peeled] = line.split('\t');
			if (name && object) table.set(name, peeled || object);
		}
		return table;
	}

	/** A branch, tag, 'HEAD' or SHA as a full commit SHA, or null when this clone does not have it. */
	async resolve(revision: string, table?: RefTable): Promise<string | null> {
		const refs = table ?? await this.refs();
		const name = revision.replace(/^refs\/heads\//, '');
		const named = refs.get(`refs/remotes/origin/${name}`) ?? refs.get(revision.startsWith('refs/tags/') ? revision : `refs/tags/${revision}`);
		if (named) return named;
		if (!/^[0-9a-f]{4,64}$/i.test(revision)) return null;
		if (isFullSha(revision) && table) {
			for (const commit of table.values()) if (commit === revision.toLowerCase()) return commit;
		}
		try {
			const output = await this.git.raw(['rev-parse', '--verify', '--end-of-options', `${assertSafeRevision(revision)}^{commit}`]);
			return output.trim() || null;
		} catch {
			return null;
		}
	}
}
