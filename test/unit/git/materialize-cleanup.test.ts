// Temporary checkouts (a whole repository for kustomize, hundreds of MB) never outlive the process that wrote
// them: not after SIGTERM or SIGHUP (a closed SSH session), not after process.exit; and those of a process killed
// outright (SIGKILL) are removed by the next one.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, describe, test} from 'node:test';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const script = join(repoRoot, 'test', 'support', 'children', 'materialize.ts');

describe('temporary checkouts', () => {
	const temp = mkdtempSync(join(tmpdir(), 'driftwatch-materialize-test-'));
	after(() => rmSync(temp, {recursive: true, force: true}));

	/** Runs the child with TMPDIR = a fresh directory; resolves its stdout lines as they come, and its end. */
	function run(mode: string, tmp = mkdtempSync(join(temp, 'tmp-'))) {
		const child = spawn(process.execPath, ['--import', 'tsx', script, mode], {cwd: repoRoot, env: {...process.env, TMPDIR: tmp}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve =>
			child.once('exit', (code, signal) => resolve({code, signal})),
		);
		const firstLine = new Promise<string>((resolve, reject) => {
			child.stdout.on('data', () => {
				if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
			});
			void ended.then(() => reject(new Error(`the child ended before printing its checkout: ${stderr}`)));
		});
		return {child, tmp, firstLine, ended, output: () => stdout, errors: () => stderr};
	}

	for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
		test(`${signal}: the checkout is removed and the process still ends by ${signal}`, async () => {
			const running = run('wait');
			const root = await running.firstLine;
			assert.ok(root.startsWith(join(running.tmp, `driftwatch-tree-${running.child.pid}-`)), root);
			assert.ok(existsSync(join(root, 'apps', 'web', 'cm.yaml')));
			running.child.kill(signal);
			assert.deepEqual(await running.ended, {code: null, signal});
			assert.equal(existsSync(root), false, running.errors());
		});
	}

	test('process.exit without dispose: the checkout is removed, the exit code kept', async () => {
		const running = run('exit');
		const root = await running.firstLine;
		assert.deepEqual(await running.ended, {code: 3, signal: null});
		assert.equal(existsSync(root), false);
	});

	test('checkouts left by dead processes (or long ago) are removed by the next run; a live process keeps its own', async () => {
		const tmp = mkdtempSync(join(temp, 'tmp-'));
		const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
		const checkout = (name: string, ageMs = 0) => {
			const dir = join(tmp, name);
			mkdirSync(join(dir, 'apps'), {recursive: true});
			writeFileSync(join(dir, 'apps', 'big.yaml'), 'x'.repeat(1000));
			const time = new Date(Date.now() - ageMs);
			utimesSync(dir, time, time);
			return dir;
		};
		const ofDead = checkout(`driftwatch-tree-${deadPid}-Ab12Cd`);
		const ofLive = checkout(`driftwatch-tree-${process.pid}-Ef34Gh`);
		const oldUnnamed = checkout('driftwatch-tree-Xy56Zw', 2 * 60 * 60 * 1000);
		const freshUnnamed = checkout('driftwatch-tree-Qr78St');
		const unrelated = checkout('driftwatch-git-test-Ab12Cd', 2 * 60 * 60 * 1000);

		const running = run('sweep', tmp);
		assert.deepEqual(await running.ended, {code: 0, signal: null}, running.errors());
		const removed = JSON.parse(running.output().split('\n')[1]!) as string[];
		assert.deepEqual(removed.sort(), [ofDead, oldUnnamed].sort());
		for (const gone of [ofDead, oldUnnamed]) assert.equal(existsSync(gone), false, gone);
		for (const kept of [ofLive, freshUnnamed, unrelated]) assert.equal(existsSync(kept), true, kept);
	});
});
