import {loadKubeConfig} from '../core/kube/kubeconfig.js';
import {loadConfig} from '../core/native/load-config.js';
import {createLiveMonitor} from '../core/monitor/live-monitor.js';
import {providers} from '../core/controllers/controllers.js';
import {runTui, signalExitCode} from '../ui/run.js';
import {stopOffThread} from '../core/util/off-thread.js';
import {stderr} from './output.js';
import {finishPendingActions} from './pending-actions.js';
import type {ClusterFlags, DisplayFlags} from './options.js';

/** `driftwatch` with no subcommand: the live TUI on the user's cluster. */
export async function runMonitorTui(flags: ClusterFlags & DisplayFlags & {readonly?: boolean}): Promise<number> {
	// Ink draws nothing useful into a pipe: say what to use instead of hanging silently.
	if (!process.stdout.isTTY)
		throw new Error('the TUI needs a terminal (stdout is not a TTY); for scripts use "driftwatch status" or "driftwatch diff APP"');
	const {config} = await loadConfig({path: flags.config});
	const loaded = loadKubeConfig({path: flags.kubeconfig, context: flags.context});
	const monitor = createLiveMonitor({
		kubeconfig: loaded,
		namespace: flags.namespace ?? null,
		providers,
		config,
		readonly: flags.readonly === true,
	});
	let signal: Awaited<ReturnType<typeof runTui>> = null;
	try {
		signal = await runTui(monitor, {color: flags.color, ascii: flags.ascii, notify: config.notify});
		if (!signal) return await finishPendingActions(monitor, line => stderr.lines([line]));
	} finally {
		await monitor.close();
		await stopOffThread();
	}
	return signal ? signalExitCode(signal) : 0;
}
