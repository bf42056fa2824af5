import {existsSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {gitIn, type Git} from './git-env.js';
import {GitError, redactCredentials} from './git-error.js';
import {GitDeadlineError, runGitNetwork} from './git-process.js';
import {assertSafeRevision, isFullSha} from './types.js';

/** Commit each ref name points at after a fetch: 'refs/remotes/origin/main', 'refs/tags/v1' (peeled). */
type RefTable = ReadonlyMap<string, string>;

type FetchLimits = {
	/** A fetch silent this long (no progress) is ended. */
	stallMs: number;
	/** A fetch running this long is ended, progress or not. */
	deadlineMs: number;
};

/**
 * One cached bare clone. Branches are fetched into refs/remotes/origin/* and
 * tags into refs/tags/*, from the URL itself (no remote config to keep in step).
 */
export class BareClone {
	#git: Git | undefined;

	constructor(
		readonly url: string,
		readonly dir: string,
		readonly env: Record<string, string>,
		readonly limits: FetchLimits,
	) {}

	/** simple-git for this clone; only valid after `ensure()` (simple-git needs the directory to exist). */
	get git(): Git {
		this.#git ??= gitIn(this.dir, this.env);
		return this.#git;
	}

	async ensure(): Promise<void> {
		if (!existsSync(join(this.dir, 'HEAD'))) {
			await mkdir(dirname(this.dir), {recursive: true});
			await gitIn(dirname(this.dir), this.env).raw(['init', '--bare', this.dir]);
		}
	}

	/**
	 * `withHead` also records the remote's default branch, for a tracked ref of 'HEAD'. A remote that stops
	 * answering is a GitError naming the repository and how long it was given.
	 */
	async fetch(withHead: boolean, signal?: AbortSignal): Promise<void> {
		const refspecs = ['+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'];
		if (withHead) refspecs.push('+HEAD:refs/remotes/origin/HEAD');
		// --progress: a transfer that is working says so at least every second, so silence means no answer.
		const args = ['fetch', '--progress', '--prune', '--no-write-fetch-head', '--end-of-options', this.url, ...refspecs];
		try {
			await runGitNetwork(args, {cwd: this.dir, env: this.env}, {...this.limits, ...(signal ? {signal} : {})});
		} catch (error) {
			const repository = redactCredentials(this.url);
			if (error instanceof GitDeadlineError) {
				const message =
					error.reason === 'stalled'
						? `${repository} did not answer in ${seconds(error.afterMs)}`
						: `${repository} did not finish fetching in ${seconds(error.afterMs)}`;
				throw new GitError({kind: 'unreachable', message});
			}
			// curl's own stall limit (GIT_HTTP_LOW_SPEED_TIME, set to the same time) can end it first.
			if (error instanceof Error && /operation too slow/i.test(error.message)) {
				throw new GitError({kind: 'unreachable', message: `${repository} did not answer in ${seconds(this.limits.stallMs)}`});
			}
			throw error;
		}
	}

	async refs(): Promise<RefTable> {
		const output = await this.git.raw([
			'for-each-ref',
			'--format=%(refname)%09%(objectname)%09%(*objectname)',
			'refs/remotes/origin',
			'refs/tags',
		]);
		const table = new Map<string, string>();
		for (const line of output.split('\n')) {
			const [name, object, peeled] = line.split('\t');
			if (name && object) table.set(name, peeled || object);
		}
		return table;
	}

	/** A branch, tag, 'HEAD' or SHA as a full commit SHA, or null when this clone does not have it. */
	async resolve(revision: string, table?: RefTable): Promise<string | null> {
		const refs = table ?? (await this.refs());
		const name = revision.replace(/^refs\/heads\//, '');
		const named =
			refs.get(`refs/remotes/origin/${name}`) ?? refs.get(revision.startsWith('refs/tags/') ? revision : `refs/tags/${revision}`);
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

function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}
