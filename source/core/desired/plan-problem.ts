import type {DesiredPlan} from './types.js';
import {errorText} from '../util/error-text.js';

/** Why a plan cannot be made; thrown inside the planners and turned into a failed DesiredPlan at their edge. */
class PlanProblem extends Error {
	constructor(
		readonly reason: 'unsupported' | 'error',
		message: string,
	) {
		super(message);
		this.name = 'PlanProblem';
	}
}

export function unsupported(message: string): PlanProblem {
	return new PlanProblem('unsupported', message);
}

export function planError(message: string): PlanProblem {
	return new PlanProblem('error', message);
}

/** Runs a planner: a PlanProblem or any other failure (a path leaving the repository…) becomes a failed plan. */
export function planOrFailure(make: () => DesiredPlan): DesiredPlan {
	try {
		return make();
	} catch (error) {
		if (error instanceof PlanProblem) return {ok: false, reason: error.reason, message: error.message};
		return {ok: false, reason: 'error', message: errorText(error, {multiline: true})};
	}
}
