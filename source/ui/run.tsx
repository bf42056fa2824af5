// Full-screen entry used by the CLI.
import type {Monitor} from '../core/monitor/monitor.js';
import {App, type UiOptions} from './app.js';
import {openTui, type EndingSignal, type Terminal} from './terminal/tui-session.js';

export {signalExitCode} from './terminal/tui-session.js';

/**
 * Runs the UI until the user quits or SIGTERM/SIGHUP arrives. Resolves once Ink has unmounted and the
 * terminal (alternate screen, raw mode, cursor) is restored, with the signal that ended it (null: the user
 * quit). Closing the monitor is left to the caller; after a signal the process exits within a grace period
 * whatever is still open, and at once on a second signal.
 */
export async function runTui(monitor: Monitor, options: UiOptions, terminal?: Terminal): Promise<EndingSignal | null> {
	return openTui(<App monitor={monitor} options={options} />, terminal).ended;
}
