// `flux reconcile <kind> NAME --with-source` over the API: the requestedAt annotation on
// the source (for a HelmRelease's HelmChart, the chart's own source before it), then on the app.
// Fire and forget: the row shows lastHandledReconcileAt, then Ready.
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
import {record, text} from '../../../util/json.js';

export const suspendedRefusal = 'resource is suspended';

function annotateEffect(target: FluxTarget): string {
	return `annotate ${describeTarget(target)} (${requestedAtAnnotation})`;
}

/** The sources to reconcile first, outermost first, or warnings saying why only part of the chain is annotated. */
async function reconcilableSources(
	context: ActionContext,
	app: FluxTarget,
	object: KubeObject,
): Promise<{sources: FluxTarget[]; warnings: string[]}> {
	const ref = projectApp(app, object).sourceRef;
	if (ref === null) return {sources: [], warnings: []};
	const source = await sourceTarget(context, ref);
	const label = `${ref.kind} ${ref.namespace}/${ref.name}`;
	if (source === null) return {sources: [], warnings: [`${label} is not served by this cluster: only the ${app.type.kind} is annotated`]};
	const sourceObject = await findObject(context, source);
	if (sourceObject === null) return {sources: [], warnings: [`${label} not found: only the ${app.type.kind} is annotated`]};
	if (isSuspended(sourceObject))
		return {sources: [], warnings: [`${label} is suspended: it will not fetch; only the ${app.type.kind} is annotated`]};
	if (source.type.kind !== 'HelmChart') return {sources: [source], warnings: []};
	// source-controller builds a HelmChart from the artifact its own source (GitRepository, HelmRepository, Bucket)
	// already holds: a chart version pushed to Git is seen only once that source fetches. `flux reconcile hr
	// --with-source` reconciles it first too.
	const chartRef = record(sourceObject.spec?.['sourceRef']);
	const chartSourceKind = text(chartRef?.['kind']);
	const chartSourceName = text(chartRef?.['name']);
	if (chartSourceKind === '' || chartSourceName === '') return {sources: [source], warnings: []};
	const chartSourceLabel = `${chartSourceKind} ${source.namespace}/${chartSourceName}`;
	const chartSource = await sourceTarget(context, {kind: chartSourceKind, namespace: source.namespace, name: chartSourceName});
	const chartSourceObject = chartSource === null ? null : await findObject(context, chartSource);
	if (chartSource === null || chartSourceObject === null)
		return {sources: [source], warnings: [`${chartSourceLabel} (the chart's source) not found: it is not annotated`]};
	if (isSuspended(chartSourceObject))
		return {sources: [source], warnings: [`${chartSourceLabel} (the chart's source) is suspended: it will not fetch`]};
	return {sources: [chartSource, source], warnings: []};
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
			const {sources, warnings: sourceWarnings} = await reconcilableSources(context, app, object);
			targets.push(...sources);
			warnings.push(...sourceWarnings);
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
