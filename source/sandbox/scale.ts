// The scale subresource (`kubectl scale`, HPAs): an autoscaling/v1 Scale
// view of an object's replica count. Deployments, ReplicaSets and
// StatefulSets have one; a custom kind has one when its CRD declares
// `subresources.scale` (with the JSON paths of its replica fields). Reads
// build the Scale from the object; writes change only the object's desired
// replicas.
import type {KubeObject} from '../core/kube/resource-type.js';
import {isObject, type JsonObject} from './json-values.js';
import type {ObjectApi, PatchType, Target} from './objects.js';
import {applyJsonPatch, applyMergePatch} from './patch.js';
import {apiError, badRequest} from './status.js';
import {selectorText} from './printers.js';

export type ScalePaths = {
	specReplicasPath: string;
	statusReplicasPath: string;
	/** Where a custom kind keeps its selector (as a string); built-in kinds format `.spec.selector`. */
	labelSelectorPath?: string | undefined;
};

/** The scale paths a CRD declares, by version (each version has its own subresources), if any. */
export function scaleFromCrdVersions(versions: unknown): Record<string, ScalePaths> | undefined {
	const byVersion: Record<string, ScalePaths> = {};
	for (const version of Array.isArray(versions) ? versions : []) {
		const scale = isObject(version) && isObject(version.subresources) ? version.subresources.scale : undefined;
		if (
			isObject(scale) &&
			typeof scale.specReplicasPath === 'string' &&
			typeof scale.statusReplicasPath === 'string' &&
			typeof version.name === 'string'
		) {
			byVersion[version.name] = {
				specReplicasPath: scale.specReplicasPath,
				statusReplicasPath: scale.statusReplicasPath,
				labelSelectorPath: typeof scale.labelSelectorPath === 'string' ? scale.labelSelectorPath : undefined,
			};
		}
	}
	return Object.keys(byVersion).length > 0 ? byVersion : undefined;
}

type ScaleWrite = {verb: 'update'; body: unknown} | {verb: 'patch'; type: PatchType; body: unknown};

/** GET, PUT or PATCH of `target`'s scale (target names the object itself, without the subresource). */
export function serveScale(
	api: ObjectApi,
	target: Target,
	paths: ScalePaths,
	write: ScaleWrite | undefined,
	options: {dryRun: boolean; fieldManager: string},
): JsonObject {
	const current = scaleOf(api.get(target), paths, target.resource.crdName === undefined);
	if (!write) return current;
	let wanted: unknown;
	if (write.verb === 'update') wanted = write.body;
	else if (write.type === 'apply')
		throw apiError(415, 'the sandbox does not apply configurations to the scale subresource; use a merge patch', 'UnsupportedMediaType');
	else wanted = write.type === 'json' ? applyJsonPatch(current, write.body) : applyMergePatch(current, write.body);
	if (!isObject(wanted)) throw badRequest('the scale is not an object');
	const spec = isObject(wanted.spec) ? wanted.spec : {};
	const replicas = spec.replicas ?? 0;
	if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas must be an integer');
	if (replicas < 0) {
		throw apiError(
			422,
			`Scale.autoscaling "${target.name ?? ''}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`,
			'Invalid',
			{
				name: target.name,
				group: 'autoscaling',
				kind: 'Scale',
				causes: [
					{reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0`, field: 'spec.replicas'},
				],
			},
		);
	}
	// The object changes only in its desired replicas; a resourceVersion in the Scale is a precondition on it.
	const patch = nestedPatch(paths.specReplicasPath, replicas);
	const resourceVersion = isObject(wanted.metadata) ? wanted.metadata.resourceVersion : undefined;
	if (typeof resourceVersion === 'string' && resourceVersion) patch.metadata = {resourceVersion};
	const updated = api.patch(target, 'merge', patch, {...options, force: false});
	return scaleOf(updated, paths, target.resource.crdName === undefined);
}

function scaleOf(object: KubeObject, paths: ScalePaths, builtIn: boolean): JsonObject {
	const metadata = object.metadata ?? {};
	const specReplicas = valueAt(object, paths.specReplicasPath);
	const statusReplicas = valueAt(object, paths.statusReplicasPath);
	const selector = builtIn
		? selectorText((object.spec as JsonObject | undefined)?.selector)
		: paths.labelSelectorPath
			? valueAt(object, paths.labelSelectorPath)
			: undefined;
	return {
		kind: 'Scale',
		apiVersion: 'autoscaling/v1',
		metadata: {
			name: metadata.name,
			...(metadata.namespace ? {namespace: metadata.namespace} : {}),
			uid: metadata.uid,
			resourceVersion: metadata.resourceVersion,
			creationTimestamp: metadata.creationTimestamp,
		},
		spec: typeof specReplicas === 'number' && specReplicas !== 0 ? {replicas: specReplicas} : {},
		status: {
			replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
			...(typeof selector === 'string' && selector ? {selector} : {}),
		},
	};
}

function segments(path: string): string[] {
	return path.replace(/^\./, '').split('.').filter(Boolean);
}

function valueAt(object: unknown, path: string): unknown {
	let current = object;
	for (const segment of segments(path)) current = isObject(current) ? current[segment] : undefined;
	return current;
}

function nestedPatch(path: string, value: unknown): JsonObject {
	const keys = segments(path);
	const root: JsonObject = {};
	let current = root;
	for (const [index, key] of keys.entries()) {
		if (index === keys.length - 1) current[key] = value;
		else current = current[key] = {} as JsonObject;
	}
	return root;
}
