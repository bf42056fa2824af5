import type {HistoryEntry} from '../apps/detail.js';
import type {GitRepos} from '../git/git-repos.js';
import type {CommitInfo} from '../git/types.js';
import {parseRevision} from '../controllers/flux/revision.js';
import {mapLimited} from '../util/concurrency.js';

/** History entries looked up in Git; older ones keep their bare revision (a detail screen shows about ten). */
const maxLookups = 10;

/** The commit hash in a revision: a bare SHA (Argo CD) or the digest of `main@sha1:…` (Flux). */
function commitHash(revision: string): string | null {
	if (/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(revision)) return revision.toLowerCase();
	const parsed = parseRevision(revision);
	return parsed.algorithm.startsWith('sha') && parsed.hash.length >= 40 ? parsed.hash : null;
}

/**
 * Adds commit subject, author and date to history entries, so a bare SHA says what changed and who did it.
 * `cache` lives as long as the caller's view: commits never change, and a miss is not retried on every poll.
 */
export async function withHistoryCommits(
	git: GitRepos,
	history: readonly HistoryEntry[],
	fallbackUrl: string,
	cache: Map<string, CommitInfo | null>,
): Promise<HistoryEntry[]> {
	return mapLimited(history, 4, async (entry, index) => {
		const url = entry.repoUrl || fallbackUrl;
		const hash = commitHash(entry.revision);
		if (index >= maxLookups || !url || !hash) return entry;
		const key = `${url}\0${hash}`;
		if (!cache.has(key)) {
			try {
				cache.set(key, await git.commit(url, hash));
			} catch {
				cache.set(key, null);
			}
		}
		return {...entry, commit: cache.get(key) ?? null};
	});
}
