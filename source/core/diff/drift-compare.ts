import type {KubeObject} from '../kube/resource-type.js';
import {groupOfApiVersion} from '../render/cluster-scoped.js';
import {normalizeForDiff, stripTracking} from './normalize.js';
import type {ObjectRef, ResourceDiff} from './types.js';
import {unifiedDiffData, withText, type ResourceDiffData, type UnifiedDiffOptions} from './unified.js';

export type CompareOptions = UnifiedDiffOptions & {instanceLabelKey?: string};

export function refOf(object: KubeObject): ObjectRef {
	return {
		group: groupOfApiVersion(object.apiVersion),
		kind: object.kind ?? '',
		namespace: object.metadata?.namespace ?? '',
		name: object.metadata?.name ?? '',
	};
}

export function refKey(ref: ObjectRef): string {
	return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

function prepare(object: KubeObject | null, options: CompareOptions): KubeObject | null {
	return object ? normalizeForDiff(stripTracking(object, options)) : null;
}

/**
 * Drift of one object: the predicted object (server-side apply dry-run of the desired one) against the live
 * one, both stripped of tracking metadata, normalized and Secret-masked. Either side may be missing.
 */
export function compareObjects(desiredPredicted: KubeObject | null, live: KubeObject | null, options: CompareOptions = {}): ResourceDiff {
	return withText(compareObjectsData(desiredPredicted, live, options));
}

/** compareObjects as plain data (what a worker thread sends back). */
export function compareObjectsData(
	desiredPredicted: KubeObject | null,
	live: KubeObject | null,
	options: CompareOptions = {},
): ResourceDiffData {
	const identity = refOf(desiredPredicted ?? live ?? {});
	// unifiedDiffData masks Secret values on both sides before it renders any text.
	return unifiedDiffData(
		prepare(live, options),
		prepare(desiredPredicted, options),
		{kind: identity.kind, namespace: identity.namespace, name: identity.name},
		options,
	);
}

function notIn<T extends ObjectRef>(refs: T[], others: ObjectRef[]): T[] {
	const keys = new Set(others.map(refKey));
	return refs.filter(ref => !keys.has(refKey(ref)));
}

/** Objects the app tracks live that Git no longer has: they would be pruned. */
export function findPrunable<T extends ObjectRef>(desired: ObjectRef[], tracked: T[]): T[] {
	return notIn(tracked, desired);
}

/** Objects in Git with no live counterpart. */
export function findMissing<T extends ObjectRef>(desired: T[], liveRefs: ObjectRef[]): T[] {
	return notIn(desired, liveRefs);
}
