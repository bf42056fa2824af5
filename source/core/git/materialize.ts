import {rmSync} from 'node:fs';
import {mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {cleanUpOnExit} from '../util/exit-cleanup.js';
import {processAlive} from './dir-lock.js';
import type {TreeEntry} from './tree.js';
import type {MaterializedTree} from './types.js';

const prefix = 'driftwatch-tree-';
/** `driftwatch-tree-<pid>-<random>`: the pid says whether the process that wrote it still runs. */
const ownedName = /^driftwatch-tree-(\d+)-[A-Za-z0-9]{6}$/;
/** Named before the pid was part of the name: judged by age alone. */
const unownedName = /^driftwatch-tree-[A-Za-z0-9]{6}$/;
/** No render keeps its checkout this long: an older one was left by a process that died (or a reused pid). */
const abandonedAfterMs = 24 * 60 * 60 * 1000;
const unownedAfterMs = 60 * 60 * 1000;

const sweeps = new Map<string, Promise<string[]>>();

/**
 * Removes the checkouts that processes killed without a chance to clean up (SIGKILL, a crash, a power cut) left
 * in `dir`: those of dead pids, and old ones. Once per directory per process (a later call gets the first one's
 * result); best effort. Resolves with the paths removed.
 */
export function sweepAbandonedTrees(dir: string = tmpdir()): Promise<string[]> {
	let sweep = sweeps.get(dir);
	if (!sweep) {
		sweep = sweepOnce(dir, Date.now());
		sweeps.set(dir, sweep);
	}
	return sweep;
}

async function sweepOnce(dir: string, now: number): Promise<string[]> {
	const removed: string[] = [];
	const names = await readdir(dir).then(
		all => all.filter(name => name.startsWith(prefix)),
		() => [],
	);
	for (const name of names) {
		const path = join(dir, name);
		try {
			const owned = ownedName.exec(name);
			const age = now - (await stat(path)).mtimeMs;
			const pid = Number(owned?.[1]);
			const abandoned = owned
				? pid !== process.pid && (!processAlive(pid) || age > abandonedAfterMs)
				: unownedName.test(name) && age > unownedAfterMs;
			if (!abandoned) continue;
			await rm(path, {recursive: true, force: true});
			removed.push(path);
		} catch {
			// Another process removed it first, or it is not ours to remove.
		}
	}
	return removed;
}

/**
 * Writes tree entries (repository-relative paths) under a new temporary
 * directory, for renderers such as kustomize and helm that need real files.
 * The directory goes on dispose, and also if the process ends first (exit, SIGTERM, SIGHUP, SIGINT).
 */
export async function writeTree(
	entries: readonly TreeEntry[],
	blobs: ReadonlyMap<string, Buffer>,
	subdir: string,
): Promise<MaterializedTree> {
	const base = tmpdir();
	// In the background: what a killed run left (hundreds of MB for a big repository) must not delay this render.
	void sweepAbandonedTrees(base);
	const root = await mkdtemp(join(base, `${prefix}${process.pid}-`));
	const forget = cleanUpOnExit(() => rmSync(root, {recursive: true, force: true}));
	const dispose = async () => {
		await rm(root, {recursive: true, force: true});
		forget();
	};
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
