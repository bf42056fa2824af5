import {SnapshotStore} from '../util/store.js';
import {mapLimited} from '../util/concurrency.js';
import {BareClone} from './bare-clone.js';
import {readBlobs} from './blob-reader.js';
import {repoCacheDir, userGitSetup, type GitSetup} from './git-setup.js';
import {countCommitsAhead, listCommits, readCommit} from './commits.js';
import {classifyGitError, GitError, redactCredentials} from './git-error.js';
import {gitEnvironment} from './git-env.js';
import {writeTree} from './materialize.js';
import {
	isFullSha,
	normalizeTreePath,
	type CommitInfo,
	type GitSnapshot,
	type MaterializedTree,
	type RepoError,
	type RepoFile,
	type RepoState,
} from './types.js';
import {listTree} from './tree.js';

type GitReposOptions = {
	/** The session's git environment and directories; default the user's (built from `env` and `cacheDir`). */
	setup?: GitSetup;
	/** Without `setup`: the user's environment (credentials, SSH agent); default process.env. */
	env?: NodeJS.ProcessEnv;
	/** Without `setup`: where bare clones live; default `$XDG_CACHE_HOME/driftwatch/repos`. */
	cacheDir?: string;
	/** Poll interval once `start()` is called; default 60. */
	pollSeconds?: number;
	/** A fetch silent (no progress) for this long is ended and reported 'unreachable'; default 20 000. */
	fetchTimeoutMs?: number;
	/** A fetch running this long is ended whatever it prints; default 10 minutes. */
	fetchDeadlineMs?: number;
	now?: () => number;
};

type Target = {url: string; ref: string; users: number};

const parallelFetches = 4;
const defaultFetchTimeoutMs = 20_000;
const defaultFetchDeadlineMs = 10 * 60_000;
/** A deployed commit the clone lacks is probably newer than the last fetch: fetch again, at most this often. */
const missingCommitRefetchMs = 5000;

/**
 * Cached clones of the repositories apps deploy from: fetched when first
 * tracked, every `pollSeconds` once started, and on `refresh()`. Errors stay
 * per (url, ref) in the snapshot; nothing here throws out of the poller.
 */
export class GitRepos {
	readonly pollSeconds: number;
	/** The session's git setup: every git command of this session (followers, actions' work trees) runs under it. */
	readonly setup: GitSetup;
	readonly #store = new SnapshotStore<GitSnapshot>({repos: []});
	readonly #env: Record<string, string>;
	readonly #cacheDir: string;
	readonly #limits: {stallMs: number; deadlineMs: number};
	/** Aborted by stop(): fetches in flight end instead of being waited for. */
	#stopping = new AbortController();
	readonly #now: () => number;
	readonly #targets = new Map<string, Target>();
	readonly #states = new Map<string, RepoState>();
	readonly #clones = new Map<string, Promise<BareClone>>();
	readonly #running = new Map<string, Promise<void>>();
	readonly #queued = new Map<string, Promise<void>>();
	/** When the last fetch of each URL finished, successful or not. */
	readonly #attemptedAt = new Map<string, number>();
	readonly #lastError = new Map<string, RepoError>();
	readonly #commits = new Map<string, CommitInfo>();
	/** URLs whose default branch (remote HEAD) someone asked for. */
	readonly #wantsHead = new Set<string>();
	#timer: NodeJS.Timeout | undefined;

	constructor(options: GitReposOptions = {}) {
		this.setup = options.setup ?? userGitSetup(options.env ?? process.env, options.cacheDir);
		const stallMs = options.fetchTimeoutMs ?? defaultFetchTimeoutMs;
		this.#limits = {stallMs, deadlineMs: options.fetchDeadlineMs ?? defaultFetchDeadlineMs};
		this.#env = gitEnvironment(this.setup.env, stallMs / 1000);
		this.#cacheDir = this.setup.clonesDir;
		this.pollSeconds = options.pollSeconds ?? 60;
		this.#now = options.now ?? Date.now;
	}

	getSnapshot = (): GitSnapshot => this.#store.getSnapshot();
	subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

	/** Start following `ref` of `url` (fetches it soon). Returns the function that stops following it. */
	track(url: string, ref: string): () => void {
		const key = repoStateKey(url, ref);
		const target = this.#targets.get(key);
		if (target) target.users++;
		else {
			this.#targets.set(key, {url, ref, users: 1});
			if (ref === 'HEAD') this.#wantsHead.add(url);
			this.#states.set(key, initialRepoState(url, ref));
			this.#publish();
			void this.#schedule(url);
		}
		let done = false;
		return () => {
			if (done) return;
			done = true;
			const current = this.#targets.get(key);
			if (current && --current.users === 0) {
				this.#targets.delete(key);
				this.#states.delete(key);
				this.#publish();
			}
		};
	}

	/** Fetch every tracked repository now, then every `pollSeconds`. */
	start(): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => void this.refresh(), this.pollSeconds * 1000);
		this.#timer.unref();
		void this.refresh();
	}

	/** Stop polling; fetches in flight are ended (a remote that never answers must not hold a quitting driftwatch). */
	async stop(): Promise<void> {
		clearInterval(this.#timer);
		this.#timer = undefined;
		const stopping = this.#stopping;
		this.#stopping = new AbortController();
		stopping.abort(new Error('driftwatch stopped following this repository'));
		await Promise.all([...this.#queued.values(), ...this.#running.values()]);
	}

	/** Fetch one repository (or all tracked) now. Never rejects: results land in the snapshot. */
	async refresh(url?: string): Promise<void> {
		const urls = url ? [url] : [...new Set([...this.#targets.values()].map(target => target.url))];
		await mapLimited(urls, parallelFetches, each => this.#schedule(each));
	}

	/** A branch, tag, 'HEAD' or (abbreviated) SHA as a full SHA, or null if the repository does not have it. */
	async resolve(url: string, revision: string): Promise<string | null> {
		const clone = await this.#clone(url);
		if (isFullSha(revision)) {
			// Commits never change: the cache answers, unless the commit is newer than the last fetch.
			const cached = await clone.resolve(revision);
			if (cached) return cached;
			await this.#fetchUnlessRecent(url, missingCommitRefetchMs);
		} else if (revision === 'HEAD' && !this.#wantsHead.has(url)) {
			// The remote's HEAD is only fetched for those who ask (it can dangle on some servers).
			this.#wantsHead.add(url);
			await this.#schedule(url);
		} else {
			// Names move: resolve them only after a fetch attempt in this session.
			await this.#fetchUnlessRecent(url, Number.POSITIVE_INFINITY);
		}
		return clone.resolve(revision);
	}

	/** Subject, author and date of a revision (cached per commit), or null if the repository does not have it. */
	async commit(url: string, revision: string): Promise<CommitInfo | null> {
		const hash = await this.resolve(url, revision);
		if (!hash) return null;
		const key = `${url}\0${hash}`;
		let info = this.#commits.get(key);
		if (!info) {
			info = await readCommit((await this.#clone(url)).git, hash);
			this.#commits.set(key, info);
		}
		return info;
	}

	/** How many commits `head` is ahead of `deployed`, or null when either is unknown. */
	async commitsBetween(url: string, deployed: string, head: string): Promise<number | null> {
		const [base, tip] = await Promise.all([this.resolve(url, deployed), this.resolve(url, head)]);
		if (!base || !tip) return null;
		return countCommitsAhead((await this.#clone(url)).git, base, tip);
	}

	/** Commits of `revision` touching `path` (repository-relative, '.' = any), newest first, at most `max`. */
	async log(url: string, revision: string, path: string, max = 50): Promise<CommitInfo[]> {
		const tip = await this.resolve(url, revision);
		if (!tip) return [];
		return listCommits((await this.#clone(url)).git, tip, normalizeTreePath(path), max);
	}

	/** Every file under `path` at `revision`, recursively, read without a work tree. */
	async readFiles(url: string, revision: string, path: string): Promise<RepoFile[]> {
		const {clone, entries} = await this.#entries(url, revision, normalizeTreePath(path));
		const files = entries.filter(entry => entry.type !== 'symlink');
		const blobs = await readBlobs(
			clone.dir,
			this.#env,
			files.map(entry => entry.id),
		);
		return files.map(entry => ({path: entry.path, content: blobs.get(entry.id)?.toString('utf8') ?? ''}));
	}

	/**
	 * Writes `path` at `revision` into a temporary directory (the caller disposes it).
	 * `wholeRepository` writes every file, for kustomize overlays that reach '../base'.
	 */
	async materialize(url: string, revision: string, path: string, options: {wholeRepository?: boolean} = {}): Promise<MaterializedTree> {
		const subdir = normalizeTreePath(path);
		const {clone, entries} = await this.#entries(url, revision, options.wholeRepository ? '' : subdir);
		const blobs = await readBlobs(clone.dir, this.#env, [...new Set(entries.map(entry => entry.id))]);
		return writeTree(entries, blobs, subdir);
	}

	async #entries(url: string, revision: string, dir: string) {
		const commit = await this.resolve(url, revision);
		if (!commit) {
			const error = this.#lastError.get(url);
			if (error) throw new GitError(error);
			throw new GitError({kind: 'unknown-ref', message: `revision ${revision} not found in ${redactCredentials(url)}`});
		}
		const clone = await this.#clone(url);
		return {clone, entries: await listTree(clone.git, commit, dir)};
	}

	#clone(url: string): Promise<BareClone> {
		let clone = this.#clones.get(url);
		if (!clone) {
			const created = new BareClone(url, repoCacheDir(this.#cacheDir, url), this.#env, this.#limits);
			clone = created.ensure().then(() => created);
			// A failed init (unwritable cache) is retried on the next call.
			clone.catch(() => this.#clones.delete(url));
			this.#clones.set(url, clone);
		}
		return clone;
	}

	async #fetchUnlessRecent(url: string, maxAgeMs: number): Promise<void> {
		const running = this.#running.get(url);
		if (running) return running;
		const attemptedAt = this.#attemptedAt.get(url);
		if (attemptedAt !== undefined && this.#now() - attemptedAt <= maxAgeMs) return;
		return this.#schedule(url);
	}

	// At most one fetch per URL runs; requests during it coalesce into one more after it.
	#schedule(url: string): Promise<void> {
		const queued = this.#queued.get(url);
		if (queued) return queued;
		const running = this.#running.get(url);
		const stopping = this.#stopping.signal;
		if (!running) return this.#run(url, stopping);
		const next = running.then(() => {
			this.#queued.delete(url);
			// Queued before stop(): nobody wants it any more.
			return stopping.aborted ? undefined : this.#run(url, stopping);
		});
		this.#queued.set(url, next);
		return next;
	}

	#run(url: string, stopping: AbortSignal): Promise<void> {
		const run = this.#fetch(url, stopping).finally(() => {
			if (this.#running.get(url) === run) this.#running.delete(url);
		});
		this.#running.set(url, run);
		return run;
	}

	async #fetch(url: string, stopping: AbortSignal): Promise<void> {
		this.#patch(url, () => ({fetching: true}));
		try {
			const clone = await this.#clone(url);
			await clone.fetch(this.#wantsHead.has(url), stopping);
			const refs = await clone.refs();
			this.#lastError.delete(url);
			const fetchedAt = this.#now();
			this.#attemptedAt.set(url, fetchedAt);
			const heads = new Map<string, string | null>();
			for (const target of this.#targets.values()) {
				if (target.url === url) heads.set(target.ref, await clone.resolve(target.ref, refs));
			}
			this.#patch(url, state => {
				const head = heads.get(state.ref) ?? null;
				const error: RepoError | null = head
					? null
					: {
							kind: 'unknown-ref',
							message: `${isFullSha(state.ref) ? 'revision' : 'branch or tag'} ${state.ref} not found in ${redactCredentials(url)}`,
						};
				return {fetching: false, fetchedAt, headRevision: head, error};
			});
		} catch (failure) {
			if (stopping.aborted) {
				this.#patch(url, () => ({fetching: false}));
				return;
			}
			const error = failure instanceof GitError ? {kind: failure.kind, message: failure.message} : classifyGitError(failure);
			this.#lastError.set(url, error);
			this.#attemptedAt.set(url, this.#now());
			this.#patch(url, () => ({fetching: false, error}));
		}
	}

	#patch(url: string, change: (state: RepoState) => Partial<RepoState>): void {
		let changed = false;
		for (const [key, state] of this.#states) {
			if (state.url !== url) continue;
			this.#states.set(key, {...state, ...change(state)});
			changed = true;
		}
		if (changed) this.#publish();
	}

	#publish(): void {
		const repos = [...this.#states.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		this.#store.set({repos});
	}
}

function repoStateKey(url: string, ref: string): string {
	return `${url}#${ref}`;
}

/** The state of (url, ref) in a snapshot, or undefined when nobody tracks it. */
export function findRepoState(snapshot: GitSnapshot, url: string, ref: string): RepoState | undefined {
	const key = repoStateKey(url, ref);
	return snapshot.repos.find(state => state.key === key);
}

function initialRepoState(url: string, ref: string): RepoState {
	return {
		key: repoStateKey(url, ref),
		url,
		displayUrl: redactCredentials(url),
		ref,
		fetchedAt: null,
		headRevision: null,
		fetching: false,
		error: null,
	};
}
