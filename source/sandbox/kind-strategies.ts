// What a real server does to particular built-in kinds after decoding and
// field ownership (so nobody owns the result): a namespace's finalizer and
// phase, a Job's generated selector, a claim's protection finalizer and
// phase, a Service's cluster IP. Also which finalizers a delete adds.
import type {KubeObject} from '../core/kube/resource-type.js';
import {deepEqual, isObject, type JsonObject} from './json-values.js';
import {resourceKey, type ResourceInfo} from './resources.js';
import {apiError, invalidOptions} from './status.js';

const keys = {
	namespaces: '/namespaces',
	pods: '/pods',
	volumes: '/persistentvolumes',
	nodes: '/nodes',
	replicationControllers: '/replicationcontrollers',
	daemonSets: 'apps/daemonsets',
	services: '/services',
	claims: '/persistentvolumeclaims',
	jobs: 'batch/jobs',
};

/** A new object's server-made parts (the object is a fresh copy the caller owns). */
export function onCreate(object: KubeObject & JsonObject, resource: ResourceInfo, services: ServiceAddresses): void {
	switch (resourceKey(resource)) {
		case keys.namespaces:
			object.spec = {...(isObject(object.spec) ? object.spec : {}), finalizers: ['kubernetes']};
			object.status = {phase: 'Active'};
			return;
		case keys.claims:
			addFinalizer(object, 'kubernetes.io/pvc-protection');
			object.status = {phase: 'Pending'};
			return;
		case keys.jobs:
			generateJobSelector(object);
			return;
		case keys.services:
			services.allocate(object);
			return;
		case keys.nodes: {
			// A new node is not ready until its kubelet says so (there is none here).
			const spec = isObject(object.spec) ? object.spec : {};
			object.spec = spec;
			const taints = Array.isArray(spec.taints) ? spec.taints : [];
			if (!taints.some(taint => isObject(taint) && taint.key === 'node.kubernetes.io/not-ready'))
				spec.taints = [...taints, {key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}];
			return;
		}
		case keys.volumes:
			addFinalizer(object, 'kubernetes.io/pv-protection');
			object.status = {phase: 'Pending', lastPhaseTransitionTime: String((object.metadata as JsonObject).creationTimestamp ?? '')};
			return;
		case keys.pods:
			admitPod(object);
			return;
	}
}

/** What a real server's default admission adds to a new pod: the not-ready/unreachable tolerations, priority 0. */
function admitPod(pod: JsonObject): void {
	const spec = isObject(pod.spec) ? pod.spec : {};
	pod.spec = spec;
	const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isObject) : [];
	const tolerated = (key: string) =>
		tolerations.some(
			toleration =>
				(toleration.operator === 'Exists' && toleration.key === undefined) ||
				(toleration.key === key && (toleration.effect === undefined || toleration.effect === 'NoExecute')),
		);
	const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
		.filter(key => !tolerated(key))
		.map(key => ({key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300}));
	if (added.length > 0) spec.tolerations = [...tolerations, ...added];
	if (spec.priorityClassName === undefined) {
		spec.priority ??= 0;
		spec.preemptionPolicy ??= 'PreemptLowerPriority';
	}
}

/** How long a pod's deletion waits for its kubelet: none when it never ran on a node or has finished. */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
	const spec = isObject(pod.spec) ? pod.spec : {};
	const phase = isObject(pod.status) ? pod.status.phase : undefined;
	if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
	if (requested !== undefined) return requested;
	return typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
}

/**
 * A write to an existing object keeps what the server allocated when the
 * write leaves it out, and a DaemonSet counts template changes.
 */
export function onUpdate(object: KubeObject & JsonObject, existing: KubeObject, resource: ResourceInfo): void {
	if (resourceKey(resource) === keys.daemonSets) {
		countTemplateGeneration(object, existing);
		return;
	}
	if (resourceKey(resource) !== keys.services || !isObject(object.spec) || !isObject(existing.spec)) return;
	for (const field of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) {
		if (object.spec[field] === undefined && existing.spec[field] !== undefined) object.spec[field] = structuredClone(existing.spec[field]);
	}
}

const templateGeneration = 'deprecated.daemonset.template.generation';

function countTemplateGeneration(object: JsonObject, existing: KubeObject): void {
	const before = Number(existing.metadata?.annotations?.[templateGeneration] ?? 1) || 1;
	const changed = !deepEqual(
		isObject(object.spec) ? object.spec.template : undefined,
		isObject(existing.spec) ? existing.spec.template : undefined,
	);
	const metadata = object.metadata as JsonObject;
	metadata.annotations = {
		...(isObject(metadata.annotations) ? metadata.annotations : {}),
		[templateGeneration]: String(changed ? before + 1 : before),
	};
}

/** The labels of a new object a real server's read-back defaults copy from its pod template (Jobs). */
function generateJobSelector(job: JsonObject): void {
	const spec = isObject(job.spec) ? job.spec : {};
	job.spec = spec;
	if (spec.manualSelector === true) return;
	const metadata = job.metadata as JsonObject;
	const uid = String(metadata.uid ?? '');
	const name = String(metadata.name ?? '');
	const template = isObject(spec.template) ? spec.template : {};
	spec.template = template;
	const templateMetadata = isObject(template.metadata) ? template.metadata : {};
	template.metadata = templateMetadata;
	const labels = isObject(templateMetadata.labels) ? templateMetadata.labels : {};
	templateMetadata.labels = labels;
	for (const label of ['job-name', 'batch.kubernetes.io/job-name']) labels[label] ??= name;
	for (const label of ['controller-uid', 'batch.kubernetes.io/controller-uid']) labels[label] ??= uid;
	const selector = isObject(spec.selector) ? spec.selector : {};
	spec.selector = selector;
	const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
	selector.matchLabels = matchLabels;
	matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
	if (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0) metadata.labels = {...labels};
}

function addFinalizer(object: JsonObject, finalizer: string): void {
	const metadata = object.metadata as JsonObject;
	const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
	if (!finalizers.includes(finalizer)) metadata.finalizers = [...finalizers, finalizer];
}

/**
 * Cluster IPs from 10.0.0.0/24, the range the real test server serves: .1
 * belongs to the kubernetes Service, so the first one handed out is .2.
 */
export class ServiceAddresses {
	readonly #used = new Set<string>(['10.0.0.1']);

	allocate(service: JsonObject): void {
		const spec = isObject(service.spec) ? service.spec : {};
		service.spec = spec;
		if (spec.type === 'ExternalName') return;
		spec.ipFamilies ??= ['IPv4'];
		spec.ipFamilyPolicy ??= 'SingleStack';
		if (spec.clusterIP === 'None') {
			spec.clusterIPs ??= ['None'];
			return;
		}
		const address = typeof spec.clusterIP === 'string' && spec.clusterIP ? spec.clusterIP : this.#next();
		this.#used.add(address);
		spec.clusterIP = address;
		spec.clusterIPs ??= [address];
	}

	release(service: KubeObject): void {
		const address = isObject(service.spec) ? service.spec.clusterIP : undefined;
		if (typeof address === 'string' && address !== '10.0.0.1') this.#used.delete(address);
	}

	#next(): string {
		for (let host = 2; host < 255; host++) {
			const address = `10.0.0.${host}`;
			if (!this.#used.has(address)) return address;
		}
		throw apiError(500, 'Internal error occurred: failed to allocate a serviceIP: range is full', 'InternalError');
	}
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

/** The policy a delete asks for, checked as a real server checks DeleteOptions. */
export function propagationPolicyOf(value: unknown, orphanDependents: unknown): PropagationPolicy | undefined {
	if (value === undefined || value === null || value === '') {
		if (orphanDependents === true) return 'Orphan';
		if (orphanDependents === false) return 'Background';
		return undefined;
	}
	if (value === 'Foreground' || value === 'Background' || value === 'Orphan') return value;
	throw invalidOptions('DeleteOptions', [
		{
			reason: 'FieldValueNotSupported',
			message: `Unsupported value: "${String(value)}": supported values: "Foreground", "Background", "Orphan", "nil"`,
			field: 'propagationPolicy',
		},
	]);
}

/**
 * The finalizer a delete adds so the garbage collector can finish it: batch/v1
 * Jobs and ReplicationControllers orphan their pods unless told otherwise. Without a garbage collector
 * (a bare API server, like this one) the object then stays, marked.
 */
/** What a real server warns about a delete: a Job left to orphan its pods without being told to. */
export function deletionWarnings(resource: ResourceInfo, policy: PropagationPolicy | undefined): string[] {
	if (resourceKey(resource) !== keys.jobs || policy !== undefined) return [];
	return [
		'child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning',
	];
}

export function deletionFinalizer(resource: ResourceInfo, policy: PropagationPolicy | undefined): string | undefined {
	const orphansByDefault = resourceKey(resource) === keys.jobs || resourceKey(resource) === keys.replicationControllers;
	const effective = policy ?? (orphansByDefault ? 'Orphan' : 'Background');
	if (effective === 'Foreground') return 'foregroundDeletion';
	if (effective === 'Orphan') return 'orphan';
	return undefined;
}
