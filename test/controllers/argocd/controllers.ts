// Argo CD's real controllers on a controller tier: built by build.sh next to this file (the multi-call argocd
// binary and a miniredis-based redis), the Application and AppProject CRDs applied first, Argo CD's minimum
// configuration (namespace argocd, argocd-cm, AppProject default), then redis, argocd-repo-server and
// argocd-application-controller, each ready when GET /healthz on its health or metrics port answers 200.
import {mkdir, symlink} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {KubeConfig} from '@kubernetes/client-node';
import {ApiHttpError, requestJson} from '../../../source/core/kube/http.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {buildModule, builtFile} from '../harness/build-module.js';
import {freePort, type ManagedProcess} from '../harness/processes.js';
import type {ControllerTier} from '../harness/tier.js';

export const argoCdBuildScript = join(dirname(fileURLToPath(import.meta.url)), 'build.sh');

/** The namespace the application controller reads its Applications, argocd-cm and AppProjects from. */
export const argoNamespace = 'argocd';

export type ArgoCdControllers = {redis: ManagedProcess; repoServer: ManagedProcess; applicationController: ManagedProcess};

/** Build (or reuse) the binaries; the CRDs are in `crdFiles`. */
export function argoCdBinaries() {
	return buildModule(argoCdBuildScript);
}

export async function startArgoCd(tier: ControllerTier): Promise<ArgoCdControllers> {
	const built = await argoCdBinaries();
	await tier.applyCrds(built.crdFiles);
	await prepareArgoCd(tier.kubeConfig('admin'));

	const dir = join(tier.dir, 'argocd');
	// The multi-call binary picks its component by the name it runs under (ARGOCD_BINARY_NAME says the same);
	// the repo-server runs git-verify-wrapper.sh by name on every manifest generation, so it goes on PATH too
	// (without it every app shows "ComparisonError … permission denied").
	const bin = join(dir, 'bin');
	await mkdir(bin, {recursive: true});
	for (const name of ['argocd-repo-server', 'argocd-application-controller']) await symlink(builtFile(built, 'argocd'), join(bin, name));
	await symlink(builtFile(built, 'git-verify-wrapper.sh'), join(bin, 'git-verify-wrapper.sh'));
	for (const sub of ['tls', 'ssh', 'tmp', 'gnupg']) await mkdir(join(dir, sub), {recursive: true, mode: 0o700});
	const env = {
		// Run outside a cluster as if inside: the destination https://kubernetes.default.svc is the kubeconfig's cluster.
		ARGOCD_FAKE_IN_CLUSTER: 'true',
		// The variable, not only a flag: not every client Argo CD builds reads the flag.
		KUBECONFIG: tier.kubeconfigPath,
		ARGOCD_TLS_DATA_PATH: join(dir, 'tls'),
		ARGOCD_SSH_DATA_PATH: join(dir, 'ssh'),
		TMPDIR: join(dir, 'tmp'),
		PATH: `${bin}:${process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin'}`,
	};

	const redisPort = await freePort();
	const redisHealth = await freePort();
	const redis = await tier.startProcess({
		name: 'redis',
		command: builtFile(built, 'redis'),
		args: ['--port', String(redisPort), '--health-addr', `127.0.0.1:${redisHealth}`],
		readyUrl: `http://127.0.0.1:${redisHealth}/healthz`,
	});
	const redisAddress = `127.0.0.1:${redisPort}`;

	const repoPort = await freePort();
	const repoMetrics = await freePort();
	const repoServer = await tier.startProcess({
		name: 'argocd-repo-server',
		command: join(bin, 'argocd-repo-server'),
		args: [
			...['--address', '127.0.0.1', '--port', String(repoPort)],
			...['--metrics-address', '127.0.0.1', '--metrics-port', String(repoMetrics)],
			...['--redis', redisAddress],
		],
		env: {...env, ARGOCD_BINARY_NAME: 'argocd-repo-server', ARGOCD_GPG_ENABLED: 'false', ARGOCD_GNUPGHOME: join(dir, 'gnupg')},
		readyUrl: `http://127.0.0.1:${repoMetrics}/healthz`,
	});

	// Its metrics server binds 0.0.0.0 (it has no address flag); the probe asks loopback.
	const controllerMetrics = await freePort();
	const applicationController = await tier.startProcess({
		name: 'argocd-application-controller',
		command: join(bin, 'argocd-application-controller'),
		args: [
			...['--namespace', argoNamespace],
			...['--redis', redisAddress],
			...['--repo-server', `127.0.0.1:${repoPort}`],
			...['--metrics-port', String(controllerMetrics)],
			// Compare each app again at least this often (default 120 s + jitter); the tests refresh explicitly anyway.
			...['--app-resync', '30'],
		],
		env: {...env, ARGOCD_BINARY_NAME: 'argocd-application-controller'},
		readyUrl: `http://127.0.0.1:${controllerMetrics}/healthz`,
	});
	return {redis, repoServer, applicationController};
}

/**
 * Argo CD's minimum configuration: its namespace, argocd-cm (the controller exits without it) and the `default`
 * AppProject allowing every repository, destination and kind.
 */
async function prepareArgoCd(kc: KubeConfig): Promise<void> {
	await create(kc, '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: argoNamespace}});
	await create(kc, `/api/v1/namespaces/${argoNamespace}/configmaps`, {
		apiVersion: 'v1',
		kind: 'ConfigMap',
		metadata: {name: 'argocd-cm', namespace: argoNamespace, labels: {'app.kubernetes.io/part-of': 'argocd'}},
		data: {},
	});
	await create(kc, `/apis/argoproj.io/v1alpha1/namespaces/${argoNamespace}/appprojects`, {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'AppProject',
		metadata: {name: 'default', namespace: argoNamespace},
		spec: {
			sourceRepos: ['*'],
			destinations: [{server: '*', namespace: '*'}],
			clusterResourceWhitelist: [{group: '*', kind: '*'}],
		},
	});
}

/** Create, or keep the one already there (a controller tier started twice on one control plane). */
async function create(kc: KubeConfig, collection: string, object: KubeObject): Promise<void> {
	try {
		await requestJson(kc, collection, {method: 'POST', body: JSON.stringify(object)});
	} catch (error) {
		if (!(error instanceof ApiHttpError && error.code === 409)) throw error;
	}
}
