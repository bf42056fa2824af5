import {loadKubeConfig} from '../core/kube/kubeconfig.js';
import {loadConfig} from '../core/native/load-config.js';
import {createLiveMonitor} from '../core/monitor/live-monitor.js';
import {providers} from '../core/providers/index.js';
import {statusJson, statusOutcome} from '../core/status/status-report.js';
import {statusTable} from '../core/status/status-table.js';
import type {ClusterFlags} from './options.js';
import {fail, problem, stdout} from './output.js';

export type StatusFlags = ClusterFlags & {json: boolean; timeoutMs?: number};

/** `driftwatch status`: the apps once, then exit 0 / 1 / 2. */
export async function runStatus(flags: StatusFlags): Promise<number> {
	const {config} = await loadConfig({path: flags.config});
	const loaded = loadKubeConfig({path: flags.kubeconfig, context: flags.context});
	const server = loaded.kc.getCurrentCluster()?.server ?? '?';
	const monitor = createLiveMonitor({kubeconfig: loaded, namespace: flags.namespace ?? null, providers, config, batchMs: 0});
	try {
		const settled = await monitor.settled(flags.timeoutMs ?? 15_000);
		const snapshot = monitor.store.getSnapshot();
		if (!settled) return fail(`${server} (context ${snapshot.context}) did not answer in time`);
		const outcome = statusOutcome(snapshot, server);
		if (outcome.exitCode === 2) return fail(outcome.problems[0]!);
		for (const line of outcome.problems) problem(line);
		if (flags.json) stdout.json(statusJson(snapshot.apps));
		else stdout.text(`${statusTable(snapshot.apps)}\n`);
		return outcome.exitCode;
	} finally {
		await monitor.close();
	}
}
