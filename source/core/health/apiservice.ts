// apiregistration.k8s.io APIService: never Degraded.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {findCondition, readConditions} from './conditions.js';
import {health} from './fields.js';

export function apiServiceHealth(object: KubeObject): ResourceHealth {
	const available = findCondition(readConditions(object.status?.conditions), 'Available');
	if (available === undefined) return health('Progressing', 'Waiting to be processed');
	return health(available.status === 'True' ? 'Healthy' : 'Progressing', `${available.reason}: ${available.message}`);
}
