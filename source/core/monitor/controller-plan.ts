import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {AppSummary} from '../apps/model.js';
import type {DesiredPlan} from '../desired/types.js';
import {classifyApiError} from '../kube/api-error.js';
import {requestJson} from '../kube/http.js';
import {resourcePath, type KubeObject, type ResourceType} from '../kube/resource-type.js';
import type {ActiveProvider} from './active-types.js';
import {appGoneText} from '../util/error-text.js';

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

/** How to compute a controller app's drift: its full object, read now, handed to its controller's plan. */
export async function controllerPlan(
	kc: KubeConfigLike,
	active: readonly ActiveProvider[],
	app: AppSummary,
	signal: AbortSignal,
): Promise<DesiredPlan> {
	const entry = active.find(candidate => candidate.provider.name === app.provider);
	const typeOf = (kind: string) => entry?.watches.find(spec => spec.type.kind === kind)?.type;
	const type = typeOf(app.kind);
	if (!entry || !type) return {ok: false, reason: 'error', message: `no watched resource type for ${app.kind}`};
	let object: KubeObject | null;
	try {
		object = await getObject(kc, type, app.namespace, app.name, signal);
	} catch (error) {
		return {ok: false, reason: 'error', message: `reading ${app.kind} ${app.namespace}/${app.name}: ${classifyApiError(error).message}`};
	}
	if (!object) return {ok: false, reason: 'error', message: appGoneText};
	return entry.provider.desiredPlan(object, app, {typeOf, get: (of, namespace, name) => getObject(kc, of, namespace, name, signal)});
}
