// What a Flux action would change in the cluster (the confirmation's `d`): the Kustomization's path rendered at
// the revision kustomize-controller would apply next, compared with the live cluster the same way local drift is.
import {fluxDesiredPlan} from '../desired-plan.js';
import type {DesiredPlan} from '../../../desired/types.js';
import {computeDrift} from '../../../drift/compute-drift.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {record} from '../../../util/json.js';
import type {ActionContext, ActionPlanDiff, NoPlanDiff} from '../../../actions/provider-actions.js';
import {findObject, projectApp, sourceTarget, type FluxTarget} from './flux-objects.js';

/**
 * Which revision the controller would apply: the source's current artifact (reconcile without the source, resume),
 * the tip of the branch the source follows once it fetches (reconcile with the source), or a given commit.
 */
type FluxDeploy = {at: 'artifact'} | {at: 'fetched-tip'} | {at: 'commit'; sha: string};

/** The GitRepository the app takes its manifests from; null when it has none, it is gone or unreadable. */
export async function readGitRepository(context: ActionContext, app: FluxTarget, object: KubeObject): Promise<KubeObject | null> {
	const ref = projectApp(app, object).sourceRef;
	if (ref === null || ref.kind !== 'GitRepository') return null;
	try {
		const source = await sourceTarget(context, ref);
		return source === null ? null : await findObject(context, source);
	} catch {
		return null;
	}
}

/**
 * The diff of applying the app at `deploy`; unavailable, saying why, when driftwatch cannot render it (a HelmRelease,
 * a non-Git source, build options kustomize-controller adds…). `note` says what the diff stands for.
 */
export function fluxDiff(
	context: ActionContext,
	object: KubeObject,
	gitRepository: KubeObject | null,
	deploy: FluxDeploy,
	note: string,
): ActionPlanDiff | NoPlanDiff {
	const plan = planAt(object, gitRepository, deploy);
	if (!plan.ok) return {unavailable: plan.message};
	const diff = async () => {
		const signal = context.signal ?? new AbortController().signal;
		const rendered = await context.render(plan.sources, signal);
		if (!rendered.ok) throw new Error(rendered.message);
		// kustomize-controller prunes by default (spec.prune); what it would delete is shown only then.
		const prune = record(object.spec)?.['prune'] !== false;
		const report = await computeDrift({
			kc: context.kc,
			discovery: context.discovery,
			desired: rendered.objects,
			tracked: prune ? plan.tracked : [],
			fieldManager: plan.fieldManager,
			signal,
		});
		return {...report, warnings: [note, ...report.warnings]};
	};
	return Object.assign(diff, {about: note});
}

function planAt(object: KubeObject, gitRepository: KubeObject | null, deploy: FluxDeploy): DesiredPlan {
	// The plan renders the last applied revision; without it, the artifact's; without that, what the source follows.
	const status = record(object.status) ?? {};
	const {lastAppliedRevision: _applied, ...rest} = status;
	const notApplied = {...object, status: rest};
	if (deploy.at === 'artifact') return fluxDesiredPlan(notApplied, gitRepository);
	if (deploy.at === 'fetched-tip') {
		const source = gitRepository && {...gitRepository, status: withoutArtifact(gitRepository.status)};
		return fluxDesiredPlan(notApplied, source);
	}
	const plan = fluxDesiredPlan(notApplied, gitRepository);
	return plan.ok ? {...plan, sources: plan.sources.map(source => ({...source, revision: deploy.sha}))} : plan;
}

function withoutArtifact(status: unknown): Record<string, unknown> {
	const {artifact: _artifact, ...rest} = record(status) ?? {};
	return rest;
}
