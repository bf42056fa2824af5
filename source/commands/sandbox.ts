import {seedDemoEstate} from '../demo/demo-estate.js';
import {demoConfigYaml} from '../demo/demo-config.js';
import {runSandboxHeadless} from '../sandbox/run-headless.js';

export type SandboxFlags = {port?: number | undefined; empty: boolean; writeKubeconfig?: string | undefined};

/** The driftwatch config the sandbox writes beside its kubeconfig. */
export const sandboxConfigName = 'driftwatch-sandbox.yaml';

/**
 * `driftwatch sandbox`: the embedded API server, headless, until interrupted; seeded as the demo (its Git
 * repository, apps and simulated controllers) with a driftwatch config beside the kubeconfig for its native apps.
 */
export async function runSandbox(flags: SandboxFlags): Promise<number> {
	await runSandboxHeadless({
		port: flags.port,
		empty: flags.empty,
		kubeconfigPath: flags.writeKubeconfig,
		seed: async sandbox => {
			const estate = await seedDemoEstate(sandbox);
			return {
				files: {[sandboxConfigName]: demoConfigYaml(estate.config)},
				usage: (kubeconfig, files) => {
					const config = files[sandboxConfigName];
					const natives = estate.config.apps.map(app => app.name).join(', ');
					return [
						`  export KUBECONFIG=${kubeconfig}`,
						`  then, from another terminal (--config adds its Git apps: ${natives}):`,
						`    driftwatch --config ${config}                the TUI`,
						`    driftwatch diff cart --config ${config}      an app's drift from Git`,
						`    driftwatch sync notes --config ${config}     actions: sync, rollback, reconcile, suspend…`,
					];
				},
				close: () => estate.close(),
			};
		},
	});
	return 0;
}
