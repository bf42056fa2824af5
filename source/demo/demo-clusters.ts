// The fleet of `driftwatch demo --clusters N` and `driftwatch sandbox --clusters N`: N sandbox API servers, each
// with an estate of its own, named as an on-call engineer's contexts are (prod-eu, prod-us, staging…), in one
// kubeconfig. The clusters share most app names (the same platform runs everywhere) and differ where it matters:
// prod-eu is the demo's estate with its failures, prod-us runs a healthy ledger where prod-eu's keeps failing,
// staging lacks the payments domain and has a stuck rollout of its own.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import {parseKubeConfig} from '../core/kube/kubeconfig-file.js';
import type {GitSetup} from '../core/git/git-setup.js';
import type {DriftwatchConfig} from '../core/native/config-types.js';
import {combinedKubeconfigText} from '../sandbox/kubeconfig.js';
import type {NamedSandbox} from '../sandbox/run-headless.js';
import {startSandbox} from '../sandbox/sandbox.js';
import {argoDemoApp} from './argo-app-set.js';
import {seedDemoEstate, type DemoEstate} from './demo-estate.js';
import type {DemoClusterApps} from './seed.js';
import {web} from './seed-argocd.js';
import {configMap} from './resources.js';

/** The most clusters the demo runs: each is an API server, a Git repository and controllers in this one process. */
export const maxDemoClusters = 10;

type DemoClusterProfile = DemoClusterApps & {name: string};

/** prod-eu: the demo's estate, failures and all, but for its staging Kustomizations (the staging cluster runs those). */
const failing: DemoClusterApps = {without: ['infra-staging', 'apps-staging'], own: () => []};

/** A production region in better shape: its ledger syncs, and it runs no half-deleted or unrenderable apps. */
const healthyProduction: DemoClusterApps = {
	without: ['legacy-reports', 'kafka', 'infra-staging', 'apps-staging'],
	own: () => [
		argoDemoApp({name: 'ledger', project: 'payments', destinationNamespace: 'payments'}, [
			...web('ledger', 'payments', 'ghcr.io/acme/ledger:2.3.1', 2, {previousImages: ['ghcr.io/acme/ledger:2.3.0']}),
		]),
		argoDemoApp({name: 'tax-engine', project: 'payments', destinationNamespace: 'payments'}, [
			...web('tax-engine', 'payments', 'ghcr.io/acme/tax-engine:3.0.4', 2),
			configMap('tax-engine-rates', 'payments', {REGION: 'us', RATES_VERSION: '2026-10'}),
		]),
	],
};

/** A pre-production cluster: no payments domain, and a rollout stuck on a crashing release of its own. */
const preProduction: DemoClusterApps = {
	without: ['payments-api', 'ledger', 'fraud-detector', 'legacy-reports', 'alertmanager', 'tenants'],
	own: () => [
		argoDemoApp({name: 'feature-flags', project: 'shop', destinationNamespace: 'shop'}, [
			...web('feature-flags', 'shop', 'ghcr.io/acme/feature-flags:0.9.0-rc.2', 2, {
				state: 'stuck',
				previousImages: ['ghcr.io/acme/feature-flags:0.8.3'],
			}),
		]),
		argoDemoApp({name: 'load-generator', project: 'shop', destinationNamespace: 'shop'}, [
			...web('load-generator', 'shop', 'ghcr.io/acme/k6-runner:0.54.0', 1),
		]),
	],
};

const profiles: DemoClusterProfile[] = [
	{name: 'prod-eu', ...failing},
	{name: 'prod-us', ...healthyProduction},
	{name: 'staging', ...preProduction},
	{name: 'prod-ap', ...healthyProduction},
	{name: 'dev', ...preProduction},
	{name: 'qa', ...preProduction},
	{name: 'perf', ...preProduction},
	{name: 'prod-sa', ...healthyProduction},
	{name: 'edge', ...preProduction},
	{name: 'lab', ...preProduction},
];

/** The context names of a fleet of `count` clusters, in order. */
export function demoClusterNames(count: number): string[] {
	return demoClusterProfiles(count).map(profile => profile.name);
}

function demoClusterProfiles(count: number): DemoClusterProfile[] {
	if (!Number.isInteger(count) || count < 2 || count > maxDemoClusters)
		throw new Error(`a demo fleet has 2 to ${maxDemoClusters} clusters, not ${count}`);
	return profiles.slice(0, count);
}

export type DemoClusters = {
	clusters: Array<NamedSandbox & {estate: DemoEstate}>;
	/** The admin context of each cluster (its name), in order: what the TUI watches. */
	contexts: string[];
	/** Every cluster in one kubeconfig: context NAME (admin, the first is current) and NAME-viewer per cluster. */
	kubeconfigText: string;
	kc: KubeConfigLike;
	/** Every cluster's native apps, each bound to its cluster's context. */
	config: DriftwatchConfig;
	/** The first cluster's git setup: every repository of the fleet is a local one, none needs its own. */
	gitSetup: GitSetup;
	/** Stops every cluster's controllers and removes their repositories; the servers too when startDemoClusters started them. */
	close(): Promise<void>;
};

/** `count` (2 or more) sandboxes on free ports (or `port`, `port`+1…), each seeded as its cluster of the fleet. */
export async function startDemoClusters(count: number, options: {port?: number | undefined} = {}): Promise<DemoClusters> {
	const names = demoClusterNames(count);
	const started = await Promise.allSettled(names.map((_, index) => startSandbox({port: options.port ? options.port + index : 0})));
	const sandboxes = started.flatMap(result => (result.status === 'fulfilled' ? [result.value] : []));
	const stopAll = async () => {
		for (const sandbox of sandboxes) await sandbox.close();
	};
	const failed = started.find(result => result.status === 'rejected');
	if (failed) {
		await stopAll();
		throw failed.reason;
	}
	try {
		const fleet = await seedDemoClusters(names.map((name, index) => ({name, sandbox: sandboxes[index]!})));
		return {
			...fleet,
			async close() {
				try {
					await fleet.close();
				} finally {
					await stopAll();
				}
			},
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** Seeds running sandboxes as the fleet's clusters, in order; close() stops controllers and removes repositories, not the servers. */
export async function seedDemoClusters(sandboxes: readonly NamedSandbox[]): Promise<DemoClusters> {
	const byName = new Map(demoClusterProfiles(sandboxes.length).map(profile => [profile.name, profile]));
	const seeded = await Promise.allSettled(
		sandboxes.map(async ({name, sandbox}) => {
			const profile = byName.get(name);
			if (!profile) throw new Error(`no demo cluster named "${name}"`);
			return {name, sandbox, estate: await seedDemoEstate(sandbox, {cluster: profile})};
		}),
	);
	const clusters = seeded.flatMap(result => (result.status === 'fulfilled' ? [result.value] : []));
	const closeAll = async () => {
		for (const cluster of clusters) await cluster.estate.close();
	};
	const failed = seeded.find(result => result.status === 'rejected');
	if (failed) {
		await closeAll();
		throw failed.reason;
	}
	const kubeconfigText = combinedKubeconfigText(clusters.map(({name, sandbox}) => ({name, kubeconfig: sandbox.kubeconfig()})));
	const first = clusters[0]!.estate;
	return {
		clusters,
		contexts: clusters.map(cluster => cluster.name),
		kubeconfigText,
		kc: parseKubeConfig(kubeconfigText),
		config: {
			...first.config,
			apps: clusters.flatMap(({name, estate}) => estate.config.apps.map(app => ({...app, context: name}))),
		},
		gitSetup: first.gitSetup,
		close: closeAll,
	};
}
