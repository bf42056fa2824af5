// apps/v1 ReplicaSet.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {findCondition, readConditions} from './conditions.js';
import {health, num, optionalNum} from './fields.js';

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
