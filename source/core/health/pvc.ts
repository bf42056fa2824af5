// v1 PersistentVolumeClaim by phase.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health} from './fields.js';

export function persistentVolumeClaimHealth(object: KubeObject): ResourceHealth {
	switch (object.status?.phase) {
		case 'Lost':
			return health('Degraded');
		case 'Pending':
			return health('Progressing');
		case 'Bound':
			return health('Healthy');
		default:
			return health('Unknown');
	}
}
