// Health of the workload kinds: Deployment, StatefulSet, DaemonSet, ReplicaSet and PodDisruptionBudget.
import {health, num, optionalNum, quote, str, record} from './fields.js';
import {findCondition, readConditions} from './conditions.js';
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {concat, ipairsItems, isNil} from './lua-values.js';

// apps/v1 Deployment.
export function deploymentHealth(object: KubeObject): ResourceHealth {
	const spec = object.spec ?? {};
	const status = object.status ?? {};
	if (spec.paused === true) return health('Suspended', 'Deployment is paused');
	if (num(object.metadata?.generation) > num(status.observedGeneration)) {
		return health('Progressing', 'Waiting for rollout to finish: observed deployment generation less than desired generation');
	}
	const progressing = findCondition(readConditions(status.conditions), 'Progressing');
	if (progressing?.reason === 'ProgressDeadlineExceeded') {
		const name = str(object.metadata?.name);
		return health('Degraded', `Deployment ${quote(name)} exceeded its progress deadline`);
	}
	const wanted = optionalNum(spec.replicas);
	const replicas = num(status.replicas);
	const updated = num(status.updatedReplicas);
	const available = num(status.availableReplicas);
	if (wanted !== undefined && updated < wanted) {
		return health('Progressing', `Waiting for rollout to finish: ${updated} out of ${wanted} new replicas have been updated...`);
	}
	if (replicas > updated) {
		return health('Progressing', `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination...`);
	}
	if (available < updated) {
		return health('Progressing', `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`);
	}
	return health('Healthy');
}

// apps/v1 StatefulSet: never Degraded.

export function statefulSetHealth(object: KubeObject): ResourceHealth {
	const spec = object.spec ?? {};
	const status = object.status ?? {};
	const observed = num(status.observedGeneration);
	if (observed === 0 || num(object.metadata?.generation) > observed) {
		return health('Progressing', 'Waiting for statefulset spec update to be observed...');
	}
	const wanted = optionalNum(spec.replicas);
	const ready = num(status.readyReplicas);
	const updated = num(status.updatedReplicas);
	if (wanted !== undefined && ready < wanted) {
		return health('Progressing', `Waiting for ${wanted - ready} pods to be ready...`);
	}
	const strategy = record(spec.updateStrategy);
	// The API server defaults rollingUpdate.partition to 0, so most StatefulSets end here.
	if (strategy['type'] === 'RollingUpdate' && strategy['rollingUpdate'] !== undefined && strategy['rollingUpdate'] !== null) {
		const partition = optionalNum(record(strategy['rollingUpdate'])['partition']);
		if (wanted !== undefined && partition !== undefined && updated < wanted - partition) {
			return health(
				'Progressing',
				`Waiting for partitioned roll out to finish: ${updated} out of ${wanted - partition} new pods have been updated...`,
			);
		}
		return health('Healthy', `partitioned roll out complete: ${updated} new pods have been updated...`);
	}
	if (strategy['type'] === 'OnDelete') return health('Healthy', `statefulset has ${ready} ready pods`);
	const updateRevision = str(status.updateRevision);
	const currentRevision = str(status.currentRevision);
	if (updateRevision !== currentRevision) {
		return health('Progressing', `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`);
	}
	return health('Healthy', `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${currentRevision}...`);
}

// apps/v1 DaemonSet: never Degraded.

export function daemonSetHealth(object: KubeObject): ResourceHealth {
	const status = object.status ?? {};
	if (num(object.metadata?.generation) > num(status.observedGeneration)) {
		return health('Progressing', 'Waiting for rollout to finish: observed daemon set generation less than desired generation');
	}
	const desired = num(status.desiredNumberScheduled);
	const updated = num(status.updatedNumberScheduled);
	const available = num(status.numberAvailable);
	if (record(object.spec?.updateStrategy)['type'] === 'OnDelete') {
		return health('Healthy', `daemon set ${updated} out of ${desired} new pods have been updated`);
	}
	const name = quote(str(object.metadata?.name));
	if (updated < desired) {
		return health(
			'Progressing',
			`Waiting for daemon set ${name} rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
		);
	}
	if (available < desired) {
		return health(
			'Progressing',
			`Waiting for daemon set ${name} rollout to finish: ${available} of ${desired} updated pods are available...`,
		);
	}
	return health('Healthy');
}

// apps/v1 ReplicaSet.

export function replicaSetHealth(object: KubeObject): ResourceHealth {
	const status = object.status ?? {};
	if (num(object.metadata?.generation) > num(status.observedGeneration)) {
		return health('Progressing', 'Waiting for rollout to finish: observed replica set generation less than desired generation');
	}
	const failure = findCondition(readConditions(status.conditions), 'ReplicaFailure');
	if (failure?.status === 'True') return health('Degraded', failure.message);
	const wanted = optionalNum(object.spec?.replicas);
	const available = num(status.availableReplicas);
	if (wanted !== undefined && available < wanted) {
		return health('Progressing', `Waiting for rollout to finish: ${available} out of ${wanted} new replicas are available...`);
	}
	return health('Healthy');
}

// policy PodDisruptionBudget, judged as Argo CD's built-in Lua check judges it.

/**
 * A False condition is Degraded unless its reason is InsufficientPods: a budget that currently
 * allows no disruption (e.g. a single replica with minAvailable 1) is often deliberate.
 * Otherwise the last condition's reason is reported as Healthy.
 */
export function podDisruptionBudgetHealth(object: KubeObject): ResourceHealth {
	let verdict = health('Progressing', 'Waiting for status');
	const conditions = object.status?.conditions;
	if (isNil(conditions)) return verdict;
	for (const condition of ipairsItems(conditions, 'status.conditions')) {
		const message = concat('PodDisruptionBudget has ', condition['reason']);
		if (condition['status'] === 'False' && condition['reason'] !== 'InsufficientPods') return health('Degraded', message);
		verdict = health('Healthy', message);
	}
	return verdict;
}
