// Full-screen entry used by the CLI.
import {render} from 'ink';
import type {Monitor} from '../core/apps/monitor.js';
import {App, type UiOptions} from './app.js';
import {installInkRowCache} from './ink-row-cache.js';
import {withLayoutFirstResize} from './resize-order.js';
import {homeOnAlternateScreen, stopEcho} from './terminal-start.js';

/** The terminal the UI takes over: the process's own unless a test gives another. */
export type Terminal = {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream};

export type EndingSignal = 'SIGTERM' | 'SIGHUP';

const endingSignals: readonly EndingSignal[] = ['SIGTERM', 'SIGHUP'];
const signalNumbers: Record<EndingSignal, number> = {SIGHUP: 1, SIGTERM: 15};
/** After SIGTERM/SIGHUP, what is left to close (watches, clones) gets this long before the process exits anyway. */
const SIGNAL_GRACE_MS = 2000;

/** The shell's exit status for a process ended by `signal`: 128 + its number. */
export function signalExitCode(signal: EndingSignal): number {
	return 128 + signalNumbers[signal];
}

/**
 * Runs the UI until the user quits or SIGTERM/SIGHUP arrives. Resolves once Ink has unmounted and the
 * terminal (alternate screen, raw mode, cursor) is restored, with the signal that ended it (null: the user
 * quit). Closing the monitor is left to the caller; after a signal the process exits within a grace period
 * whatever is still open, and at once on a second signal.
 */
export async function runTui(monitor: Monitor, options: UiOptions, terminal: Terminal = {stdin: process.stdin, stdout: process.stdout}): Promise<EndingSignal | null> {
	// Before Ink enters the alternate screen: a key typed from here on is input, never echoed onto the frame.
	const restoreEcho = stopEcho(terminal.stdin);
	// A cursor move redraws two rows, not the whole screen (Ink draws as usual when it cannot be wrapped).
	await installInkRowCache();
	let instance: ReturnType<typeof startInk>;
	try {
		instance = startInk(monitor, options, terminal);
	} catch (error) {
		restoreEcho();
		throw error;
	}
	let received: EndingSignal | null = null;
	// A closed SSH session (SIGHUP) or a kill (SIGTERM) restores the terminal, then ends the process: after a
	// closed terminal nobody is left to send a second signal to a process that is still cleaning up.
	const onSignal = (signal: EndingSignal) => {
		if (received) process.exit(signalExitCode(received));
		received = signal;
		instance.unmount();
		setTimeout(() => process.exit(signalExitCode(signal)), SIGNAL_GRACE_MS).unref();
	};
	for (const signal of endingSignals) process.on(signal, onSignal);
	try {
		await instance.waitUntilExit();
	} finally {
		// After a signal the handler stays: a second one ends the process at once.
		if (!received) for (const signal of endingSignals) process.off(signal, onSignal);
		// Ink turns raw mode off when it exits; this covers an exit that skipped it.
		restoreEcho();
	}
	return received;
}

function startInk(monitor: Monitor, options: UiOptions, terminal: Terminal) {
	return render(<App monitor={monitor} options={options} />, {
		alternateScreen: true,
		// The CLI only starts the TUI on a terminal; a CI variable exported in someone's shell must not blank it.
		interactive: true,
		incrementalRendering: true,
		maxFps: 12,
		exitOnCtrlC: false,
		patchConsole: false,
		stdin: terminal.stdin,
		stdout: homeOnAlternateScreen(withLayoutFirstResize(terminal.stdout)),
	});
}
