// The controllers' processes: spawned on loopback ports, ready when their
// health endpoint answers, stopped by PID (SIGTERM, then SIGKILL after a
// bound) when the test file ends, when it fails and when this process exits —
// so no process and no port outlives the test run.
import {spawn, type ChildProcess} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync, writeFileSync} from 'node:fs';
import {request} from 'node:http';
import {createServer} from 'node:net';

export type StartOptions = {
	/** Shown in errors and used for the log file's name. */
	name: string;
	command: string;
	args: readonly string[];
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** stdout and stderr are appended here. */
	logPath: string;
	/** Ready once a GET of this URL answers 200 (e.g. http://127.0.0.1:PORT/readyz). */
	readyUrl: string;
	/** Default 120 s: a cold 2-core machine under load starts a controller in seconds, well under this. */
	readyTimeoutMs?: number;
};

export type ManagedProcess = {
	name: string;
	pid: number;
	logPath: string;
	/** Milliseconds from spawn to the first 200 from readyUrl. */
	startupMs: number;
	/** The log so far (its last `lines` lines with a count). */
	log(lines?: number): string;
	/** Exit code (null: killed by a signal), or undefined while it runs. */
	exitCode(): number | null | undefined;
	/** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves once it has exited. */
	stop(graceMs?: number): Promise<void>;
};

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

/**
 * Whatever ends this process (the test runner's cancel on a failure or timeout, Ctrl-C, an uncaught error)
 * ends the children too: 'exit' handlers may only do synchronous work, and kill() is.
 */
function installExitHooks(): void {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	process.on('exit', () => {
		for (const child of running) child.kill('SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			// Another listener (controllers:up) owns the shutdown and stops everything gracefully; the 'exit' hook
			// above still ends whatever it leaves.
			if (process.listenerCount(signal) > 0) return;
			for (const child of running) child.kill('SIGKILL');
			// The default action (end the process) was replaced by this listener; restore it.
			process.kill(process.pid, signal);
		});
	}
}

// util-linux's setpriv asks the kernel to SIGKILL the child when this process dies, even by SIGKILL, when no
// exit hook runs. It execs the command, so the PID we hold is the controller's own.
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(path => existsSync(path));

/** A free TCP port on 127.0.0.1 (bound, then closed; the caller binds it next). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

/** Spawn `command` and resolve once `readyUrl` answers 200; throws with the log's tail if it exits or times out first. */
export async function startProcess(options: StartOptions): Promise<ManagedProcess> {
	installExitHooks();
	const logFd = openSync(options.logPath, 'a');
	const started = Date.now();
	const [file, args] = setpriv
		? [setpriv, ['--pdeathsig', 'SIGKILL', '--', options.command, ...options.args]]
		: [options.command, [...options.args]];
	const child = spawn(file, args, {
		cwd: options.cwd,
		env: {...process.env, ...options.env},
		stdio: ['ignore', logFd, logFd],
	});
	closeSync(logFd);
	running.add(child);
	let code: number | null | undefined;
	const exited = new Promise<void>(resolve => {
		child.once('exit', exitCode => {
			code = exitCode;
			running.delete(child);
			resolve();
		});
		child.once('error', error => {
			writeFileSync(options.logPath, `spawning ${options.command} failed: ${error.message}\n`, {flag: 'a'});
			code = null;
			running.delete(child);
			resolve();
		});
	});
	const log = (lines = 40) => tail(existsSync(options.logPath) ? readFileSync(options.logPath, 'utf8') : '', lines);
	const stop = async (graceMs = 10_000) => {
		if (code !== undefined) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	};

	const timeoutMs = options.readyTimeoutMs ?? 120_000;
	const deadline = started + timeoutMs;
	for (;;) {
		if (code !== undefined)
			throw new Error(`${options.name} exited (code ${code}) before it was ready\n--- ${options.logPath} ---\n${log()}`);
		if (await answers200(options.readyUrl)) break;
		if (Date.now() > deadline) {
			await stop(2000);
			throw new Error(
				`${options.name} was not ready (${options.readyUrl}) within ${timeoutMs / 1000}s\n--- ${options.logPath} ---\n${log()}`,
			);
		}
		// Poll interval of the readiness probe; the loop ends on the answer, not on time.
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return {
		name: options.name,
		pid: child.pid ?? -1,
		logPath: options.logPath,
		startupMs: Date.now() - started,
		log,
		exitCode: () => code,
		stop,
	};
}

function answers200(url: string): Promise<boolean> {
	return new Promise(resolve => {
		const req = request(url, {method: 'GET', timeout: 2000}, response => {
			response.resume();
			resolve(response.statusCode === 200);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(false));
		req.end();
	});
}

export function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}
