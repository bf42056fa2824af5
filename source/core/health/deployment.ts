// apps/v1 Deployment.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {findCondition, readConditions} from './conditions.js';
import {health, num, optionalNum, quote, str} from './fields.js';

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
