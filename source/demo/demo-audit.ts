// The demo's audit log: its own file in a directory of its own under the system temp dir (never the user's
// audit log or state directory), kept after the demo exits when it holds an action, so `driftwatch log --file`
// can show what was done in the demo.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {AuditLog, readAuditLog} from '../core/actions/audit-log.js';

export async function createDemoAuditLog(): Promise<AuditLog> {
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-demo-log-'));
	return new AuditLog(join(dir, 'audit.log'));
}

/**
 * What the demo says about its log as it exits: where it is and how to read it; null (and the directory removed)
 * when no action was taken.
 */
export async function demoAuditNotice(log: AuditLog): Promise<string | null> {
	const entries = await readAuditLog(log.path).catch(() => []);
	if (entries.length === 0) {
		await rm(dirname(log.path), {recursive: true, force: true});
		return null;
	}
	const count = `${entries.length} action${entries.length === 1 ? '' : 's'}`;
	return `driftwatch demo: ${count} logged in ${log.path}; read them with: driftwatch log --file ${log.path}`;
}
