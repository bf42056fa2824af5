import type {Git} from './git-env.js';
import type {CommitInfo} from './types.js';

const format = ['%H', '%s', '%an', '%ae', '%aI'].join('%x00');

/** Subject, author and date of `revision` (already resolved and validated). */
export async function readCommit(git: Git, revision: string): Promise<CommitInfo> {
	const output = await git.raw(['log', '-1', `--format=${format}`, '--end-of-options', revision, '--']);
	const [hash = '', subject = '', author = '', authorEmail = '', date = ''] = output.replace(/\n$/, '').split('\0');
	return {hash, subject, author, authorEmail, date};
}

/** How many commits `head` has that `base` does not (`git rev-list --count base..head`). */
export async function countCommitsAhead(git: Git, base: string, head: string): Promise<number> {
	const output = await git.raw(['rev-list', '--count', '--end-of-options', `${base}..${head}`, '--']);
	return Number.parseInt(output.trim(), 10);
}

/** Commits reachable from `tip` that touch `path` ('' = any), newest first, at most `max` (`git log -n max tip -- path`). */
export async function listCommits(git: Git, tip: string, path: string, max: number): Promise<CommitInfo[]> {
	const output = await git.raw(['log', `-n${max}`, `--format=${format}%x1e`, '--end-of-options', tip, '--', path === '' ? '.' : path]);
	return output
		.split('\x1e')
		.map(record => record.replace(/^\n/, ''))
		.filter(record => record !== '')
		.map(record => {
			const [hash = '', subject = '', author = '', authorEmail = '', date = ''] = record.split('\0');
			return {hash, subject, author, authorEmail, date};
		});
}
