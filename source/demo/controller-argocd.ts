// The simulated Argo CD application controller: starts requested operations, finishes running ones, honours
// terminate and refresh requests, and moves progressing rollouts along.

import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {commitSha, isoNow} from './values.js';
import {deleteObject, jsonPatch, listObjects, mergePatch, refOf, type JsonPatchOperation, getObject, isHttpError} from './rest.js';
import {stepRollout} from './rollout.js';
import type {Budget} from './controller.js';
import {aggregateHealth, type HealthItem} from '../core/health/aggregate.js';
import {defaultNamespace} from '../core/render/cluster-scoped.js';
import {demoGitEnv} from './demo-git.js';
import {resourceHealth} from '../core/health/resource-health.js';
import {isHook, isSkipAnnotated} from '../core/health/hooks.js';
import {argoResourceOf, argoTracking} from './argo-objects.js';
import {notRendered, localRepository, manifestsAt, syncFromGit} from './git-apply.js';
import {isAutoSyncEnabled} from '../core/controllers/argocd/projection.js';
import {errorText} from '../core/util/error-text.js';
import {recordEvent} from './demo-events.js';

const manager = 'argocd-application-controller';
const refreshKey = 'argocd.argoproj.io/refresh';
const refreshTimestampKey = 'argocd.argoproj.io/refresh-timestamp';
const historyLimit = 10;

// biome-ignore lint/suspicious/noExplicitAny: the demo controller writes status fields of several kinds through one shape
type Status = Record<string, any>;

function isCompleted(phase: unknown): boolean {
	return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

export async function stepArgoCd(kc: KubeConfigLike, budget: Budget, gitEnv: Record<string, string> = demoGitEnv()): Promise<void> {
	const apps = await listObjects(kc, 'argoproj.io/v1alpha1', 'Application');
	apps.sort((left, right) =>
		`${left.metadata?.namespace}/${left.metadata?.name}`.localeCompare(`${right.metadata?.namespace}/${right.metadata?.name}`),
	);
	for (const listed of apps) {
		if (listed.metadata?.deletionTimestamp || !hasWork(listed)) continue;
		if (!budget.take()) return;
		try {
			const app = listed.metadata?.annotations?.[refreshKey] !== undefined ? await refresh(kc, listed, gitEnv) : listed;
			await stepOperation(kc, app, gitEnv);
			if (app.status?.health?.status === 'Progressing') await stepProgressing(kc, app, budget);
		} catch {
			// Changed under us or the server hiccuped: the next tick sees the new state.
		}
	}
}

function hasWork(app: KubeObject): boolean {
	return (
		app.metadata?.annotations?.[refreshKey] !== undefined ||
		Boolean(app['operation']) ||
		app.status?.operationState?.phase === 'Terminating' ||
		app.status?.health?.status === 'Progressing'
	);
}

/**
 * Compare again, as Argo CD does on a refresh request: resolve targetRevision anew (in a repository on this
 * machine; others stay as last compared), record when, and drop the request. A new revision whose manifests
 * differ makes the app OutOfSync, and with auto-sync on the controller then syncs it itself.
 */
async function refresh(kc: KubeConfigLike, app: KubeObject, gitEnv: Record<string, string>): Promise<KubeObject> {
	const status: Status = {reconciledAt: isoNow()};
	const compared = await compareWithGit(app, gitEnv).catch(() => null);
	const sync = (app.status?.sync ?? {}) as Status;
	let operation: Status | null = null;
	if (compared !== null && compared.revision !== sync.revision) {
		const outOfSync = compared.differs || sync.status === 'OutOfSync';
		status.sync = {...sync, revision: compared.revision, status: outOfSync ? 'OutOfSync' : 'Synced'};
		if (outOfSync && isAutoSyncEnabled(app.spec) && !app['operation']) operation = autoSyncOperation(app, compared.revision);
	}
	return mergePatch(
		kc,
		refOf(app),
		{metadata: {annotations: {[refreshKey]: null, [refreshTimestampKey]: null}}, status, ...(operation ? {operation} : {})},
		manager,
	);
}

/** The revision targetRevision names now, and whether its manifests differ from the last compared revision's. */
async function compareWithGit(app: KubeObject, gitEnv: Record<string, string>): Promise<{revision: string; differs: boolean} | null> {
	const source = app.spec?.source as Status | undefined;
	const dir = typeof source?.repoURL === 'string' ? localRepository(source.repoURL) : null;
	if (!dir || typeof source?.path !== 'string') return null;
	const target = typeof source.targetRevision === 'string' && source.targetRevision !== '' ? source.targetRevision : 'HEAD';
	const {stdout} = await promisify(execFile)('git', ['-C', dir, 'rev-parse', '--verify', `${target}^{commit}`], {env: gitEnv});
	const revision = stdout.trim();
	const previous = app.status?.sync?.revision as string | undefined;
	const rendered = async (commit: string) => {
		const objects = await manifestsAt(dir, commit, source.path, gitEnv);
		return objects === notRendered ? null : JSON.stringify(objects);
	};
	const now = await rendered(revision);
	const before = previous ? await rendered(previous).catch(() => null) : null;
	return {revision, differs: now === null || before === null || now !== before};
}

/** What the controller's auto-sync writes: the compared revision, the spec's source and options, its default retry. */
function autoSyncOperation(app: KubeObject, revision: string): Status {
	const syncOptions = app.spec?.syncPolicy?.syncOptions as string[] | undefined;
	return {
		initiatedBy: {automated: true},
		retry: app.spec?.syncPolicy?.retry ?? {limit: 5},
		sync: {revision, source: app.spec?.source, ...(syncOptions?.length ? {syncOptions} : {})},
	};
}

async function stepOperation(kc: KubeConfigLike, app: KubeObject, gitEnv: Record<string, string>): Promise<void> {
	const operation = app['operation'] as Status | undefined | null;
	const state = app.status?.operationState as Status | undefined;
	if (operation) {
		if (!state || isCompleted(state.phase)) return start(kc, app, operation);
		if (state.phase === 'Terminating') return finish(kc, app, 'Failed', 'Operation terminated');
		// Argo CD completes a sync once its resources are applied (a one-wave sync without hooks waits for no
		// health): the app then reads Synced with health Progressing until its Deployments are available.
		if (state.phase === 'Running') return finish(kc, app, 'Succeeded', 'successfully synced (all tasks run)', gitEnv);
		return;
	}
	if (state?.phase === 'Terminating') await finish(kc, app, 'Failed', 'Operation terminated');
}

/** The revision an operation syncs to: its own, else what the last comparison resolved. */
function operationRevision(app: KubeObject, operation: Status): string {
	return operation.sync?.revision || app.status?.sync?.revision || commitSha(`${app.metadata?.name}#head`);
}

/**
 * Write the app as the controller does: whole operationState replaced, the
 * request cleared, in one JSON patch that fails (and is retried next tick) if
 * the app changed since it was read.
 */
async function writeOperation(
	kc: KubeConfigLike,
	app: KubeObject,
	operationState: Status,
	extra: Record<string, unknown> = {},
	clearOperation = false,
): Promise<void> {
	const operations: JsonPatchOperation[] = [
		{op: 'test', path: '/metadata/resourceVersion', value: app.metadata?.resourceVersion},
		...(app.status ? [] : [{op: 'add' as const, path: '/status', value: {}}]),
		{op: 'add', path: '/status/operationState', value: operationState},
		...Object.entries(extra).map(([key, value]) => ({op: 'add' as const, path: `/status/${key}`, value})),
		...(clearOperation && app['operation'] ? [{op: 'remove' as const, path: '/operation'}] : []),
	];
	await jsonPatch(kc, refOf(app), operations, manager);
}

async function start(kc: KubeConfigLike, app: KubeObject, operation: Status): Promise<void> {
	const revision = operationRevision(app, operation);
	await writeOperation(kc, app, {
		operation,
		phase: 'Running',
		message: 'one or more tasks are running',
		startedAt: isoNow(),
		syncResult: {revision, source: operation.sync?.source ?? app.spec?.source},
	});
	const by = operation.initiatedBy?.username;
	await recordEvent(kc, app, {
		type: 'Normal',
		reason: 'OperationStarted',
		message: `Initiated ${by ? `sync by ${by}` : 'automated sync'} to ${revision.slice(0, 7)}`,
		controller: manager,
	});
}

async function finish(
	kc: KubeConfigLike,
	app: KubeObject,
	result: 'Succeeded' | 'Failed',
	outcome: string,
	gitEnv: Record<string, string> = demoGitEnv(),
): Promise<void> {
	const status = (app.status ?? {}) as Status;
	const state = (status.operationState ?? {}) as Status;
	const operation = (state.operation ?? app['operation'] ?? {}) as Status;
	const revision = state.syncResult?.revision || operationRevision(app, operation);
	const source = operation.sync?.source ?? app.spec?.source;
	const dryRun = operation.sync?.dryRun === true;
	const partial = (operation.sync?.resources ?? []).length > 0;
	let phase = result;
	let message = outcome;
	let applied: Awaited<ReturnType<typeof applyRevision>> = null;
	if (result === 'Succeeded' && !dryRun) {
		try {
			applied = await applyRevision(kc, app, operation, revision, source, gitEnv);
		} catch (error) {
			// As Argo CD reports an apply that failed, instead of retrying silently.
			phase = 'Failed';
			message = `one or more objects failed to apply, reason: ${errorText(error)}`;
		}
	}
	const succeeded = phase === 'Succeeded';
	const resources = applied?.resources ?? ((status.resources ?? []) as Status[]);
	const operationState: Status = {
		...state,
		phase,
		message,
		finishedAt: isoNow(),
		syncResult: {
			revision,
			source,
			resources: resources.map(resource => ({
				...resource,
				status: succeeded ? 'Synced' : 'SyncFailed',
				message: succeeded ? `${(resource.kind ?? '').toLowerCase()}/${resource.name} configured` : message,
				// Argo CD leaves a plain resource's hookPhase Running after a successful sync.
				hookPhase: succeeded ? 'Running' : 'Failed',
				syncPhase: 'Sync',
			})),
		},
	};
	const extra: Status = {};
	if (succeeded && !dryRun) {
		// In sync only when it deployed what Git offers now (a rollback leaves it OutOfSync).
		const synced = revision === status.sync?.revision;
		extra.sync = {...status.sync, status: synced ? 'Synced' : 'OutOfSync'};
		if (applied) extra.resources = resources;
		else if (synced) extra.resources = resources.map(resource => ({...resource, status: 'Synced'}));
		if (applied) extra.health = applied.health;
		extra.conditions = ((status.conditions ?? []) as Status[]).filter(condition => condition.type !== 'SyncError');
		if (!partial) extra.history = appendHistory(status.history ?? [], revision, source, state, operation);
	}
	await writeOperation(kc, app, operationState, extra, true);
	await recordEvent(kc, app, {
		type: succeeded ? 'Normal' : 'Warning',
		reason: 'OperationCompleted',
		message: succeeded
			? `Sync operation to ${revision.slice(0, 7)} succeeded`
			: `Sync operation to ${revision.slice(0, 7)} failed: ${message}`,
		controller: manager,
	});
	if (extra.sync?.status && extra.sync.status !== status.sync?.status) {
		await recordEvent(kc, app, {
			type: 'Normal',
			reason: 'ResourceUpdated',
			message: `Updated sync status: ${status.sync?.status ?? 'Unknown'} -> ${extra.sync.status}`,
			controller: manager,
		});
	}
}

/**
 * What a sync does to the cluster: the source's manifests at the revision applied as the controller (only the
 * chosen resources in a partial sync; what Git dropped deleted when pruning), each changed Deployment rolled out.
 * Returns the app's resources and health after it; null when the source is not a repository on this machine.
 */
async function applyRevision(
	kc: KubeConfigLike,
	app: KubeObject,
	operation: Status,
	revision: string,
	source: Status | undefined,
	gitEnv: Record<string, string>,
): Promise<{resources: Status[]; health: Status} | null> {
	if (!source?.path || typeof source.repoURL !== 'string') return null;
	const name = app.metadata?.name ?? '';
	const chosen = (operation.sync?.resources ?? []) as Status[];
	const previous = (app.status?.resources ?? []) as Status[];
	const asObject = (resource: Status): KubeObject => ({
		apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version,
		kind: resource.kind,
		metadata: {name: resource.name, namespace: resource.namespace},
	});
	const objects = await syncFromGit({
		kc,
		url: source.repoURL,
		commit: revision,
		path: source.path,
		gitEnv,
		namespace: app.spec?.destination?.namespace,
		fieldManager: 'argocd-controller',
		tracking: object =>
			argoTracking(name, {
				apiVersion: object.apiVersion ?? 'v1',
				kind: object.kind ?? '',
				namespace: object.metadata?.namespace ?? '',
				name: object.metadata?.name ?? '',
			}),
		skip: object => isSkipAnnotated(object.metadata?.annotations),
		...(chosen.length > 0 ? {only: new Set(chosen.map(resource => `${resource.kind}/${resource.name}`))} : {}),
		...(operation.sync?.prune === true && chosen.length === 0 ? {prune: previous.map(asObject)} : {}),
	});
	if (objects === null) return null;
	const key = (resource: {kind?: string; namespace?: string; name?: string}) => `${resource.kind}/${resource.namespace}/${resource.name}`;
	const keyOf = (object: KubeObject) => key({kind: object.kind, namespace: object.metadata?.namespace, name: object.metadata?.name});
	const inGit = new Set(objects.filter(object => !isHook(object)).map(keyOf));
	// Resource sync is against the revision Argo CD compares with: after a rollback to another one, what differs is OutOfSync.
	const compared = app.status?.sync?.revision;
	const dir = localRepository(source.repoURL);
	const comparedObjects =
		compared === revision || !dir || !compared
			? null
			: new Map(
					defaultNamespace(
						toList(await manifestsAt(dir, compared, source.path, gitEnv).catch(() => [])),
						app.spec?.destination?.namespace,
					).map(object => [keyOf(object), JSON.stringify(object)]),
				);
	const previousStatus = new Map(previous.map(resource => [key(resource), resource.status as string | undefined]));
	const items: HealthItem[] = [];
	const resources: Status[] = [];
	for (const object of objects) {
		if (isHook(object)) {
			// A hook runs with the sync and is none of the app's resources; HookSucceeded deletes it once it ran.
			if (hookDeletePolicies(object).includes('HookSucceeded'))
				await deleteObject(kc, refOf(object)).catch(error => {
					if (!isHttpError(error, 404)) throw error;
				});
			continue;
		}
		if (isSkipAnnotated(object.metadata?.annotations)) {
			// Never applied: Argo CD lists it without a sync status, and it counts for no health.
			resources.push(argoResourceOf(object));
			continue;
		}
		const live = await getObject(kc, refOf(object)).catch(error => {
			if (isHttpError(error, 404)) return null;
			throw error;
		});
		const untouched =
			chosen.length > 0 && !chosen.some(resource => resource.kind === object.kind && resource.name === object.metadata?.name);
		const matches = comparedObjects ? comparedObjects.get(keyOf(object)) === JSON.stringify(object) : true;
		const resourceStatus = untouched ? (previousStatus.get(keyOf(object)) ?? 'OutOfSync') : live && matches ? 'Synced' : 'OutOfSync';
		resources.push({...argoResourceOf(object), status: resourceStatus});
		const identity = argoResourceOf(object);
		items.push(
			live
				? {
						...identity,
						group: identity.group ?? '',
						health: resourceHealth(live),
						live: true,
						annotations: live.metadata?.annotations ?? {},
					}
				: {...identity, group: identity.group ?? '', health: {status: 'Missing' as const, message: ''}, live: false},
		);
	}
	for (const resource of previous) {
		if (inGit.has(key(resource))) continue;
		const live = await getObject(kc, {
			apiVersion: asObject(resource).apiVersion!,
			kind: resource.kind,
			namespace: resource.namespace,
			name: resource.name,
		}).catch(() => null);
		if (live) resources.push({...resource, status: 'OutOfSync', requiresPruning: true});
	}
	const health = aggregateHealth(items);
	return {resources, health: {status: health.status, ...(health.message ? {message: health.message} : {}), lastTransitionTime: isoNow()}};
}

function toList(objects: KubeObject[] | typeof notRendered): KubeObject[] {
	return objects === notRendered ? [] : objects;
}

function appendHistory(history: Status[], revision: string, source: unknown, state: Status, operation: Status): Status[] {
	// Argo CD numbers deployments from 0: the next id is the last entry's + 1.
	const last = history.at(-1);
	const entry = {
		id: last === undefined ? 0 : (Number(last.id) || 0) + 1,
		revision,
		source,
		deployStartedAt: state.startedAt ?? isoNow(),
		deployedAt: isoNow(),
		initiatedBy: operation.initiatedBy ?? {},
	};
	return [...history, entry].slice(-historyLimit);
}

/** Move each progressing Deployment one pod along; when all are up, the app is Healthy. */
async function stepProgressing(kc: KubeConfigLike, app: KubeObject, budget: Budget): Promise<void> {
	const deployments = ((app.status?.resources ?? []) as Status[]).filter(
		resource => resource.group === 'apps' && resource.kind === 'Deployment',
	);
	let allReady = true;
	for (const resource of deployments) {
		if (!budget.take()) return;
		const result = await stepRollout(kc, resource.namespace, resource.name);
		if (result !== 'ready') allReady = false;
	}
	if (!allReady) return;
	const resources = (app.status?.resources ?? []) as Status[];
	const inline = resources.some(resource => resource.health);
	const status: Status = {health: {status: 'Healthy', message: null, lastTransitionTime: isoNow()}};
	if (inline) status.resources = resources.map(resource => (resource.health ? {...resource, health: {status: 'Healthy'}} : resource));
	await mergePatch(kc, refOf(app), {status}, manager);
}

/** argocd.argoproj.io/hook-delete-policy, split (Argo CD's default, BeforeHookCreation, deletes nothing after a sync). */
function hookDeletePolicies(object: KubeObject): string[] {
	return (object.metadata?.annotations?.['argocd.argoproj.io/hook-delete-policy'] ?? '').split(',').map(policy => policy.trim());
}
