import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {chmod, mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {AuditLog, auditLogPath, readAuditLog, type AuditRecord} from '../../../source/core/actions/audit-log.js';

const root = mkdtempSync(join(tmpdir(), 'driftwatch-audit-'));
let count = 0;

function fresh(): string {
	return join(root, `state-${++count}`, 'driftwatch', 'audit.log');
}

function entry(overrides: Partial<AuditRecord> = {}): AuditRecord {
	return {
		time: '2026-01-02T03:04:05.000Z',
		user: 'alice',
		context: 'prod-eu',
		namespace: 'shop',
		app: 'web',
		kind: 'Git',
		action: 'sync',
		params: {prune: false},
		result: 'ok',
		...overrides,
	};
}

describe('audit log', () => {
	after(async () => rm(root, {recursive: true, force: true}));

	test('lives under $XDG_STATE_HOME/driftwatch; a relative XDG_STATE_HOME is ignored for ~/.local/state', () => {
		assert.equal(auditLogPath({XDG_STATE_HOME: '/var/state', HOME: '/home/a'}), '/var/state/driftwatch/audit.log');
		assert.equal(auditLogPath({XDG_STATE_HOME: 'state', HOME: '/home/a'}), '/home/a/.local/state/driftwatch/audit.log');
		assert.equal(auditLogPath({HOME: '/home/a'}), '/home/a/.local/state/driftwatch/audit.log');
	});

	test('the first append creates the directory (0700) and the file (0600); each entry is one JSON line, read back in order', async () => {
		const path = fresh();
		const log = new AuditLog(path);
		await log.append(entry());
		await log.append(entry({action: 'rollback', params: {to: 'abc1234'}, result: 'failed', error: 'HTTP 403: forbidden'}));
		assert.equal((await stat(join(path, '..'))).mode & 0o777, 0o700);
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		const lines = (await readFile(path, 'utf8')).split('\n');
		assert.equal(lines.length, 3, 'two lines and the final newline');
		assert.deepEqual(JSON.parse(lines[0]!), entry());
		const read = await readAuditLog(path);
		assert.deepEqual(
			read.map(item => `${item.action} ${item.result} ${item.error ?? ''}`),
			['sync ok ', 'rollback failed HTTP 403: forbidden'],
		);
	});

	test('appends made at once come out as whole lines, in call order', async () => {
		const path = fresh();
		const log = new AuditLog(path);
		await Promise.all(
			Array.from({length: 40}, (_, index) => log.append(entry({app: `app-${index}`, details: {padding: 'x'.repeat(5000)}}))),
		);
		const read = await readAuditLog(path);
		assert.deepEqual(
			read.map(item => item.app),
			Array.from({length: 40}, (_, index) => `app-${index}`),
		);
	});

	test('a log left readable by others is made private again on the next append', async () => {
		const path = fresh();
		await mkdir(join(path, '..'), {recursive: true});
		await writeFile(path, `${JSON.stringify(entry())}\n`);
		await chmod(path, 0o644);
		await new AuditLog(path).append(entry({action: 'suspend'}));
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		assert.deepEqual(
			(await readAuditLog(path)).map(item => item.action),
			['sync', 'suspend'],
		);
	});

	test('a missing log reads as empty; a line cut short does not hide the others', async () => {
		assert.deepEqual(await readAuditLog(fresh()), []);
		const path = fresh();
		await mkdir(join(path, '..'), {recursive: true});
		await writeFile(path, `${JSON.stringify(entry())}\n{"time":"2026-01-0\n${JSON.stringify(entry({action: 'resume'}))}\n`);
		assert.deepEqual(
			(await readAuditLog(path)).map(item => item.action),
			['sync', 'resume'],
		);
	});

	test('an unwritable location rejects the append (the service reports it), and the next append still runs', async () => {
		const blocker = join(root, 'a-file');
		await writeFile(blocker, '');
		const log = new AuditLog(join(blocker, 'driftwatch', 'audit.log'));
		await assert.rejects(log.append(entry()), /ENOTDIR|EEXIST/);
		await assert.rejects(log.append(entry()), /ENOTDIR|EEXIST/);
	});
	test('an attempt is one record: its outcome replaces its start; a start with no outcome reads unfinished', async () => {
		const path = fresh();
		const log = new AuditLog(path);
		await log.append(entry({result: 'started', attempt: 'a1'}), {flush: true});
		await log.append(entry({app: 'api', result: 'started', attempt: 'a2'}), {flush: true});
		await log.append(entry({result: 'ok', attempt: 'a1'}));
		const read = await readAuditLog(path);
		assert.deepEqual(
			read.map(item => `${item.app} ${item.result}`),
			['web ok', 'api unfinished'],
		);
		assert.match(read[1]!.error ?? '', /still running, or cut short/);
	});

	test('problem() names a location that cannot be written; a directory others may write is tightened when it is ours', async () => {
		const blocker = join(root, 'another-file');
		await writeFile(blocker, '');
		assert.match(
			(await new AuditLog(join(blocker, 'driftwatch', 'audit.log')).problem()) ?? '',
			/audit log .* cannot be written: .*(ENOTDIR|EEXIST)/,
		);
		const path = fresh();
		await mkdir(join(path, '..'), {recursive: true});
		await chmod(join(path, '..'), 0o777);
		assert.equal(await new AuditLog(path).problem(), null);
		assert.equal((await stat(join(path, '..'))).mode & 0o777, 0o700);
		assert.deepEqual(await readAuditLog(path), [], 'problem() writes nothing to the log');
	});
});
