import {spawn} from 'node:child_process';

type ToolOutcome = {kind: 'ok'; stdout: string} | {kind: 'missing'} | {kind: 'failed'; message: string};

type ToolRun = {
	cwd: string;
	/** PATH to look the command up in; the rest of the environment is inherited. */
	searchPath?: string;
	stdin?: string;
	timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs a renderer binary and collects its output; a missing binary is an outcome, not an exception. */
export function runTool(command: string, args: string[], run: ToolRun): Promise<ToolOutcome> {
	return new Promise(resolve => {
		const env = run.searchPath === undefined ? process.env : {...process.env, PATH: run.searchPath};
		const child = spawn(command, args, {cwd: run.cwd, env, stdio: ['pipe', 'pipe', 'pipe']});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let settled = false;
		// Our own timer rather than spawn's `timeout`, whose timer outlives a spawn that fails with ENOENT.
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			settle({kind: 'failed', message: `${command} timed out after ${Math.round((run.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s`});
		}, run.timeoutMs ?? DEFAULT_TIMEOUT_MS);
		const settle = (outcome: ToolOutcome) => {
			clearTimeout(timer);
			if (settled) return;
			settled = true;
			resolve(outcome);
		};
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', (error: NodeJS.ErrnoException) => {
			settle(error.code === 'ENOENT' ? {kind: 'missing'} : {kind: 'failed', message: error.message});
		});
		child.on('close', (code, signal) => {
			if (code === 0) {
				settle({kind: 'ok', stdout: Buffer.concat(stdout).toString('utf8')});
				return;
			}
			const detail = Buffer.concat(stderr).toString('utf8').trim();
			const status = signal ? `killed by ${signal}` : `exit code ${code}`;
			settle({kind: 'failed', message: detail || `${command} failed (${status})`});
		});
		// A renderer that exits before reading stdin must not crash us with EPIPE.
		child.stdin.on('error', () => {});
		child.stdin.end(run.stdin ?? '');
	});
}
