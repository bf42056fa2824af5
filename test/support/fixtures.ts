// Builders for realistic Argo CD, Flux and workload objects in every state the
// UI distinguishes, plus helpers to put them on an API server (sandbox or a
// real kube-apiserver) with their status. Builders live in source/demo so the
// demo seeder shows exactly the states the tests exercise.

import type {KubeConfig} from '@kubernetes/client-node';
import type {HealthStatus, OperationPhase, SyncStatus} from '../../source/core/apps/model.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {ApiHttpError} from '../../source/core/kube/http.js';
import {argoApplication, type ArgoResource} from '../../source/demo/argo-objects.js';
import {helmReleaseObject, kustomizationObject, type FluxAppState} from '../../source/demo/flux-apps.js';
import {
	gitRepositoryObject,
	gitRevision,
	helmChartObject,
	helmRepositoryObject,
	ociRepositoryObject,
} from '../../source/demo/flux-sources.js';
import {
	createObject,
	createWithStatus as createWithStatusRest,
	deleteObject,
	ensureObject,
	getObject,
	patchStatus,
	refOf,
	type ObjectRef,
} from '../../source/demo/rest.js';
import {createTrees, type ObjectTree} from '../../source/demo/tree.js';
import {commitSha} from '../../source/demo/values.js';
import {deploymentTree, pod as podObject, type DeploymentState, type PodState} from '../../source/demo/workloads.js';
import {allCrds, installCrds} from '../../source/sandbox/crds.js';

export type {ObjectRef};
export {createTrees, getObject, refOf};

// ---- putting objects on the server ----

/** Create the object, then write its .status through the status subresource (servers ignore it on create). */
export function createWithStatus(kc: KubeConfig, object: KubeObject): Promise<KubeObject> {
	return createWithStatusRest(kc, object);
}

/** Merge `status` into the object's status, as its controller would. */
export function setStatus(kc: KubeConfig, object: KubeObject | ObjectRef, status: unknown): Promise<KubeObject> {
	const ref = 'metadata' in object ? refOf(object as KubeObject) : (object as ObjectRef);
	return patchStatus(kc, ref, status);
}

/** Create each object with its status, in order (sources before the apps that reference them reads best). */
export async function createAllWithStatus(kc: KubeConfig, objects: readonly KubeObject[]): Promise<KubeObject[]> {
	const created: KubeObject[] = [];
	for (const object of objects) created.push(await createWithStatus(kc, object));
	return created;
}

export async function ensureNamespace(kc: KubeConfig, name: string): Promise<void> {
	await ensureObject(kc, {apiVersion: 'v1', kind: 'Namespace', metadata: {name}});
}

/** Argo CD and Flux CRDs, established and discoverable. */
export function installGitOpsCrds(kc: KubeConfig): Promise<void> {
	return installCrds(kc, allCrds);
}

/**
 * Poll the object until `predicate` holds; rejects with the last state seen after `timeoutMs`. With `whileRunning` (a
 * CLI run that is to cause the change) the wait lasts as long as that process does, bounded by its own kill guard
 * rather than a deadline here: a cold start of the CLI under a loaded runner can take longer than any fixed figure,
 * and if the process ends first the rejection carries what it printed.
 */
export async function waitForObject(
	kc: KubeConfig,
	ref: ObjectRef,
	predicate: (object: KubeObject) => boolean,
	{
		timeoutMs = 10_000,
		describe = 'condition',
		whileRunning,
	}: {timeoutMs?: number; describe?: string; whileRunning?: Promise<{code: number | null; stdout: string; stderr: string}>} = {},
): Promise<KubeObject> {
	const deadline = whileRunning === undefined ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
	let ended: {code: number | null; stdout: string; stderr: string} | undefined;
	void whileRunning?.then(run => {
		ended = run;
	});
	let last: unknown;
	for (;;) {
		try {
			last = await getObject(kc, ref);
			if (predicate(last as KubeObject)) return last as KubeObject;
		} catch (error) {
			last = error;
		}
		const where = `${ref.kind} ${ref.namespace}/${ref.name}`;
		const seen = JSON.stringify(last)?.slice(0, 600);
		if (ended !== undefined) {
			throw new Error(
				`${where}: the CLI exited (code ${ended.code}) before ${describe}; stdout: ${ended.stdout}; stderr: ${ended.stderr}; last: ${seen}`,
			);
		}
		if (Date.now() > deadline) throw new Error(`${where}: timed out after ${timeoutMs} ms waiting for ${describe}; last: ${seen}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

// ---- Argo CD ----

export type ArgoState = {
	sync?: SyncStatus;
	health?: HealthStatus;
	healthMessage?: string;
	operationPhase?: OperationPhase;
	operationMessage?: string;
	/** `.operation` set but not started by the controller yet. */
	operationPending?: boolean;
	autoSync?: boolean;
	/** status.sync.revision (40-hex); defaults to a stable SHA per app. */
	revision?: string;
	/** Adds a finalizer; call `markDeleting` after creating to get a Deleting app. */
	deleting?: boolean;
	resources?: ArgoResource[];
	conditions?: Array<{type: string; message: string}>;
	history?: number;
	destinationNamespace?: string;
};

/** An Application with its status (and `.operation` when one is running or requested). */
export function argoApp(name: string, namespace = 'argocd', state: ArgoState = {}): KubeObject {
	const operation =
		state.operationPhase !== undefined || state.operationPending
			? {
					phase: state.operationPhase ?? 'Running',
					...(state.operationMessage ? {message: state.operationMessage} : {}),
					...(state.operationPending ? {pending: true} : {}),
				}
			: undefined;
	return argoApplication({
		name,
		namespace,
		...(state.sync ? {sync: state.sync} : {}),
		...(state.health ? {health: state.health} : {}),
		...(state.healthMessage ? {healthMessage: state.healthMessage} : {}),
		...(state.autoSync !== undefined ? {autoSync: state.autoSync} : {}),
		...(state.revision ? {revision: state.revision} : {}),
		...(state.resources ? {resources: state.resources} : {}),
		...(state.conditions ? {conditions: state.conditions} : {}),
		...(state.history !== undefined ? {history: state.history} : {}),
		...(state.destinationNamespace ? {destinationNamespace: state.destinationNamespace} : {}),
		...(operation ? {operation} : {}),
		...(state.deleting ? {finalizers: ['resources-finalizer.argocd.argoproj.io']} : {finalizers: []}),
	});
}

/** One of each state the list shows for Argo CD apps. */
export const argoStates = {
	syncedHealthy: {},
	outOfSync: {sync: 'OutOfSync'},
	degraded: {health: 'Degraded', healthMessage: 'Deployment "checkout" exceeded its progress deadline'},
	progressing: {health: 'Progressing', healthMessage: 'Waiting for rollout to finish: 1 of 3 updated replicas are available...'},
	missing: {sync: 'OutOfSync', health: 'Missing'},
	suspended: {health: 'Suspended', healthMessage: 'Deployment is paused'},
	unknown: {
		sync: 'Unknown',
		health: 'Unknown',
		conditions: [
			{type: 'ComparisonError', message: 'Failed to load target state: rpc error: code = Unknown desc = authentication required'},
		],
	},
	operationPending: {sync: 'OutOfSync', operationPending: true},
	operationRunning: {
		sync: 'OutOfSync',
		health: 'Progressing',
		operationPhase: 'Running',
		operationMessage: 'waiting for healthy state of apps/Deployment/checkout',
	},
	operationSucceeded: {operationPhase: 'Succeeded'},
	operationFailed: {sync: 'OutOfSync', operationPhase: 'Failed'},
	operationError: {sync: 'OutOfSync', operationPhase: 'Error'},
	operationTerminating: {sync: 'OutOfSync', operationPhase: 'Terminating'},
	deleting: {deleting: true},
} satisfies Record<string, ArgoState>;

/** Delete an object that has a finalizer: it stays, with deletionTimestamp set. */
export async function markDeleting(kc: KubeConfig, object: KubeObject): Promise<KubeObject> {
	await deleteObject(kc, refOf(object));
	return getObject(kc, refOf(object));
}

// ---- Flux ----

/** The commit GitRepository fixtures offer, and the one before it. */
export const fluxCommit = commitSha('fixtures#head');
export const fluxPreviousCommit = commitSha('fixtures#previous');
export const fluxHead = gitRevision('main', fluxCommit);
export const fluxPrevious = gitRevision('main', fluxPreviousCommit);

export function gitRepository(
	name: string,
	namespace = 'flux-system',
	options: {commit?: string; ready?: boolean; artifact?: boolean; url?: string; suspend?: boolean} = {},
): KubeObject {
	return gitRepositoryObject({
		name,
		namespace,
		url: options.url ?? `https://github.com/acme/${name}.git`,
		commit: options.commit ?? fluxCommit,
		...(options.ready === false
			? {
					fetchError: `failed to checkout and determine revision: unable to clone 'https://github.com/acme/${name}.git': authentication required`,
				}
			: {}),
		...(options.artifact !== undefined ? {artifact: options.artifact} : {}),
		...(options.suspend ? {suspend: true} : {}),
	});
}

export function ociRepository(name: string, namespace = 'flux-system', tag = '6.7.1'): KubeObject {
	return ociRepositoryObject({name, namespace, url: `oci://ghcr.io/acme/manifests/${name}`, tag});
}

export function helmRepository(name: string, namespace = 'flux-system'): KubeObject {
	return helmRepositoryObject({name, namespace, url: `https://charts.example.com/${name}`});
}

/** The HelmChart helm-controller generates for a release (`<ns>-<name>` in the source's namespace). */
export function helmChart(release: string, releaseNamespace: string, chart: string, version: string, repository = 'charts'): KubeObject {
	return helmChartObject({
		name: `${releaseNamespace}-${release}`,
		namespace: 'flux-system',
		chart,
		version,
		sourceRef: {kind: 'HelmRepository', name: repository, namespace: 'flux-system'},
	});
}

/** 'lagging': Ready=True but applied the previous commit while the source offers the head. */
export type KustomizationState = FluxAppState | 'lagging';

export function kustomization(
	name: string,
	namespace = 'flux-system',
	options: {
		state?: KustomizationState;
		source?: {kind: string; name: string; namespace?: string};
		appliedRevision?: string;
		attemptedRevision?: string;
		dependsOn?: string[];
		reason?: string;
		message?: string;
		inventory?: KubeObject[];
	} = {},
): KubeObject {
	const state = options.state ?? 'ready';
	const lagging = state === 'lagging';
	return kustomizationObject({
		name,
		namespace,
		sourceRef: options.source ?? {kind: 'GitRepository', name: 'flux-system'},
		state: lagging ? 'ready' : state,
		appliedRevision: options.appliedRevision ?? (lagging || state === 'reconciling' ? fluxPrevious : fluxHead),
		...(options.attemptedRevision || state === 'reconciling' ? {attemptedRevision: options.attemptedRevision ?? fluxHead} : {}),
		...(options.dependsOn ? {dependsOn: options.dependsOn} : {}),
		...(options.reason ? {reason: options.reason} : {}),
		...(options.message ? {message: options.message} : {}),
		...(options.inventory ? {inventory: options.inventory} : {}),
	});
}

/** One of each state the list shows for Kustomizations (pair with `gitRepository('flux-system')`). */
export const kustomizationStates: KustomizationState[] = [
	'ready',
	'lagging',
	'suspended',
	'stalled',
	'failed',
	'dependency',
	'reconciling',
	'missing-source',
	'source-not-ready',
];

/**
 * A HelmRelease from HelmRepository `charts`. 'lagging' runs `version` while
 * the generated HelmChart (create it with `helmChart(..., targetVersion)`)
 * offers a newer one; 'upgrade-failed' is that after a rolled-back upgrade.
 */
export function helmRelease(
	name: string,
	namespace: string,
	options: {
		state?: FluxAppState | 'upgrade-failed' | 'lagging';
		chart?: string;
		version?: string;
		targetVersion?: string;
		dependsOn?: string[];
		inventory?: KubeObject[];
	} = {},
): KubeObject {
	const state = options.state ?? 'ready';
	return helmReleaseObject({
		name,
		namespace,
		chart: options.chart ?? name,
		version: options.version ?? '1.4.0',
		...(options.targetVersion ? {targetVersion: options.targetVersion} : {}),
		sourceRef: {kind: 'HelmRepository', name: 'charts', namespace: 'flux-system'},
		state: state === 'lagging' ? 'ready' : state,
		...(options.dependsOn ? {dependsOn: options.dependsOn} : {}),
		...(options.inventory ? {inventory: options.inventory} : {}),
	});
}

// ---- workloads ----

/** A Deployment with its ReplicaSet and pods; create with `createTrees`. */
export function deploymentWithPods(
	name: string,
	namespace: string,
	options: {replicas?: number; ready?: number; state?: DeploymentState; image?: string} = {},
): ObjectTree {
	return deploymentTree({
		name,
		namespace,
		image: options.image ?? `ghcr.io/acme/${name}:1.0.0`,
		replicas: options.replicas ?? 2,
		...(options.ready !== undefined ? {ready: options.ready} : {}),
		...(options.state ? {state: options.state} : {}),
		port: 8080,
	});
}

/** Just the Deployment object (no ReplicaSet/pods). */
export function deployment(name: string, namespace: string, options: Parameters<typeof deploymentWithPods>[2] = {}): KubeObject {
	return deploymentWithPods(name, namespace, options).root;
}

/** A bare pod in a state ('crashloop', 'starting'…). */
export function pod(name: string, namespace: string, state: PodState, image = 'ghcr.io/acme/app:1.0.0'): KubeObject {
	return podObject({name, namespace, labels: {'app.kubernetes.io/name': name}, image, containerName: 'app', state});
}

export {createObject};

/** The HTTP status a request ended with: 200 when it resolved, the server's code when it answered an error. */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
	try {
		await promise;
		return 200;
	} catch (error) {
		if (error instanceof ApiHttpError) return error.code;
		throw error;
	}
}
