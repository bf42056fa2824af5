import {seedDemoEstate} from '../demo/demo-estate.js';
import {demoConfigYaml} from '../demo/demo-config.js';
import {demoClusterNames, seedDemoClusters} from '../demo/demo-clusters.js';
import {runSandboxHeadless} from '../sandbox/run-headless.js';

export type SandboxFlags = {port?: number | undefined; empty: boolean; writeKubeconfig?: string | undefined; clusters?: number};

/** The driftwatch config the sandbox writes beside its kubeconfig. */
export const sandboxConfigName = 'driftwatch-sandbox.yaml';

/**
 * `driftwatch sandbox`: the embedded API server, headless, until interrupted; seeded as the demo (its Git
 * repository, apps and simulated controllers) with a driftwatch config beside the kubeconfig for its native apps.
 * With --clusters N: N servers, each seeded as its cluster of the demo's fleet, one kubeconfig naming them all.
 */
export async function runSandbox(flags: SandboxFlags): Promise<number> {
	const count = flags.clusters ?? 1;
	await runSandboxHeadless({
		port: flags.port,
		empty: flags.empty,
		kubeconfigPath: flags.writeKubeconfig,
		clusters: count > 1 ? demoClusterNames(count) : undefined,
		seed: async sandboxes => {
			const estate = count > 1 ? await seedDemoClusters(sandboxes) : await seedDemoEstate(sandboxes[0]!.sandbox);
			const contexts = count > 1 ? sandboxes.map(({name}) => name) : [];
			return {
				files: {[sandboxConfigName]: demoConfigYaml(estate.config, {contexts})},
				usage: (kubeconfig, files) => {
					const config = files[sandboxConfigName];
					const natives = [...new Set(estate.config.apps.map(app => app.name))].join(', ');
					if (contexts.length === 0)
						return [
							`  export KUBECONFIG=${kubeconfig}`,
							`  then, from another terminal (--config adds its Git apps: ${natives}):`,
							`    driftwatch --config ${config}                the TUI`,
							`    driftwatch diff cart --config ${config}      an app's drift from Git`,
							`    driftwatch sync notes --config ${config}     actions: sync, rollback, reconcile, suspend…`,
						];
					const [first = '', second = first] = contexts;
					return [
						`  export KUBECONFIG=${kubeconfig}`,
						`  contexts: ${contexts.join(', ')} (admin), each also as CONTEXT-viewer (read-only); current: ${first}`,
						`  then, from another terminal (--config watches every cluster and adds their Git apps: ${natives}):`,
						`    driftwatch --config ${config}                        the TUI on every cluster`,
						`    driftwatch diff ${second}:cart --config ${config}    an app's drift from Git, in one cluster`,
						`    driftwatch sync ${first}:notes --config ${config}    actions: sync, rollback, reconcile, suspend…`,
					];
				},
				close: () => estate.close(),
			};
		},
	});
	return 0;
}
