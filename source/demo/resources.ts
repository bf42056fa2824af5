// The smaller objects apps manage beside their workloads: Services,
// ConfigMaps, Ingresses, PVCs, HPAs and a CronJob with its last Job.

import type {KubeObject} from '../core/kube/resource-type.js';
import {hour, isoAgo, minute} from './values.js';
import {leaf, type ObjectTree, type OwnerReference} from './tree.js';
import {nameSuffix, pod, type Tracking} from './workloads.js';

function metadata(name: string, namespace: string, tracking: Tracking | undefined) {
	return {
		name,
		namespace,
		...(tracking?.labels ? {labels: {...tracking.labels}} : {}),
		...(tracking?.annotations ? {annotations: {...tracking.annotations}} : {}),
	};
}

export function service(name: string, namespace: string, port: number, tracking?: Tracking, selectorName = name): ObjectTree {
	return leaf({
		apiVersion: 'v1',
		kind: 'Service',
		metadata: metadata(name, namespace, tracking),
		spec: {
			type: 'ClusterIP',
			selector: {'app.kubernetes.io/name': selectorName},
			ports: [{name: 'http', port, targetPort: port, protocol: 'TCP'}],
		},
	});
}

export function configMap(name: string, namespace: string, data: Record<string, string>, tracking?: Tracking): ObjectTree {
	return leaf({apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(name, namespace, tracking), data});
}

/** An Opaque Secret; `values` are plain text, stored base64-encoded in data as the API keeps them. */
export function secret(name: string, namespace: string, values: Record<string, string>, tracking?: Tracking): ObjectTree {
	const data = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]));
	return leaf({apiVersion: 'v1', kind: 'Secret', metadata: metadata(name, namespace, tracking), type: 'Opaque', data});
}

export function ingress(name: string, namespace: string, host: string, serviceName: string, port: number, tracking?: Tracking): ObjectTree {
	return leaf({
		apiVersion: 'networking.k8s.io/v1',
		kind: 'Ingress',
		metadata: metadata(name, namespace, tracking),
		spec: {
			ingressClassName: 'nginx',
			rules: [
				{
					host,
					http: {
						paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: serviceName, port: {number: port}}}}],
					},
				},
			],
		},
		// Documentation range (RFC 5737) for the load balancer.
		status: {loadBalancer: {ingress: [{ip: '203.0.113.24'}]}},
	});
}

export function persistentVolumeClaim(name: string, namespace: string, size: string, tracking?: Tracking): ObjectTree {
	return leaf({
		apiVersion: 'v1',
		kind: 'PersistentVolumeClaim',
		metadata: metadata(name, namespace, tracking),
		spec: {accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: {requests: {storage: size}}},
		status: {phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: {storage: size}},
	});
}

export function horizontalPodAutoscaler(name: string, namespace: string, replicas: number, tracking?: Tracking): ObjectTree {
	const since = isoAgo(2 * hour);
	return leaf({
		apiVersion: 'autoscaling/v2',
		kind: 'HorizontalPodAutoscaler',
		metadata: metadata(name, namespace, tracking),
		spec: {
			scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name},
			minReplicas: replicas,
			maxReplicas: replicas * 3,
			metrics: [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 70}}}],
		},
		status: {
			currentReplicas: replicas,
			desiredReplicas: replicas,
			lastScaleTime: since,
			currentMetrics: [{type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: 42, averageValue: '42m'}}}],
			conditions: [
				{
					type: 'AbleToScale',
					status: 'True',
					reason: 'ReadyForNewScale',
					message: 'recommended size matches current size',
					lastTransitionTime: since,
				},
				{
					type: 'ScalingActive',
					status: 'True',
					reason: 'ValidMetricFound',
					message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
					lastTransitionTime: since,
				},
				{
					type: 'ScalingLimited',
					status: 'False',
					reason: 'DesiredWithinRange',
					message: 'the desired count is within the acceptable range',
					lastTransitionTime: since,
				},
			],
		},
	});
}

/** A nightly CronJob whose last run completed, with that Job and its pod. */
export function cronJobTree(name: string, namespace: string, image: string, schedule: string, tracking?: Tracking): ObjectTree {
	const lastRun = isoAgo(7 * hour);
	const finished = isoAgo(7 * hour - 4 * minute);
	const jobName = `${name}-${Math.floor((Date.now() - 7 * hour) / minute)}`;
	const podTemplate = {
		spec: {restartPolicy: 'OnFailure', containers: [{name, image, args: ['--target=s3://backups/nightly']}]},
	};
	return {
		root: {
			apiVersion: 'batch/v1',
			kind: 'CronJob',
			metadata: metadata(name, namespace, tracking),
			spec: {
				schedule,
				concurrencyPolicy: 'Forbid',
				successfulJobsHistoryLimit: 3,
				failedJobsHistoryLimit: 1,
				jobTemplate: {spec: {backoffLimit: 2, template: podTemplate}},
			},
			status: {lastScheduleTime: lastRun, lastSuccessfulTime: finished},
		},
		children: owner => [
			{
				root: completedJob(jobName, namespace, podTemplate, lastRun, finished, owner),
				children: jobOwner => [
					leaf(
						pod({
							name: `${jobName}-${nameSuffix(jobName, 5)}`,
							namespace,
							labels: {'batch.kubernetes.io/job-name': jobName, 'job-name': jobName},
							image,
							containerName: name,
							state: 'completed',
							owner: jobOwner,
							restartPolicy: 'OnFailure',
						}),
					),
				],
			},
		],
	};
}

function completedJob(
	name: string,
	namespace: string,
	podTemplate: object,
	started: string,
	finished: string,
	owner: OwnerReference,
): KubeObject {
	return {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name, namespace, ownerReferences: [owner]},
		spec: {backoffLimit: 2, template: podTemplate},
		status: {
			startTime: started,
			completionTime: finished,
			succeeded: 1,
			ready: 0,
			// A real kube-apiserver (1.33+) refuses Complete=True without SuccessCriteriaMet=True, as the Job controller writes them.
			conditions: [
				{
					type: 'SuccessCriteriaMet',
					status: 'True',
					reason: 'CompletionsReached',
					message: 'Reached expected number of succeeded pods',
					lastProbeTime: finished,
					lastTransitionTime: finished,
				},
				{
					type: 'Complete',
					status: 'True',
					reason: 'CompletionsReached',
					message: 'Reached expected number of succeeded pods',
					lastProbeTime: finished,
					lastTransitionTime: finished,
				},
			],
		},
	};
}
