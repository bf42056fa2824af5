import {isAbsolute, join, resolve} from 'node:path';

/** Git's own rule: a scheme (https://, ssh://, file://) or a colon before the first slash (git@host:org/repo). */
export function isRemoteRepo(repo: string): boolean {
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) return true;
	const colon = repo.indexOf(':');
	const slash = repo.indexOf('/');
	return colon > 0 && (slash < 0 || colon < slash);
}

/** Remote URLs stay as written; local paths become absolute (relative to the config file's directory, `~/` to home). */
export function resolveRepo(repo: string, baseDir: string, home: string): string {
	if (isRemoteRepo(repo)) return repo;
	if (repo === '~' || repo.startsWith('~/')) return join(home, repo.slice(1));
	return isAbsolute(repo) ? repo : resolve(baseDir, repo);
}
