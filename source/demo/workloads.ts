// Deployments and StatefulSets with their ReplicaSets and Pods, in the states
// an on-call engineer meets: available, rolling out, stuck (progress deadline
// exceeded with pods in CrashLoopBackOff) and paused. Statuses follow what the
// Kubernetes controllers write.

import {createHash} from 'node:crypto';
import type {KubeObject} from '../core/kube/resource-type.js';
import {hour, isoAgo, minute} from './values.js';
import type {ObjectTree, OwnerReference} from './tree.js';

/** Labels/annotations a GitOps tool puts on what it applies. */
export type Tracking = {labels?: Record<string, string>; annotations?: Record<string, string>};

export type PodState = 'running' | 'starting' | 'crashloop' | 'completed';

export type DeploymentState = 'available' | 'rolling' | 'stuck' | 'paused';

export type DeploymentOptions = {
	name: string;
	namespace: string;
	image: string;
	replicas: number;
	/** Ready replicas; defaults to all when available, else fewer. */
	ready?: number;
	state?: DeploymentState;
	port?: number;
	tracking?: Tracking;
	/**
	 * Images of earlier rollouts, oldest first: each leaves a ReplicaSet scaled to zero, kept for rollback
	 * (revisionHistoryLimit), as a Deployment that was updated has. The resource tree folds them.
	 */
	previousImages?: readonly string[];
};

// Kubernetes spells generated name suffixes with these characters (no vowels).
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A stable generated-name suffix, like a pod-template-hash or a pod's random part. */
export function nameSuffix(label: string, length: number): string {
	const bytes = hashBytes(label);
	let suffix = '';
	for (let index = 0; index < length; index++) suffix += suffixAlphabet[bytes[index]! % suffixAlphabet.length];
	return suffix;
}

function metadata(name: string, namespace: string, tracking: Tracking | undefined, labels: Record<string, string> = {}) {
	return {
		name,
		namespace,
		labels: {...labels, ...tracking?.labels},
		...(tracking?.annotations ? {annotations: {...tracking.annotations}} : {}),
	};
}

function container(name: string, image: string, port: number | undefined) {
	return {
		name,
		image,
		...(port === undefined ? {} : {ports: [{name: 'http', containerPort: port, protocol: 'TCP'}]}),
		resources: {requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '256Mi'}},
	};
}

function condition(type: string, status: string, reason: string, message: string, ago: number) {
	return {type, status, reason, message, lastUpdateTime: isoAgo(ago), lastTransitionTime: isoAgo(ago)};
}

export function deploymentTree(options: DeploymentOptions): ObjectTree {
	const state = options.state ?? 'available';
	const ready = Math.min(options.ready ?? (state === 'available' || state === 'paused' ? options.replicas : 0), options.replicas);
	const hash = nameSuffix(`${options.namespace}/${options.name}/${options.image}`, 10);
	const replicaSetName = `${options.name}-${hash}`;
	const selector = {'app.kubernetes.io/name': options.name};
	const deployment: KubeObject = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			...metadata(options.name, options.namespace, options.tracking, selector),
			annotations: {...options.tracking?.annotations, 'deployment.kubernetes.io/revision': '1'},
		},
		spec: {
			replicas: options.replicas,
			...(state === 'paused' ? {paused: true} : {}),
			progressDeadlineSeconds: 600,
			selector: {matchLabels: selector},
			template: {
				metadata: {labels: selector},
				spec: {containers: [container(options.name, options.image, options.port)]},
			},
		},
		status: deploymentStatus(options.replicas, ready, state, replicaSetName),
	};
	const podStates = podStatesFor(state, options.replicas, ready);
	const previous = options.previousImages ?? [];
	const revision = String(previous.length + 1);
	deployment.metadata!.annotations!['deployment.kubernetes.io/revision'] = revision;
	return {
		root: deployment,
		children: owner => [
			...previous.map((image, index) => {
				const oldHash = nameSuffix(`${options.namespace}/${options.name}/${image}`, 10);
				return {
					root: withRevision(
						replicaSet({...options, image, replicas: 0}, `${options.name}-${oldHash}`, oldHash, 0, owner),
						String(index + 1),
					),
				};
			}),
			{
				root: withRevision(replicaSet(options, replicaSetName, hash, ready, owner), revision),
				children: replicaSetOwner =>
					podStates.map((podState, index) => ({
						root: pod({
							name: `${replicaSetName}-${nameSuffix(`${replicaSetName}/${index}`, 5)}`,
							namespace: options.namespace,
							labels: {...selector, 'pod-template-hash': hash},
							image: options.image,
							containerName: options.name,
							state: podState,
							owner: replicaSetOwner,
						}),
					})),
			},
		],
	};
}

function withRevision(object: KubeObject, revision: string): KubeObject {
	return {
		...object,
		metadata: {...object.metadata, annotations: {...object.metadata?.annotations, 'deployment.kubernetes.io/revision': revision}},
	};
}

/** Pods behind a deployment: ready ones first, then the not-ready ones in the state's flavour. */
function podStatesFor(state: DeploymentState, replicas: number, ready: number): PodState[] {
	const notReady: PodState = state === 'stuck' ? 'crashloop' : 'starting';
	return Array.from({length: replicas}, (_, index) => (index < ready ? 'running' : notReady));
}

export function deploymentStatus(replicas: number, ready: number, state: DeploymentState, replicaSetName: string) {
	const availability =
		ready >= replicas || (state === 'rolling' && ready > 0)
			? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', 3 * hour)
			: condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', 25 * minute);
	const progressing = {
		available: condition(
			'Progressing',
			'True',
			'NewReplicaSetAvailable',
			`ReplicaSet "${replicaSetName}" has successfully progressed.`,
			3 * hour,
		),
		rolling: condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${replicaSetName}" is progressing.`, 2 * minute),
		stuck: condition(
			'Progressing',
			'False',
			'ProgressDeadlineExceeded',
			`ReplicaSet "${replicaSetName}" has timed out progressing.`,
			15 * minute,
		),
		paused: condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', 40 * minute),
	}[state];
	return {
		observedGeneration: 1,
		replicas,
		updatedReplicas: replicas,
		readyReplicas: ready,
		availableReplicas: ready,
		...(ready < replicas ? {unavailableReplicas: replicas - ready} : {}),
		conditions: [availability, progressing],
	};
}

function replicaSet(options: DeploymentOptions, name: string, hash: string, ready: number, owner: OwnerReference): KubeObject {
	const labels = {'app.kubernetes.io/name': options.name, 'pod-template-hash': hash};
	return {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {
			name,
			namespace: options.namespace,
			labels,
			annotations: {'deployment.kubernetes.io/revision': '1'},
			ownerReferences: [owner],
		},
		spec: {
			replicas: options.replicas,
			selector: {matchLabels: labels},
			template: {metadata: {labels}, spec: {containers: [container(options.name, options.image, options.port)]}},
		},
		status: {
			observedGeneration: 1,
			replicas: options.replicas,
			fullyLabeledReplicas: options.replicas,
			readyReplicas: ready,
			availableReplicas: ready,
		},
	};
}

type StatefulSetOptions = {
	name: string;
	namespace: string;
	image: string;
	replicas: number;
	ready?: number;
	serviceName: string;
	port?: number;
	/** Storage per replica: a claim template, and a Bound PVC per pod. */
	storage?: string;
	tracking?: Tracking;
};

export function statefulSetTree(options: StatefulSetOptions): ObjectTree {
	const ready = Math.min(options.ready ?? options.replicas, options.replicas);
	const revision = `${options.name}-${nameSuffix(`${options.namespace}/${options.name}/${options.image}`, 10)}`;
	const selector = {'app.kubernetes.io/name': options.name};
	const claimTemplates =
		options.storage === undefined
			? []
			: [
					{
						metadata: {name: 'data'},
						spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: options.storage}}},
					},
				];
	const statefulSet: KubeObject = {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: metadata(options.name, options.namespace, options.tracking, selector),
		spec: {
			replicas: options.replicas,
			serviceName: options.serviceName,
			selector: {matchLabels: selector},
			template: {
				metadata: {labels: selector},
				spec: {containers: [container(options.name, options.image, options.port)]},
			},
			volumeClaimTemplates: claimTemplates,
		},
		status: {
			observedGeneration: 1,
			replicas: options.replicas,
			readyReplicas: ready,
			availableReplicas: ready,
			currentReplicas: options.replicas,
			updatedReplicas: options.replicas,
			currentRevision: revision,
			updateRevision: revision,
			collisionCount: 0,
		},
	};
	return {
		root: statefulSet,
		children: owner =>
			Array.from({length: options.replicas}, (_, index) => ({
				root: pod({
					name: `${options.name}-${index}`,
					namespace: options.namespace,
					labels: {...selector, 'controller-revision-hash': revision, 'apps.kubernetes.io/pod-index': String(index)},
					image: options.image,
					containerName: options.name,
					state: index < ready ? 'running' : 'starting',
					owner,
				}),
			})),
	};
}

type PodOptions = {
	name: string;
	namespace: string;
	labels: Record<string, string>;
	image: string;
	containerName: string;
	state: PodState;
	owner?: OwnerReference;
	restartPolicy?: 'Always' | 'OnFailure' | 'Never';
};

function hashBytes(label: string): Buffer {
	return createHash('sha1').update(label).digest();
}

/** A pod-network address, stable per pod. */
function podIp(name: string): string {
	const bytes = hashBytes(name);
	return `10.244.${bytes[0]! % 8}.${(bytes[1]! % 250) + 2}`;
}

export function pod(options: PodOptions): KubeObject {
	const started = isoAgo(options.state === 'starting' ? 40_000 : 3 * hour);
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: options.name,
			namespace: options.namespace,
			labels: options.labels,
			...(options.owner ? {ownerReferences: [options.owner]} : {}),
		},
		spec: {
			containers: [container(options.containerName, options.image, undefined)],
			restartPolicy: options.restartPolicy ?? 'Always',
			nodeName: `demo-worker-${(hashBytes(options.name)[2]! % 3) + 1}`,
		},
		status: podStatus(options, started),
	};
}

export function podStatus(options: Pick<PodOptions, 'name' | 'image' | 'containerName' | 'state'>, started: string) {
	const ready = options.state === 'running';
	const bool = (value: boolean) => (value ? 'True' : 'False');
	const ip = podIp(options.name);
	return {
		phase: options.state === 'starting' ? 'Pending' : options.state === 'completed' ? 'Succeeded' : 'Running',
		conditions: [
			{type: 'PodScheduled', status: 'True', lastTransitionTime: started},
			{type: 'Initialized', status: 'True', lastTransitionTime: started},
			{type: 'ContainersReady', status: bool(ready), lastTransitionTime: started},
			{type: 'Ready', status: bool(ready), lastTransitionTime: started},
		],
		// Documentation range (RFC 5737) for the node.
		hostIP: '192.0.2.10',
		hostIPs: [{ip: '192.0.2.10'}],
		...(options.state === 'starting' ? {} : {podIP: ip, podIPs: [{ip}]}),
		startTime: started,
		containerStatuses: [containerStatus(options, started)],
		qosClass: 'Burstable',
	};
}

function containerStatus(options: Pick<PodOptions, 'image' | 'containerName' | 'state'>, started: string) {
	const base = {name: options.containerName, image: options.image, imageID: '', ready: options.state === 'running'};
	switch (options.state) {
		case 'running':
			return {...base, restartCount: 0, started: true, state: {running: {startedAt: started}}};
		case 'starting':
			return {...base, restartCount: 0, started: false, state: {waiting: {reason: 'ContainerCreating'}}};
		case 'completed':
			return {
				...base,
				restartCount: 0,
				started: false,
				state: {terminated: {exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: started}},
			};
		case 'crashloop':
			return {
				...base,
				restartCount: 7,
				started: false,
				state: {
					waiting: {
						reason: 'CrashLoopBackOff',
						message: `back-off 5m0s restarting failed container=${options.containerName}`,
					},
				},
				lastState: {
					terminated: {exitCode: 1, reason: 'Error', startedAt: isoAgo(6 * minute), finishedAt: isoAgo(6 * minute - 2000)},
				},
			};
	}
}
