// Running the real CLI (bin/driftwatch.js) the way a user does, and what a user's mistake must look like.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type CliRun = {code: number | null; stdout: string; stderr: string; elapsedMs: number};

export type CliOptions = {
	/** Variables of the caller's environment not to pass on, beyond KUBECONFIG and DRIFTWATCH_DEBUG (e.g. DRIFTWATCH_DIFF). */
	unset?: readonly string[];
	/** Killed (SIGKILL, code null) after this long, a failure guard; null: no limit, the CLI must end by itself. Default 30 s. */
	timeoutMs?: number | null;
	/**
	 * 'close' (default): resolve once the output pipes close, with all of it. 'exit': as soon as the CLI process exits,
	 * so a leftover child of its own (a credential plugin) holding the inherited pipes cannot hide that the CLI ended.
	 */
	settle?: 'close' | 'exit';
};

/**
 * bin/driftwatch.js under the test runner's own Node 22, from the repository root, stdin a closed pipe (not a
 * terminal), without colour, debug output or the caller's KUBECONFIG (each test says which cluster it means in
 * `env` or the arguments); never rejects.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: CliOptions = {}): Promise<CliRun> {
	const childEnv: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'};
	for (const name of ['DRIFTWATCH_DEBUG', 'KUBECONFIG', ...(options.unset ?? [])]) delete childEnv[name];
	Object.assign(childEnv, env);
	const timeoutMs = options.timeoutMs === undefined ? 30_000 : options.timeoutMs;
	const started = Date.now();
	return new Promise(resolve => {
		const child = spawn(process.execPath, ['bin/driftwatch.js', ...args], {cwd: repoRoot, env: childEnv, stdio: ['pipe', 'pipe', 'pipe']});
		child.stdin.end();
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const guard = timeoutMs === null ? undefined : setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on(options.settle ?? 'close', (code: number | null) => {
			clearTimeout(guard);
			resolve({code, stdout, stderr, elapsedMs: Date.now() - started});
		});
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
