// Running the real CLI (bin/driftwatch.js) the way a user does, and what a user's mistake must look like.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type CliRun = {code: number | null; stdout: string; stderr: string};

/**
 * bin/driftwatch.js under the test runner's own Node 22, from the repository root, without colour, debug output or
 * the caller's KUBECONFIG (each test says which cluster it means in `env`); never rejects.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
	const base: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'};
	delete base.DRIFTWATCH_DEBUG;
	delete base.KUBECONFIG;
	return new Promise(resolve => {
		execFile(
			process.execPath,
			['bin/driftwatch.js', ...args],
			{cwd: repoRoot, env: {...base, ...env}, timeout: 30_000},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
				resolve({code, stdout, stderr});
			},
		);
	});
}

/** A user's mistake: exit 2, exactly one `driftwatch: …` line on stderr matching `pattern`, stdout clean, no trace. */
export function assertOneLineError(run: CliRun, pattern: RegExp): void {
	assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
	assert.equal(run.stdout, '', 'stdout stays clean');
	const lines = run.stderr.split('\n').filter(line => line !== '');
	assert.equal(lines.length, 1, `one stderr line, got:\n${run.stderr}`);
	assert.match(lines[0]!, /^driftwatch: /);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(run.stderr, /ENOENT|\n\s+at |Error:/, 'no errno code, no stack trace');
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}
