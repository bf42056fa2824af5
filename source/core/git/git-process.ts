// A git command that talks to a remote, with deadlines of its own: it ends when it stays silent too long (no
// output, progress included) and when it runs too long at all. It runs in a process group of its own, so the
// helpers it starts (git-remote-https, ssh) end with it instead of holding a dead connection open.
import {spawn, type ChildProcess} from 'node:child_process';

type NetworkLimits = {
	/** Ends the command after this long without output (with --progress, a working transfer always prints). */
	stallMs: number;
	/** Ends the command after this long, output or not. */
	deadlineMs: number;
	/** Ends the command now (a stopping poller); it rejects with the signal's reason. */
	signal?: AbortSignal;
};

/** The command was ended by its own deadline: `stalled` (no output for `afterMs`) or `deadline` (ran `afterMs`). */
export class GitDeadlineError extends Error {
	constructor(
		readonly reason: 'stalled' | 'deadline',
		readonly afterMs: number,
	) {
		super(reason === 'stalled' ? `no answer within ${afterMs} ms` : `not finished within ${afterMs} ms`);
		this.name = 'GitDeadlineError';
	}
}

/** SIGTERM lets git remove its lock files; whatever still runs after this long is killed. */
const KILL_AFTER_MS = 2000;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	try {
		// The negative pid names the process group: git and every helper it started.
		if (process.platform === 'win32') child.kill(signal);
		else process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

/** Runs `git args` in `cwd` with exactly `env`; resolves with stdout, rejects with stderr's text or a GitDeadlineError. */
export function runGitNetwork(
	args: readonly string[],
	options: {cwd: string; env: Record<string, string>},
	limits: NetworkLimits,
): Promise<string> {
	limits.signal?.throwIfAborted();
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		// Its own process group does not get the terminal's SIGHUP: a driftwatch that exits takes it along.
		process.on('exit', () => {
			for (const child of running) signalGroup(child, 'SIGKILL');
		});
	}
	return new Promise((resolve, reject) => {
		const child = spawn('git', args, {
			cwd: options.cwd,
			env: options.env,
			detached: process.platform !== 'win32',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		running.add(child);
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let ended: Error | null = null;
		let killTimer: NodeJS.Timeout | undefined;
		let exitTimer: NodeJS.Timeout | undefined;
		const end = (reason: Error) => {
			if (ended) return;
			ended = reason;
			signalGroup(child, 'SIGTERM');
			killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_AFTER_MS);
		};
		let stallTimer = setTimeout(() => end(new GitDeadlineError('stalled', limits.stallMs)), limits.stallMs);
		const deadlineTimer = setTimeout(() => end(new GitDeadlineError('deadline', limits.deadlineMs)), limits.deadlineMs);
		const heard = () => {
			if (ended) return;
			clearTimeout(stallTimer);
			stallTimer = setTimeout(() => end(new GitDeadlineError('stalled', limits.stallMs)), limits.stallMs);
		};
		const onAbort = () => end(limits.signal?.reason instanceof Error ? limits.signal.reason : new Error('aborted'));
		limits.signal?.addEventListener('abort', onAbort, {once: true});
		child.stdout.on('data', (chunk: Buffer) => {
			stdout.push(chunk);
			heard();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr.push(chunk);
			heard();
		});
		let done = false;
		const finish = (failure: Error | null) => {
			if (done) return;
			done = true;
			clearTimeout(stallTimer);
			clearTimeout(deadlineTimer);
			clearTimeout(killTimer);
			clearTimeout(exitTimer);
			limits.signal?.removeEventListener('abort', onAbort);
			running.delete(child);
			if (ended) reject(ended);
			else if (failure) reject(failure);
			else resolve(Buffer.concat(stdout).toString('utf8'));
		};
		child.on('error', error => finish(error));
		const settle = (code: number | null, signal: NodeJS.Signals | null) => {
			if (code === 0) return finish(null);
			finish(
				new Error(
					lastProgress(Buffer.concat(stderr).toString('utf8')) ||
						`git ${args[0]} failed (${signal ? `killed by ${signal}` : `exit code ${code}`})`,
				),
			);
		};
		// 'close': git has exited and its output pipes are drained (the next fetch finds no lock file of this one).
		child.on('close', settle);
		// A helper that left git's process group (an ssh master connection) can hold the pipes open for ever.
		child.on('exit', (code, signal) => {
			exitTimer = setTimeout(() => settle(code, signal), KILL_AFTER_MS);
		});
	});
}

/** Progress lines rewrite themselves with '\r': keep what each line finally said. */
function lastProgress(text: string): string {
	return text
		.split('\n')
		.map(
			line =>
				line
					.split('\r')
					.filter(part => part.trim() !== '')
					.at(-1) ?? '',
		)
		.join('\n')
		.trim();
}
