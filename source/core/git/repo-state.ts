import {redactCredentials} from './git-error.js';
import type {GitSnapshot, RepoState} from './types.js';

export function repoStateKey(url: string, ref: string): string {
	return `${url}#${ref}`;
}

/** The state of (url, ref) in a snapshot, or undefined when nobody tracks it. */
export function findRepoState(snapshot: GitSnapshot, url: string, ref: string): RepoState | undefined {
	const key = repoStateKey(url, ref);
	return snapshot.repos.find(state => state.key === key);
}

export function initialRepoState(url: string, ref: string): RepoState {
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
