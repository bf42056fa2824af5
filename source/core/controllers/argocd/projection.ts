// What the watcher keeps of each Argo CD Application: the row and `status --json`
// fields only. status.resources, history and the operation body can be large
// and are read from the full object in buildDetail instead.

import type {AppCondition} from '../../apps/model.js';
import type {KubeObject, ResourceType} from '../../kube/resource-type.js';
import {readConditions} from '../conditions.js';

/** Argo CD's Application CRD. */
export const applicationType: ResourceType = {
	group: 'argoproj.io',
	version: 'v1alpha1',
	plural: 'applications',
	kind: 'Application',
	namespaced: true,
	label: 'Argo CD apps',
};
import {at, clip, distinctNamespaces, integer, list, optionalText, projectedMessageLimit, record, text} from '../../util/json.js';

export type ArgoOperationState = {
	phase: string;
	message: string;
	startedAt: string | null;
	finishedAt: string | null;
	/** syncResult.revision, or the first of syncResult.revisions. */
	revision: string;
};

export type ArgoSource = {
	repoURL: string;
	path: string;
	chart: string;
	targetRevision: string;
	/** How many sources the app has (multi-source apps keep only the first). */
	count: number;
};

export type ArgoAppProjection = {
	name: string;
	namespace: string;
	resourceVersion: string;
	deletionTimestamp: string | null;
	/** Namespace of the Argo CD that reconciles the app (status.controllerNamespace, else the app's own). */
	controllerNamespace: string;
	syncStatus: string;
	/** sync.revision, or sync.revisions[0] for multi-source apps. */
	syncRevision: string;
	healthStatus: string;
	healthMessage: string;
	/** `.operation` is set: a sync was requested and has not completed. */
	operationRequested: boolean;
	/**
	 * The requested (else the recorded) operation is a sync. Argo CD has only sync operations today; anything
	 * else is shown as an unknown operation, never as "Syncing".
	 */
	operationIsSync: boolean;
	operationState: ArgoOperationState | null;
	autoSync: boolean;
	conditions: AppCondition[];
	reconciledAt: string | null;
	/** deployedAt of the newest history entry (history is oldest first). */
	lastDeployedAt: string | null;
	source: ArgoSource | null;
	/** spec.destination.namespace and the namespaces of status.resources, sorted, without ''. */
	deploysInto: string[];
};

export function projectApplication(object: KubeObject): ArgoAppProjection {
	const metadata = record(object.metadata);
	const status = record(object.status);
	const sync = at(status, 'sync');
	const health = at(status, 'health');
	const history = list(status?.['history']);
	return {
		name: text(metadata?.['name']),
		namespace: text(metadata?.['namespace']),
		resourceVersion: text(metadata?.['resourceVersion']),
		deletionTimestamp: optionalText(metadata?.['deletionTimestamp']),
		controllerNamespace: text(status?.['controllerNamespace']) || text(metadata?.['namespace']),
		syncStatus: text(sync?.['status']),
		syncRevision: text(sync?.['revision']) || text(list(sync?.['revisions'])[0]),
		healthStatus: text(health?.['status']),
		healthMessage: clip(text(health?.['message'])),
		operationRequested: record(object['operation']) !== null,
		operationIsSync: at(record(object['operation']) ?? at(status, 'operationState', 'operation'), 'sync') !== null,
		operationState: projectOperationState(status?.['operationState']),
		autoSync: isAutoSyncEnabled(object.spec),
		conditions: readConditions(status?.['conditions'], projectedMessageLimit),
		reconciledAt: optionalText(status?.['reconciledAt']),
		lastDeployedAt: optionalText(record(history.at(-1))?.['deployedAt']),
		source: primarySource(object.spec),
		deploysInto: distinctNamespaces([
			text(at(object.spec, 'destination')?.['namespace']),
			...list(status?.['resources']).map(resource => text(record(resource)?.['namespace'])),
		]),
	};
}

function projectOperationState(value: unknown): ArgoOperationState | null {
	const state = record(value);
	if (state === null) return null;
	const syncResult = at(state, 'syncResult');
	return {
		phase: text(state['phase']),
		message: clip(text(state['message'])),
		startedAt: optionalText(state['startedAt']),
		finishedAt: optionalText(state['finishedAt']),
		revision: text(syncResult?.['revision']) || text(list(syncResult?.['revisions'])[0]),
	};
}

/** Argo CD's own rule: automated present and not explicitly disabled. */
export function isAutoSyncEnabled(spec: unknown): boolean {
	const automated = at(spec, 'syncPolicy', 'automated');
	return automated !== null && automated['enabled'] !== false;
}

/**
 * The source Argo CD itself shows: the hydrator's sync source, else the first of
 * spec.sources, else spec.source. An empty repoURL means absent.
 */
function primarySource(spec: unknown): ArgoSource | null {
	const hydrator = at(spec, 'sourceHydrator');
	if (hydrator !== null) {
		const dry = at(hydrator, 'drySource');
		const syncSource = at(hydrator, 'syncSource');
		return {
			repoURL: text(dry?.['repoURL']),
			path: text(syncSource?.['path']),
			chart: '',
			targetRevision: text(syncSource?.['targetBranch']),
			count: 1,
		};
	}
	const sources = list(record(spec)?.['sources'])
		.map(record)
		.filter(source => source !== null);
	const single = at(spec, 'source');
	const first = sources[0] ?? single;
	if (first === null || first === undefined || text(first['repoURL']) === '') return null;
	return {
		repoURL: text(first['repoURL']),
		path: text(first['path']),
		chart: text(first['chart']),
		targetRevision: text(first['targetRevision']),
		count: Math.max(sources.length, 1),
	};
}

/** Numeric history id; Argo ids are int64 but JSON numbers here. */
export function historyId(value: unknown): string {
	const id = integer(value);
	return id === null ? text(value) : String(id);
}
