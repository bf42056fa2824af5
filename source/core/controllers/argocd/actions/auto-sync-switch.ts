// Turning auto-sync off (before a rollback) and on again. Servers from
// Argo CD 3.1 keep `automated.enabled`; older CRDs prune it, and there the only way off is removing `automated`,
// which driftwatch remembers in an annotation so `enable-auto-sync` can put prune/selfHeal back.
import type {KubeObject} from '../../../kube/resource-type.js';
import {isAutoSyncEnabled} from '../projection.js';
import {at, record, text, type JsonRecord} from '../../../util/json.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import type {ArgoAppFacts} from './app-facts.js';
import {pointerSegment, sendJsonPatch, sendMergePatch} from './application.js';

const rememberedAutomatedKey = 'driftwatch.dev/automated-before-rollback';

type AutoSyncOff = {
	/** The app as stored afterwards: the next write tests its resourceVersion. */
	app: KubeObject;
	how: 'enabled=false' | 'removed';
};

/** Off, only if the app is still the version reviewed (409 otherwise). */
export async function disableAutoSync(context: ActionContext, facts: ArgoAppFacts): Promise<AutoSyncOff> {
	const patched = await sendMergePatch(context, {
		metadata: {resourceVersion: facts.resourceVersion},
		spec: {syncPolicy: {automated: {enabled: false}}},
	});
	if (!isAutoSyncEnabled(patched.spec)) return {app: patched, how: 'enabled=false'};
	// The server dropped `enabled`: remove automated itself, keeping what it said for later.
	const automated = at(patched.spec, 'syncPolicy', 'automated') ?? {};
	const remembered = JSON.stringify(automated);
	const annotations = patched.metadata?.annotations;
	const removed = await sendJsonPatch(context, [
		{op: 'test', path: '/metadata/resourceVersion', value: text(patched.metadata?.resourceVersion)},
		{op: 'remove', path: '/spec/syncPolicy/automated'},
		annotations === undefined
			? {op: 'add', path: '/metadata/annotations', value: {[rememberedAutomatedKey]: remembered}}
			: {op: 'add', path: `/metadata/annotations/${pointerSegment(rememberedAutomatedKey)}`, value: remembered},
	]);
	return {app: removed, how: 'removed'};
}

/** The `automated` block a removal remembered (prune/selfHeal/allowEmpty only), or null. */
export function rememberedAutomated(object: KubeObject): JsonRecord | null {
	const value = object.metadata?.annotations?.[rememberedAutomatedKey];
	if (value === undefined) return null;
	let parsed: JsonRecord | null;
	try {
		parsed = record(JSON.parse(value));
	} catch {
		return null;
	}
	const kept: JsonRecord = {};
	for (const key of ['prune', 'selfHeal', 'allowEmpty']) {
		if (typeof parsed?.[key] === 'boolean') kept[key] = parsed[key];
	}
	return kept;
}

/** The merge patch that turns auto-sync on again, bound to the reviewed resourceVersion. */
export function enableAutoSyncPatch(object: KubeObject, facts: ArgoAppFacts): Record<string, unknown> {
	if (facts.automated !== null) {
		return {metadata: {resourceVersion: facts.resourceVersion}, spec: {syncPolicy: {automated: {enabled: true}}}};
	}
	const annotations =
		object.metadata?.annotations?.[rememberedAutomatedKey] !== undefined ? {annotations: {[rememberedAutomatedKey]: null}} : {};
	return {
		metadata: {resourceVersion: facts.resourceVersion, ...annotations},
		spec: {syncPolicy: {automated: rememberedAutomated(object) ?? {}}},
	};
}
