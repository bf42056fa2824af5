// The lock that keeps driftwatch processes out of each other's work tree: who holds it is named, a holder that
// died or stopped refreshing it loses it, and when several processes find the same dead holder only one takes over.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {DirBusy, lockDir, lockPathOf} from '../../../source/core/git/dir-lock.js';

describe('lockDir', () => {
	const temp = mkdtempSync(join(tmpdir(), 'driftwatch-lock-test-'));
	after(() => rmSync(temp, {recursive: true, force: true}));
	let count = 0;
	const freshDir = () => join(temp, `tree-${++count}`);

	function leaveLock(dir: string, holder: {pid: number; host: string}, ageMs = 0): void {
		const path = lockPathOf(dir);
		writeFileSync(path, JSON.stringify({...holder, since: '2026-01-01T00:00:00Z', token: `left-${holder.pid}`}));
		const time = new Date(Date.now() - ageMs);
		utimesSync(path, time, time);
	}

	test('held: a second taker waits, then is told the holder; after release it gets the lock', async () => {
		const dir = freshDir();
		const first = await lockDir(dir, {waitMs: 0});
		const started = Date.now();
		const busy = await lockDir(dir, {waitMs: 300}).then(
			() => null,
			(error: unknown) => error,
		);
		assert.ok(busy instanceof DirBusy, String(busy));
		assert.ok(Date.now() - started >= 300, 'it waited for the holder first');
		assert.equal(busy.who, `pid ${process.pid}`);
		assert.equal(await first.held(), true);
		await first.release();
		assert.equal(existsSync(lockPathOf(dir)), false);
		const second = await lockDir(dir, {waitMs: 0});
		await second.release();
	});

	test('a holder that is waited for lets go in time: the waiting taker gets the lock', async () => {
		const dir = freshDir();
		const first = await lockDir(dir, {waitMs: 0});
		const waiting = lockDir(dir, {waitMs: 5000});
		setTimeout(() => void first.release(), 100);
		const second = await waiting;
		assert.equal(await second.held(), true);
		assert.equal(await first.held(), false);
		await second.release();
	});

	test('the lock of a dead process is taken over at once, by exactly one of five takers at the same moment', async () => {
		const dir = freshDir();
		const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
		leaveLock(dir, {pid: deadPid, host: hostname()});
		const results = await Promise.allSettled(Array.from({length: 5}, () => lockDir(dir, {waitMs: 0})));
		const holders = results.filter(result => result.status === 'fulfilled');
		assert.equal(holders.length, 1, JSON.stringify(results.map(result => (result.status === 'rejected' ? String(result.reason) : 'held'))));
		for (const result of results)
			if (result.status === 'rejected')
				assert.ok(result.reason instanceof DirBusy && result.reason.holder?.pid === process.pid, String(result.reason));
		assert.equal(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).pid, process.pid);
		await holders[0]!.value.release();
	});

	test('another host: busy while its heartbeat is fresh (named with the host), taken over once it stopped', async () => {
		const fresh = freshDir();
		leaveLock(fresh, {pid: 4242, host: 'build-7'});
		const busy = await lockDir(fresh, {waitMs: 0}).then(
			() => null,
			(error: unknown) => error,
		);
		assert.ok(busy instanceof DirBusy);
		assert.equal(busy.who, 'pid 4242 on build-7');

		const stopped = freshDir();
		leaveLock(stopped, {pid: 4242, host: 'build-7'}, 120_000);
		const lock = await lockDir(stopped, {waitMs: 0});
		assert.equal(JSON.parse(readFileSync(lockPathOf(stopped), 'utf8')).host, hostname());
		await lock.release();
	});

	test('a holder whose lock was taken over knows it no longer holds it, and its release leaves the new lock alone', async () => {
		const dir = freshDir();
		const paused = await lockDir(dir, {waitMs: 0});
		leaveLock(dir, {pid: 4242, host: 'build-7'});
		assert.equal(await paused.held(), false);
		await paused.release();
		assert.equal(JSON.parse(readFileSync(lockPathOf(dir), 'utf8')).host, 'build-7');
	});
});
