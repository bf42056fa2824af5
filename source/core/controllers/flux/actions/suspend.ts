// `flux suspend` / `flux resume` over the API: a merge patch of spec.suspend, plus who
// suspended (and why, when given) as annotations that resume removes.
import {type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionOutcome, ActionRequest} from '../../../actions/types.js';
import {classifyApiError} from '../../../kube/api-error.js';
import {
	suspendedAtAnnotation,
	suspendedByAnnotation,
	suspendReasonAnnotation,
	guardedPatch,
	type PatchBody,
	StaleTarget,
} from './guarded-patch.js';
import {appTarget, describeTarget, isSuspended, readAppObject, targetWrite} from './flux-objects.js';
import {fluxDiff, readGitRepository} from './plan-diff.js';

/** One line, bounded: annotation values are shown in lists. */
function cleanReason(reason: string | undefined): string {
	return (reason ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

function suspendPatch(user: string, reason: string, now: string): PatchBody {
	const annotations: Record<string, string | null> = {
		[suspendedByAnnotation]: user,
		[suspendedAtAnnotation]: now,
		// A reason left from an earlier suspension would be wrong now.
		[suspendReasonAnnotation]: reason === '' ? null : reason,
	};
	return {metadata: {annotations}, spec: {suspend: true}};
}

// spec.suspend is omitempty: the flux CLI's computed patch removes it.
const resumePatch: PatchBody = {
	metadata: {annotations: {[suspendedByAnnotation]: null, [suspendedAtAnnotation]: null, [suspendReasonAnnotation]: null}},
	spec: {suspend: null},
};

export async function prepareSuspendOrResume(context: ActionContext, request: ActionRequest): Promise<PreparedAction> {
	const suspend = request.kind === 'suspend';
	const app = appTarget(context);
	const title = `${suspend ? 'Suspend' : 'Resume'} ${describeTarget(app)}`;
	const read = await readAppObject(context, app);
	if ('refusal' in read) return refusedAction(title, read.refusal);
	const {object} = read;
	if (isSuspended(object) === suspend) return refusedAction(title, suspend ? 'already suspended' : 'not suspended');
	const reason = cleanReason(request.params?.reason);
	const annotations = object.metadata?.annotations ?? {};
	const effects = suspend
		? [
				`set spec.suspend: true on ${describeTarget(app)}`,
				`annotate ${suspendedByAnnotation}: ${context.user}`,
				...(reason === '' ? [] : [`annotate ${suspendReasonAnnotation}: ${reason}`]),
			]
		: [
				`remove spec.suspend from ${describeTarget(app)} (reconciles again)`,
				`remove ${[suspendedByAnnotation, suspendedAtAnnotation, suspendReasonAnnotation].filter(key => key in annotations).join(', ') || 'no driftwatch annotations'}`,
			];
	const warnings: string[] = [];
	const by = annotations[suspendedByAnnotation];
	if (!suspend && by)
		warnings.push(`suspended by ${by}${annotations[suspendReasonAnnotation] ? `: ${annotations[suspendReasonAnnotation]}` : ''}`);
	// Resuming reconciles at once, applying the artifact the source holds; suspending applies nothing.
	const diff = suspend
		? {unavailable: 'suspending changes no resource: the controller stops applying Git until resumed'}
		: fluxDiff(
				context,
				object,
				await readGitRepository(context, app, object),
				{at: 'artifact'},
				'resuming reconciles at once: this is what applying the artifact its source holds now changes',
			);
	return {
		title,
		effects,
		warnings,
		refusal: null,
		writes: [targetWrite(app)],
		diff,
		execute: async (): Promise<ActionOutcome> => {
			try {
				await guardedPatch(
					context,
					app,
					current => (isSuspended(current) === suspend ? `${suspend ? 'already suspended' : 'already resumed'} since reviewed` : null),
					() => (suspend ? suspendPatch(context.user, reason, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')) : resumePatch),
				);
			} catch (error) {
				return {ok: false, message: error instanceof StaleTarget ? error.message : classifyApiError(error).message};
			}
			return {
				ok: true,
				message: suspend ? 'suspended' : 'resumed',
				details: suspend ? {suspendedBy: context.user, ...(reason ? {reason} : {})} : {},
			};
		},
	};
}
