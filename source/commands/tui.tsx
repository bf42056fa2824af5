import {loadKubeConfigs} from '../core/kube/kubeconfig.js';
import {loadConfig} from '../core/native/load-config.js';
import {createMonitorForContexts} from '../core/monitor/multi-context-monitor.js';
import {providers} from '../core/controllers/controllers.js';
import {stopOffThread} from '../core/util/off-thread.js';
import {stderr} from './output.js';
import {finishPendingActions} from './pending-actions.js';
import type {ClusterFlags, DisplayFlags} from './options.js';

/** `driftwatch` with no subcommand: the live TUI on the user's cluster. */
export async function runMonitorTui(flags: ClusterFlags & DisplayFlags & {readonly?: boolean}): Promise<number> {
	// Ink draws nothing useful into a pipe: say what to use instead of hanging silently.
	if (!process.stdout.isTTY)
		throw new Error('the TUI needs a terminal (stdout is not a TTY); for scripts use "driftwatch status" or "driftwatch diff APP"');
	// The UI (Ink, React and the screens, the largest part of the program) is read while the configuration and the
	// kubeconfig are.
	const ui = import('../ui/run.js');
	// A start that fails before the UI is awaited reports its own error, not this one.
	ui.catch(() => {});
	const {config} = await loadConfig({path: flags.config});
	const kubeconfigs = loadKubeConfigs({path: flags.kubeconfig, selection: {flag: flags.context, all: flags.allContexts, config}});
	const {runTui, signalExitCode} = await ui;
	// Made just before the first frame is drawn, in the same turn: its requests go out once the frame is on screen
	// (the connection's setup, ~20 ms of CPU, would otherwise come first), and the answers meanwhile wait on the network.
	const monitor = createMonitorForContexts({
		kubeconfigs,
		namespace: flags.namespace ?? null,
		providers,
		config,
		readonly: flags.readonly === true,
	});
	try {
		const signal = await runTui(monitor, {color: flags.color, ascii: flags.ascii, notify: config.notify});
		if (signal) return signalExitCode(signal);
		return await finishPendingActions(monitor, line => stderr.lines([line]));
	} finally {
		await monitor.close();
		await stopOffThread();
	}
}
