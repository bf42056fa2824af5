// One line for a write that did not happen, saying why in the user's terms.
import {classifyApiError} from '../../kube/api-error.js';
import type {ActionOutcome} from '../types.js';
import {appGoneText} from '../../util/error-text.js';

export type FailureWording = {
	/** 'patch Application argocd/shop' */
	attempted: string;
	/** Why a failed `test` (422) or a stale resourceVersion (409) happened, in this action's words. */
	stale: string;
};

export function failedOutcome(error: unknown, wording: FailureWording): ActionOutcome {
	const classified = classifyApiError(error);
	const reason = classified.message || 'no message';
	switch (classified.kind) {
		case 'forbidden':
			return failure(`forbidden: you may not ${wording.attempted} (${reason})`, classified.code);
		case 'conflict':
			return failure(`${wording.stale} (${reason}); look again`, classified.code);
		case 'not-found':
			return failure(`cannot ${wording.attempted}: ${appGoneText}`, classified.code);
		default:
			// A failed JSON-patch `test` is a 422.
			if (classified.code === 422) return failure(`${wording.stale} (${reason}); look again`, classified.code);
			return failure(`could not ${wording.attempted}: ${reason}`, classified.code);
	}
}

function failure(message: string, code: number | null): ActionOutcome {
	return {ok: false, message, ...(code === null ? {} : {details: {httpStatus: code}})};
}
