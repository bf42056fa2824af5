// The terminal taken over by Ink, apart from what it shows: light enough (Ink and React, nothing of driftwatch's
// UI or core) to put a first frame up before the rest of the program is loaded, then show the UI in the same
// frame, without leaving the alternate screen in between.
import {render} from 'ink';
import type {ReactElement} from 'react';
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

export type TuiSession = {
	/** Show this instead (the UI once it is ready). */
	show(element: ReactElement): void;
	/** Give the terminal back now (a start that failed); `ended` then resolves. */
	quit(): void;
	/**
	 * Resolves once Ink has unmounted and the terminal (alternate screen, raw mode, cursor) is restored, with the
	 * signal that ended it (null: the user quit, or quit()).
	 */
	ended: Promise<EndingSignal | null>;
};

/**
 * Takes the terminal over showing `first`. After SIGTERM/SIGHUP the process exits within a grace period whatever
 * is still open, and at once on a second signal.
 */
export function openTui(first: ReactElement, terminal: Terminal = {stdin: process.stdin, stdout: process.stdout}): TuiSession {
	// A cursor move redraws two rows, not the whole screen (Ink draws as usual when it cannot be wrapped). Its
	// output is byte for byte Ink's own, so frames drawn before the wrap is in place differ in cost only.
	void installInkRowCache();
	// Before Ink enters the alternate screen: a key typed from here on is input, never echoed onto the frame.
	const restoreEcho = stopEcho(terminal.stdin);
	let instance: ReturnType<typeof startInk>;
	try {
		instance = startInk(first, terminal);
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
	// A terminal that hung up (closed SSH session, killed terminal window) fails every write with EIO. Unheard,
	// that error would end the process with status 1 before the SIGHUP the shell forwards is handled; it is the
	// hangup itself, so it ends the UI as SIGHUP does. The listener stays: whatever writes later must not crash.
	let terminalLost = false;
	const onTerminalError = () => {
		terminalLost = true;
		if (!received) onSignal('SIGHUP');
	};
	terminal.stdout.on('error', onTerminalError);
	terminal.stdin.on('error', onTerminalError);
	const ended = (async () => {
		try {
			await instance.waitUntilExit();
		} finally {
			// After a signal the handler stays: a second one ends the process at once.
			if (!received) for (const signal of endingSignals) process.off(signal, onSignal);
			if (!terminalLost) {
				terminal.stdout.off('error', onTerminalError);
				terminal.stdin.off('error', onTerminalError);
			}
			// Ink turns raw mode off when it exits; this covers an exit that skipped it.
			restoreEcho();
		}
		return received;
	})();
	return {show: element => instance.rerender(element), quit: () => instance.unmount(), ended};
}

function startInk(first: ReactElement, terminal: Terminal) {
	return render(first, {
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
