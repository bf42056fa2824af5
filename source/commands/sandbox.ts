import {parseKubeConfig} from '../core/kube/kubeconfig-file.js';
import {seedDemo} from '../demo/seed.js';
import {runSandboxHeadless} from '../sandbox/run-headless.js';

export type SandboxFlags = {port?: number | undefined; empty: boolean; writeKubeconfig?: string | undefined};

/** `driftwatch sandbox`: the embedded API server, headless, until interrupted. */
export async function runSandbox(flags: SandboxFlags): Promise<number> {
	await runSandboxHeadless({
		port: flags.port,
		empty: flags.empty,
		kubeconfigPath: flags.writeKubeconfig,
		seed: async sandbox => {
			const kc = parseKubeConfig(sandbox.kubeconfig());
			await seedDemo(kc);
		},
	});
	return 0;
}
