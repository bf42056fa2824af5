// `flux reconcile <kind> NAME --with-source` over the API: the requestedAt annotation on
// the source, then on the app. Fire and forget: the row shows lastHandledReconcileAt, then Ready.
import type {KubeObject} from '../../../kube/resource-type.js';
import {type ActionContext, type PreparedAction, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionOutcome, ActionRequest} from '../../../actions/types.js';
import {classifyApiError} from '../../../kube/api-error.js';
import {requestedAtAnnotation, requestToken, guardedPatch, StaleTarget} from './guarded-patch.js';
import {
	appTarget,
	describeTarget,
	findObject,
	isSuspended,
	projectApp,
	readAppObject,
	sourceTarget,
	targetWrite,
	type FluxTarget,
} from './flux-objects.js';
import {fluxDiff, readGitRepository} from './plan-diff.js';

export const suspendedRefusal = 'resource is suspended';

function annotateEffect(target: FluxTarget): string {
	return `annotate ${describeTarget(target)} (${requestedAtAnnotation})`;
}

/** The source to reconcile first, or a warning saying why only the app is annotated. */
async function reconcilableSource(
	context: ActionContext,
	app: FluxTarget,
	object: KubeObject,
): Promise<{source: FluxTarget | null; warning: string | null}> {
	const ref = projectApp(app, object).sourceRef;
	if (ref === null) return {source: null, warning: null};
	const source = await sourceTarget(context, ref);
	const label = `${ref.kind} ${ref.namespace}/${ref.name}`;
	if (source === null) return {source: null, warning: `${label} is not served by this cluster: only the ${app.type.kind} is annotated`};
	const sourceObject = await findObject(context, source);
	if (sourceObject === null) return {source: null, warning: `${label} not found: only the ${app.type.kind} is annotated`};
	if (isSuspended(sourceObject))
		return {source: null, warning: `${label} is suspended: it will not fetch; only the ${app.type.kind} is annotated`};
	return {source, warning: null};
}

/** Annotate each target in order (sources first); the app refuses when it got suspended meanwhile. */
export async function requestReconcile(context: ActionContext, targets: readonly FluxTarget[], app: FluxTarget): Promise<void> {
	for (const target of targets) {
		const token = requestToken();
		await guardedPatch(
			context,
			target,
			object => (target === app && isSuspended(object) ? suspendedRefusal : null),
			() => ({metadata: {annotations: {[requestedAtAnnotation]: token}}}),
		);
	}
}

export async function prepareReconcile(context: ActionContext, request: ActionRequest): Promise<PreparedAction> {
	const app = appTarget(context);
	const title = `Reconcile ${describeTarget(app)}`;
	const read = await readAppObject(context, app);
	if ('refusal' in read) return refusedAction(title, read.refusal);
	const {object} = read;
	if (isSuspended(object)) return refusedAction(title, suspendedRefusal);
	const warnings: string[] = [];
	const targets: FluxTarget[] = [];
	const gitRepository = await readGitRepository(context, app, object);
	if (request.params?.withSource !== false) {
		try {
			const {source, warning} = await reconcilableSource(context, app, object);
			if (source) targets.push(source);
			if (warning) warnings.push(warning);
		} catch (error) {
			warnings.push(`source not readable (${classifyApiError(error).message}): only the ${app.type.kind} is annotated`);
		}
	}
	targets.push(app);
	// With the source reconciled first it fetches, and the app then applies the branch tip; else the artifact it has.
	const withSource = targets.length > 1;
	const diff = fluxDiff(
		context,
		object,
		gitRepository,
		withSource ? {at: 'fetched-tip'} : {at: 'artifact'},
		withSource
			? 'the source fetches first: this is what applying the tip of its branch (as last fetched here; f fetches) changes'
			: 'only the app reconciles: this is what applying the artifact its source holds now changes',
	);
	return {
		title,
		effects: targets.map(annotateEffect),
		warnings,
		refusal: null,
		// As asked (default on), even when there is no source to reconcile first.
		switches: {withSource: request.params?.withSource !== false},
		writes: targets.map(targetWrite),
		diff,
		execute: async (): Promise<ActionOutcome> => {
			try {
				await requestReconcile(context, targets, app);
			} catch (error) {
				return {ok: false, message: error instanceof StaleTarget ? error.message : classifyApiError(error).message};
			}
			return {ok: true, message: 'reconcile requested', details: {annotated: targets.map(describeTarget)}};
		},
	};
}
