// `npm run controllers:up`: the controller tier left running for a person to try driftwatch on — the control
// plane, the git server, the real controllers and a few seeded apps. Prints the kubeconfig and the git URLs,
// stays until Ctrl-C (or SIGTERM), then stops every process it started and removes its temp directories.
import {startArgoCd} from './argocd/controllers.js';
import {seedArgoCd, type ArgoCdSeed} from './argocd/seed.js';
import {startFlux} from './flux/controllers.js';
import {seedFlux, type FluxSeed} from './flux/seed.js';
import {startTier} from './harness/tier.js';

const started = Date.now();
const tier = await startTier();
let seed: FluxSeed | undefined;
let argoSeed: ArgoCdSeed | undefined;
let stopping = false;
async function stop(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		process.stderr.write('\ncontrollers:up: stopping…\n');
		await tier.stop();
		await seed?.workdir.remove();
		await argoSeed?.workdir.remove();
	}
	process.exit(code);
}
// A closed terminal (SIGHUP) stops as Ctrl-C does. Output piped to a reader that died first (`| tee` ended by the
// same Ctrl-C) must not end this process before the cleanup: EPIPE on stdout/stderr is ignored.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

try {
	const flux = await startFlux(tier);
	seed = await seedFlux(tier);
	const argo = await startArgoCd(tier);
	argoSeed = await seedArgoCd(tier);
	const lines = [
		`controllers:up: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		`  kubeconfig   ${tier.kubeconfigPath}  (contexts: admin, viewer)`,
		`  git server   ${tier.git.baseUrl}  (pushes need no credentials)`,
		`  Flux         ${flux.source.name} ${flux.source.pid}, ${flux.kustomize.name} ${flux.kustomize.pid}, ${flux.helm.name} ${flux.helm.pid}; logs in ${tier.dir}`,
		`  Flux apps    namespace ${seed.namespace}: Kustomizations web, api, HelmRelease hello, from ${seed.repoUrl}`,
		`  a clone      ${seed.workdir.dir}  (commit and push there to give Flux something new)`,
		`  Argo CD      ${argo.repoServer.name} ${argo.repoServer.pid}, ${argo.applicationController.name} ${argo.applicationController.pid}, ${argo.redis.name} ${argo.redis.pid}`,
		`  Argo CD apps namespace argocd: Applications ${argoSeed.apps.join(', ')} (catalog auto-syncs) into ${argoSeed.namespace}, from ${argoSeed.repoUrl}`,
		`  a clone      ${argoSeed.workdir.dir}  (push there, then r refreshes: the controller compares again)`,
		'',
		'Try:',
		`  KUBECONFIG=${tier.kubeconfigPath} npm run cli`,
		`  KUBECONFIG=${tier.kubeconfigPath} npm run cli -- status`,
		'Ctrl-C stops everything.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
	process.stderr.write(`controllers:up: ${error instanceof Error ? error.message : String(error)}\n`);
	await stop(1);
}
// The HTTP server of the git server keeps the event loop alive until stop().
