// A lock on a directory shared by driftwatch processes (a work tree under the cache dir): `<dir>.lock`, created
// with O_EXCL, holding who has it. A holder that died (same host, pid gone) or stopped refreshing the file's time
// (another host, a reused pid) has lost it; the next process takes it over.
import {randomUUID} from 'node:crypto';
import {readFileSync, rmSync} from 'node:fs';
import {type FileHandle, mkdir, open, readFile, rm, stat, utimes} from 'node:fs/promises';
import {hostname} from 'node:os';
import {dirname} from 'node:path';
import {cleanUpOnExit} from '../util/exit-cleanup.js';

type LockHolder = {pid: number; host: string; since: string; token: string};

/** The directory is locked by another live process (or one whose lock is not stale yet). */
export class DirBusy extends Error {
	/** 'pid N', 'pid N on host H' when it runs elsewhere, or '' when the lock file could not be read. */
	readonly who: string;

	constructor(readonly holder: LockHolder | null) {
		const who = holder ? `pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}` : '';
		super(who ? `locked by ${who}` : 'locked by another process');
		this.name = 'DirBusy';
		this.who = who;
	}
}

export type DirLock = {
	/** Whether the lock file is still this holder's (false after a takeover of a holder that paused too long). */
	held(): Promise<boolean>;
	release(): Promise<void>;
};

type LockOptions = {
	/** How long to wait for a live holder to finish before DirBusy. */
	waitMs: number;
	/** A lock whose file time is older than this has a holder that stopped (its heartbeat refreshes it). */
	staleMs?: number;
};

const defaultStaleMs = 60_000;
const pollMs = 50;
/** A lock file is written right after it is created: empty or unreadable for longer, its writer died in between. */
const unwrittenStaleMs = 10_000;

type Seen = {holder: LockHolder | null; raw: string; ino: number; mtimeMs: number};

export function lockPathOf(dir: string): string {
	return `${dir}.lock`;
}

export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, as another user's process.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function parseHolder(raw: string): LockHolder | null {
	try {
		const value = JSON.parse(raw) as Partial<LockHolder>;
		if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') {
			return {pid: value.pid, host: value.host, token: value.token, since: typeof value.since === 'string' ? value.since : ''};
		}
	} catch {
		// Being written, or not ours: judged by its age.
	}
	return null;
}

async function inspect(path: string): Promise<Seen | null> {
	try {
		const [raw, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
		return {holder: parseHolder(raw), raw, ino: info.ino, mtimeMs: info.mtimeMs};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
}

function isStale(seen: Seen, staleMs: number): boolean {
	const age = Date.now() - seen.mtimeMs;
	if (seen.holder === null) return age > unwrittenStaleMs;
	if (seen.holder.host === hostname() && !processAlive(seen.holder.pid)) return true;
	return age > staleMs;
}

async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
	let file: FileHandle;
	try {
		file = await open(path, 'wx', 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
	try {
		await file.writeFile(JSON.stringify(holder));
	} finally {
		await file.close();
	}
	return true;
}

/**
 * Removes the stale lock `seen`, unless it changed meanwhile. Two processes may find the same stale lock: the
 * takeover file lets one at a time re-check and remove it, so none removes a lock another just created.
 */
async function removeStale(path: string, seen: Seen): Promise<boolean> {
	const guard = `${path}.takeover`;
	let file: FileHandle;
	try {
		file = await open(guard, 'wx', 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		// A takeover takes milliseconds: an old guard is left from a process killed during one.
		const age = await stat(guard).then(
			info => Date.now() - info.mtimeMs,
			() => 0,
		);
		if (age > unwrittenStaleMs) await rm(guard, {force: true});
		return false;
	}
	try {
		const now = await inspect(path);
		if (now === null) return true;
		if (now.ino !== seen.ino || now.raw !== seen.raw) return false;
		await rm(path, {force: true});
		return true;
	} finally {
		await file.close();
		await rm(guard, {force: true});
	}
}

const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Locks `dir` for this process, waiting up to `waitMs` for another holder; throws DirBusy after that. */
export async function lockDir(dir: string, options: LockOptions): Promise<DirLock> {
	const path = lockPathOf(dir);
	const staleMs = options.staleMs ?? defaultStaleMs;
	const holder: LockHolder = {pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID()};
	await mkdir(dirname(path), {recursive: true});
	const deadline = Date.now() + options.waitMs;
	for (;;) {
		if (await tryCreate(path, holder)) break;
		const seen = await inspect(path);
		if (seen === null) continue;
		if (isStale(seen, staleMs)) {
			// Not removed: another process is taking it over right now (milliseconds), or took it already; the
			// next look names the new holder rather than the dead one. An abandoned takeover ends by age.
			if (!(await removeStale(path, seen))) await delay(pollMs);
			continue;
		}
		if (Date.now() >= deadline) throw new DirBusy(seen.holder);
		await delay(pollMs);
	}

	const ours = async () => (await inspect(path).catch(() => null))?.holder?.token === holder.token;
	// The file's time is the heartbeat other processes judge a holder on another host (or a reused pid) by.
	const heartbeat = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => undefined), Math.max(1000, staleMs / 4));
	heartbeat.unref();
	const forget = cleanUpOnExit(() => {
		// Exiting mid-action: the lock is given up so the next run need not wait for it to go stale.
		try {
			if (parseHolder(readFileSyncQuiet(path))?.token === holder.token) rmSync(path, {force: true});
		} catch {
			// Nothing to release.
		}
	});
	let released = false;
	return {
		held: ours,
		async release() {
			if (released) return;
			released = true;
			clearInterval(heartbeat);
			forget();
			// Never throws: a release runs after the work, whose outcome must not turn into an error.
			if (await ours()) await rm(path, {force: true}).catch(() => undefined);
		},
	};
}

function readFileSyncQuiet(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}
