// apps/v1 StatefulSet: never Degraded.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, num, optionalNum, record, str} from './fields.js';

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
