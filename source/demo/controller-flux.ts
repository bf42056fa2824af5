// The simulated Flux controllers: handle
// reconcile requests, finish in-flight reconciliations, apply new source
// revisions, and now and then fetch a new commit into a GitRepository.

import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {recordEvent} from './demo-events.js';
import type {Budget} from './controller.js';
import {demoGitEnv} from './demo-git.js';
import {fluxCondition, fluxTracking, inventoryOf, orderConditions, type FluxCondition} from './flux-conditions.js';
import {localRepository, syncFromGit} from './git-apply.js';
import {artifact, gitRevision} from './flux-sources.js';
import {listObjects, patchStatus, refOf} from './rest.js';
import {commitSha, digest, isoNow} from './values.js';

const requestedAtKey = 'reconcile.fluxcd.io/requestedAt';
const forceAtKey = 'reconcile.fluxcd.io/forceAt';
const resetAtKey = 'reconcile.fluxcd.io/resetAt';
const sourceApi = 'source.toolkit.fluxcd.io/v1';
const sourceKinds = ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart'];

// biome-ignore lint/suspicious/noExplicitAny: the demo controller writes status fields of several kinds through one shape
type Status = Record<string, any>;
type Sources = Map<string, KubeObject>;

function sourceKey(kind: string, namespace: string, name: string): string {
	return `${kind}/${namespace}/${name}`;
}

function conditions(object: KubeObject): FluxCondition[] {
	return (object.status?.conditions ?? []) as FluxCondition[];
}

function condition(object: KubeObject, type: string): FluxCondition | undefined {
	return conditions(object).find(candidate => candidate.type === type);
}

/** Replace conditions by type, dropping `remove`; an unchanged status keeps its transition time. */
function withConditions(object: KubeObject, updates: FluxCondition[], remove: string[] = []): FluxCondition[] {
	const kept = conditions(object).filter(
		existing => !remove.includes(existing.type) && !updates.some(update => update.type === existing.type),
	);
	const merged = updates.map(update => {
		const previous = condition(object, update.type);
		return previous?.status === update.status ? {...update, lastTransitionTime: previous.lastTransitionTime} : update;
	});
	return orderConditions([...merged, ...kept]);
}

/** The artifact revision a usable source offers, or null. */
function offered(source: KubeObject | undefined): string | null {
	if (!source || condition(source, 'Ready')?.status !== 'True') return null;
	return source.status?.artifact?.revision ?? null;
}

export async function stepFlux(
	kc: KubeConfigLike,
	budget: Budget,
	tick: number,
	commitEvery: number,
	gitEnv: Record<string, string> = demoGitEnv(),
	commitTo: readonly string[] = [],
): Promise<void> {
	const sources: Sources = new Map();
	for (const kind of sourceKinds) {
		for (const source of await listObjects(kc, sourceApi, kind)) {
			sources.set(sourceKey(kind, source.metadata?.namespace ?? '', source.metadata?.name ?? ''), source);
			if (requestPending(source) && budget.take()) {
				const fetched = await fetchedLocally(source, gitEnv);
				await write(kc, source, {...handledRequest(source), ...fetched}, 'source-controller');
				if (fetched.artifact?.revision) {
					await recordEvent(kc, source, {
						type: 'Normal',
						reason: 'NewArtifact',
						message: `stored artifact for commit '${fetched.artifact.revision}'`,
						controller: 'source-controller',
					});
				}
			}
		}
	}
	for (const kustomization of await listObjects(kc, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization')) {
		const status = kustomizationStep(kustomization, sources);
		if (!status || !budget.take()) continue;
		const applied = await appliedFromGit(kc, kustomization, status, sources, gitEnv).catch(() => undefined);
		// A failed apply is tried again next tick, as the controller retries.
		if (applied === undefined) continue;
		await write(kc, kustomization, applied ? withAppliedObjects(kustomization, status, applied) : status, 'gotk-kustomize-controller');
		await reconciledEvent(kc, kustomization, status, 'kustomize-controller');
	}
	for (const release of await listObjects(kc, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease')) {
		const status = helmReleaseStep(release, sources);
		if (status && budget.take()) {
			await write(kc, release, status, 'helm-controller');
			await reconciledEvent(kc, release, status, 'helm-controller');
		}
	}
	// After the appliers ran, so a new commit shows as out of sync for one pass.
	if (tick > 0 && tick % commitEvery === 0 && budget.take()) await newCommit(kc, sources, tick / commitEvery, gitEnv, commitTo);
}

/** The event the controller writes when it applied a new revision (Flux: ReconciliationSucceeded on the app). */
async function reconciledEvent(kc: KubeConfigLike, object: KubeObject, status: Status, controller: string): Promise<void> {
	const revision = status.lastAppliedRevision;
	if (typeof revision !== 'string' || revision === object.status?.lastAppliedRevision) return;
	await recordEvent(kc, object, {
		type: 'Normal',
		reason: 'ReconciliationSucceeded',
		message: `Reconciliation finished in 1.874s, revision ${revision}`,
		controller,
	});
}

/** One object's status write; a failure only skips that object until the next tick. */
async function write(kc: KubeConfigLike, object: KubeObject, status: Status, manager: string): Promise<void> {
	await patchStatus(kc, refOf(object), status, manager).catch(() => undefined);
}

function requestPending(object: KubeObject): boolean {
	const requested = object.metadata?.annotations?.[requestedAtKey];
	return requested !== undefined && requested !== object.status?.lastHandledReconcileAt;
}

/** Echo the request tokens; force/reset only count with the same token. */
function handledRequest(object: KubeObject): Status {
	const annotations = object.metadata?.annotations ?? {};
	const requested = annotations[requestedAtKey];
	const status: Status = {lastHandledReconcileAt: requested};
	if (object.kind === 'HelmRelease') {
		if (annotations[forceAtKey] === requested) status.lastHandledForceAt = requested;
		if (annotations[resetAtKey] === requested) status.lastHandledResetAt = requested;
	}
	return status;
}

/**
 * A GitRepository whose URL is a local path (the tests' and the demo's real repositories) fetches its branch on a
 * reconcile request, as source-controller does; remote URLs are never contacted by the demo.
 */
async function fetchedLocally(source: KubeObject, gitEnv: Record<string, string>): Promise<Status> {
	const url = String(source.spec?.url ?? '');
	const branch = source.spec?.ref?.branch;
	if (source.kind !== 'GitRepository' || typeof branch !== 'string' || !(url.startsWith('/') || url.startsWith('file://'))) return {};
	const listed = await promisify(execFile)('git', ['ls-remote', url, `refs/heads/${branch}`], {env: gitEnv}).catch(() => null);
	const commit = /^([0-9a-f]{40,64})\t/.exec(listed?.stdout ?? '')?.[1];
	const revision = commit === undefined ? null : gitRevision(branch, commit);
	if (revision === null || revision === source.status?.artifact?.revision) return {};
	const message = `stored artifact for revision '${revision}'`;
	return {
		artifact: artifact('GitRepository', source.metadata?.namespace ?? '', source.metadata?.name ?? '', revision, `${commit}.tar.gz`, 0),
		conditions: withConditions(source, [
			fluxCondition('Ready', 'True', 'Succeeded', message),
			fluxCondition('ArtifactInStorage', 'True', 'Succeeded', message),
		]),
	};
}

function kustomizationStep(object: KubeObject, sources: Sources): Status | null {
	const status: Status = requestPending(object) ? handledRequest(object) : {};
	const ref = object.spec?.sourceRef ?? {};
	const revision = offered(sources.get(sourceKey(ref.kind, ref.namespace ?? object.metadata?.namespace, ref.name)));
	const ready = condition(object, 'Ready');
	const reconciling = condition(object, 'Reconciling');
	const inFlight = reconciling?.status === 'True' && reconciling.reason === 'Progressing';
	const behind = ready?.status === 'True' && revision !== null && revision !== object.status?.lastAppliedRevision;
	const suspended = object.spec?.suspend === true;
	// kustomize-controller retries a failing Kustomization with every new artifact its source stores (it watches
	// the source), not only a Ready one. The demo's failures are of the path, so the new attempt fails the same way.
	// Waiting on a dependency comes before the artifact is read: the attempted revision stays.
	const failing = ready?.status === 'False' && ready.reason !== 'DependencyNotReady' && condition(object, 'Stalled')?.status !== 'True';
	if (!suspended && failing && revision !== null && revision !== object.status?.lastAttemptedRevision)
		status.lastAttemptedRevision = revision;
	if (!suspended && revision !== null && (inFlight || behind)) Object.assign(status, applied(object, revision));
	else if (!suspended && status.lastHandledReconcileAt !== undefined && ready?.status === 'True') {
		// A request on a Ready Kustomization applies its artifact again: one more reconciliation of the same snapshot.
		status.history = upsertHistory(
			object,
			String(object.status?.lastAppliedRevision ?? ''),
			snapshotDigest(object, String(object.status?.lastAppliedRevision ?? '')),
		);
	}
	// kustomize-controller reconciles a suspended object too, only to return at once; its deferred status update
	// still moves observedGeneration to the generation while Ready is True (the suspend itself is a new generation).
	const generation = object.metadata?.generation;
	if (suspended && ready?.status === 'True' && generation !== undefined && object.status?.observedGeneration !== generation)
		status.observedGeneration = generation;
	return Object.keys(status).length > 0 ? status : null;
}

/**
 * A reconcile (a new revision, or a request) applies the path at the revision, when the source is a repository on
 * this machine: hand edits are undone, and with spec.prune what left Git is deleted. The objects applied; null
 * when there is nothing to apply here (not reconciling, or a remote source).
 */
async function appliedFromGit(
	kc: KubeConfigLike,
	object: KubeObject,
	status: Status,
	sources: Sources,
	gitEnv: Record<string, string>,
): Promise<KubeObject[] | null> {
	const ref = object.spec?.sourceRef ?? {};
	const source = sources.get(sourceKey(ref.kind, ref.namespace ?? object.metadata?.namespace, ref.name));
	// A new revision being applied, or a reconcile request on a Ready Kustomization (a failing or stalled one stays as it is).
	const again =
		status.lastHandledReconcileAt !== undefined && object.spec?.suspend !== true && condition(object, 'Ready')?.status === 'True';
	const revision = String(status.lastAppliedRevision ?? (again ? (object.status?.lastAppliedRevision ?? '') : ''));
	const commit = /sha1:([0-9a-f]{40})$/.exec(revision)?.[1];
	if (source?.kind !== 'GitRepository' || commit === undefined) return null;
	const name = object.metadata?.name ?? '';
	const namespace = object.metadata?.namespace ?? '';
	const inventory = ((object.status?.inventory?.entries ?? []) as Array<{id?: string; v?: string}>).map(entry => inventoryObject(entry));
	return syncFromGit({
		kc,
		url: String(source.spec?.url ?? ''),
		commit,
		path: String(object.spec?.path ?? ''),
		gitEnv,
		namespace: typeof object.spec?.targetNamespace === 'string' ? object.spec.targetNamespace : undefined,
		fieldManager: 'kustomize-controller',
		tracking: () => fluxTracking('Kustomization', name, namespace),
		...(object.spec?.prune === true ? {prune: inventory.filter((entry): entry is KubeObject => entry !== null)} : {}),
	});
}

/** The inventory of what was applied, and the history entry keyed by its content, as kustomize-controller keys it. */
function withAppliedObjects(object: KubeObject, status: Status, objects: readonly KubeObject[]): Status {
	const written: Status = {...status, inventory: inventoryOf(objects)};
	if (status.history !== undefined) {
		const revision = String(status.lastAppliedRevision ?? object.status?.lastAppliedRevision ?? '');
		written.history = upsertHistory(object, revision, snapshotDigest(object, revision, digest(JSON.stringify(objects))));
	}
	return written;
}

/** An inventory entry (`ns_name_group_Kind`, version) as an object reference. */
function inventoryObject(entry: {id?: string; v?: string}): KubeObject | null {
	const [namespace = '', name = '', group = '', kind = ''] = (entry.id ?? '').split('_');
	if (!name || !kind) return null;
	return {apiVersion: group ? `${group}/${entry.v ?? 'v1'}` : (entry.v ?? 'v1'), kind, metadata: {name, ...(namespace ? {namespace} : {})}};
}

/**
 * kustomize-controller's history entry key: the digest of what it built. Ours is of the path's content at the
 * revision when known (`contentDigest`), so a revert to earlier content is that earlier entry again, as there.
 */
function snapshotDigest(object: KubeObject, revision: string, contentDigest?: string): string {
	return contentDigest ?? digest(`${object.metadata?.namespace}/${object.metadata?.name}/${revision}`);
}

/**
 * status.history as kustomize-controller keeps it (History.Upsert): an entry with the same digest and status is
 * updated (one more reconciliation, the new revision) and moved to the front; else a new one goes first; 5 at most.
 */
function upsertHistory(object: KubeObject, revision: string, snapshot: string, status = 'ReconciliationSucceeded'): Status[] {
	const previous = (object.status?.history ?? []) as Status[];
	const now = isoNow();
	const same = previous.find(entry => entry.digest === snapshot && entry.lastReconciledStatus === status);
	const entry = same
		? {...same, lastReconciled: now, totalReconciliations: (Number(same.totalReconciliations) || 0) + 1, metadata: {revision}}
		: {
				digest: snapshot,
				firstReconciled: now,
				lastReconciled: now,
				lastReconciledDuration: '1.874s',
				lastReconciledStatus: status,
				totalReconciliations: 1,
				metadata: {revision},
			};
	return [entry, ...previous.filter(other => other !== same)].slice(0, 5);
}

/** spec.wait or spec.healthChecks: only then does kustomize-controller keep a Healthy condition (else it deletes it). */
function checksHealth(object: KubeObject): boolean {
	return object.spec?.wait === true || (Array.isArray(object.spec?.healthChecks) && object.spec.healthChecks.length > 0);
}

function applied(object: KubeObject, revision: string, contentDigest?: string): Status {
	const message = `Applied revision: ${revision}`;
	const generation = object.metadata?.generation ?? 1;
	const healthy = checksHealth(object) ? [fluxCondition('Healthy', 'True', 'Succeeded', 'Health check passed in 9.8s', 0, generation)] : [];
	return {
		observedGeneration: generation,
		lastAppliedRevision: revision,
		lastAttemptedRevision: revision,
		conditions: withConditions(
			object,
			[fluxCondition('Ready', 'True', 'ReconciliationSucceeded', message, 0, generation), ...healthy],
			['Reconciling', 'Stalled', ...(healthy.length === 0 ? ['Healthy'] : [])],
		),
		history: upsertHistory(object, revision, snapshotDigest(object, revision, contentDigest)),
	};
}

function helmReleaseStep(object: KubeObject, sources: Sources): Status | null {
	const status: Status = requestPending(object) ? handledRequest(object) : {};
	const reconciling = condition(object, 'Reconciling');
	const inFlight = reconciling?.status === 'True' && reconciling.reason === 'Progressing';
	const chartRef = String(object.status?.helmChart ?? '');
	const [chartNamespace = '', chartName = ''] = chartRef.split('/');
	const version = offered(sources.get(sourceKey('HelmChart', chartNamespace, chartName)));
	if (object.spec?.suspend !== true && inFlight && version !== null) Object.assign(status, upgraded(object, version));
	return Object.keys(status).length > 0 ? status : null;
}

/** A Helm upgrade that succeeded: a new deployed snapshot on top, the old one superseded. */
function upgraded(object: KubeObject, chartVersion: string): Status {
	const history = (object.status?.history ?? []) as Status[];
	const latest = history[0] ?? {};
	const version = (Number(latest.version) || 0) + 1;
	const release = `${object.metadata?.namespace}/${object.metadata?.name}`;
	const message = `Helm upgrade succeeded for release ${release}.v${version} with chart ${latest.chartName ?? object.spec?.chart?.spec?.chart}@${chartVersion}`;
	const generation = object.metadata?.generation ?? 1;
	return {
		observedGeneration: generation,
		lastAttemptedRevision: chartVersion,
		history: [
			{
				...latest,
				version,
				status: 'deployed',
				action: 'upgrade',
				chartVersion,
				appVersion: latest.appVersion,
				digest: digest(`${release}.v${version}`),
				lastDeployed: isoNow(),
			},
			...history.map((entry, index) => (index === 0 ? {...entry, status: 'superseded'} : entry)),
		].slice(0, 5),
		conditions: withConditions(
			object,
			[
				fluxCondition('Ready', 'True', 'UpgradeSucceeded', message, 0, generation),
				fluxCondition('Released', 'True', 'UpgradeSucceeded', message, 0, generation),
			],
			['Reconciling', 'Stalled', 'Remediated'],
		),
	};
}

/** A repository on this machine (the demo's own): its artifact must stay a commit it really has. */
function isLocalRepository(source: KubeObject): boolean {
	const url = String(source.spec?.url ?? '');
	return url.startsWith('/') || url.startsWith('file://');
}

/**
 * A push to Git: the next ready GitRepository (round robin) stores a new commit. In a repository on this machine
 * the commit is made for real (only in those the team pushes to: `commitTo`), so the artifact stays a commit the
 * repository has.
 */
async function newCommit(
	kc: KubeConfigLike,
	sources: Sources,
	round: number,
	gitEnv: Record<string, string>,
	commitTo: readonly string[],
): Promise<void> {
	const candidates = [...sources.values()].filter(
		source =>
			source.kind === 'GitRepository' &&
			source.spec?.suspend !== true &&
			offered(source) !== null &&
			(!isLocalRepository(source) || commitTo.includes(localRepository(String(source.spec?.url)) ?? '')),
	);
	candidates.sort((left, right) =>
		`${left.metadata?.namespace}/${left.metadata?.name}`.localeCompare(`${right.metadata?.namespace}/${right.metadata?.name}`),
	);
	const source = candidates[(round - 1) % Math.max(1, candidates.length)];
	if (!source) return;
	const namespace = source.metadata?.namespace ?? '';
	const name = source.metadata?.name ?? '';
	const dir = isLocalRepository(source) ? localRepository(String(source.spec?.url)) : null;
	const commit = dir ? await pushedLocally(dir, round, gitEnv) : commitSha(`${namespace}/${name}#push-${round}`);
	const revision = gitRevision(source.spec?.ref?.branch ?? 'main', commit);
	const message = `stored artifact for revision '${revision}'`;
	await patchStatus(
		kc,
		refOf(source),
		{
			artifact: artifact('GitRepository', namespace, name, revision, `${commit}.tar.gz`, 0),
			conditions: withConditions(source, [
				fluxCondition('Ready', 'True', 'Succeeded', message),
				fluxCondition('ArtifactInStorage', 'True', 'Succeeded', message),
			]),
		},
		'source-controller',
	);
}

/** A teammate's commit on main of a local repository (no change to the manifests); its SHA. */
async function pushedLocally(dir: string, round: number, gitEnv: Record<string, string>): Promise<string> {
	const run = (args: string[], env: Record<string, string> = gitEnv) =>
		promisify(execFile)('git', ['-C', dir, ...args], {env}).then(result => result.stdout.trim());
	const identity = {
		GIT_AUTHOR_NAME: 'Jonas Weber',
		GIT_AUTHOR_EMAIL: 'jonas.weber@acme.example',
		GIT_COMMITTER_NAME: 'Jonas Weber',
		GIT_COMMITTER_EMAIL: 'jonas.weber@acme.example',
	};
	await run(['commit', '--quiet', '--allow-empty', '--no-verify', '-m', `chore: routine bump #${round}`], {...gitEnv, ...identity});
	return run(['rev-parse', 'HEAD']);
}
