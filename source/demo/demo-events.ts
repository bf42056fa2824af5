// Kubernetes Events as the real controllers write them, for the demo estate: Argo CD's application controller on
// the Application (OperationStarted, OperationCompleted, ResourceUpdated), Flux's controllers on the Kustomization
// or HelmRelease (ReconciliationSucceeded, Progressing, ReconciliationFailed…) and on sources (NewArtifact), the
// deployment controller on failing workloads. Written through core/v1 as client-go's recorder does; a repeat
// (same object, reason and message) bumps the count of the event already there, as the recorder's correlator does.
import {createHash} from 'node:crypto';
import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {createObject, getObject, isHttpError, listObjects, mergePatch} from './rest.js';
import {hour, isoAgo, isoNow, minute} from './values.js';

type EventFields = {
	type: 'Normal' | 'Warning';
	reason: string;
	message: string;
	/** The controller writing it (source.component and reportingComponent). */
	controller: string;
	/** How often it happened already (seeded history); default 1. */
	count?: number;
	/** When it first and last happened, ms ago; default now. */
	firstAgoMs?: number;
	lastAgoMs?: number;
};

/** The recorder names events `<object>.<unique suffix>`; a stable suffix per (reason, message) lets repeats find theirs. */
function eventName(about: KubeObject, fields: EventFields): string {
	const suffix = createHash('sha1').update(`${about.kind}\0${fields.reason}\0${fields.message}`).digest('hex').slice(0, 16);
	return `${about.metadata?.name ?? 'object'}.${suffix}`;
}

/** Record one event about `about` (in its namespace); a repeat bumps the count. Never throws: events are best effort, as in client-go. */
export async function recordEvent(kc: KubeConfigLike, about: KubeObject, fields: EventFields): Promise<void> {
	const namespace = about.metadata?.namespace ?? 'default';
	const name = eventName(about, fields);
	const last = isoAgo(fields.lastAgoMs ?? 0);
	try {
		await createObject(kc, {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name, namespace},
			involvedObject: {
				apiVersion: about.apiVersion,
				kind: about.kind,
				namespace,
				name: about.metadata?.name,
				...(about.metadata?.uid ? {uid: about.metadata.uid} : {}),
			},
			reason: fields.reason,
			message: fields.message,
			source: {component: fields.controller},
			firstTimestamp: isoAgo(fields.firstAgoMs ?? fields.lastAgoMs ?? 0),
			lastTimestamp: last,
			count: fields.count ?? 1,
			type: fields.type,
			reportingComponent: fields.controller,
			reportingInstance: `${fields.controller}-0`,
		});
	} catch (error) {
		if (!isHttpError(error, 409)) return;
		try {
			const existing = await getObject(kc, {apiVersion: 'v1', kind: 'Event', namespace, name});
			const count = typeof existing['count'] === 'number' ? existing['count'] : 1;
			await mergePatch(kc, {apiVersion: 'v1', kind: 'Event', namespace, name}, {count: count + 1, lastTimestamp: isoNow()});
		} catch {
			// Best effort, like the recorder: a lost event is not worth failing the controller's step.
		}
	}
}

/**
 * The history the estate's controllers would have written before the demo started: each app's last sync or
 * reconciliation (repeated reconciliations collapse into one line with a count), and Warnings where something
 * is failing.
 */
export async function seedDemoEvents(kc: KubeConfigLike): Promise<void> {
	const writes: Array<Promise<void>> = [];
	for (const app of await listObjects(kc, 'argoproj.io/v1alpha1', 'Application')) writes.push(...argoHistory(kc, app));
	for (const app of await listObjects(kc, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization'))
		writes.push(...fluxHistory(kc, app, 'kustomize-controller'));
	for (const app of await listObjects(kc, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease'))
		writes.push(...fluxHistory(kc, app, 'helm-controller'));
	for (const source of await listObjects(kc, 'source.toolkit.fluxcd.io/v1', 'GitRepository')) {
		const revision = source.status?.artifact?.revision;
		if (typeof revision === 'string') {
			writes.push(
				recordEvent(kc, source, {
					type: 'Normal',
					reason: 'NewArtifact',
					message: `stored artifact for commit '${revision}'`,
					controller: 'source-controller',
					lastAgoMs: 25 * minute,
				}),
			);
		}
	}
	await Promise.all(writes);
}

const argoController = 'argocd-application-controller';

function argoHistory(kc: KubeConfigLike, app: KubeObject): Array<Promise<void>> {
	const state = app.status?.operationState;
	const writes: Array<Promise<void>> = [];
	const revision = String(state?.syncResult?.revision ?? state?.operation?.sync?.revision ?? '').slice(0, 7);
	const startedAgo = ago(state?.startedAt) ?? 2 * hour;
	const initiator = state?.operation?.initiatedBy?.username ?? 'automated sync';
	writes.push(
		recordEvent(kc, app, {
			type: 'Normal',
			reason: 'OperationStarted',
			message: `Initiated ${initiator === 'automated sync' ? 'automated sync' : `sync by ${initiator}`} to ${revision}`,
			controller: argoController,
			lastAgoMs: startedAgo,
		}),
	);
	const phase = state?.phase;
	if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') {
		const failed = phase !== 'Succeeded';
		writes.push(
			recordEvent(kc, app, {
				type: failed ? 'Warning' : 'Normal',
				reason: 'OperationCompleted',
				message: failed
					? `Sync operation to ${revision} failed: ${state?.message ?? 'one or more objects failed to apply'}`
					: `Sync operation to ${revision} succeeded`,
				controller: argoController,
				lastAgoMs: ago(state?.finishedAt) ?? startedAgo,
			}),
		);
	}
	if (app.status?.sync?.status === 'OutOfSync') {
		writes.push(
			recordEvent(kc, app, {
				type: 'Normal',
				reason: 'ResourceUpdated',
				message: 'Updated sync status: Synced -> OutOfSync',
				controller: argoController,
				lastAgoMs: 15 * minute,
			}),
		);
	}
	if (app.status?.health?.status === 'Degraded') writes.push(...failingWorkload(kc, app));
	return writes;
}

/** A Warning on a Degraded app's first Deployment: its rollout is stuck. */
function failingWorkload(kc: KubeConfigLike, app: KubeObject): Array<Promise<void>> {
	const resources = (app.status?.resources ?? []) as Array<{
		group?: string;
		version?: string;
		kind?: string;
		namespace?: string;
		name?: string;
	}>;
	const deployment = resources.find(resource => resource.kind === 'Deployment');
	if (!deployment?.name) return [];
	const about: KubeObject = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: deployment.name, namespace: deployment.namespace ?? 'default'},
	};
	return [
		recordEvent(kc, about, {
			type: 'Warning',
			reason: 'ProgressDeadlineExceeded',
			message: `Deployment "${deployment.name}" has timed out progressing: 0 of 3 updated replicas are available.`,
			controller: 'deployment-controller',
			count: 4,
			firstAgoMs: 40 * minute,
			lastAgoMs: 3 * minute,
		}),
	];
}

function fluxHistory(kc: KubeConfigLike, app: KubeObject, controller: string): Array<Promise<void>> {
	const conditions = (app.status?.conditions ?? []) as Array<{type?: string; status?: string; reason?: string; message?: string}>;
	const ready = conditions.find(condition => condition.type === 'Ready');
	if (app.spec?.suspend === true || !ready) return [];
	if (ready.status === 'True') {
		return [
			recordEvent(kc, app, {
				type: 'Normal',
				reason: 'ReconciliationSucceeded',
				message: `Reconciliation finished in 1.874s, next run in ${app.spec?.interval ?? '10m'}`,
				controller,
				count: 6,
				firstAgoMs: 55 * minute,
				lastAgoMs: 5 * minute,
			}),
		];
	}
	const progressing = ready.status === 'Unknown';
	return [
		recordEvent(kc, app, {
			type: progressing ? 'Normal' : 'Warning',
			reason: progressing ? 'Progressing' : ready.reason || 'ReconciliationFailed',
			message: ready.message || (progressing ? 'Reconciliation in progress' : 'Reconciliation failed'),
			controller,
			count: progressing ? 1 : 3,
			firstAgoMs: progressing ? 2 * minute : 30 * minute,
			lastAgoMs: progressing ? 2 * minute : 4 * minute,
		}),
	];
}

/** How long ago an ISO time was, or undefined. */
function ago(iso: unknown): number | undefined {
	if (typeof iso !== 'string') return undefined;
	const at = Date.parse(iso);
	return Number.isNaN(at) ? undefined : Math.max(0, Date.now() - at);
}
