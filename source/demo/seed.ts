// Seeds a cluster (normally the embedded sandbox) with a believable GitOps
// estate: Argo CD and Flux apps in varied states and the workloads they manage.
// Only uses the Kubernetes API, so it works on a real API server too.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {allCrds, installCrds} from '../sandbox/crds.js';
import type {ArgoDemoApp} from './argo-app-set.js';
import {isHttpError, deleteObject, ensureObject, refOf} from './rest.js';
import {appProjects, argoDemoApps, deletingArgoApps} from './seed-argocd.js';
import {fluxDemoApps, fluxSources} from './seed-flux.js';
import type {DemoGitRepo} from './git-repo.js';
import {gitFluxApps, gitFluxSources, gitSourceOf, nativeDemoTrees, nativeNamespace} from './seed-git.js';
import {localRemotes} from './seed-remotes.js';
import {createTrees, leaf} from './tree.js';
import {seedDemoEvents} from './demo-events.js';

const demoNamespaces = [
	'argocd',
	'flux-system',
	'shop',
	'payments',
	'monitoring',
	'data',
	'ingress-nginx',
	'cert-manager',
	'web',
	'podinfo',
	nativeNamespace,
];

function namespace(name: string): KubeObject {
	return {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels: {'kubernetes.io/metadata.name': name}}};
}

type SeedOptions = {
	/**
	 * The demo's Git repository, for the apps that deploy from it; its other repositories (gitops-deploy,
	 * fleet-infra…) are then made beside it. Without one the apps name made-up remotes.
	 */
	git?: DemoGitRepo;
	/** Which apps this cluster runs, when it is one of several (`driftwatch demo --clusters N`); default the whole estate. */
	cluster?: DemoClusterApps;
};

/** How one cluster's estate differs from the demo's: apps it lacks and Argo CD apps of its own. */
export type DemoClusterApps = {
	/** Names of demo apps (Argo CD Applications, Flux Kustomizations and HelmReleases) this cluster does not run. */
	without: readonly string[];
	/** Argo CD apps only this cluster has, or a twin replacing the demo app of the same name (healthy where the other is not). */
	own: () => ArgoDemoApp[];
};

const nameOf = (object: KubeObject) => object.metadata?.name ?? '';

export async function seedDemo(kc: KubeConfigLike, options: SeedOptions = {}): Promise<void> {
	for (const name of demoNamespaces) await ensureObject(kc, namespace(name));
	await installCrds(kc, allCrds);

	const git = gitSourceOf(options.git);
	const own = options.cluster?.own() ?? [];
	const leftOut = new Set([...(options.cluster?.without ?? []), ...own.map(app => nameOf(app.application))]);
	let argo = [...argoDemoApps(git).filter(app => !leftOut.has(nameOf(app.application))), ...own];
	let flux = [...fluxDemoApps(), ...gitFluxApps(git)].filter(app => !leftOut.has(nameOf(app.object)));
	let sources = fluxSources();
	if (options.git) {
		// Every git-sourced app deploys from a repository on this machine: nothing names a remote to reach.
		const local = await localRemotes(options.git, argo, sources, flux);
		argo = argo.map(app => ({...app, application: local(app.application)}));
		flux = flux.map(app => ({...app, object: local(app.object)}));
		sources = sources.map(local);
	}
	await createTrees(kc, [
		...appProjects().map(leaf),
		...sources.map(leaf),
		...gitFluxSources(git).map(leaf),
		...argo.map(app => leaf(app.application)),
		...flux.map(app => leaf(app.object)),
	]);
	await createTrees(kc, [...argo.flatMap(app => app.trees), ...flux.flatMap(app => app.trees), ...nativeDemoTrees()]);
	// What the controllers would have said about their apps before the demo began (a Warning among them).
	await seedDemoEvents(kc);

	// Deleted apps stay visible as Deleting: their finalizer is never removed here.
	for (const app of argo.filter(candidate => deletingArgoApps.includes(candidate.application.metadata?.name ?? ''))) {
		try {
			await deleteObject(kc, refOf(app.application));
		} catch (error) {
			if (!isHttpError(error, 404)) throw error;
		}
	}
}
