// `status.conditions` as the health rules need them.
import {list, num, record, str} from './fields.js';

export type Condition = {
	type: string;
	status: string;
	reason: string;
	message: string;
	/** Flux and kstatus-style controllers stamp each condition; undefined when absent. */
	observedGeneration: number | undefined;
};

export function readConditions(value: unknown): Condition[] {
	return list(value).map(item => {
		const raw = record(item);
		return {
			type: str(raw['type']),
			status: str(raw['status']),
			reason: str(raw['reason']),
			message: str(raw['message']),
			observedGeneration: raw['observedGeneration'] === undefined ? undefined : num(raw['observedGeneration']),
		};
	});
}

export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
	return conditions.find(condition => condition.type === type);
}

/** "reason: message", or whichever of the two is present. */
export function describeCondition(condition: Condition): string {
	if (condition.reason !== '' && condition.message !== '') return `${condition.reason}: ${condition.message}`;
	return condition.message !== '' ? condition.message : condition.reason;
}
