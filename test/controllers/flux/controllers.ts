// The real Flux controllers on a controller tier: built by build.sh next to
// this file, CRDs applied first (a controller started before its CRDs exits),
// then source-, kustomize- and helm-controller with the flags a single-machine
// run needs, each ready when GET /readyz on its health port answers 200.
import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildModule, builtFile} from '../harness/build-module.js';
import {freePort, type ManagedProcess} from '../harness/processes.js';
import type {ControllerTier} from '../harness/tier.js';

export const fluxBuildScript = join(dirname(fileURLToPath(import.meta.url)), 'build.sh');

export type FluxControllers = {source: ManagedProcess; kustomize: ManagedProcess; helm: ManagedProcess};

/** Build (or reuse) the binaries; their CRDs are in `crdFiles`. */
export function fluxBinaries() {
	return buildModule(fluxBuildScript);
}

export async function startFlux(tier: ControllerTier): Promise<FluxControllers> {
	const built = await fluxBinaries();
	await tier.applyCrds(built.crdFiles);
	const common = async () => {
		const healthPort = await freePort();
		return {
			healthPort,
			args: [
				// Metrics on a free port of loopback; nobody scrapes them.
				'--metrics-addr=127.0.0.1:0',
				'--enable-leader-election=false',
				'--watch-all-namespaces=true',
				// No notification-controller: events still go to the Kubernetes API (the controllers' event
				// recorder writes core Events either way); only the external forwarding is off.
				'--events-addr=',
				`--health-addr=127.0.0.1:${healthPort}`,
				'--log-level=info',
			],
		};
	};
	const env = {KUBECONFIG: tier.kubeconfigPath};
	const storagePath = join(tier.dir, 'source-storage');
	await mkdir(storagePath, {recursive: true});
	const storagePort = await freePort();
	const sourceFlags = await common();
	const source = await tier.startProcess({
		name: 'source-controller',
		command: builtFile(built, 'source-controller'),
		args: [
			...sourceFlags.args,
			`--storage-path=${storagePath}`,
			`--storage-addr=127.0.0.1:${storagePort}`,
			// The artifact URLs kustomize- and helm-controller download from.
			`--storage-adv-addr=127.0.0.1:${storagePort}`,
		],
		env: {...env, TMPDIR: tier.dir},
		readyUrl: `http://127.0.0.1:${sourceFlags.healthPort}/readyz`,
	});
	const kustomizeFlags = await common();
	const kustomize = await tier.startProcess({
		name: 'kustomize-controller',
		command: builtFile(built, 'kustomize-controller'),
		args: kustomizeFlags.args,
		env: {...env, TMPDIR: tier.dir},
		readyUrl: `http://127.0.0.1:${kustomizeFlags.healthPort}/readyz`,
	});
	const helmFlags = await common();
	const helm = await tier.startProcess({
		name: 'helm-controller',
		command: builtFile(built, 'helm-controller'),
		args: helmFlags.args,
		env: {...env, TMPDIR: tier.dir},
		readyUrl: `http://127.0.0.1:${helmFlags.healthPort}/readyz`,
	});
	return {source, kustomize, helm};
}
