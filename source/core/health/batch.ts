// Health of the batch kinds: Job and CronJob.
import {readConditions} from './conditions.js';
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, list} from './fields.js';
import {isNil, table} from './lua-values.js';

// batch/v1 Job. Conditions are matched by type only; the status is
// read just for Suspended, so a resumed job (Suspended=False) counts as complete.
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

// batch CronJob: Argo CD's built-in Lua check (every version of the kind).

export function cronJobHealth(object: KubeObject): ResourceHealth {
	// Deliberately Healthy, not Suspended, in Argo CD: a paused schedule is not a problem.
	if (table(object.spec, 'obj.spec')['suspend'] === true) return health('Healthy', 'CronJob is Suspended');
	const status = object.status;
	if (isNil(status)) return health('Progressing', 'Waiting for CronJob');
	// No way to tell a missed run from status, so a CronJob never scheduled counts as Healthy.
	if (isNil(status.lastScheduleTime)) return health('Healthy', 'CronJob has not been scheduled yet');
	// Never succeeded may just mean the first run is still going.
	if (isNil(status.lastSuccessfulTime)) {
		return health('Healthy', 'The CronJob never completed successfully. It may not be healthy');
	}
	// While a run is active, lastScheduleTime is always newer than lastSuccessfulTime.
	if (list(status.active).length > 0) {
		return health('Healthy', 'The job is running. Its last execution may not have been successful');
	}
	// RFC 3339 UTC timestamps compare correctly as strings, as the Lua check compares them.
	if (status.lastSuccessfulTime < status.lastScheduleTime) {
		return health('Degraded', 'CronJob has not completed its last execution successfully');
	}
	return health('Healthy', 'CronJob has completed its last execution successfully');
}
