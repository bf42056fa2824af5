// `driftwatch … | head`: the reader goes away before driftwatch has written everything. That must end quietly,
// as kubectl or any C tool does under SIGPIPE (status 141), never with Node's "Unhandled 'error' event" trace.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';

const bin = new URL('../../../bin/driftwatch.js', import.meta.url).pathname;

/** Runs the CLI, reads its first chunk of output and then closes the pipe, as `| head -1` does. */
function readFirstChunkThenClose(args: string[], env: NodeJS.ProcessEnv): Promise<{first: string; code: number | null; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let first = '';
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout.once('data', (chunk: Buffer) => {
			first = chunk.toString();
			child.stdout.destroy();
		});
		child.on('error', reject);
		child.on('close', code => resolve({first, code, stderr}));
	});
}

describe('output into a pipe whose reader closes early', () => {
	const home = mkdtempSync(join(tmpdir(), 'driftwatch-closed-pipe-'));
	after(() => rmSync(home, {recursive: true, force: true}));
	// Far more than a pipe holds (64 KiB), so writes are still pending when the reader goes.
	const log = join(home, 'audit.log');
	const record = (index: number) =>
		JSON.stringify({
			time: '2026-12-06T20:00:00.000Z',
			user: 'admin',
			context: 'prod',
			namespace: 'shop',
			app: `web-${index}`,
			kind: 'Application',
			action: 'sync',
			result: 'ok',
		});
	writeFileSync(log, Array.from({length: 20_000}, (_, index) => `${record(index)}\n`).join(''));
	const env = {PATH: process.env.PATH, HOME: home};

	for (const args of [
		['log', '--file', log],
		['log', '--json', '--file', log],
	]) {
		test(`driftwatch ${args.slice(0, -1).join(' ')} | head: status 141, nothing on stderr`, async () => {
			const run = await readFirstChunkThenClose(args, env);
			assert.match(run.first, /web-0/);
			assert.equal(run.stderr, '');
			assert.equal(run.code, 141);
		});
	}
});
