import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, relative, resolve, sep} from 'node:path';
import type {TreeEntry} from './tree.js';
import type {MaterializedTree} from './types.js';

/**
 * Writes tree entries (repository-relative paths) under a new temporary
 * directory, for renderers such as kustomize and helm that need real files.
 */
export async function writeTree(entries: readonly TreeEntry[], blobs: ReadonlyMap<string, Buffer>, subdir: string): Promise<MaterializedTree> {
	const root = await mkdtemp(join(tmpdir(), 'driftwatch-tree-'));
	const dispose = () => rm(root, {recursive: true, force: true});
	try {
		await mkdir(join(root, subdir), {recursive: true});
		for (const entry of entries) {
			const target = join(root, entry.path);
			const content = blobs.get(entry.id);
			if (!content) throw new Error(`git object ${entry.id} for ${entry.path} is missing`);
			await mkdir(dirname(target), {recursive: true});
			if (entry.type === 'symlink') {
				// Only links that stay inside the tree: a renderer must not read the user's files through the repo.
				const linkTarget = content.toString('utf8');
				const resolved = resolve(dirname(target), linkTarget);
				if (resolved === root || resolved.startsWith(root + sep)) await symlink(relative(dirname(target), resolved), target);
				continue;
			}
			await writeFile(target, content, {mode: entry.type === 'executable' ? 0o755 : 0o644});
		}
	} catch (error) {
		await dispose();
		throw error;
	}
	return {root, dir: join(root, subdir), dispose};
}
