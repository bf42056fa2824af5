import type {RepoError, RepoErrorKind} from './types.js';
import {errorText} from '../util/error-text.js';

/** Thrown by reads (files, materialize) when the repository or revision is not available. */
export class GitError extends Error {
	readonly kind: RepoErrorKind;

	constructor(error: RepoError) {
		super(error.message);
		this.name = 'GitError';
		this.kind = error.kind;
	}
}

// Matched against git's stderr in the C locale (the environment sets LC_ALL=C).
// Auth comes first: an SSH key refusal also prints "Could not read from remote repository".
const patterns: Array<[RepoErrorKind, RegExp]> = [
	[
		'auth',
		/authentication failed|could not read (username|password)|terminal prompts disabled|permission denied \(|permission denied, please try again|access denied|invalid username or password|returned error: 40[13]|host key verification failed/i,
	],
	[
		'unreachable',
		/could not resolve host|failed to connect|connection refused|connection timed out|timed out|no route to host|network is unreachable|does not appear to be a git repository|repository not found|returned error: 404|unable to access|could not read from remote repository/i,
	],
];

// Lives with the other error text; re-exported because git's own readers redact with it.
export {redactCredentials} from '../util/error-text.js';

/** Turns git's stderr (or an Error carrying it) into a one-line, classified error. */
export function classifyGitError(failure: unknown): RepoError {
	const text = errorText(failure, {multiline: true});
	const lines = text
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '');
	// Git's own lock on a repository's index: a git command runs there, or one was killed and left the file.
	const indexLock = /Unable to create '([^']*index\.lock)': File exists/i.exec(text);
	if (indexLock)
		return {
			kind: 'other',
			message: `another git command is using the repository (${indexLock[1]} exists); if none is running, remove that file`,
		};
	for (const [kind, pattern] of patterns) {
		const line = lines.find(candidate => pattern.test(candidate));
		if (line) return {kind, message: stripPrefix(line)};
	}
	const fatal = lines.find(line => /^(fatal|error):/i.test(line)) ?? lines[0] ?? 'git failed';
	return {kind: 'other', message: stripPrefix(fatal)};
}

function stripPrefix(line: string): string {
	return line.replace(/^(fatal|error|remote):\s*/i, '');
}
