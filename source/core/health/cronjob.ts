// batch CronJob: Argo CD's built-in Lua check (every version of the kind).
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, list} from './fields.js';
import {isNil, table} from './lua-values.js';

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
