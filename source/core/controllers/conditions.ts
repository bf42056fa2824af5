import type {AppCondition} from '../apps/model.js';
import {clip, list, optionalText, record, text} from '../util/json.js';

/**
 * Read `status.conditions`. Flux conditions carry status and reason; Argo CD's
 * carry only type, message and time (they are present only while they apply),
 * so those fields read as ''.
 */
export function readConditions(value: unknown, messageLimit?: number): AppCondition[] {
	const conditions: AppCondition[] = [];
	for (const item of list(value)) {
		const condition = record(item);
		if (condition === null) continue;
		const type = text(condition['type']);
		if (type === '') continue;
		const message = text(condition['message']);
		conditions.push({
			type,
			status: text(condition['status']),
			reason: text(condition['reason']),
			message: messageLimit === undefined ? message : clip(message, messageLimit),
			lastTransitionTime: optionalText(condition['lastTransitionTime']) ?? undefined,
		});
	}
	return conditions;
}

export function findCondition(conditions: readonly AppCondition[], type: string): AppCondition | undefined {
	return conditions.find(condition => condition.type === type);
}
