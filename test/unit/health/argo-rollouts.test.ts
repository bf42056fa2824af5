import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

type Shape = {
	generation?: number;
	annotations?: Record<string, string>;
	spec?: Record<string, unknown>;
	status?: Record<string, unknown>;
};

const canarySteps = {canary: {steps: [{setWeight: 20}, {pause: {duration: '30s'}}]}};
const blueGreen = {blueGreen: {activeService: 'storefront-active', previewService: 'storefront-preview', autoPromotionEnabled: false}};

function rollout({generation, annotations, spec = {}, status}: Shape): KubeObject {
	return {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Rollout',
		metadata: {
			name: 'storefront',
			namespace: 'shop',
			...(generation === undefined ? {} : {generation}),
			...(annotations === undefined ? {} : {annotations}),
		},
		spec: {
			replicas: 5,
			selector: {matchLabels: {app: 'storefront'}},
			template: {
				metadata: {labels: {app: 'storefront'}},
				spec: {containers: [{name: 'web', image: 'registry.example.com/storefront:2.4.0'}]},
			},
			strategy: canarySteps,
			...spec,
		},
		...(status === undefined ? {} : {status}),
	};
}

const available = (message: string) => ({type: 'Available', status: 'True', reason: 'AvailableReason', message});
const progressing = (reason: string, message: string, status = 'True') => ({type: 'Progressing', status, reason, message});
const completedRollout = [
	{type: 'Completed', status: 'True', reason: 'RolloutCompleted', message: 'RolloutCompleted'},
	progressing('NewReplicaSetAvailable', 'ReplicaSet "storefront-5d8f7c9b6d" has successfully progressed.'),
	available('Rollout has minimum availability'),
];

/** A settled single-replica canary reported the pre-v1.0 way (no phase), observedGeneration as given. */
function settledLegacy(observedGeneration: string): KubeObject {
	return rollout({
		generation: 1,
		spec: {replicas: 1},
		status: {
			observedGeneration,
			conditions: [
				progressing('NewReplicaSetAvailable', 'ReplicaSet "storefront-5d8f7c9b6d" has successfully progressed.'),
				available('Rollout has minimum availability'),
			],
			currentPodHash: '5d8f7c9b6d',
			stableRS: '5d8f7c9b6d',
			canary: {},
			blueGreen: {},
			replicas: 1,
			updatedReplicas: 1,
			readyReplicas: 1,
			availableReplicas: 1,
		},
	});
}

const healthy = {status: 'Healthy', message: ''};

describe('Argo Rollouts Rollout health', () => {
	test('a new rollout the controller has not written a status for yet is Progressing', () => {
		assert.deepEqual(resourceHealth(rollout({generation: 1})), {
			status: 'Progressing',
			message: 'Waiting for rollout spec update to be observed',
		});
	});

	test('a spec change not yet observed (numeric observedGeneration behind) is Progressing', () => {
		const edited = settledLegacy('1');
		edited.metadata!.generation = 2;
		assert.deepEqual(resourceHealth(edited), {status: 'Progressing', message: 'Waiting for rollout spec update to be observed'});
	});

	test('a workloadRef rollout whose Deployment changed since the controller looked is Progressing', () => {
		const object = rollout({
			generation: 3,
			annotations: {'rollout.argoproj.io/revision': '2', 'rollout.argoproj.io/workload-generation': '2'},
			spec: {workloadRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront'}, template: undefined},
			status: {
				observedGeneration: '3',
				workloadObservedGeneration: '1',
				phase: 'Healthy',
				currentPodHash: '5d8f7c9b6d',
				stableRS: '5d8f7c9b6d',
				conditions: completedRollout,
			},
		});
		assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'Waiting for rollout spec update to be observed'});
	});

	test("the controller's own phase and message are shown as they are", () => {
		const object = settledLegacy('8575574967');
		object.status = {...object.status, phase: 'Degraded', message: 'InvalidSpec'};
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: 'InvalidSpec'});
	});

	test('a v0.9 rollout with a hash as observedGeneration counts as observed', () => {
		assert.deepEqual(resourceHealth(settledLegacy('abc123')), healthy);
	});

	test('a v0.9 hash that happens to be all digits counts as observed too', () => {
		assert.deepEqual(resourceHealth(settledLegacy('8575574967')), healthy);
	});

	test('a v1.0 workloadRef rollout without workload generation bookkeeping is judged by its phase', () => {
		const object = rollout({
			generation: 3,
			annotations: {'rollout.argoproj.io/revision': '1'},
			spec: {workloadRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront'}, template: undefined},
			status: {
				observedGeneration: '3',
				phase: 'Healthy',
				currentPodHash: '5d8f7c9b6d',
				stableRS: '5d8f7c9b6d',
				conditions: completedRollout,
				replicas: 5,
				updatedReplicas: 5,
				availableReplicas: 5,
			},
		});
		assert.deepEqual(resourceHealth(object), healthy);
	});

	test("a workloadRef rollout that has observed its Deployment's generation is judged by its phase", () => {
		const object = rollout({
			generation: 3,
			annotations: {'rollout.argoproj.io/revision': '1', 'rollout.argoproj.io/workload-generation': '1'},
			spec: {workloadRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront'}, template: undefined},
			status: {
				observedGeneration: '3',
				workloadObservedGeneration: '1',
				phase: 'Healthy',
				currentPodHash: '5d8f7c9b6d',
				stableRS: '5d8f7c9b6d',
				conditions: completedRollout,
			},
		});
		assert.deepEqual(resourceHealth(object), healthy);
	});

	test('an InvalidSpec condition is Degraded with its message', () => {
		const message =
			'The Rollout "basic" is invalid: spec.strategy.strategy: Required value: Rollout has missing field \'.spec.strategy.canary or .spec.strategy.blueGreen\'';
		const object = settledLegacy('3');
		object.metadata!.generation = 3;
		object.spec = {...object.spec, strategy: {}};
		object.status = {
			...object.status,
			conditions: [...object.status.conditions, {type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message}],
		};
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message});
	});

	test('a blue-green rollout past its progress deadline is Degraded', () => {
		const message = 'ReplicaSet "guestbook-bluegreen-helm-guestbook-6b8cf6f7db" has timed out progressing.';
		const object = rollout({
			generation: 1,
			spec: {replicas: 3, strategy: blueGreen},
			status: {
				observedGeneration: '7bcdbf7bd9',
				blueGreen: {activeSelector: '8464d8564d'},
				canary: {},
				conditions: [available('Rollout has minimum availability'), progressing('ProgressDeadlineExceeded', message, 'False')],
				currentPodHash: '6b8cf6f7db',
				replicas: 4,
				updatedReplicas: 1,
				availableReplicas: 3,
			},
		});
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message});
	});

	test('an aborted canary is Degraded', () => {
		const object = rollout({
			status: {
				observedGeneration: '58b949649c',
				canary: {stableRS: '645d5dbc4c'},
				conditions: [available('Rollout has minimum availability'), progressing('RolloutAborted', 'Rollout is aborted', 'False')],
				currentPodHash: '6758949f55',
				replicas: 5,
				availableReplicas: 5,
			},
		});
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: 'Rollout is aborted'});
	});

	describe('blue-green', () => {
		function blueGreenRollout(replicas: number, status: Record<string, unknown>): KubeObject {
			return rollout({generation: 1, spec: {replicas, strategy: blueGreen}, status: {observedGeneration: '77646c9d4c', ...status}});
		}

		test('serving from the active service is Healthy', () => {
			const object = blueGreenRollout(1, {
				blueGreen: {activeSelector: 'dc689d967', previewSelector: ''},
				conditions: [
					{type: 'Available', status: 'True', reason: 'Available', message: 'Rollout is serving traffic from the active service.'},
				],
				currentPodHash: 'dc689d967',
				replicas: 1,
				updatedReplicas: 1,
				availableReplicas: 1,
			});
			assert.deepEqual(resourceHealth(object), healthy);
		});

		test('new replicas not yet created is Progressing', () => {
			const object = blueGreenRollout(3, {
				activeSelector: '85f9884f5d',
				conditions: [
					{type: 'Available', status: 'True', reason: 'Available', message: 'Rollout is serving traffic from the active service.'},
				],
				currentPodHash: '697fb9575c',
				replicas: 3,
				updatedReplicas: 0,
				availableReplicas: 3,
			});
			assert.deepEqual(resourceHealth(object), {
				status: 'Progressing',
				message: 'Waiting for roll out to finish: More replicas need to be updated',
			});
		});

		test('new replicas not yet available is Progressing', () => {
			const object = blueGreenRollout(3, {
				activeSelector: '697fb9575c',
				conditions: [
					{type: 'Available', status: 'False', reason: 'Available', message: 'Rollout is not serving traffic from the active service.'},
				],
				currentPodHash: '697fb9575c',
				replicas: 3,
				updatedReplicas: 3,
				availableReplicas: 0,
			});
			assert.deepEqual(resourceHealth(object), {
				status: 'Progressing',
				message: 'Waiting for roll out to finish: updated replicas are still becoming available',
			});
		});

		test('active service still pointing at the old pods is Progressing', () => {
			const object = blueGreenRollout(1, {
				blueGreen: {activeSelector: 'old1234567', previewSelector: 'dc689d967'},
				conditions: [],
				currentPodHash: 'dc689d967',
				replicas: 2,
				updatedReplicas: 1,
				availableReplicas: 1,
			});
			assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'active service cutover pending'});
		});

		test('cut over but the stable ReplicaSet not yet promoted is Progressing', () => {
			const object = blueGreenRollout(1, {
				blueGreen: {activeSelector: 'dc689d967'},
				conditions: [],
				currentPodHash: 'dc689d967',
				stableRS: 'old1234567',
				replicas: 1,
				updatedReplicas: 1,
				availableReplicas: 1,
			});
			assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'waiting for analysis to complete'});
		});
	});

	describe('canary', () => {
		function canaryRollout(status: Record<string, unknown>, strategy: Record<string, unknown> = canarySteps): KubeObject {
			return rollout({generation: 1, spec: {strategy}, status: {observedGeneration: '6df79499bc', canary: {}, blueGreen: {}, ...status}});
		}

		test('a setWeight step with replicas still to update is Progressing', () => {
			const object = canaryRollout({
				canary: {stableRS: 'df986d68'},
				conditions: [progressing('ReplicaSetUpdated', 'ReplicaSet "storefront-6b566f47b7" is progressing.')],
				currentPodHash: '6b566f47b7',
				replicas: 5,
				updatedReplicas: 2,
				availableReplicas: 5,
			});
			assert.deepEqual(resourceHealth(object), {
				status: 'Progressing',
				message: 'Waiting for roll out to finish: More replicas need to be updated',
			});
		});

		test('old replicas still running after the update is Progressing', () => {
			const object = canaryRollout(
				{
					canary: {stableRS: '74d6dc8544'},
					conditions: [
						available('Rollout has minimum availability'),
						progressing('ReplicaSetUpdated', 'ReplicaSet "storefront-694fb7759c" is progressing.'),
					],
					currentPodHash: '694fb7759c',
					replicas: 6,
					updatedReplicas: 5,
					availableReplicas: 5,
				},
				{canary: {}},
			);
			object.metadata!.generation = 101;
			assert.deepEqual(resourceHealth(object), {
				status: 'Progressing',
				message: 'Waiting for roll out to finish: old replicas are pending termination',
			});
		});

		test('paused by the controller at a pause step is Suspended', () => {
			const object = canaryRollout({
				canary: {stableRS: '75c96899b8'},
				conditions: [progressing('RolloutPaused', 'Rollout is paused', 'Unknown')],
				pauseConditions: [{reason: 'CanaryPauseStep', startTime: '2025-03-01T10:00:00Z'}],
				currentPodHash: '6758949f55',
				replicas: 5,
				updatedReplicas: 1,
				availableReplicas: 5,
			});
			assert.deepEqual(resourceHealth(object), {status: 'Suspended', message: 'Rollout is paused'});
		});

		test('paused by the user (spec.paused) is Suspended', () => {
			const object = canaryRollout({
				canary: {stableRS: 'df986d68'},
				conditions: [progressing('RolloutPaused', 'Rollout is paused', 'Unknown')],
				currentPodHash: '6b566f47b7',
				replicas: 5,
				updatedReplicas: 1,
				availableReplicas: 5,
			});
			object.spec.paused = true;
			assert.deepEqual(resourceHealth(object), {status: 'Suspended', message: 'Rollout is paused'});
		});

		test("a v1.0 controller's Paused phase is Suspended with its message", () => {
			const object = canaryRollout({
				observedGeneration: '5',
				phase: 'Paused',
				message: 'CanaryPauseStep',
				pauseConditions: [{reason: 'CanaryPauseStep', startTime: '2025-03-01T10:00:00Z'}],
				conditions: [progressing('RolloutPaused', 'Rollout is paused', 'Unknown')],
				currentPodHash: '8566c77b97',
				stableRS: '77f4f8ff97',
				replicas: 6,
				updatedReplicas: 2,
				availableReplicas: 6,
			});
			object.metadata!.generation = 5;
			assert.deepEqual(resourceHealth(object), {status: 'Suspended', message: 'CanaryPauseStep'});
		});

		test('all steps done, stable ReplicaSet recorded the pre-v0.8 way (status.canary.stableRS), is Healthy', () => {
			const object = canaryRollout({
				canary: {stableRS: '84ccfddd66'},
				conditions: [
					progressing('NewReplicaSetAvailable', 'ReplicaSet "storefront-84ccfddd66" has successfully progressed.'),
					available('Rollout has minimum availability'),
				],
				currentPodHash: '84ccfddd66',
				replicas: 5,
				updatedReplicas: 5,
				availableReplicas: 5,
			});
			assert.deepEqual(resourceHealth(object), healthy);
		});

		test('all steps done, stable ReplicaSet in status.stableRS, is Healthy', () => {
			const object = canaryRollout({
				stableRS: '84ccfddd66',
				conditions: [
					progressing('NewReplicaSetAvailable', 'ReplicaSet "storefront-84ccfddd66" has successfully progressed.'),
					available('Rollout has minimum availability'),
				],
				currentPodHash: '84ccfddd66',
				replicas: 5,
				updatedReplicas: 5,
				availableReplicas: 5,
			});
			assert.deepEqual(resourceHealth(object), healthy);
		});

		test('no steps, updated replicas not all available is Progressing', () => {
			const object = canaryRollout(
				{
					canary: {stableRS: '567dd56d89'},
					conditions: [
						{type: 'Available', status: 'False', reason: 'AvailableReason', message: 'Rollout does not have minimum availability'},
						progressing('ReplicaSetUpdated', 'ReplicaSet "storefront-567dd56d89" is progressing.'),
					],
					currentPodHash: '567dd56d89',
					replicas: 6,
					updatedReplicas: 5,
					availableReplicas: 2,
				},
				{canary: {maxSurge: 1, maxUnavailable: 1}},
			);
			assert.deepEqual(resourceHealth(object), {
				status: 'Progressing',
				message: 'Waiting for roll out to finish: updated replicas are still becoming available',
			});
		});

		for (const [situation, strategy] of [
			['no steps', {canary: {maxSurge: 1}}],
			['an empty steps list', {canary: {steps: []}}],
		] as const) {
			test(`${situation}, all replicas updated and stable, is Healthy`, () => {
				const object = canaryRollout(
					{
						canary: {stableRS: '567dd56d89'},
						conditions: [
							available('Rollout has minimum availability'),
							progressing('NewReplicaSetAvailable', 'ReplicaSet "storefront-567dd56d89" has successfully progressed.'),
						],
						currentPodHash: '567dd56d89',
						replicas: 5,
						updatedReplicas: 5,
						availableReplicas: 5,
					},
					strategy,
				);
				assert.deepEqual(resourceHealth(object), healthy);
			});
		}

		test('updated but the new ReplicaSet not yet stable is Progressing', () => {
			const object = canaryRollout({
				stableRS: '567dd56d89',
				conditions: [],
				currentPodHash: '84ccfddd66',
				replicas: 5,
				updatedReplicas: 5,
				availableReplicas: 5,
			});
			assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'Waiting for rollout to finish steps'});
		});
	});

	test('a status the controller has not reconciled (no currentPodHash) is Progressing', () => {
		const object = rollout({status: {observedGeneration: 'abc123', conditions: []}});
		assert.deepEqual(resourceHealth(object), {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: status has not been reconciled.',
		});
	});

	test('a phase Argo CD does not know is Unknown, as Argo CD rejects it', () => {
		const object = settledLegacy('abc123');
		object.status = {...object.status, phase: 'Promoting'};
		assert.deepEqual(resourceHealth(object), {status: 'Unknown', message: 'Lua returned an invalid health status'});
	});

	test('a pre-v1.0 status without conditions makes the check fail: Unknown', () => {
		const object = settledLegacy('abc123');
		delete object.status.conditions;
		assert.equal(resourceHealth(object)?.status, 'Unknown');
	});
});

describe('Argo Rollouts AnalysisRun health', () => {
	function analysisRun(status?: Record<string, unknown>): KubeObject {
		return {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'AnalysisRun',
			metadata: {name: 'storefront-5d8f7c9b6d-2', namespace: 'shop', generation: 1},
			spec: {
				metrics: [
					{
						name: 'error-rate',
						interval: '10s',
						failureCondition: 'result[0] > 0.05',
						provider: {prometheus: {address: 'http://prometheus:9090', query: 'sum(rate(errors[1m]))'}},
					},
				],
			},
			...(status === undefined ? {} : {status}),
		};
	}
	const metric = (phase: string) => ({
		name: 'error-rate',
		phase,
		count: 1,
		measurements: [{phase, value: '[0.97]', startedAt: '2025-03-01T10:00:00Z', finishedAt: '2025-03-01T10:00:00Z'}],
	});

	test('pending is Progressing', () => {
		assert.deepEqual(resourceHealth(analysisRun({phase: 'Pending'})), {status: 'Progressing', message: 'Analysis run is running'});
	});

	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(analysisRun()), {
			status: 'Progressing',
			message: 'Waiting for analysis run to finish: status has not been reconciled.',
		});
	});

	test('running is Progressing', () => {
		assert.deepEqual(resourceHealth(analysisRun({phase: 'Running', metricResults: [metric('Running')]})), {
			status: 'Progressing',
			message: 'Analysis run is running',
		});
	});

	test('successful is Healthy', () => {
		assert.deepEqual(resourceHealth(analysisRun({phase: 'Successful', metricResults: [metric('Successful')]})), {
			status: 'Healthy',
			message: 'Analysis run completed successfully',
		});
	});

	test("failed is Degraded, with the run's message when it has one", () => {
		assert.deepEqual(resourceHealth(analysisRun({phase: 'Failed', metricResults: [metric('Failed')]})), {
			status: 'Degraded',
			message: 'Analysis run failed',
		});
		assert.deepEqual(
			resourceHealth(analysisRun({phase: 'Failed', message: 'Status Message: Assessed as Failed', metricResults: [metric('Failed')]})),
			{
				status: 'Degraded',
				message: 'Status Message: Assessed as Failed',
			},
		);
	});

	test("error is Degraded, with the run's message when it has one", () => {
		assert.deepEqual(resourceHealth(analysisRun({phase: 'Error', metricResults: [metric('Error')]})), {
			status: 'Degraded',
			message: 'Analysis run had an error',
		});
		assert.deepEqual(
			resourceHealth(analysisRun({phase: 'Error', message: 'Status Message: Assessed as Error', metricResults: [metric('Error')]})),
			{
				status: 'Degraded',
				message: 'Status Message: Assessed as Error',
			},
		);
	});

	test("inconclusive is Unknown, with the run's message when it has one", () => {
		assert.deepEqual(resourceHealth(analysisRun({phase: 'Inconclusive', metricResults: [metric('Inconclusive')]})), {
			status: 'Unknown',
			message: 'Analysis run was inconclusive',
		});
		assert.deepEqual(
			resourceHealth(
				analysisRun({phase: 'Inconclusive', message: 'Status Message: Assessed as Inconclusive', metricResults: [metric('Inconclusive')]}),
			),
			{
				status: 'Unknown',
				message: 'Status Message: Assessed as Inconclusive',
			},
		);
	});

	test('terminated early by the user is Healthy with the termination message', () => {
		const object = analysisRun({
			phase: 'Successful',
			message: 'run terminated',
			startedAt: '2025-03-01T10:00:00Z',
			metricResults: [{...metric('Successful'), message: 'metric terminated'}],
		});
		assert.deepEqual(resourceHealth(object), {status: 'Healthy', message: 'run terminated'});
	});

	test('a status without a known phase gives no health, as in Argo CD', () => {
		assert.equal(resourceHealth(analysisRun({})), null);
	});
});
