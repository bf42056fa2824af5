// The audit log: one JSON line per action (done, failed or refused) at $XDG_STATE_HOME/driftwatch/audit.log,
// readable only by the user. Entries hold ids, flags and refs, never object contents.
import {chmod, mkdir, open, readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, isAbsolute, join} from 'node:path';
import type {AuditEntry} from './types.js';

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

	/** Appends one line; rejects when the log cannot be written (the caller decides what that means). */
	append(entry: AuditRecord): Promise<void> {
		const line = `${JSON.stringify(entry)}\n`;
		const run = this.#queue.then(() => this.#write(line));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #write(line: string): Promise<void> {
		const dir = dirname(this.path);
		await mkdir(dir, {recursive: true, mode: 0o700});
		// 'a' opens with O_APPEND: concurrent driftwatch processes each add whole lines.
		const file = await open(this.path, 'a', 0o600);
		try {
			// An existing file keeps its mode on open; a log made by an older run is tightened here.
			if (((await file.stat()).mode & 0o077) !== 0) await chmod(this.path, 0o600);
			await file.write(line);
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
	return entries;
}
