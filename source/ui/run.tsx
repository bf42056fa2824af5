// Full-screen entry used by the CLI.
import {render} from 'ink';
import type {Monitor} from '../core/apps/monitor.js';
import {App, type UiOptions} from './app.js';
import {withLayoutFirstResize} from './resize-order.js';
import {homeOnAlternateScreen, stopEcho} from './terminal-start.js';

/** The terminal the UI takes over: the process's own unless a test gives another. */
export type Terminal = {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream};

/**
 * Runs the UI until the user quits. Resolves once Ink has unmounted and the
 * terminal (alternate screen, raw mode, cursor) is restored. Closing the
 * monitor is left to the caller.
 */
export async function runTui(monitor: Monitor, options: UiOptions, terminal: Terminal = {stdin: process.stdin, stdout: process.stdout}): Promise<void> {
	// Before Ink enters the alternate screen: a key typed from here on is input, never echoed onto the frame.
	const restoreEcho = stopEcho(terminal.stdin);
	let instance;
	try {
		instance = startInk(monitor, options, terminal);
	} catch (error) {
		restoreEcho();
		throw error;
	}
	// A closed SSH session (SIGHUP) or a kill (SIGTERM) must still restore the terminal.
	const unmount = () => instance.unmount();
	const signals = ['SIGTERM', 'SIGHUP'] as const;
	for (const signal of signals) process.once(signal, unmount);
	try {
		await instance.waitUntilExit();
	} finally {
		for (const signal of signals) process.off(signal, unmount);
		// Ink turns raw mode off when it exits; this covers an exit that skipped it.
		restoreEcho();
	}
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
