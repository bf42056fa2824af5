// Field numbers of the Kubernetes protobuf messages the sandbox decodes: the
// kinds kubectl's typed clients create (`kubectl create namespace|configmap|
// secret|serviceaccount|deployment|job|cronjob|service|ingress`) and
// DeleteOptions, with the fields those commands (and usual manifests) fill in.
// The numbers are the API's wire format, fixed once released.

export type ScalarType = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'time' | 'quantity' | 'intOrString';

export type FieldSchema =
	/** `pointer`: a Go pointer, so a zero value was set on purpose and is kept. */
	| {kind: 'scalar'; name: string; type: ScalarType; repeated?: boolean; pointer?: boolean}
	/** `inline`: the message's fields sit in the parent's JSON (Go's `json:",inline"`). */
	| {kind: 'message'; name: string; message: () => MessageSchema; repeated?: boolean; pointer?: boolean; inline?: boolean}
	| {kind: 'map'; name: string; value: ScalarType}
	/** Read and dropped: a status section, which a create or update of the main resource ignores. */
	| {kind: 'ignored'; name: string};

export type MessageSchema = {name: string; fields: Record<number, FieldSchema>};

const scalar =
	(type: ScalarType) =>
	(name: string, options: {repeated?: boolean; pointer?: boolean} = {}): FieldSchema => ({kind: 'scalar', name, type, ...options});
const string = scalar('string');
const bool = scalar('bool');
const int32 = scalar('int32');
const int64 = scalar('int64');
const time = scalar('time');
const intOrString = scalar('intOrString');
const strings = (name: string): FieldSchema => string(name, {repeated: true});
const map = (name: string, value: ScalarType = 'string'): FieldSchema => ({kind: 'map', name, value});
const message = (name: string, schema: () => MessageSchema, options: {repeated?: boolean; inline?: boolean} = {}): FieldSchema => ({
	kind: 'message',
	name,
	message: schema,
	...options,
});
const messages = (name: string, schema: () => MessageSchema): FieldSchema => message(name, schema, {repeated: true});

const ownerReference: MessageSchema = {
	name: 'OwnerReference',
	fields: {
		1: string('kind'),
		3: string('name'),
		4: string('uid'),
		5: string('apiVersion'),
		6: bool('controller', {pointer: true}),
		7: bool('blockOwnerDeletion', {pointer: true}),
	},
};

const objectMeta: MessageSchema = {
	name: 'ObjectMeta',
	fields: {
		1: string('name'),
		2: string('generateName'),
		3: string('namespace'),
		4: string('selfLink'),
		5: string('uid'),
		6: string('resourceVersion'),
		7: int64('generation'),
		8: time('creationTimestamp'),
		9: time('deletionTimestamp'),
		10: int64('deletionGracePeriodSeconds', {pointer: true}),
		11: map('labels'),
		12: map('annotations'),
		13: messages('ownerReferences', () => ownerReference),
		14: strings('finalizers'),
	},
};
const metadata = message('metadata', () => objectMeta);
const status: FieldSchema = {kind: 'ignored', name: 'status'};

const labelSelectorRequirement: MessageSchema = {
	name: 'LabelSelectorRequirement',
	fields: {1: string('key'), 2: string('operator'), 3: strings('values')},
};
const labelSelector: MessageSchema = {
	name: 'LabelSelector',
	fields: {1: map('matchLabels'), 2: messages('matchExpressions', () => labelSelectorRequirement)},
};

const localObjectReference: MessageSchema = {name: 'LocalObjectReference', fields: {1: string('name')}};
const objectReference: MessageSchema = {
	name: 'ObjectReference',
	fields: {
		1: string('kind'),
		2: string('namespace'),
		3: string('name'),
		4: string('uid'),
		5: string('apiVersion'),
		6: string('resourceVersion'),
		7: string('fieldPath'),
	},
};

const containerPort: MessageSchema = {
	name: 'ContainerPort',
	fields: {1: string('name'), 2: int32('hostPort'), 3: int32('containerPort'), 4: string('protocol'), 5: string('hostIP')},
};
const envVar: MessageSchema = {name: 'EnvVar', fields: {1: string('name'), 2: string('value')}};
const resourceRequirements: MessageSchema = {
	name: 'ResourceRequirements',
	fields: {1: map('limits', 'quantity'), 2: map('requests', 'quantity')},
};

const container: MessageSchema = {
	name: 'Container',
	fields: {
		1: string('name'),
		2: string('image'),
		3: strings('command'),
		4: strings('args'),
		5: string('workingDir'),
		6: messages('ports', () => containerPort),
		7: messages('env', () => envVar),
		8: message('resources', () => resourceRequirements),
		13: string('terminationMessagePath'),
		14: string('imagePullPolicy'),
		16: bool('stdin'),
		17: bool('stdinOnce'),
		18: bool('tty'),
		20: string('terminationMessagePolicy'),
	},
};

const podSpec: MessageSchema = {
	name: 'PodSpec',
	fields: {
		2: messages('containers', () => container),
		3: string('restartPolicy'),
		4: int64('terminationGracePeriodSeconds', {pointer: true}),
		5: int64('activeDeadlineSeconds', {pointer: true}),
		6: string('dnsPolicy'),
		7: map('nodeSelector'),
		8: string('serviceAccountName'),
		9: string('serviceAccount'),
		10: string('nodeName'),
		11: bool('hostNetwork'),
		12: bool('hostPID'),
		13: bool('hostIPC'),
		15: messages('imagePullSecrets', () => localObjectReference),
		16: string('hostname'),
		17: string('subdomain'),
		19: string('schedulerName'),
		20: messages('initContainers', () => container),
		21: bool('automountServiceAccountToken', {pointer: true}),
		24: string('priorityClassName'),
		25: int32('priority', {pointer: true}),
		30: bool('enableServiceLinks', {pointer: true}),
	},
};
const podTemplateSpec: MessageSchema = {name: 'PodTemplateSpec', fields: {1: metadata, 2: message('spec', () => podSpec)}};

const rollingUpdateDeployment: MessageSchema = {
	name: 'RollingUpdateDeployment',
	fields: {1: intOrString('maxUnavailable', {pointer: true}), 2: intOrString('maxSurge', {pointer: true})},
};
const deploymentStrategy: MessageSchema = {
	name: 'DeploymentStrategy',
	fields: {1: string('type'), 2: message('rollingUpdate', () => rollingUpdateDeployment)},
};
const deploymentSpec: MessageSchema = {
	name: 'DeploymentSpec',
	fields: {
		1: int32('replicas', {pointer: true}),
		2: message('selector', () => labelSelector),
		3: message('template', () => podTemplateSpec),
		4: message('strategy', () => deploymentStrategy),
		5: int32('minReadySeconds'),
		6: int32('revisionHistoryLimit', {pointer: true}),
		7: bool('paused'),
		9: int32('progressDeadlineSeconds', {pointer: true}),
	},
};

const jobSpec: MessageSchema = {
	name: 'JobSpec',
	fields: {
		1: int32('parallelism', {pointer: true}),
		2: int32('completions', {pointer: true}),
		3: int64('activeDeadlineSeconds', {pointer: true}),
		4: message('selector', () => labelSelector),
		5: bool('manualSelector', {pointer: true}),
		6: message('template', () => podTemplateSpec),
		7: int32('backoffLimit', {pointer: true}),
		8: int32('ttlSecondsAfterFinished', {pointer: true}),
		9: string('completionMode', {pointer: true}),
		10: bool('suspend', {pointer: true}),
	},
};
const jobTemplateSpec: MessageSchema = {name: 'JobTemplateSpec', fields: {1: metadata, 2: message('spec', () => jobSpec)}};
const cronJobSpec: MessageSchema = {
	name: 'CronJobSpec',
	fields: {
		1: string('schedule'),
		2: int64('startingDeadlineSeconds', {pointer: true}),
		3: string('concurrencyPolicy'),
		4: bool('suspend', {pointer: true}),
		5: message('jobTemplate', () => jobTemplateSpec),
		6: int32('successfulJobsHistoryLimit', {pointer: true}),
		7: int32('failedJobsHistoryLimit', {pointer: true}),
		8: string('timeZone', {pointer: true}),
	},
};

const servicePort: MessageSchema = {
	name: 'ServicePort',
	fields: {
		1: string('name'),
		2: string('protocol'),
		3: int32('port'),
		4: intOrString('targetPort'),
		5: int32('nodePort'),
		6: string('appProtocol', {pointer: true}),
	},
};
const serviceSpec: MessageSchema = {
	name: 'ServiceSpec',
	fields: {
		1: messages('ports', () => servicePort),
		2: map('selector'),
		3: string('clusterIP'),
		4: string('type'),
		5: strings('externalIPs'),
		7: string('sessionAffinity'),
		8: string('loadBalancerIP'),
		9: strings('loadBalancerSourceRanges'),
		10: string('externalName'),
		11: string('externalTrafficPolicy'),
		12: int32('healthCheckNodePort'),
		13: bool('publishNotReadyAddresses'),
		17: string('ipFamilyPolicy', {pointer: true}),
		18: strings('clusterIPs'),
		19: strings('ipFamilies'),
	},
};

const serviceBackendPort: MessageSchema = {name: 'ServiceBackendPort', fields: {1: string('name'), 2: int32('number')}};
const ingressServiceBackend: MessageSchema = {
	name: 'IngressServiceBackend',
	fields: {1: string('name'), 2: message('port', () => serviceBackendPort)},
};
const typedLocalObjectReference: MessageSchema = {
	name: 'TypedLocalObjectReference',
	fields: {1: string('apiGroup', {pointer: true}), 2: string('kind'), 3: string('name')},
};
const ingressBackend: MessageSchema = {
	name: 'IngressBackend',
	fields: {3: message('resource', () => typedLocalObjectReference), 4: message('service', () => ingressServiceBackend)},
};
const httpIngressPath: MessageSchema = {
	name: 'HTTPIngressPath',
	fields: {1: string('path'), 2: message('backend', () => ingressBackend), 3: string('pathType', {pointer: true})},
};
const httpIngressRuleValue: MessageSchema = {name: 'HTTPIngressRuleValue', fields: {1: messages('paths', () => httpIngressPath)}};
const ingressRuleValue: MessageSchema = {name: 'IngressRuleValue', fields: {1: message('http', () => httpIngressRuleValue)}};
const ingressRule: MessageSchema = {
	name: 'IngressRule',
	fields: {1: string('host'), 2: message('ingressRuleValue', () => ingressRuleValue, {inline: true})},
};
const ingressTls: MessageSchema = {name: 'IngressTLS', fields: {1: strings('hosts'), 2: string('secretName')}};
const ingressSpec: MessageSchema = {
	name: 'IngressSpec',
	fields: {
		1: message('defaultBackend', () => ingressBackend),
		2: messages('tls', () => ingressTls),
		3: messages('rules', () => ingressRule),
		4: string('ingressClassName', {pointer: true}),
	},
};

const preconditions: MessageSchema = {
	name: 'Preconditions',
	fields: {1: string('uid', {pointer: true}), 2: string('resourceVersion', {pointer: true})},
};

/** Top-level messages by `apiVersion/kind`.  */
const kinds: Record<string, MessageSchema> = {
	'v1/Namespace': {
		name: 'Namespace',
		fields: {1: metadata, 2: message('spec', () => ({name: 'NamespaceSpec', fields: {1: strings('finalizers')}})), 3: status},
	},
	'v1/ConfigMap': {
		name: 'ConfigMap',
		fields: {1: metadata, 2: map('data'), 3: map('binaryData', 'bytes'), 4: bool('immutable', {pointer: true})},
	},
	'v1/Secret': {
		name: 'Secret',
		fields: {1: metadata, 2: map('data', 'bytes'), 3: string('type'), 4: map('stringData'), 5: bool('immutable', {pointer: true})},
	},
	'v1/ServiceAccount': {
		name: 'ServiceAccount',
		fields: {
			1: metadata,
			2: messages('secrets', () => objectReference),
			3: messages('imagePullSecrets', () => localObjectReference),
			4: bool('automountServiceAccountToken', {pointer: true}),
		},
	},
	'v1/Service': {name: 'Service', fields: {1: metadata, 2: message('spec', () => serviceSpec), 3: status}},
	'apps/v1/Deployment': {name: 'Deployment', fields: {1: metadata, 2: message('spec', () => deploymentSpec), 3: status}},
	'batch/v1/Job': {name: 'Job', fields: {1: metadata, 2: message('spec', () => jobSpec), 3: status}},
	'batch/v1/CronJob': {name: 'CronJob', fields: {1: metadata, 2: message('spec', () => cronJobSpec), 3: status}},
	'networking.k8s.io/v1/Ingress': {name: 'Ingress', fields: {1: metadata, 2: message('spec', () => ingressSpec), 3: status}},
	// Typed clients send DeleteOptions as meta.k8s.io/v1 (older ones as v1).
	'meta.k8s.io/v1/DeleteOptions': deleteOptions(),
	'v1/DeleteOptions': deleteOptions(),
};

function deleteOptions(): MessageSchema {
	return {
		name: 'DeleteOptions',
		fields: {
			1: int64('gracePeriodSeconds', {pointer: true}),
			2: message('preconditions', () => preconditions),
			3: bool('orphanDependents', {pointer: true}),
			4: string('propagationPolicy', {pointer: true}),
			5: strings('dryRun'),
		},
	};
}

export function schemaForKind(apiVersion: string, kind: string): MessageSchema | undefined {
	return kinds[`${apiVersion}/${kind}`];
}
