// argoproj.io Workflow by phase.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, str} from './fields.js';

export function workflowHealth(object: KubeObject): ResourceHealth {
	const message = str(object.status?.message);
	switch (str(object.status?.phase)) {
		case '':
		case 'Pending':
		case 'Running':
			return health('Progressing', message);
		case 'Succeeded':
			return health('Healthy', message);
		case 'Failed':
		case 'Error':
			return health('Degraded', message);
		default:
			return health('Unknown', message);
	}
}
