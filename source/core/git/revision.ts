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
