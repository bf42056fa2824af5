// Addressing and reading the Flux objects an action touches: the app itself and its source.
import {classifyApiError} from '../../../kube/api-error.js';
import {requestJson} from '../../../kube/http.js';
import {resourcePath, type KubeObject, type ResourceType} from '../../../kube/resource-type.js';
import {projectHelmRelease, projectKustomization, type FluxAppProjection, type FluxObjectRef} from '../projection.js';
import {helmReleaseType, kustomizationType, sourceTypeOfKind} from '../types.js';
import {plannedWrite, type PlannedWrite} from '../../../actions/access-check.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import {appGoneText} from '../../../util/error-text.js';

/** One object an action reads or annotates. */
export type FluxTarget = {type: ResourceType; namespace: string; name: string};

const sourceGroup = 'source.toolkit.fluxcd.io';

export function describeTarget(target: FluxTarget): string {
	return `${target.type.kind} ${target.namespace}/${target.name}`;
}

export function targetPath(target: FluxTarget): string {
	return resourcePath(target.type, target.namespace, target.name);
}

/** Every Flux action's write: a merge patch of the object (guarded-patch.ts). */
export function targetWrite(target: FluxTarget): PlannedWrite {
	return plannedWrite(target.type, target.namespace, target.name);
}

export function appTarget(context: ActionContext): FluxTarget {
	const type = context.type ?? (context.app.kind === helmReleaseType.kind ? helmReleaseType : kustomizationType);
	return {type, namespace: context.app.namespace, name: context.app.name};
}

function isHelmRelease(target: FluxTarget): boolean {
	return target.type.kind === helmReleaseType.kind;
}

export function projectApp(target: FluxTarget, object: KubeObject): FluxAppProjection {
	return isHelmRelease(target) ? projectHelmRelease(object) : projectKustomization(object);
}

/** The source's resource type: a watched one, or (Bucket, ExternalArtifact) what discovery serves. */
export async function sourceTarget(context: ActionContext, ref: FluxObjectRef): Promise<FluxTarget | null> {
	let type = context.typeOf(ref.kind) ?? sourceTypeOfKind(ref.kind);
	if (type === undefined) {
		const found = await context.discovery.findInGroup(sourceGroup, ref.kind);
		if (found) type = {...found, label: found.plural};
	}
	return type === undefined ? null : {type, namespace: ref.namespace, name: ref.name};
}

export function getObject(context: ActionContext, target: FluxTarget): Promise<KubeObject> {
	return requestJson<KubeObject>(context.kc, targetPath(target), {
		timeoutMs: 15_000,
		...(context.signal ? {signal: context.signal} : {}),
	});
}

/** The object, or null when it does not exist (other failures throw). */
export async function findObject(context: ActionContext, target: FluxTarget): Promise<KubeObject | null> {
	try {
		return await getObject(context, target);
	} catch (error) {
		if (classifyApiError(error).kind === 'not-found') return null;
		throw error;
	}
}

/** The app's object, or why it cannot be acted on (unreadable, or gone), in one line. */
export async function readAppObject(context: ActionContext, app: FluxTarget): Promise<{object: KubeObject} | {refusal: string}> {
	try {
		const object = await findObject(context, app);
		return object === null ? {refusal: `${describeTarget(app)}: ${appGoneText}`} : {object};
	} catch (error) {
		return {refusal: classifyApiError(error).message};
	}
}

export function isSuspended(object: KubeObject): boolean {
	return object.spec?.suspend === true;
}
