import {noDiffWhileRefused, type PreparedAction} from '../../../actions/provider-actions.js';

/** A prepared action that cannot run: the confirmation shows why, and execute sends nothing. */
export function refused(title: string, refusal: string, warnings: string[] = []): PreparedAction {
	return {
		title,
		effects: [],
		warnings,
		refusal,
		writes: [],
		diff: noDiffWhileRefused,
		execute: async () => ({ok: false, message: refusal}),
	};
}
