// What the watcher keeps of Flux objects. Inventory, history beyond the newest
// Helm snapshot, values and long condition messages stay out: buildDetail reads
// them from the full object.

import type {AppCondition} from '../../apps/model.js';
import type {KubeObject} from '../../kube/resource-type.js';
import {findCondition, readConditions} from '../conditions.js';
import {at, distinctNamespaces, integer, list, optionalText, projectedMessageLimit, record, text} from '../../util/json.js';
import {parseInventoryId} from './types.js';

export type FluxObjectRef = {kind: string; name: string; namespace: string};

/** The newest Helm release snapshot (status.history[0]). */
type HelmReleaseSnapshot = {
	chartName: string;
	chartVersion: string;
	/** 'sha256:…' of the OCI artifact the chart came from, when it did. */
	ociDigest: string;
	status: string;
	lastDeployed: string | null;
};

export type FluxAppProjection = {
	kind: string;
	name: string;
	namespace: string;
	resourceVersion: string;
	generation: number | null;
	observedGeneration: number | null;
	deletionTimestamp: string | null;
	suspended: boolean;
	conditions: AppCondition[];
	/** observedGeneration of the Ready condition: older means Ready is stale. */
	readyObservedGeneration: number | null;
	/** Kustomization; HelmReleases before helm-controller v2 had it too. */
	lastAppliedRevision: string;
	/** The revision of the last attempt, applied or not (a HelmRelease's chart version). */
	lastAttemptedRevision: string;
	lastHandledReconcileAt: string | null;
	/** `namespace/name` of each dependency. */
	dependsOn: string[];
	/** Kustomization sourceRef; HelmRelease chartRef or its generated HelmChart. */
	sourceRef: FluxObjectRef | null;
	/** HelmRelease only. */
	release: HelmReleaseSnapshot | null;
	/**
	 * spec.targetNamespace (a HelmRelease without one: its own namespace, where Helm installs the release) and the
	 * namespaces of status.inventory, sorted, without ''.
	 */
	deploysInto: string[];
};

export type FluxSourceProjection = {
	kind: string;
	name: string;
	namespace: string;
	resourceVersion: string;
	url: string;
	artifactRevision: string;
	/** Status of the Ready condition ('True', 'False', 'Unknown'), '' when absent. */
	ready: string;
	readyMessage: string;
	suspended: boolean;
	/** HelmChart only: chart name and the repository it is fetched from. */
	chart: string;
	chartSourceRef: FluxObjectRef | null;
};

function reference(value: unknown, defaultNamespace: string): FluxObjectRef | null {
	const ref = record(value);
	if (ref === null || text(ref['name']) === '') return null;
	return {
		kind: text(ref['kind']),
		name: text(ref['name']),
		namespace: text(ref['namespace']) || defaultNamespace,
	};
}

function commonFields(object: KubeObject) {
	const metadata = record(object.metadata);
	const namespace = text(metadata?.['namespace']);
	const status = record(object.status);
	return {
		name: text(metadata?.['name']),
		namespace,
		resourceVersion: text(metadata?.['resourceVersion']),
		status,
		suspended: record(object.spec)?.['suspend'] === true,
	};
}

/** Namespaces of status.inventory entries (`<namespace>_<name>_<group>_<kind>`; '' for cluster-scoped objects). */
function inventoryNamespaces(status: Record<string, unknown> | null): string[] {
	return list(at(status, 'inventory')?.['entries']).map(entry => parseInventoryId(text(record(entry)?.['id']))?.namespace ?? '');
}

function projectApp(object: KubeObject, kind: string, sourceRef: FluxObjectRef | null, defaultTarget = ''): FluxAppProjection {
	const {name, namespace, resourceVersion, status, suspended} = commonFields(object);
	const metadata = record(object.metadata);
	const rawReady = list(status?.['conditions'])
		.map(record)
		.find(condition => condition?.['type'] === 'Ready');
	return {
		kind,
		name,
		namespace,
		resourceVersion,
		generation: integer(metadata?.['generation']),
		observedGeneration: integer(status?.['observedGeneration']),
		deletionTimestamp: optionalText(metadata?.['deletionTimestamp']),
		suspended,
		conditions: readConditions(status?.['conditions'], projectedMessageLimit),
		readyObservedGeneration: integer(rawReady?.['observedGeneration']),
		lastAppliedRevision: text(status?.['lastAppliedRevision']),
		lastAttemptedRevision: text(status?.['lastAttemptedRevision']),
		lastHandledReconcileAt: optionalText(status?.['lastHandledReconcileAt']),
		dependsOn: list(record(object.spec)?.['dependsOn'])
			.map(dependency => reference(dependency, namespace))
			.filter(dependency => dependency !== null)
			.map(dependency => `${dependency.namespace}/${dependency.name}`),
		sourceRef,
		release: null,
		deploysInto: distinctNamespaces([text(record(object.spec)?.['targetNamespace']) || defaultTarget, ...inventoryNamespaces(status)]),
	};
}

export function projectKustomization(object: KubeObject): FluxAppProjection {
	const namespace = text(object.metadata?.namespace);
	return projectApp(object, 'Kustomization', reference(at(object.spec, 'sourceRef'), namespace));
}

export function projectHelmRelease(object: KubeObject): FluxAppProjection {
	const newest = record(list(at(object, 'status')?.['history'])[0]);
	return {
		...projectApp(object, 'HelmRelease', helmReleaseSource(object), text(object.metadata?.namespace)),
		release:
			newest === null
				? null
				: {
						chartName: text(newest['chartName']),
						chartVersion: text(newest['chartVersion']),
						ociDigest: text(newest['ociDigest']),
						status: text(newest['status']),
						lastDeployed: optionalText(newest['lastDeployed']),
					},
	};
}

/**
 * chartRef names the source directly (OCIRepository or HelmChart). With
 * spec.chart, helm-controller generates a HelmChart `<hrNamespace>-<hrName>` in
 * the chart source's namespace and records it as status.helmChart `ns/name`.
 */
function helmReleaseSource(object: KubeObject): FluxObjectRef | null {
	const namespace = text(object.metadata?.namespace);
	const chartRef = reference(at(object.spec, 'chartRef'), namespace);
	if (chartRef !== null) return chartRef;
	const chartSpec = at(object.spec, 'chart', 'spec');
	if (chartSpec === null) return null;
	const recorded = text(at(object, 'status')?.['helmChart']);
	const slash = recorded.indexOf('/');
	if (slash > 0) {
		return {kind: 'HelmChart', namespace: recorded.slice(0, slash), name: recorded.slice(slash + 1)};
	}
	const repository = reference(chartSpec['sourceRef'], namespace);
	return {
		kind: 'HelmChart',
		name: `${namespace}-${text(object.metadata?.name)}`,
		namespace: repository?.namespace ?? namespace,
	};
}

export function projectSource(object: KubeObject, kind: string): FluxSourceProjection {
	const {name, namespace, resourceVersion, status, suspended} = commonFields(object);
	const ready = findCondition(readConditions(status?.['conditions'], projectedMessageLimit), 'Ready');
	return {
		kind,
		name,
		namespace,
		resourceVersion,
		url: text(record(object.spec)?.['url']),
		artifactRevision: text(at(status, 'artifact')?.['revision']),
		ready: ready?.status ?? '',
		readyMessage: ready?.message ?? '',
		suspended,
		chart: kind === 'HelmChart' ? text(record(object.spec)?.['chart']) : '',
		chartSourceRef: kind === 'HelmChart' ? reference(at(object.spec, 'sourceRef'), namespace) : null,
	};
}
