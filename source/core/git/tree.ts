import type {Git} from './git-env.js';

export type TreeEntry = {
	/** Repository-relative path. */
	path: string;
	/** 'file', 'executable', 'symlink'; submodules are left out (nothing to read). */
	type: 'file' | 'executable' | 'symlink';
	id: string;
};

/** Every file under `dir` ('' = whole tree) at `revision`, recursively, without a work tree. */
export async function listTree(git: Git, revision: string, dir: string): Promise<TreeEntry[]> {
	const args = ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', '--end-of-options', `${revision}^{tree}`];
	if (dir !== '') args.push('--', dir);
	const output = await git.raw(args);
	const entries: TreeEntry[] = [];
	for (const record of output.split('\0')) {
		// "<mode> <type> <id>\t<path>"
		const tab = record.indexOf('\t');
		if (tab < 0) continue;
		const [mode, , id = ''] = record.slice(0, tab).split(' ');
		const type = mode === '100755' ? 'executable' : mode === '120000' ? 'symlink' : mode === '100644' ? 'file' : null;
		if (type) entries.push({path: record.slice(tab + 1), type, id});
	}
	return entries;
}
