// Field defaulting, as a real API server does it on every write (k8s.io/api SetDefaults_* for core/v1 and
// apps/v1): a field the client left out gets its default value; a field the client set is never changed.
// The kinds drift tests and kubectl's columns need: workloads and their pod templates, Services, Secrets,
// claims and the other built-in kinds GitOps repositories hold. Admission (service accounts, tolerations,
// priority) and allocation (cluster IPs, a Job's selector) are not defaulting: see kind-strategies.ts.
import type {KubeObject} from '../core/kube/resource-type.js';
import {isObject, type JsonObject} from './json-values.js';

/** A copy of `object` with the server defaults of its kind filled in; other kinds are returned unchanged. */
export function withServerDefaults(object: KubeObject): KubeObject {
	const defaulter = defaulters[`${object.apiVersion ?? ''}/${object.kind ?? ''}`];
	if (!defaulter) return object;
	const copy = structuredClone(object) as JsonObject;
	defaulter(copy);
	return copy as KubeObject;
}

const defaulters: Record<string, (object: JsonObject) => void> = {
	'apps/v1/Deployment': defaultDeployment,
	'apps/v1/StatefulSet': defaultStatefulSet,
	'apps/v1/DaemonSet': defaultDaemonSet,
	'apps/v1/ReplicaSet': defaultReplicaSet,
	'autoscaling/v2/HorizontalPodAutoscaler': defaultAutoscaler,
	'v1/ReplicationController': defaultReplicationController,
	'v1/Node': object => {
		const spec = child(object, 'spec');
		if (typeof spec.podCIDR === 'string' && spec.podCIDR && !Array.isArray(spec.podCIDRs)) spec.podCIDRs = [spec.podCIDR];
	},
	'v1/PodTemplate': object => {
		if (isObject(object.template)) defaultPodSpec(child(object.template, 'spec'));
	},
	'v1/PersistentVolume': defaultPersistentVolume,
	'v1/LimitRange': defaultLimitRange,
	'v1/Endpoints': object => {
		for (const subset of objects(object.subsets)) for (const port of objects(subset.ports)) setIfMissing(port, 'protocol', 'TCP');
	},
	'networking.k8s.io/v1/NetworkPolicy': defaultNetworkPolicy,
	'storage.k8s.io/v1/StorageClass': object => {
		setIfMissing(object, 'reclaimPolicy', 'Delete');
		setIfMissing(object, 'volumeBindingMode', 'Immediate');
	},
	'scheduling.k8s.io/v1/PriorityClass': object => setIfMissing(object, 'preemptionPolicy', 'PreemptLowerPriority'),
	'discovery.k8s.io/v1/EndpointSlice': object => {
		for (const endpoint of objects(object.endpoints)) setIfMissing(endpoint, 'conditions', {});
		for (const port of objects(object.ports)) setIfMissing(port, 'protocol', 'TCP');
	},
	'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': object => defaultWebhooks(object, false),
	'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': object => defaultWebhooks(object, true),
	'v1/Pod': defaultPod,
	'v1/Service': defaultService,
	'v1/Secret': object => setIfMissing(object, 'type', 'Opaque'),
	'batch/v1/Job': defaultJob,
	'batch/v1/CronJob': defaultCronJob,
	'v1/PersistentVolumeClaim': object => setIfMissing(child(object, 'spec'), 'volumeMode', 'Filesystem'),
};

function setIfMissing(target: JsonObject, key: string, value: unknown): void {
	if (target[key] === undefined || target[key] === null) target[key] = value;
}

/** The object at `key`, created empty when missing (so its own defaults can be filled in). */
function child(target: JsonObject, key: string): JsonObject {
	if (!isObject(target[key])) target[key] = {};
	return target[key] as JsonObject;
}

function objects(value: unknown): JsonObject[] {
	return Array.isArray(value) ? value.filter(isObject) : [];
}

function defaultDeployment(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'replicas', 1);
	const strategy = child(spec, 'strategy');
	setIfMissing(strategy, 'type', 'RollingUpdate');
	if (strategy.type === 'RollingUpdate') {
		const rollingUpdate = child(strategy, 'rollingUpdate');
		setIfMissing(rollingUpdate, 'maxUnavailable', '25%');
		setIfMissing(rollingUpdate, 'maxSurge', '25%');
	}
	setIfMissing(spec, 'revisionHistoryLimit', 10);
	setIfMissing(spec, 'progressDeadlineSeconds', 600);
	if (isObject(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

function defaultStatefulSet(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'replicas', 1);
	setIfMissing(spec, 'podManagementPolicy', 'OrderedReady');
	const strategy = child(spec, 'updateStrategy');
	setIfMissing(strategy, 'type', 'RollingUpdate');
	if (strategy.type === 'RollingUpdate') setIfMissing(child(strategy, 'rollingUpdate'), 'partition', 0);
	setIfMissing(spec, 'revisionHistoryLimit', 10);
	const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
	setIfMissing(retention, 'whenDeleted', 'Retain');
	setIfMissing(retention, 'whenScaled', 'Retain');
	if (isObject(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

function defaultDaemonSet(object: JsonObject): void {
	const spec = child(object, 'spec');
	const strategy = child(spec, 'updateStrategy');
	setIfMissing(strategy, 'type', 'RollingUpdate');
	if (strategy.type === 'RollingUpdate') {
		const rollingUpdate = child(strategy, 'rollingUpdate');
		setIfMissing(rollingUpdate, 'maxUnavailable', 1);
		setIfMissing(rollingUpdate, 'maxSurge', 0);
	}
	setIfMissing(spec, 'revisionHistoryLimit', 10);
	if (isObject(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
	// The template generation a new DaemonSet starts at (a real server keeps it as this annotation).
	const metadata = child(object, 'metadata');
	const annotations = child(metadata, 'annotations');
	setIfMissing(annotations, 'deprecated.daemonset.template.generation', '1');
}

function defaultReplicaSet(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'replicas', 1);
	if (isObject(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

function defaultAutoscaler(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'minReplicas', 1);
	if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
		spec.metrics = [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}}];
	}
}

function defaultReplicationController(object: JsonObject): void {
	const spec = child(object, 'spec');
	const template = isObject(spec.template) ? spec.template : undefined;
	const templateLabels =
		template && isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : undefined;
	if (templateLabels && Object.keys(templateLabels).length > 0) {
		if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = {...templateLabels};
		const metadata = child(object, 'metadata');
		if (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0) metadata.labels = {...templateLabels};
	}
	setIfMissing(spec, 'replicas', 1);
	if (template) defaultPodSpec(child(template, 'spec'));
}

function defaultPersistentVolume(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'persistentVolumeReclaimPolicy', 'Retain');
	setIfMissing(spec, 'volumeMode', 'Filesystem');
	if (isObject(spec.hostPath)) setIfMissing(spec.hostPath, 'type', '');
}

function defaultLimitRange(object: JsonObject): void {
	for (const limit of objects(child(object, 'spec').limits)) {
		if (limit.type !== 'Container') continue;
		// A default request falls back to the default limit, a default limit to the maximum.
		if (!isObject(limit.default) && isObject(limit.max)) limit.default = {...limit.max};
		if (!isObject(limit.defaultRequest) && isObject(limit.default)) limit.defaultRequest = {...limit.default};
	}
}

function defaultNetworkPolicy(object: JsonObject): void {
	const spec = child(object, 'spec');
	if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0)
		spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
	for (const rule of [...objects(spec.ingress), ...objects(spec.egress)])
		for (const port of objects(rule.ports)) setIfMissing(port, 'protocol', 'TCP');
}

function defaultWebhooks(object: JsonObject, mutating: boolean): void {
	for (const webhook of objects(object.webhooks)) {
		setIfMissing(webhook, 'failurePolicy', 'Fail');
		setIfMissing(webhook, 'matchPolicy', 'Equivalent');
		setIfMissing(webhook, 'namespaceSelector', {});
		setIfMissing(webhook, 'objectSelector', {});
		setIfMissing(webhook, 'timeoutSeconds', 10);
		if (mutating) setIfMissing(webhook, 'reinvocationPolicy', 'Never');
		for (const rule of objects(webhook.rules)) setIfMissing(rule, 'scope', '*');
		const service = isObject(webhook.clientConfig) && isObject(webhook.clientConfig.service) ? webhook.clientConfig.service : undefined;
		if (service) setIfMissing(service, 'port', 443);
	}
}

function defaultJobSpec(spec: JsonObject): void {
	if (spec.completions === undefined && spec.parallelism === undefined) {
		spec.completions = 1;
		spec.parallelism = 1;
	}
	setIfMissing(spec, 'parallelism', 1);
	setIfMissing(spec, 'backoffLimit', spec.backoffLimitPerIndex === undefined ? 6 : 2147483647);
	setIfMissing(spec, 'completionMode', 'NonIndexed');
	setIfMissing(spec, 'suspend', false);
	setIfMissing(spec, 'podReplacementPolicy', spec.podFailurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed');
	setIfMissing(spec, 'manualSelector', false);
	if (isObject(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

function defaultJob(object: JsonObject): void {
	defaultJobSpec(child(object, 'spec'));
}

function defaultCronJob(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'concurrencyPolicy', 'Allow');
	setIfMissing(spec, 'suspend', false);
	setIfMissing(spec, 'successfulJobsHistoryLimit', 3);
	setIfMissing(spec, 'failedJobsHistoryLimit', 1);
	const jobTemplate = child(spec, 'jobTemplate');
	if (isObject(jobTemplate.spec) && isObject(jobTemplate.spec.template)) defaultPodSpec(child(jobTemplate.spec.template, 'spec'));
}

function defaultPod(object: JsonObject): void {
	const spec = child(object, 'spec');
	defaultPodSpec(spec);
	// Only Pods, not pod templates (SetDefaults_Pod).
	setIfMissing(spec, 'enableServiceLinks', true);
	for (const container of [...objects(spec.containers), ...objects(spec.initContainers)]) copyLimitsToRequests(container);
	// A new pod starts Pending, with its QoS class (the server sets both when it is created).
	const status = child(object, 'status');
	setIfMissing(status, 'phase', 'Pending');
	setIfMissing(status, 'qosClass', qosClass(spec));
}

/** BestEffort without any cpu/memory request or limit; Guaranteed when every container's requests equal its limits for both; else Burstable. */
function qosClass(spec: JsonObject): string {
	const containers = [...objects(spec.containers), ...objects(spec.initContainers)];
	const resources = containers.map(container => (isObject(container.resources) ? container.resources : {}));
	const amounts = (entry: JsonObject, kind: string): JsonObject => (isObject(entry[kind]) ? entry[kind] : {});
	const named = ['cpu', 'memory'];
	const mentions = resources.some(entry =>
		named.some(name => amounts(entry, 'requests')[name] !== undefined || amounts(entry, 'limits')[name] !== undefined),
	);
	if (!mentions) return 'BestEffort';
	const guaranteed = resources.every(entry =>
		named.every(name => {
			const limit = amounts(entry, 'limits')[name];
			return limit !== undefined && String(amounts(entry, 'requests')[name] ?? limit) === String(limit);
		}),
	);
	return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultPodSpec(spec: JsonObject): void {
	setIfMissing(spec, 'dnsPolicy', 'ClusterFirst');
	setIfMissing(spec, 'restartPolicy', 'Always');
	setIfMissing(spec, 'terminationGracePeriodSeconds', 30);
	setIfMissing(spec, 'schedulerName', 'default-scheduler');
	setIfMissing(spec, 'securityContext', {});
	for (const container of [...objects(spec.containers), ...objects(spec.initContainers)]) defaultContainer(container);
	for (const volume of objects(spec.volumes)) defaultVolume(volume);
}

function defaultContainer(container: JsonObject): void {
	setIfMissing(container, 'imagePullPolicy', pullPolicyFor(typeof container.image === 'string' ? container.image : ''));
	setIfMissing(container, 'terminationMessagePath', '/dev/termination-log');
	setIfMissing(container, 'terminationMessagePolicy', 'File');
	// resources is a struct, not a pointer: the server always answers with at least {}.
	setIfMissing(container, 'resources', {});
	for (const port of objects(container.ports)) setIfMissing(port, 'protocol', 'TCP');
	for (const env of objects(container.env)) {
		const fieldRef = isObject(env.valueFrom) ? env.valueFrom.fieldRef : undefined;
		if (isObject(fieldRef)) setIfMissing(fieldRef, 'apiVersion', 'v1');
	}
	for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
		if (isObject(container[probe])) defaultProbe(container[probe]);
	}
}

/** Always for `:latest` or an untagged image, IfNotPresent otherwise (a digest counts as pinned). */
function pullPolicyFor(image: string): string {
	if (image.includes('@')) return 'IfNotPresent';
	const lastSegment = image.slice(image.lastIndexOf('/') + 1);
	const colon = lastSegment.lastIndexOf(':');
	const tag = colon === -1 ? '' : lastSegment.slice(colon + 1);
	return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: JsonObject): void {
	setIfMissing(probe, 'timeoutSeconds', 1);
	setIfMissing(probe, 'periodSeconds', 10);
	setIfMissing(probe, 'successThreshold', 1);
	setIfMissing(probe, 'failureThreshold', 3);
	if (isObject(probe.httpGet)) {
		setIfMissing(probe.httpGet, 'path', '/');
		setIfMissing(probe.httpGet, 'scheme', 'HTTP');
	}
}

function defaultVolume(volume: JsonObject): void {
	for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
		if (isObject(volume[source])) setIfMissing(volume[source], 'defaultMode', 420);
	}
}

function copyLimitsToRequests(container: JsonObject): void {
	const resources = isObject(container.resources) ? container.resources : undefined;
	if (!resources || !isObject(resources.limits)) return;
	const requests = child(resources, 'requests');
	for (const [name, quantity] of Object.entries(resources.limits)) setIfMissing(requests, name, quantity);
}

function defaultService(object: JsonObject): void {
	const spec = child(object, 'spec');
	setIfMissing(spec, 'type', 'ClusterIP');
	setIfMissing(spec, 'sessionAffinity', 'None');
	if (spec.type !== 'ExternalName') setIfMissing(spec, 'internalTrafficPolicy', 'Cluster');
	if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setIfMissing(spec, 'externalTrafficPolicy', 'Cluster');
	for (const port of objects(spec.ports)) {
		setIfMissing(port, 'protocol', 'TCP');
		setIfMissing(port, 'targetPort', port.port);
	}
}
