// `driftwatch log`: the audit log, one action per line (or the raw JSON Lines with --json).
import {readFile, stat} from 'node:fs/promises';
import {auditLogPath, readAuditLog, type AuditRecord} from '../core/actions/audit-log.js';
import {problem, stdout} from './output.js';

/** `file`: another audit log than the user's (the demo's, which it names when it exits). */
export type LogFlags = {json: boolean; file?: string | undefined; env?: NodeJS.ProcessEnv};

export async function runLog(flags: LogFlags): Promise<number> {
	const path = flags.file ?? auditLogPath(flags.env ?? process.env);
	if (flags.file !== undefined && !(await isFile(flags.file))) {
		problem(`no audit log at ${flags.file} (--file names a file an audit log was written to)`);
		return 2;
	}
	if (flags.json) {
		// As written: JSON Lines, for jq (with DEL, C1 and bidi characters as \u escapes: the same strings to jq).
		const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return '';
			throw error;
		});
		stdout.jsonText(text);
		return 0;
	}
	const entries = await readAuditLog(path);
	if (entries.length === 0) {
		problem(`no actions recorded yet (${path})`);
		return 0;
	}
	stdout.lines(entries.map(auditLine));
	return 0;
}

async function isFile(path: string): Promise<boolean> {
	return stat(path).then(
		found => found.isFile(),
		() => false,
	);
}

/** `2026-01-02T03:04:05.000Z  ok       admin@prod  sync NativeApp shop/web  prune=false  — error` */
export function auditLine(entry: AuditRecord): string {
	const params = Object.entries(entry.params ?? {})
		.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
		.join(' ');
	const parts = [
		entry.time,
		entry.result.padEnd(7),
		`${entry.user}@${entry.context}`,
		`${entry.action} ${entry.kind} ${entry.namespace}/${entry.app}`,
	];
	if (params) parts.push(params);
	const line = parts.join('  ');
	return entry.error ? `${line}  — ${entry.error}` : line;
}
