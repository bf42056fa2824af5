// apps/v1 DaemonSet: never Degraded.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, num, quote, record, str} from './fields.js';

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
