// autoscaling HorizontalPodAutoscaler, versions v1 and v2.
// autoscaling/v1 carries its conditions as JSON in an annotation; v2 in status.conditions.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {type Condition, readConditions} from './conditions.js';
import {health} from './fields.js';

const v1ConditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
const waiting = (): ResourceHealth => health('Progressing', 'Waiting to Autoscale');

/** (type, reason) pairs that mean the autoscaler cannot do its job. */
const failureReasons: Record<string, readonly string[]> = {
	AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
	ScalingActive: [
		'FailedGetResourceMetric',
		'FailedGetObjectMetric',
		'FailedGetPodsMetric',
		'FailedGetExternalMetric',
		'FailedComputeMetricsReplicas',
		'InvalidSelector',
	],
};

export function horizontalPodAutoscalerHealth(object: KubeObject): ResourceHealth {
	const conditions = object.apiVersion === 'autoscaling/v1' ? annotationConditions(object) : readConditions(object.status?.conditions);
	if (conditions.length === 0) return waiting();
	const failure = conditions.find(c => failureReasons[c.type]?.includes(c.reason) === true);
	if (failure !== undefined) return health('Degraded', failure.message);
	const working = conditions.find(c => (c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True');
	if (working !== undefined) return health('Healthy', working.message);
	return waiting();
}

function annotationConditions(object: KubeObject): Condition[] {
	const text = object.metadata?.annotations?.[v1ConditionsAnnotation];
	if (text === undefined) return [];
	// Thrown on purpose: resourceHealth turns check errors into Unknown, as Argo CD does. An empty
	// annotation is unreadable too; only a JSON array (or null) is a list of conditions.
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new Error(`failed to convert conditions annotation to typed: ${(error as Error).message}`);
	}
	if (parsed !== null && !Array.isArray(parsed)) {
		throw new Error('failed to convert conditions annotation to typed: not a JSON array');
	}
	return readConditions(parsed);
}
