// Synchronous cleanups (temporary checkouts, lock files) that must run however the process ends: a normal exit,
// process.exit(), or SIGTERM / SIGHUP / SIGINT, whose default action would end Node without running `finally`.

const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
type ExitSignal = (typeof signals)[number];

const cleanups = new Set<() => void>();
let installed = false;

function runCleanups(): void {
	for (const cleanup of [...cleanups]) {
		cleanups.delete(cleanup);
		try {
			cleanup();
		} catch {
			// Exiting anyway: one failed cleanup must not keep the others from running.
		}
	}
}

function onSignal(signal: ExitSignal): void {
	// Another listener (the TUI restores the terminal and then ends normally) owns this signal: the exit
	// listener cleans up when that shutdown is over, and until then the checkouts may still be in use.
	if (process.listenerCount(signal) > 1) return;
	runCleanups();
	uninstall();
	// Alone, end the way Node's default action would have: killed by the same signal (exit status 128+n).
	process.kill(process.pid, signal);
}

const handlers = new Map<ExitSignal, () => void>(signals.map(signal => [signal, () => onSignal(signal)]));

function install(): void {
	if (installed) return;
	installed = true;
	process.on('exit', runCleanups);
	for (const [signal, handler] of handlers) process.on(signal, handler);
}

function uninstall(): void {
	if (!installed) return;
	installed = false;
	process.off('exit', runCleanups);
	for (const [signal, handler] of handlers) process.off(signal, handler);
}

/**
 * Runs `cleanup` (synchronous: nothing asynchronous completes during an exit) when the process ends, unless the
 * returned function is called first — the normal path, once the resource was released in order.
 */
export function cleanUpOnExit(cleanup: () => void): () => void {
	cleanups.add(cleanup);
	install();
	return () => {
		cleanups.delete(cleanup);
		// No listener left behind: with none of ours, a signal keeps Node's default action.
		if (cleanups.size === 0) uninstall();
	};
}
