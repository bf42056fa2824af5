// Argo CD's compiled health checks, one test per case of its own suite (same situation, same status
// and message), on fixtures written here with only the fields that decide the result.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import {workflowHealth} from '../../../source/core/health/third-party.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function deployment(spec: Record<string, unknown>, status: Record<string, unknown>, generation = 3): KubeObject {
	return {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'storefront', namespace: 'shop', generation}, spec, status};
}

const available = {type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.'};

describe('Deployment (Argo CD suite)', () => {
	test('fully rolled out is Healthy', () => {
		const status = {
			observedGeneration: 3,
			replicas: 2,
			updatedReplicas: 2,
			readyReplicas: 2,
			availableReplicas: 2,
			conditions: [
				available,
				{
					type: 'Progressing',
					status: 'True',
					reason: 'NewReplicaSetAvailable',
					message: 'ReplicaSet "storefront-5d9c" has successfully progressed.',
				},
			],
		};
		assert.deepEqual(resourceHealth(deployment({replicas: 2}, status)), {status: 'Healthy', message: ''});
	});

	const midRollout = {
		observedGeneration: 3,
		replicas: 3,
		updatedReplicas: 2,
		readyReplicas: 2,
		availableReplicas: 2,
		unavailableReplicas: 1,
		conditions: [
			available,
			{type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "storefront-7f4b" is progressing.'},
		],
	};

	test('old pods still terminating is Progressing', () => {
		assert.deepEqual(resourceHealth(deployment({replicas: 2}, midRollout)), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: 1 old replicas are pending termination...',
		});
	});

	test('paused mid-rollout is Suspended', () => {
		assert.deepEqual(resourceHealth(deployment({replicas: 2, paused: true}, midRollout)), {
			status: 'Suspended',
			message: 'Deployment is paused',
		});
	});

	test('progress deadline exceeded is Degraded', () => {
		const status = {
			...midRollout,
			conditions: [
				available,
				{
					type: 'Progressing',
					status: 'False',
					reason: 'ProgressDeadlineExceeded',
					message: 'ReplicaSet "storefront-7f4b" has timed out progressing.',
				},
			],
		};
		assert.deepEqual(resourceHealth(deployment({replicas: 2}, status)), {
			status: 'Degraded',
			message: 'Deployment "storefront" exceeded its progress deadline',
		});
	});
});

describe('StatefulSet and DaemonSet (Argo CD suite)', () => {
	function statefulSet(): KubeObject {
		return {
			apiVersion: 'apps/v1',
			kind: 'StatefulSet',
			metadata: {name: 'cache', namespace: 'shop', generation: 2},
			spec: {replicas: 2, updateStrategy: {type: 'OnDelete'}},
			status: {
				observedGeneration: 2,
				replicas: 2,
				readyReplicas: 2,
				currentReplicas: 2,
				currentRevision: 'cache-6c5d',
				updateRevision: 'cache-6c5d',
			},
		};
	}

	// Argo CD's suite has two cases on the same OnDelete StatefulSet; both are kept.
	test('all pods ready is Healthy', () => {
		assert.deepEqual(resourceHealth(statefulSet()), {status: 'Healthy', message: 'statefulset has 2 ready pods'});
	});

	test('OnDelete update strategy is Healthy with its ready pods', () => {
		assert.deepEqual(resourceHealth(statefulSet()), {status: 'Healthy', message: 'statefulset has 2 ready pods'});
	});

	test('OnDelete DaemonSet is Healthy, counting pods of the new template', () => {
		const daemonSet: KubeObject = {
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			// No generation recorded: counts as not newer than the observed one.
			metadata: {name: 'log-shipper', namespace: 'logging'},
			spec: {updateStrategy: {type: 'OnDelete'}},
			status: {observedGeneration: 5, desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3},
		};
		assert.deepEqual(resourceHealth(daemonSet), {status: 'Healthy', message: 'daemon set 0 out of 3 new pods have been updated'});
	});
});

describe('PersistentVolumeClaim, Service, Ingress (Argo CD suite)', () => {
	const claim = (phase: string): KubeObject => ({
		apiVersion: 'v1',
		kind: 'PersistentVolumeClaim',
		metadata: {name: 'data', namespace: 'shop'},
		spec: {},
		status: {phase},
	});

	test('bound claim is Healthy', () => {
		assert.deepEqual(resourceHealth(claim('Bound')), {status: 'Healthy', message: ''});
	});

	test('pending claim is Progressing', () => {
		assert.deepEqual(resourceHealth(claim('Pending')), {status: 'Progressing', message: ''});
	});

	const service = (type: string, loadBalancer: Record<string, unknown>): KubeObject => ({
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name: 'web', namespace: 'shop'},
		spec: {type},
		status: {loadBalancer},
	});

	test('ClusterIP service is Healthy', () => {
		assert.deepEqual(resourceHealth(service('ClusterIP', {})), {status: 'Healthy', message: ''});
	});

	test('LoadBalancer with a hostname is Healthy', () => {
		assert.deepEqual(resourceHealth(service('LoadBalancer', {ingress: [{hostname: 'web-1234.elb.example.com'}]})), {
			status: 'Healthy',
			message: '',
		});
	});

	test('LoadBalancer without an address is Progressing', () => {
		assert.deepEqual(resourceHealth(service('LoadBalancer', {})), {status: 'Progressing', message: ''});
	});

	test('LoadBalancer with an empty entry in its address list is Healthy', () => {
		assert.deepEqual(resourceHealth(service('LoadBalancer', {ingress: [{}]})), {status: 'Healthy', message: ''});
	});

	const ingress = (loadBalancer: Record<string, unknown>): KubeObject => ({
		apiVersion: 'networking.k8s.io/v1',
		kind: 'Ingress',
		metadata: {name: 'web', namespace: 'shop', generation: 4},
		spec: {},
		status: {loadBalancer},
	});

	test('Ingress with an IP is Healthy', () => {
		assert.deepEqual(resourceHealth(ingress({ingress: [{ip: '203.0.113.7'}]})), {status: 'Healthy', message: ''});
	});

	test('Ingress without an address is Progressing', () => {
		assert.deepEqual(resourceHealth(ingress({})), {status: 'Progressing', message: ''});
	});

	test('Ingress with an empty entry in its address list is Healthy', () => {
		assert.deepEqual(resourceHealth(ingress({ingress: [{}]})), {status: 'Healthy', message: ''});
	});
});

describe('kinds without a check (Argo CD suite)', () => {
	test('a custom resource with no rule has no health, even one named like a built-in kind', () => {
		const knativeService: KubeObject = {
			apiVersion: 'serving.knative.dev/v1alpha1',
			kind: 'Service',
			metadata: {name: 'hello', namespace: 'shop'},
			spec: {runLatest: {configuration: {revisionTemplate: {spec: {container: {image: 'example/hello'}}}}}},
		};
		assert.equal(resourceHealth(knativeService), null);
	});

	const application = (health: string): KubeObject => ({
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Application',
		status: {health: {status: health}},
	});

	test('a Healthy child Application has no built-in health', () => {
		assert.equal(resourceHealth(application('Healthy')), null);
	});

	test('a Degraded child Application has no built-in health', () => {
		assert.equal(resourceHealth(application('Degraded')), null);
	});
});

describe('Job (Argo CD suite)', () => {
	function job(spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
		return {apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'reindex', namespace: 'shop'}, spec, status};
	}

	test('running job is Progressing', () => {
		assert.deepEqual(resourceHealth(job({}, {active: 1, startTime: '2025-04-01T03:00:00Z'})), {status: 'Progressing', message: ''});
	});

	test('failed job is Degraded with the Failed condition message', () => {
		const conditions = [
			{type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'},
		];
		assert.deepEqual(resourceHealth(job({}, {failed: 1, conditions})), {
			status: 'Degraded',
			message: 'Job has reached the specified backoff limit',
		});
	});

	test('completed job without a condition message is Healthy', () => {
		assert.deepEqual(resourceHealth(job({}, {succeeded: 1, conditions: [{type: 'Complete', status: 'True'}]})), {
			status: 'Healthy',
			message: '',
		});
	});

	test('suspended job is Suspended with the Suspended condition message', () => {
		const conditions = [{type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended'}];
		assert.deepEqual(resourceHealth(job({suspend: true}, {conditions})), {status: 'Suspended', message: 'Job suspended'});
	});
});

describe('HorizontalPodAutoscaler (Argo CD suite)', () => {
	const condition = (type: string, status: string, reason: string, message: string) => ({
		type,
		status,
		reason,
		message,
		lastTransitionTime: '2025-04-01T03:00:00Z',
	});
	const ableToScale = condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
	const metricFound = condition(
		'ScalingActive',
		'True',
		'ValidMetricFound',
		'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
	);
	const withinRange = condition('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');

	function hpaV2(conditions: unknown[]): KubeObject {
		return {
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: {name: 'web', namespace: 'shop'},
			spec: {},
			status: {currentReplicas: 1, desiredReplicas: 1, conditions},
		};
	}

	function hpaV1(conditions: unknown[] | undefined): KubeObject {
		return {
			apiVersion: 'autoscaling/v1',
			kind: 'HorizontalPodAutoscaler',
			metadata: {
				name: 'web',
				namespace: 'shop',
				annotations: conditions === undefined ? {} : {'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify(conditions)},
			},
			spec: {},
			status: {currentReplicas: 1, desiredReplicas: 1},
		};
	}

	test('v2 able to scale is Healthy with that message', () => {
		assert.deepEqual(resourceHealth(hpaV2([ableToScale, metricFound, withinRange])), {
			status: 'Healthy',
			message: 'recommended size matches current size',
		});
	});

	test('v2 failing to read the scale target is Degraded', () => {
		const failedGetScale = condition(
			'AbleToScale',
			'False',
			'FailedGetScale',
			'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "web" not found',
		);
		assert.deepEqual(resourceHealth(hpaV2([failedGetScale, metricFound, withinRange])), {
			status: 'Degraded',
			message: failedGetScale.message,
		});
	});

	test('v2 without AbleToScale or a True ScalingLimited is Progressing', () => {
		assert.deepEqual(resourceHealth(hpaV2([metricFound, withinRange])), {status: 'Progressing', message: 'Waiting to Autoscale'});
	});

	test('v1: a failure reason is Degraded even when the condition itself is True', () => {
		const failedGetScale = condition(
			'AbleToScale',
			'True',
			'FailedGetScale',
			"the HPA controller was unable to get the target's current scale",
		);
		const failedMetric = condition(
			'ScalingActive',
			'False',
			'FailedGetResourceMetric',
			'the HPA was unable to compute the replica count: unable to get metrics for resource cpu',
		);
		assert.deepEqual(resourceHealth(hpaV1([failedGetScale, failedMetric])), {status: 'Degraded', message: failedGetScale.message});
	});

	test('v1 failing to read an object metric is Degraded', () => {
		const scaleRead = condition(
			'AbleToScale',
			'True',
			'SucceededGetScale',
			"the HPA controller was able to get the target's current scale",
		);
		const failedObjectMetric = condition(
			'ScalingActive',
			'False',
			'FailedGetObjectMetric',
			'the HPA was unable to compute the replica count: unable to get metric queue_depth: Service on shop/worker',
		);
		assert.deepEqual(resourceHealth(hpaV1([scaleRead, failedObjectMetric])), {status: 'Degraded', message: failedObjectMetric.message});
	});

	test('v1 scale-down stabilised is Healthy with that message', () => {
		const stabilized = condition(
			'AbleToScale',
			'True',
			'ScaleDownStabilized',
			'recent recommendations were higher than current one, applying the highest recent recommendation',
		);
		assert.deepEqual(resourceHealth(hpaV1([stabilized, metricFound, withinRange])), {status: 'Healthy', message: stabilized.message});
	});

	test('v1 limited to its minimum replicas is still Healthy, by the first healthy condition', () => {
		const tooFew = condition(
			'ScalingLimited',
			'True',
			'TooFewReplicas',
			'the desired replica count is less than the minimum replica count',
		);
		assert.deepEqual(resourceHealth(hpaV1([ableToScale, metricFound, tooFew])), {
			status: 'Healthy',
			message: 'recommended size matches current size',
		});
	});

	test('v1 not able to scale yet is Progressing', () => {
		const notYet = condition(
			'AbleToScale',
			'False',
			'SucceededGetScale',
			"the HPA controller was not able to get the target's current scale",
		);
		assert.deepEqual(resourceHealth(hpaV1([notYet])), {status: 'Progressing', message: 'Waiting to Autoscale'});
	});

	test('v1 without the conditions annotation is Progressing', () => {
		assert.deepEqual(resourceHealth(hpaV1(undefined)), {status: 'Progressing', message: 'Waiting to Autoscale'});
	});

	// Cases of the older standalone gitops-engine suite, with today's Argo CD verdicts: a metric failure
	// next to a healthy AbleToScale is now Degraded, and v2beta1/v2beta2 are no longer understood.
	test('v1 rescaled but failing to read a resource metric is Degraded', () => {
		const rescaled = condition('AbleToScale', 'True', 'SucceededRescale', 'the HPA controller was able to update the target scale to 1');
		const failedMetric = condition(
			'ScalingActive',
			'False',
			'FailedGetResourceMetric',
			'the HPA was unable to compute the replica count: unable to get metrics for resource cpu',
		);
		assert.deepEqual(resourceHealth(hpaV1([rescaled, failedMetric])), {status: 'Degraded', message: failedMetric.message});
	});

	for (const [version, situation, conditions] of [
		['v2beta2', 'able to scale', [ableToScale, metricFound, withinRange]],
		[
			'v2beta1',
			'scaling disabled',
			[
				condition('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"),
				condition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'),
			],
		],
		['v2beta1', 'able to scale', [ableToScale, metricFound, withinRange]],
	] as const) {
		test(`autoscaling/${version}, ${situation}, is Unknown`, () => {
			const hpa = {...hpaV2([...conditions]), apiVersion: `autoscaling/${version}`};
			assert.deepEqual(resourceHealth(hpa), {
				status: 'Unknown',
				message: `unsupported HPA GVK: autoscaling/${version}, Kind=HorizontalPodAutoscaler`,
			});
		});
	}
});

describe('Pod (Argo CD suite)', () => {
	type PodShape = {
		restartPolicy: string;
		phase: string;
		ready?: boolean;
		container?: Record<string, unknown>;
		annotations?: Record<string, string>;
		deleting?: boolean;
	};

	function pod(shape: PodShape): KubeObject {
		return {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {
				name: 'worker-0',
				namespace: 'shop',
				...(shape.annotations ? {annotations: shape.annotations} : {}),
				...(shape.deleting ? {deletionTimestamp: '2025-04-01T03:10:00Z'} : {}),
			},
			spec: {restartPolicy: shape.restartPolicy, containers: [{name: 'worker', image: 'example/worker:2'}]},
			status: {
				phase: shape.phase,
				conditions: [{type: 'Ready', status: shape.ready ? 'True' : 'False'}],
				containerStatuses: [{name: 'worker', ready: shape.ready ?? false, lastState: {}, ...shape.container}],
			},
		};
	}

	const running = {state: {running: {startedAt: '2025-04-01T03:00:05Z'}}};
	const initializing = {state: {waiting: {reason: 'PodInitializing'}}};
	const crashLoop = {
		state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=worker pod=worker-0_shop'}},
		lastState: {terminated: {exitCode: 1, reason: 'Error'}},
	};
	const pullBackOff = {state: {waiting: {reason: 'ImagePullBackOff', message: 'Back-off pulling image "example/worker:3"'}}};
	const exited = {state: {terminated: {exitCode: 1, reason: 'Error'}}};

	test('pending and initialising is Progressing', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Pending', container: initializing})), {
			status: 'Progressing',
			message: '',
		});
	});

	test('running but never ready is Progressing', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Running', container: running})), {
			status: 'Progressing',
			message: '',
		});
	});

	test('crash looping is Degraded with the waiting message', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Running', container: crashLoop})), {
			status: 'Degraded',
			message: 'back-off 40s restarting failed container=worker pod=worker-0_shop',
		});
	});

	test('image pull back-off is Degraded with the waiting message', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Pending', container: pullBackOff})), {
			status: 'Degraded',
			message: 'Back-off pulling image "example/worker:3"',
		});
	});

	test('running, not ready, a container exited before is Degraded', () => {
		const container = {state: exited.state, lastState: {terminated: {exitCode: 1, reason: 'Error'}}};
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Running', container})), {status: 'Degraded', message: ''});
	});

	test('restartPolicy Always, running and ready is Healthy', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Running', ready: true, container: running})), {
			status: 'Healthy',
			message: '',
		});
	});

	test('restartPolicy Never, running and ready is Progressing', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Never', phase: 'Running', ready: true, container: running})), {
			status: 'Progressing',
			message: '',
		});
	});

	const ignoreRestartPolicy = {'argocd.argoproj.io/ignore-restart-policy': 'true'};

	test('restartPolicy Never with ignore-restart-policy, running and ready is Healthy', () => {
		const shape = {restartPolicy: 'Never', phase: 'Running', ready: true, container: running, annotations: ignoreRestartPolicy};
		assert.deepEqual(resourceHealth(pod(shape)), {status: 'Healthy', message: ''});
	});

	test('a hook keeps restartPolicy Never despite ignore-restart-policy: running and ready is Progressing', () => {
		const annotations = {...ignoreRestartPolicy, 'argocd.argoproj.io/hook': 'PostSync'};
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Never', phase: 'Running', ready: true, container: running, annotations})), {
			status: 'Progressing',
			message: '',
		});
	});

	test('restartPolicy Never with ignore-restart-policy, running with an image pull back-off is Degraded', () => {
		const shape = {restartPolicy: 'Never', phase: 'Running', container: pullBackOff, annotations: ignoreRestartPolicy};
		assert.deepEqual(resourceHealth(pod(shape)), {status: 'Degraded', message: 'Back-off pulling image "example/worker:3"'});
	});

	test('restartPolicy OnFailure, running while crash looping is Progressing', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'OnFailure', phase: 'Running', container: crashLoop})), {
			status: 'Progressing',
			message: '',
		});
	});

	test('failed without a pod message is Degraded with the exit code', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Never', phase: 'Failed', container: exited})), {
			status: 'Degraded',
			message: 'container "worker" failed with exit code 1',
		});
	});

	test('succeeded is Healthy', () => {
		const completed = {state: {terminated: {exitCode: 0, reason: 'Completed'}}};
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Never', phase: 'Succeeded', container: completed})), {
			status: 'Healthy',
			message: '',
		});
	});

	test('being deleted is Progressing "Pending deletion"', () => {
		assert.deepEqual(resourceHealth(pod({restartPolicy: 'Always', phase: 'Pending', container: initializing, deleting: true})), {
			status: 'Progressing',
			message: 'Pending deletion',
		});
	});
});

describe('APIService (Argo CD suite)', () => {
	const apiService = (version: string, status: string): KubeObject => ({
		apiVersion: `apiregistration.k8s.io/${version}`,
		kind: 'APIService',
		metadata: {name: 'v1beta1.webhooks.example.com'},
		spec: {},
		status: {
			conditions: [
				status === 'True'
					? {type: 'Available', status, reason: 'Passed', message: 'all checks passed'}
					: {type: 'Available', status, reason: 'MissingEndpoints', message: 'endpoints for service/webhook in "hooks" have no addresses'},
			],
		},
	});

	for (const version of ['v1', 'v1beta1']) {
		test(`${version} available is Healthy`, () => {
			assert.deepEqual(resourceHealth(apiService(version, 'True')), {status: 'Healthy', message: 'Passed: all checks passed'});
		});

		test(`${version} not available is Progressing`, () => {
			assert.deepEqual(resourceHealth(apiService(version, 'False')), {
				status: 'Progressing',
				message: 'MissingEndpoints: endpoints for service/webhook in "hooks" have no addresses',
			});
		});
	}
});

describe('Argo Workflow (Argo CD suite)', () => {
	// The check reads status only; spec content, even unknown keys, does not matter.
	const spec = {entrypoint: 'main', notAWorkflowField: true};

	test('running is Progressing with the workflow message', () => {
		assert.deepEqual(workflowHealth({spec, status: {phase: 'Running', message: 'step 2 of 3 running'}}), {
			status: 'Progressing',
			message: 'step 2 of 3 running',
		});
	});

	test('succeeded is Healthy with the workflow message', () => {
		assert.deepEqual(workflowHealth({spec, status: {phase: 'Succeeded', message: 'all steps done'}}), {
			status: 'Healthy',
			message: 'all steps done',
		});
	});

	test('no status yet is Progressing', () => {
		assert.deepEqual(workflowHealth({spec}), {status: 'Progressing', message: ''});
	});
});
