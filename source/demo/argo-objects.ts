// Argo CD Application objects in any state, with the status the application
// controller writes: sync and health,
// status.resources, operation and operationState, history (oldest first).

import type {HealthStatus, OperationPhase, SyncStatus} from '../core/apps/model.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {commitSha, day, hour, isoAgo, minute} from './values.js';

/** A managed resource as status.resources lists it. */
export type ArgoResource = {
	group?: string;
	version: string;
	kind: string;
	namespace: string;
	name: string;
	status?: SyncStatus;
	/** Inline health (controller.resource.health.persist=true); omitted by default as in Argo CD 3.x. */
	health?: {status: HealthStatus; message?: string};
	/** Live, tracked, and gone from Git: a sync with pruning deletes it. */
	requiresPruning?: boolean;
};

type ArgoOperationOptions = {
	phase: OperationPhase;
	message?: string;
	/** Revision synced to; defaults to the app's sync revision. */
	revision?: string;
	/** The operation is requested but the controller has not started it (no operationState yet). */
	pending?: boolean;
	initiatedBy?: string;
	startedAgoMs?: number;
};

export type ArgoAppOptions = {
	name: string;
	namespace?: string;
	project?: string;
	repoURL?: string;
	path?: string;
	/** Helm chart name when the source is a Helm repository. */
	chart?: string;
	targetRevision?: string;
	destinationNamespace?: string;
	autoSync?: boolean;
	sync?: SyncStatus;
	health?: HealthStatus;
	healthMessage?: string;
	/** status.sync.revision: what Git (or the chart repo) offers now. */
	revision?: string;
	resources?: ArgoResource[];
	/** Number of history entries (default 3); the newest is what runs. */
	history?: number;
	/** The history entries, oldest first (the newest is what runs, and the last sync); overrides `history`. */
	deployments?: ReadonlyArray<{revision: string; agoMs: number}>;
	operation?: ArgoOperationOptions;
	conditions?: Array<{type: string; message: string}>;
	labels?: Record<string, string>;
	finalizers?: string[];
};

const defaultRepo = 'https://github.com/acme/gitops-deploy.git';

function kubectlMessage(resource: ArgoResource, verb: string): string {
	const kind = resource.group ? `${resource.kind.toLowerCase()}.${resource.group}` : resource.kind.toLowerCase();
	return `${kind}/${resource.name} ${verb}`;
}

function source(options: ArgoAppOptions) {
	if (options.chart !== undefined) {
		return {
			repoURL: options.repoURL ?? 'https://charts.example.com',
			chart: options.chart,
			targetRevision: options.targetRevision ?? '1.0.0',
		};
	}
	return {
		repoURL: options.repoURL ?? defaultRepo,
		path: options.path ?? `apps/${options.name}/overlays/prod`,
		targetRevision: options.targetRevision ?? 'main',
	};
}

/** The revision Git offers now: a chart version for Helm sources, else a commit. */
export function headRevision(options: ArgoAppOptions): string {
	if (options.revision !== undefined) return options.revision;
	return options.chart !== undefined ? (options.targetRevision ?? '1.0.0') : commitSha(`${options.name}#head`);
}

/** The revision running in the cluster: the head when synced, else the one before. */
function deployedRevision(options: ArgoAppOptions): string {
	const head = headRevision(options);
	if ((options.sync ?? 'Synced') === 'Synced' || options.chart !== undefined) return head;
	return commitSha(`${options.name}#previous`);
}

function history(options: ArgoAppOptions, appSource: object) {
	const given = options.deployments;
	const count = given?.length ?? options.history ?? 3;
	const deployed = deployedRevision(options);
	return Array.from({length: count}, (_, index) => {
		const age = given?.[index]?.agoMs ?? (count - index) * day - 2 * hour;
		const newest = index === count - 1;
		return {
			id: index + 1,
			revision: given?.[index]?.revision ?? (newest ? deployed : commitSha(`${options.name}#${index}`)),
			source: appSource,
			deployStartedAt: isoAgo(age + 40_000),
			deployedAt: isoAgo(age),
			initiatedBy: options.autoSync === false ? {username: 'alice@acme.example'} : {automated: true},
		};
	});
}

/** When the last sync started: 40 s before the newest deployment given, else two hours ago. */
function lastSyncAgo(options: ArgoAppOptions): number {
	const newest = options.deployments?.at(-1);
	return newest ? newest.agoMs + 40_000 : 2 * hour;
}

const defaultMessages: Record<OperationPhase, string> = {
	Running: 'one or more tasks are running',
	Succeeded: 'successfully synced (all tasks run)',
	Failed: 'one or more objects failed to apply, reason: admission webhook denied the request',
	Error: 'one or more synchronization tasks are not valid',
	Terminating: 'one or more tasks are running',
};

function operationBody(options: ArgoAppOptions, revision: string, appSource: object, initiatedBy?: string) {
	const automated = options.autoSync !== false && initiatedBy === undefined;
	return {
		initiatedBy: automated ? {automated: true} : {username: initiatedBy ?? 'alice@acme.example'},
		retry: automated ? {limit: 5} : {},
		sync: {revision, source: appSource, syncStrategy: {hook: {}}, syncOptions: ['CreateNamespace=true']},
	};
}

function operationState(options: ArgoAppOptions, operation: ArgoOperationOptions, appSource: object) {
	const revision = operation.revision ?? headRevision(options);
	const finished = operation.phase === 'Succeeded' || operation.phase === 'Failed' || operation.phase === 'Error';
	const resources = options.resources ?? [];
	const resourceResults = resources.map((resource, index) => {
		const failed = operation.phase === 'Failed' && index === 0;
		return {
			group: resource.group ?? '',
			version: resource.version,
			kind: resource.kind,
			namespace: resource.namespace,
			name: resource.name,
			status: failed ? 'SyncFailed' : 'Synced',
			message: failed ? (operation.message ?? defaultMessages.Failed) : kubectlMessage(resource, 'configured'),
			hookPhase: failed ? 'Failed' : finished ? 'Succeeded' : 'Running',
			syncPhase: 'Sync',
		};
	});
	const startedAgo = operation.startedAgoMs ?? (finished ? 2 * hour : 45_000);
	return {
		operation: operationBody(options, revision, appSource, operation.initiatedBy),
		phase: operation.phase,
		message: operation.message ?? defaultMessages[operation.phase],
		syncResult: {revision, source: appSource, resources: resourceResults},
		startedAt: isoAgo(startedAgo),
		...(finished ? {finishedAt: isoAgo(startedAgo - 35_000)} : {}),
	};
}

function inlineHealth(resources: ArgoResource[]): boolean {
	return resources.some(resource => resource.health !== undefined);
}

export function argoApplication(options: ArgoAppOptions): KubeObject {
	const namespace = options.namespace ?? 'argocd';
	const appSource = source(options);
	const destination = {server: 'https://kubernetes.default.svc', namespace: options.destinationNamespace ?? options.name};
	const sync = options.sync ?? 'Synced';
	const resources = options.resources ?? [];
	const entries = history(options, appSource);
	const lastSync = entries.at(-1);
	const operation = options.operation;
	const current = operation !== undefined && (operation.pending || operation.phase === 'Running' || operation.phase === 'Terminating');
	const state =
		operation !== undefined && !operation.pending
			? operationState(options, operation, appSource)
			: lastSync === undefined
				? undefined
				: operationState(options, {phase: 'Succeeded', revision: lastSync.revision, startedAgoMs: lastSyncAgo(options)}, appSource);
	const object: KubeObject = {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Application',
		metadata: {
			name: options.name,
			namespace,
			labels: {...options.labels},
			finalizers: options.finalizers ?? ['resources-finalizer.argocd.argoproj.io'],
		},
		spec: {
			project: options.project ?? 'default',
			source: appSource,
			destination,
			syncPolicy: {
				...(options.autoSync === false ? {} : {automated: {prune: true, selfHeal: true}}),
				syncOptions: ['CreateNamespace=true'],
			},
		},
		status: {
			sync: {status: sync, revision: headRevision(options), comparedTo: {source: appSource, destination}},
			health: {
				status: options.health ?? 'Healthy',
				...(options.healthMessage ? {message: options.healthMessage} : {}),
				lastTransitionTime: isoAgo(options.health === 'Healthy' || options.health === undefined ? 6 * hour : 12 * minute),
			},
			...(inlineHealth(resources) ? {} : {resourceHealthSource: 'appTree'}),
			resources: resources.map(resource => ({
				...resource,
				group: resource.group ?? '',
				status: resource.status ?? (sync === 'Synced' ? 'Synced' : 'OutOfSync'),
			})),
			history: entries,
			...(state ? {operationState: state} : {}),
			reconciledAt: isoAgo(90_000),
			sourceType: options.chart !== undefined ? 'Helm' : 'Kustomize',
			controllerNamespace: 'argocd',
			summary: {images: []},
			...(options.conditions
				? {conditions: options.conditions.map(condition => ({...condition, lastTransitionTime: isoAgo(20 * minute)}))}
				: {}),
		},
	};
	if (current && operation !== undefined) {
		object['operation'] = operationBody(options, operation.revision ?? headRevision(options), appSource, operation.initiatedBy);
	}
	return object;
}

/** status.resources entry of a live object. */
export function argoResourceOf(object: KubeObject, health?: ArgoResource['health']): ArgoResource {
	const apiVersion = object.apiVersion ?? 'v1';
	const slash = apiVersion.indexOf('/');
	return {
		...(slash >= 0 ? {group: apiVersion.slice(0, slash)} : {}),
		version: slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion,
		kind: object.kind ?? '',
		namespace: object.metadata?.namespace ?? '',
		name: object.metadata?.name ?? '',
		...(health ? {health} : {}),
	};
}

/** Argo CD's tracking: the instance label (≤2.x default) and the tracking-id annotation (3.x default). */
export function argoTracking(appName: string, object: {apiVersion: string; kind: string; namespace: string; name: string}) {
	const slash = object.apiVersion.indexOf('/');
	const group = slash >= 0 ? object.apiVersion.slice(0, slash) : '';
	return {
		labels: {'app.kubernetes.io/instance': appName},
		annotations: {'argocd.argoproj.io/tracking-id': `${appName}:${group}/${object.kind}:${object.namespace}/${object.name}`},
	};
}
