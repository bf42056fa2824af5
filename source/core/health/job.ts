// batch/v1 Job. Conditions are matched by type only; the status is
// read just for Suspended, so a resumed job (Suspended=False) counts as complete.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {readConditions} from './conditions.js';
import {health} from './fields.js';

export function jobHealth(object: KubeObject): ResourceHealth {
	let complete = false;
	let failed = false;
	let suspended = false;
	let failMessage = '';
	let message = '';
	for (const condition of readConditions(object.status?.conditions)) {
		if (condition.type === 'Failed') {
			failed = true;
			complete = true;
			failMessage = condition.message;
		} else if (condition.type === 'Complete') {
			complete = true;
			message = condition.message;
		} else if (condition.type === 'Suspended') {
			complete = true;
			message = condition.message;
			suspended ||= condition.status === 'True';
		}
	}
	if (!complete) return health('Progressing', message);
	if (failed) return health('Degraded', failMessage);
	if (suspended) return health('Suspended', message);
	return health('Healthy', message);
}
