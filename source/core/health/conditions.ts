// `status.conditions` as the health rules need them.
import type {ResourceHealth} from '../apps/detail.js';
import {health, list, record, str} from './fields.js';

export type Condition = {
	type: string;
	status: string;
	reason: string;
	message: string;
};

export function readConditions(value: unknown): Condition[] {
	return list(value).map(item => {
		const raw = record(item);
		return {
			type: str(raw['type']),
			status: str(raw['status']),
			reason: str(raw['reason']),
			message: str(raw['message']),
		};
	});
}

export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
	return conditions.find(condition => condition.type === type);
}

/**
 * The first Ready condition that is True or False, as Healthy or Degraded with its message
 * (Ready=Unknown is skipped). The verdict of Argo CD's checks for cert-manager and external-secrets.
 */
export function readyVerdict(conditions: readonly Condition[]): ResourceHealth | undefined {
	for (const condition of conditions) {
		if (condition.type !== 'Ready') continue;
		if (condition.status === 'True') return health('Healthy', condition.message);
		if (condition.status === 'False') return health('Degraded', condition.message);
	}
	return undefined;
}
