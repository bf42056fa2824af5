import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const ableToScale = {type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size'};
const metricsFailing = {
	type: 'ScalingActive',
	status: 'False',
	reason: 'FailedGetResourceMetric',
	message: 'the HPA was unable to compute the replica count: failed to get cpu utilization',
};
const objectMetricFailing = {...metricsFailing, reason: 'FailedGetObjectMetric', message: 'unable to get metric requests_per_second'};
const scalingActive = {
	type: 'ScalingActive',
	status: 'True',
	reason: 'ValidMetricFound',
	message: 'the HPA was able to successfully calculate a replica count',
};

function hpaV2(conditions: unknown[] | undefined): KubeObject {
	return {
		apiVersion: 'autoscaling/v2',
		kind: 'HorizontalPodAutoscaler',
		metadata: {name: 'checkout', namespace: 'shop'},
		spec: {minReplicas: 2, maxReplicas: 10, scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout'}},
		status: {currentReplicas: 2, desiredReplicas: 2, ...(conditions === undefined ? {} : {conditions})},
	};
}

function hpaV1(annotation: string | undefined): KubeObject {
	return {
		apiVersion: 'autoscaling/v1',
		kind: 'HorizontalPodAutoscaler',
		metadata: {
			name: 'checkout',
			namespace: 'shop',
			annotations: annotation === undefined ? {} : {'autoscaling.alpha.kubernetes.io/conditions': annotation},
		},
		spec: {minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70},
		status: {currentReplicas: 2, desiredReplicas: 2},
	};
}

function apiService(conditions: unknown[] | undefined, apiVersion = 'apiregistration.k8s.io/v1'): KubeObject {
	return {
		apiVersion,
		kind: 'APIService',
		metadata: {name: 'v1beta1.metrics.k8s.io'},
		spec: {group: 'metrics.k8s.io', version: 'v1beta1', service: {name: 'metrics-server', namespace: 'kube-system'}},
		status: conditions === undefined ? {} : {conditions},
	};
}

describe('HorizontalPodAutoscaler health (autoscaling/v2)', () => {
	test('able to scale is Healthy with its message', () => {
		assert.deepEqual(resourceHealth(hpaV2([ableToScale, scalingActive])), {
			status: 'Healthy',
			message: 'recommended size matches current size',
		});
	});

	test('a metrics failure is Degraded even after a healthy AbleToScale', () => {
		assert.deepEqual(resourceHealth(hpaV2([ableToScale, metricsFailing])), {status: 'Degraded', message: metricsFailing.message});
		assert.equal(resourceHealth(hpaV2([ableToScale, objectMetricFailing]))?.status, 'Degraded');
	});

	test('no conditions yet is Progressing', () => {
		assert.deepEqual(resourceHealth(hpaV2(undefined)), {status: 'Progressing', message: 'Waiting to Autoscale'});
		const notYet = {type: 'AbleToScale', status: 'False', reason: 'BackoffBoth', message: 'waiting'};
		assert.equal(resourceHealth(hpaV2([notYet]))?.status, 'Progressing');
	});
});

describe('HorizontalPodAutoscaler health (autoscaling/v1 annotation)', () => {
	test('conditions come from the annotation, not status', () => {
		assert.equal(resourceHealth(hpaV1(JSON.stringify([ableToScale, scalingActive])))?.status, 'Healthy');
		assert.deepEqual(resourceHealth(hpaV1(JSON.stringify([ableToScale, objectMetricFailing]))), {
			status: 'Degraded',
			message: 'unable to get metric requests_per_second',
		});
	});

	test('missing or empty annotation is Progressing', () => {
		assert.deepEqual(resourceHealth(hpaV1(undefined)), {status: 'Progressing', message: 'Waiting to Autoscale'});
		assert.equal(resourceHealth(hpaV1('[]'))?.status, 'Progressing');
	});

	test('an unreadable annotation is Unknown with the error', () => {
		const result = resourceHealth(hpaV1('[{"type":'));
		assert.equal(result?.status, 'Unknown');
		assert.match(result?.message ?? '', /^failed to convert conditions annotation to typed: /);
	});
});

describe('APIService health', () => {
	test('Available=True is Healthy with "reason: message"', () => {
		const available = [{type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed'}];
		assert.deepEqual(resourceHealth(apiService(available)), {status: 'Healthy', message: 'Passed: all checks passed'});
	});

	test('Available=False is Progressing, never Degraded', () => {
		const down = [
			{
				type: 'Available',
				status: 'False',
				reason: 'FailedDiscoveryCheck',
				message: 'failing or missing response from https://10.96.0.12:443',
			},
		];
		assert.deepEqual(resourceHealth(apiService(down, 'apiregistration.k8s.io/v1beta1')), {
			status: 'Progressing',
			message: 'FailedDiscoveryCheck: failing or missing response from https://10.96.0.12:443',
		});
	});

	test('no condition yet', () => {
		assert.deepEqual(resourceHealth(apiService(undefined)), {status: 'Progressing', message: 'Waiting to be processed'});
	});
});
