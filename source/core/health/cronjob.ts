// batch CronJob: Argo CD's built-in Lua rule since v3.2 (reference/argocd.md §4.2).
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, list, str} from './fields.js';

export function cronJobHealth(object: KubeObject): ResourceHealth {
	// Deliberately Healthy, not Suspended (argo-cd#24428): a paused schedule is not a problem.
	if (object.spec?.suspend === true) return health('Healthy', 'CronJob is Suspended');
	const status = object.status;
	if (status === undefined || status === null) return health('Progressing', 'Waiting for CronJob');
	const lastSchedule = str(status.lastScheduleTime);
	const lastSuccess = str(status.lastSuccessfulTime);
	if (lastSchedule === '') return health('Healthy', 'CronJob has not been scheduled yet');
	if (lastSuccess === '') {
		return health('Healthy', 'The CronJob never completed successfully. It may not be healthy');
	}
	if (list(status.active).length > 0) {
		return health('Healthy', 'The job is running. Its last execution may not have been successful');
	}
	// RFC 3339 UTC timestamps compare correctly as strings, as the Lua rule does.
	if (lastSuccess < lastSchedule) {
		return health('Degraded', 'CronJob has not completed its last execution successfully');
	}
	return health('Healthy', 'CronJob has completed its last execution successfully');
}
