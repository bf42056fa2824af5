import {KubeConfig} from '@kubernetes/client-node';
import {selectContext} from '../core/kube/kubeconfig.js';
import {createLiveMonitor} from '../core/monitor/live-monitor.js';
import {providers} from '../core/providers/index.js';
import {startDemoController} from '../demo/controller.js';
import {seedDemo} from '../demo/seed.js';
import {startSandbox} from '../sandbox/sandbox.js';
import {runTui} from '../ui/run.js';
import type {DisplayFlags} from './options.js';

/** `driftwatch demo`: a seeded sandbox, a simulated controller, and the TUI on them. */
export async function runDemo(flags: DisplayFlags): Promise<number> {
	const sandbox = await startSandbox({port: 0});
	const kc = new KubeConfig();
	kc.loadFromString(sandbox.kubeconfig());
	try {
		await seedDemo(kc);
		const controller = startDemoController(kc);
		const loaded = selectContext(kc, undefined);
		const monitor = createLiveMonitor({kubeconfig: loaded, namespace: null, providers});
		try {
			await runTui(monitor, {color: flags.color, ascii: flags.ascii});
		} finally {
			await monitor.close();
			await controller.stop();
		}
	} finally {
		await sandbox.close();
	}
	return 0;
}
