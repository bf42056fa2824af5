import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {AppSummary} from '../apps/model.js';
import {argoDesiredPlan} from '../desired/argocd-plan.js';
import {fluxDesiredPlan} from '../desired/flux-plan.js';
import type {DesiredPlan} from '../desired/types.js';
import {classifyApiError} from '../kube/api-error.js';
import {requestJson} from '../kube/http.js';
import {resourcePath} from '../kube/paths.js';
import type {KubeObject, ResourceType} from '../kube/resource-type.js';
import type {ActiveProvider} from './active-types.js';
import {appGoneText} from '../util/error-text.js';

function typeOf(active: readonly ActiveProvider[], provider: string, kind: string): ResourceType | undefined {
	for (const entry of active) {
		if (entry.provider.name !== provider) continue;
		const spec = entry.watches.find(candidate => candidate.type.kind === kind);
		if (spec) return spec.type;
	}
	return undefined;
}

async function getObject(
	kc: KubeConfigLike,
	type: ResourceType,
	namespace: string,
	name: string,
	signal: AbortSignal,
): Promise<KubeObject | null> {
	try {
		return await requestJson<KubeObject>(kc, resourcePath(type, namespace, name), {signal, timeoutMs: 10_000});
	} catch (error) {
		if (classifyApiError(error).kind === 'not-found') return null;
		throw error;
	}
}

/** How to compute a controller app's drift, from its full object (and, for Flux, its GitRepository). */
export async function controllerPlan(
	kc: KubeConfigLike,
	active: readonly ActiveProvider[],
	app: AppSummary,
	signal: AbortSignal,
): Promise<DesiredPlan> {
	const type = typeOf(active, app.provider, app.kind);
	if (!type) return {ok: false, reason: 'error', message: `no watched resource type for ${app.kind}`};
	let object: KubeObject | null;
	try {
		object = await getObject(kc, type, app.namespace, app.name, signal);
	} catch (error) {
		return {ok: false, reason: 'error', message: `reading ${app.kind} ${app.namespace}/${app.name}: ${classifyApiError(error).message}`};
	}
	if (!object) return {ok: false, reason: 'error', message: appGoneText};
	if (app.provider === 'argocd') return argoDesiredPlan(object);
	if (app.kind !== 'Kustomization') return fluxDesiredPlan(object, null);
	const sourceRef = object.spec?.sourceRef as {kind?: string; name?: string; namespace?: string} | undefined;
	if (sourceRef?.kind !== 'GitRepository' || !sourceRef.name) return fluxDesiredPlan(object, null);
	const repoType = typeOf(active, 'flux', 'GitRepository');
	if (!repoType) return {ok: false, reason: 'error', message: 'GitRepository is not served by this cluster'};
	try {
		const repository = await getObject(kc, repoType, sourceRef.namespace ?? app.namespace, sourceRef.name, signal);
		return fluxDesiredPlan(object, repository);
	} catch (error) {
		return {
			ok: false,
			reason: 'error',
			message: `reading GitRepository ${sourceRef.namespace ?? app.namespace}/${sourceRef.name}: ${classifyApiError(error).message}`,
		};
	}
}
