// The vocabulary of the git layer: what the UI shows per repository and what
// renderers read at a revision, and which revisions and tree paths git may be given.

export type RepoErrorKind = 'auth' | 'unreachable' | 'unknown-ref' | 'other';

export type RepoError = {
	kind: RepoErrorKind;
	/** One line, credentials in URLs redacted. */
	message: string;
};

/** One tracked (repository URL, ref) pair: apps tracking different branches of one repo get one entry each. */
export type RepoState = {
	/** `repoStateKey(url, ref)`. */
	key: string;
	url: string;
	/** `url` with any password or token replaced by ***: what the UI shows. */
	displayUrl: string;
	/** Branch, tag, 'HEAD' (the remote's default branch) or a commit SHA, as configured. */
	ref: string;
	/** Epoch ms of the last successful fetch, or null before the first. */
	fetchedAt: number | null;
	/** Commit the ref points at after the last successful fetch (kept while a later fetch fails). */
	headRevision: string | null;
	/** A fetch is running right now. */
	fetching: boolean;
	error: RepoError | null;
};

export type GitSnapshot = {
	/** Sorted by key; replaced (never mutated) on every change. */
	repos: readonly RepoState[];
};

export type CommitInfo = {
	/** Full SHA. */
	hash: string;
	subject: string;
	author: string;
	authorEmail: string;
	/** Author date, ISO 8601 with offset. */
	date: string;
};

export type RepoFile = {
	/** Repository-relative path with '/' separators. */
	path: string;
	/** Decoded as UTF-8 (manifests are text). */
	content: string;
};

export type MaterializedTree = {
	/** Temporary directory holding the repository tree (or the requested part of it). */
	root: string;
	/** `root` joined with the requested path: where a renderer should run. */
	dir: string;
	/** Removes the temporary directory. */
	dispose(): Promise<void>;
};

// Revisions and paths come from cluster objects and config files: never let
// one be read as a git option or escape the repository tree.

const fullSha = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

export function isFullSha(revision: string): boolean {
	return fullSha.test(revision);
}

export function assertSafeRevision(revision: string): string {
	if (revision === '' || revision.startsWith('-') || /[\s\0-\x1f\x7f~^:?*[\\]|\.\./.test(revision)) {
		throw new Error(`invalid git revision ${JSON.stringify(revision)}`);
	}
	return revision;
}

/** 'apps/web/', './apps/web', '/apps/web' → 'apps/web'; '.', '' or '/' → '' (the whole tree). */
export function normalizeTreePath(path: string): string {
	const parts = path.split(/[\\/]+/).filter(part => part !== '' && part !== '.');
	if (parts.includes('..')) throw new Error(`path ${JSON.stringify(path)} leaves the repository`);
	return parts.join('/');
}
