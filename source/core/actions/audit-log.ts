// The audit log: one JSON line per action (done, failed or refused) at $XDG_STATE_HOME/driftwatch/audit.log,
// readable only by the user. Entries hold ids, flags and refs, never object contents.
import {chmod, mkdir, open, readFile, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, isAbsolute, join} from 'node:path';
import type {AuditEntry} from './types.js';
import {errorText} from '../util/error-text.js';

/** An audit line: the entry, plus the outcome's facts (revision applied, objects deleted…) when there are any. */
export type AuditRecord = AuditEntry & {details?: Record<string, unknown>};

/** `$XDG_STATE_HOME/driftwatch/audit.log` (XDG: a relative XDG_STATE_HOME is ignored), default ~/.local/state. */
export function auditLogPath(env: NodeJS.ProcessEnv = process.env): string {
	const xdg = env.XDG_STATE_HOME;
	const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'state');
	return join(base, 'driftwatch', 'audit.log');
}

export class AuditLog {
	readonly path: string;
	/** Appends in call order, one at a time: lines never interleave. */
	#queue: Promise<void> = Promise.resolve();

	constructor(path: string = auditLogPath()) {
		this.path = path;
	}

	/**
	 * Appends one line; rejects when the log cannot be written (the caller decides what that means). `flush`
	 * waits until the line is on disk: a start record must survive the process being killed mid-action.
	 */
	append(entry: AuditRecord, options: {flush?: boolean} = {}): Promise<void> {
		const line = `${JSON.stringify(entry)}\n`;
		const run = this.#queue.then(() => this.#write(line, options.flush === true));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	/**
	 * Why an action could not be recorded here, or null when it can: the directory is made (0700) or, when it is
	 * ours and open to others, tightened; one that others may write and that is not ours is refused (anyone
	 * could replace the log). Writes nothing to the log.
	 */
	async problem(): Promise<string | null> {
		try {
			await this.#prepareDir();
			const file = await open(this.path, 'a', 0o600);
			await file.close();
			return null;
		} catch (error) {
			return `audit log ${this.path} cannot be written: ${errorText(error)}`;
		}
	}

	async #prepareDir(): Promise<void> {
		const dir = dirname(this.path);
		await mkdir(dir, {recursive: true, mode: 0o700});
		const info = await stat(dir);
		if ((info.mode & 0o022) === 0) return;
		if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
			throw new Error(`${dir} may be written by other users and is not yours`);
		}
		await chmod(dir, 0o700);
	}

	async #write(line: string, flush: boolean): Promise<void> {
		await this.#prepareDir();
		// 'a' opens with O_APPEND: concurrent driftwatch processes each add whole lines.
		const file = await open(this.path, 'a', 0o600);
		try {
			// An existing file keeps its mode on open; a log made by an older run is tightened here.
			if (((await file.stat()).mode & 0o077) !== 0) await chmod(this.path, 0o600);
			await file.write(line);
			if (flush) await file.datasync();
		} finally {
			await file.close();
		}
	}
}

/** Every entry of the log, oldest first; a missing log is empty, a line that is not JSON is skipped. */
export async function readAuditLog(path: string = auditLogPath()): Promise<AuditRecord[]> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const entries: AuditRecord[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			entries.push(JSON.parse(line) as AuditRecord);
		} catch {
			// A line cut short (disk full, killed mid-write) does not hide the others.
		}
	}
	return foldAttempts(entries);
}

/**
 * One record per action: an outcome line replaces the 'started' line of its attempt (in the start's place); a
 * start with no outcome reads 'unfinished': still running in some process, or cut short (killed, the machine went
 * down) — the log cannot tell which.
 */
function foldAttempts(entries: readonly AuditRecord[]): AuditRecord[] {
	const started = new Set<string>();
	const outcomes = new Map<string, AuditRecord>();
	for (const entry of entries) {
		if (!entry.attempt) continue;
		if (entry.result === 'started') started.add(entry.attempt);
		else outcomes.set(entry.attempt, entry);
	}
	const folded: AuditRecord[] = [];
	for (const entry of entries) {
		if (entry.result === 'started') {
			folded.push(
				outcomes.get(entry.attempt ?? '') ?? {
					...entry,
					result: 'unfinished',
					error: 'no outcome recorded yet: still running, or cut short (process killed); check the app before acting again',
				},
			);
		} else if (!entry.attempt || !started.has(entry.attempt)) {
			folded.push(entry);
		}
	}
	return folded;
}
