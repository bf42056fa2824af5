// A clone with a work tree, for reverts: the git layer's cache holds bare clones, which cannot revert. One per
// repository URL under the session's work-tree directory (the user's: `$XDG_CACHE_HOME/driftwatch/worktrees/`),
// kept between runs (a rejected push leaves its revert there on a local branch), run with the session's git
// environment made non-interactive. Every driftwatch process
// shares it, so each use holds `<dir>.lock` across processes: another process's checkout or reset landing between
// a check and a push would make the push send something else than what was checked.
import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, rm} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {classifyGitError} from './git-error.js';
import {gitEnvironment, gitIn, type Git} from './git-env.js';
import type {GitSetup} from './git-setup.js';
import {assertSafeRevision} from './types.js';
import {DirBusy, lockDir, type DirLock} from './dir-lock.js';
import {errorText, redactCredentials} from '../util/error-text.js';

/** Whether a repository-relative file lies under an app's path (a Kustomization's spec.path, a Git app's path). */
export function underPath(file: string, path: string): boolean {
	return path === '' || file === path || file.startsWith(`${path}/`);
}

export type PathCommit = {
	hash: string;
	parents: string[];
	subject: string;
	author: string;
	/** Author date, ISO 8601 with offset. */
	date: string;
	/** Committer date: what orders commits from different places. */
	committedAt: string;
};

const networkTimeoutMs = 120_000;
const logFormat = `${['%H', '%P', '%s', '%an', '%aI', '%cI'].join('%x1f')}%x1e`;

function workTreeDir(root: string, url: string): string {
	return join(root, createHash('sha256').update(url).digest('hex').slice(0, 24));
}

// One git operation sequence per work tree at a time within this process (a prepare and an execute on the same
// repository); the lock file then keeps other processes out.
const queues = new Map<string, Promise<unknown>>();

/** How long an action waits for another process's use of the work tree (a fetch, a revert and push) to end. */
const defaultLockWaitMs = 5000;

/** Another driftwatch process is using the work tree: said plainly, with who, instead of git's index.lock error. */
export class WorkTreeBusy extends Error {
	constructor(displayUrl: string, busy: DirBusy) {
		super(`another driftwatch action is using ${displayUrl}${busy.who ? ` (${busy.who})` : ''}; try again when it ends`);
		this.name = 'WorkTreeBusy';
	}
}

/** What the remote holds after a push: the pushed commit, or (movedTo) a later one that keeps it. */
type PushConfirmation = {ok: true; movedTo?: string} | {ok: false; reason: string};

export function shortSha(hash: string): string {
	return hash.slice(0, 7);
}

export class WorkTree {
	readonly dir: string;
	readonly displayUrl: string;
	#local: Git | undefined;
	#network: Git | undefined;

	#lock: DirLock | null = null;

	readonly env: Record<string, string>;

	constructor(
		readonly url: string,
		setup: GitSetup,
		readonly lockWaitMs = defaultLockWaitMs,
	) {
		this.env = gitEnvironment(setup.env);
		this.dir = workTreeDir(setup.workTreesDir, url);
		this.displayUrl = redactCredentials(url);
	}

	/** Runs `work` with this work tree to itself, across processes; WorkTreeBusy when another one keeps it. */
	exclusive<T>(work: () => Promise<T>): Promise<T> {
		const previous = queues.get(this.dir) ?? Promise.resolve();
		const run = previous.catch(() => undefined).then(() => this.#locked(work));
		queues.set(this.dir, run);
		void run
			.finally(() => {
				if (queues.get(this.dir) === run) queues.delete(this.dir);
			})
			.catch(() => undefined);
		return run;
	}

	async #locked<T>(work: () => Promise<T>): Promise<T> {
		let lock: DirLock;
		try {
			lock = await lockDir(this.dir, {waitMs: this.lockWaitMs});
		} catch (error) {
			throw error instanceof DirBusy ? new WorkTreeBusy(this.displayUrl, error) : error;
		}
		this.#lock = lock;
		try {
			return await work();
		} finally {
			this.#lock = null;
			await lock.release();
		}
	}

	get #git(): Git {
		this.#local ??= gitIn(this.dir, this.env);
		return this.#local;
	}

	// Clone, fetch and push can hang on a network: they get a stall timeout.
	get #remote(): Git {
		this.#network ??= gitIn(this.dir, this.env, networkTimeoutMs);
		return this.#network;
	}

	/** Clone on first use, else fetch; a failure throws one line, credentials hidden. */
	async sync(): Promise<void> {
		try {
			if (!existsSync(join(this.dir, '.git'))) {
				await rm(this.dir, {recursive: true, force: true});
				await mkdir(dirname(this.dir), {recursive: true});
				await gitIn(dirname(this.dir), this.env, networkTimeoutMs).raw([
					'clone',
					'--quiet',
					'--no-checkout',
					'--origin',
					'origin',
					'--',
					this.url,
					this.dir,
				]);
			} else {
				await this.#remote.raw(['fetch', '--quiet', '--prune', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
			}
		} catch (error) {
			throw new Error(`cannot fetch ${this.displayUrl}: ${classifyGitError(error).message}`);
		}
	}

	/** The commit origin's branch points at after the last sync, or null. */
	async remoteBranch(branch: string): Promise<string | null> {
		return this.resolve(`refs/remotes/origin/${assertSafeRevision(branch)}`);
	}

	/** A SHA (or unique prefix) or ref as a full commit SHA, or null. */
	async resolve(revision: string): Promise<string | null> {
		try {
			const output = await this.#git.raw([
				'rev-parse',
				'--verify',
				'--quiet',
				'--end-of-options',
				`${assertSafeRevision(revision)}^{commit}`,
			]);
			return output.trim() || null;
		} catch {
			return null;
		}
	}

	async isAncestor(ancestor: string, of: string): Promise<boolean> {
		try {
			return (await this.#git.raw(['merge-base', '--end-of-options', ancestor, of])).trim() === ancestor;
		} catch {
			return false;
		}
	}

	/** Files under `path` ('' = everywhere) that differ between two commits. */
	async changedFiles(from: string, to: string, path: string): Promise<string[]> {
		const output = await this.#git.raw([
			'--literal-pathspecs',
			'diff',
			'--name-only',
			'--end-of-options',
			from,
			to,
			'--',
			...(path === '' ? [] : [path]),
		]);
		return lines(output);
	}

	/** Files a commit changes (against its first parent, so a merge lists what it brought in). */
	async filesChangedBy(commit: PathCommit): Promise<string[]> {
		const args =
			commit.parents.length === 0
				? ['diff-tree', '--root', '-r', '--name-only', '--no-commit-id', commit.hash]
				: ['diff', '--name-only', commit.parents[0]!, commit.hash];
		return lines(await this.#git.raw(args));
	}

	/** Commits reachable from `tip` and not from `exclude`, touching `path`, newest first. */
	async log(tip: string, path: string, options: {exclude?: string; limit?: number} = {}): Promise<PathCommit[]> {
		const args = ['--literal-pathspecs', 'log', '--topo-order', `--format=${logFormat}`];
		if (options.limit !== undefined) args.push(`--max-count=${options.limit}`);
		args.push('--end-of-options', tip);
		if (options.exclude) args.push(`^${options.exclude}`);
		args.push('--', ...(path === '' ? [] : [path]));
		return parseLog(await this.#git.raw(args));
	}

	async commit(hash: string): Promise<PathCommit | null> {
		try {
			return parseLog(await this.#git.raw(['log', '-1', `--format=${logFormat}`, '--end-of-options', hash, '--']))[0] ?? null;
		} catch {
			return null;
		}
	}

	/** Local `branch` at origin's tip, clean: whatever an earlier run left (a half revert, files) is dropped. */
	async checkoutAtOrigin(branch: string): Promise<void> {
		await this.#git.raw(['revert', '--abort']).catch(() => undefined);
		await this.#git.raw(['checkout', '--quiet', '--force', '-B', assertSafeRevision(branch), `refs/remotes/origin/${branch}`]);
		await this.#git.raw(['clean', '--quiet', '-f', '-d']);
	}

	async head(): Promise<string> {
		return (await this.#git.raw(['rev-parse', 'HEAD'])).trim();
	}

	/**
	 * `git revert --no-edit` (a merge against its first parent). Returns null, or a one-line reason after
	 * aborting the revert, so the work tree is back where it was.
	 */
	async revert(commit: PathCommit, identity: string[]): Promise<string | null> {
		const args = [...identity, 'revert', '--no-edit', ...(commit.parents.length > 1 ? ['-m', '1'] : []), commit.hash];
		try {
			await this.#git.raw(args);
			return null;
		} catch (error) {
			const conflicted = lines(await this.#git.raw(['diff', '--name-only', '--diff-filter=U']).catch(() => ''));
			await this.#git.raw(['revert', '--abort']).catch(() => undefined);
			return conflicted.length > 0
				? `conflicts in ${conflicted.slice(0, 3).join(', ')}${conflicted.length > 3 ? ', …' : ''}`
				: classifyGitError(error).message;
		}
	}

	/**
	 * Pushes `commit` (a full SHA: exactly what was checked, whatever HEAD is by now) to origin's `branch`, never
	 * forced. Returns null, or the one-line reason it was refused; throws when the work tree is no longer this
	 * process's.
	 */
	async push(commit: string, branch: string): Promise<string | null> {
		// The lock is taken over only from a holder that stopped refreshing it (a suspended process): then another
		// process may have changed the work tree since the checks, and this push must not happen. Thrown, not a
		// refusal: keeping the revert on a branch would touch the other process's work tree.
		if (this.#lock === null || !(await this.#lock.held()))
			throw new Error(`another driftwatch process took over the work tree of ${this.displayUrl} while this action was paused`);
		try {
			await this.#remote.raw(['push', 'origin', `${commit}:refs/heads/${assertSafeRevision(branch)}`]);
			return null;
		} catch (error) {
			return pushFailure(error);
		}
	}

	/** The commit origin's `branch` points at now, asked of the remote itself (`git ls-remote`); null when absent. */
	async remoteTip(branch: string): Promise<string | null> {
		const ref = `refs/heads/${assertSafeRevision(branch)}`;
		const output = await this.#remote.raw(['ls-remote', '--end-of-options', 'origin', ref]);
		const line = lines(output)
			.map(entry => entry.split('\t'))
			.find(([, name]) => name === ref);
		return line?.[0] ?? null;
	}

	/**
	 * Success is what the remote says, not what `git push` printed: origin's branch must be the pushed commit (whose
	 * `path` was checked against `target`), or a later commit built on it that leaves the path as it was.
	 */
	async confirmPush(branch: string, pushed: string, target: string, path: string): Promise<PushConfirmation> {
		let tip: string | null;
		try {
			tip = await this.remoteTip(branch);
		} catch (error) {
			return {ok: false, reason: `reading ${branch} back from the remote failed (${classifyGitError(error).message})`};
		}
		if (tip === pushed) return {ok: true};
		if (tip === null) return {ok: false, reason: `${branch} is gone from the remote`};
		try {
			await this.sync();
		} catch (error) {
			return {ok: false, reason: `${branch} is at ${shortSha(tip)} now and ${errorText(error, {multiline: true})}`};
		}
		if (!(await this.isAncestor(pushed, tip))) return {ok: false, reason: `${branch} is at ${shortSha(tip)}, which does not contain it`};
		if ((await this.changedFiles(target, tip, path)).length > 0)
			return {ok: false, reason: `${branch} moved on to ${shortSha(tip)}, which changes ${path || '.'} again`};
		return {ok: true, movedTo: tip};
	}

	/** A local branch at `commit`, so it outlives the reset of the tracked branch. */
	async keepBranch(name: string, commit: string): Promise<void> {
		await this.#git.raw(['branch', '--force', name, commit]);
	}

	async resetTo(commit: string): Promise<void> {
		await this.#git.raw(['reset', '--quiet', '--hard', commit]);
	}

	/**
	 * `-c user.*` arguments when git has no identity configured for commits (an isolated on-call shell): the
	 * reverts are then committed as the kube user rather than failing half-way.
	 */
	async identityFallback(user: string): Promise<string[]> {
		if (this.env.GIT_COMMITTER_EMAIL || this.env.EMAIL) return [];
		const email = (await this.#git.raw(['config', 'user.email']).catch(() => '')).trim();
		if (email !== '') return [];
		const local = user.replace(/[^A-Za-z0-9._-]+/g, '-') || 'driftwatch';
		return ['-c', `user.name=${user || 'driftwatch'}`, '-c', `user.email=${local}@driftwatch.invalid`];
	}
}

function lines(output: string): string[] {
	return output
		.split('\n')
		.map(line => line.trim())
		.filter(line => line !== '');
}

function parseLog(output: string): PathCommit[] {
	const commits: PathCommit[] = [];
	for (const record of output.split('\x1e')) {
		const [hash = '', parents = '', subject = '', author = '', date = '', committedAt = ''] = record.replace(/^\n/, '').split('\x1f');
		if (hash.trim() === '') continue;
		commits.push({
			hash: hash.trim(),
			parents: parents.split(' ').filter(parent => parent !== ''),
			subject,
			author,
			date,
			committedAt: committedAt.trim(),
		});
	}
	return commits;
}

/** The reason of a refused push in one line: the server's `(…)` on the rejected ref, else git's own error. */
function pushFailure(error: unknown): string {
	const text = errorText(error, {multiline: true});
	const rejected = /\[(?:remote )?rejected\][^\n(]*\(([^)\n]+)\)/.exec(text);
	if (!rejected) return classifyGitError(text).message;
	// What the server said (a hook's or a forge's message: 'GH006: Protected branch update failed…').
	const said = text
		.split('\n')
		.map(line => /^remote:\s*(?:error:\s*)?(.*)$/.exec(line.trim())?.[1]?.trim() ?? '')
		.find(line => line !== '');
	return said ? `${rejected[1]!.trim()}: ${said.slice(0, 160)}` : rejected[1]!.trim();
}
