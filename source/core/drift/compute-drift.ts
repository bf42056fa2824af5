import {compareObjects, findPrunable, refOf, type CompareOptions, refKey} from '../diff/drift-compare.js';
import type {ResourceDiff, DiffChange, ObjectRef} from '../diff/types.js';
import {withText} from '../diff/unified.js';
import {classifyApiError} from '../kube/api-error.js';
import {parseApiVersion, type KubeObject} from '../kube/resource-type.js';
import type {DiscoveredResource, Discovery} from '../kube/discovery.js';
import {listObjects} from '../kube/list.js';
import {mapLimited} from '../util/concurrency.js';
import {atLeastSize, offThread} from '../util/off-thread.js';
import {ABSENT, comparisonKey} from './drift-cache.js';
import {applyConfiguration, getLive, predictApply} from './live-api.js';
import {redactSecretValues, secretValuesOf} from './redact.js';
import {driftStatus, errorLines, objectPathOf} from './status.js';
import type {DriftInput, DriftReport, DriftResource} from './types.js';

const DEFAULT_CONCURRENCY = 6;
/** With a live selector, a scope with at least this many objects to compare is listed once instead of a GET each. */
const LIST_AT_LEAST = 3;
const KIND_NOT_SERVED = 'kind not served by this cluster';

/** A desired object resolved and not answered from the cache: it needs its live object and a dry run. */
type Pending = {
	pending: true;
	object: KubeObject;
	ref: ObjectRef;
	resource: DiscoveredResource;
	namespace: string | null;
	body: KubeObject;
	key: string | null;
};

/**
 * How the cluster differs from Git, as `kubectl diff --server-side` sees it: each desired object's server-side
 * apply dry run against its live object, objects missing live, and tracked objects Git no longer has. A problem
 * with one object is that object's error; only an abort (the signal's reason) rejects.
 */
export async function computeDrift(input: DriftInput): Promise<DriftReport> {
	input.signal?.throwIfAborted();
	const limit = Math.max(1, input.concurrency ?? DEFAULT_CONCURRENCY);
	const {objects, warnings} = uniqueDesired(input.desired);
	input.cache?.beginPass();
	const prepared = await mapLimited(objects, limit, object =>
		guarded(input, refOf(object), 'unchanged', [object], () => prepareDesired(input, object)),
	);
	const lists = listedLive(input, prepared.filter(isPending), limit);
	const desired = await mapLimited(prepared, limit, item => {
		if (!isPending(item)) return Promise.resolve(item);
		return guarded(input, item.ref, 'unchanged', [item.object], async () => {
			const result = await compareDesired(input, item, await lists.get(scopeOf(item))?.catch(() => undefined));
			input.cache?.set(item.ref, item.key, result);
			return result;
		});
	});
	// Refs as resolved (a cluster-scoped object loses a stray namespace), so pruning compares like with like.
	const prunable = findPrunable(
		desired.map(resource => resource.ref),
		input.tracked,
	);
	const pruned = await mapLimited(prunable, limit, ref => guarded(input, ref, 'removed', [], () => driftOfTracked(input, ref)));
	const resources = [...desired, ...pruned.filter((resource): resource is DriftResource => resource !== null)];
	input.signal?.throwIfAborted();
	input.cache?.endPass();
	const errors = errorLines(resources);
	return {status: driftStatus(resources, errors), resources, errors, warnings};
}

/**
 * Runs one object's comparison, turning any failure but an abort into that object's error; `change` is what is
 * known without comparing (a tracked object Git lacks would be removed whatever it looks like).
 */
async function guarded<T extends DriftResource | Pending | null>(
	run: DriftInput,
	ref: ObjectRef,
	change: DiffChange,
	secrets: KubeObject[],
	compare: () => Promise<T>,
): Promise<T | DriftResource> {
	run.signal?.throwIfAborted();
	try {
		return await compare();
	} catch (error) {
		run.signal?.throwIfAborted();
		return {ref, change, diff: null, error: failureMessage(error, secrets)};
	} finally {
		run.onProgress?.();
	}
}

/** What besides the two objects decides a comparison's result. */
function settingsOf(run: DriftInput, side: 'desired' | 'removed'): string {
	return `${side}\0${run.fieldManager}\0${run.instanceLabelKey ?? ''}\0${run.context ?? ''}`;
}

/** The cache key of this object's comparison, or null when there is no cache or the live side is not known. */
function keyOf(run: DriftInput, ref: ObjectRef, desired: KubeObject | null): string | null {
	if (!run.cache || !run.liveSignature) return null;
	return comparisonKey(desired, run.liveSignature(ref), settingsOf(run, desired ? 'desired' : 'removed'));
}

function failureMessage(error: unknown, secrets: ReadonlyArray<KubeObject | null>): string {
	const failure = error instanceof StepError ? error : new StepError('comparing', error);
	const classified = classifyApiError(failure.cause);
	const fallback = classified.code === null ? 'failed' : `failed (HTTP ${classified.code})`;
	// A server may quote what it was sent; for a Secret that could be a value.
	const message = redactSecretValues(classified.message, secretValuesOf([...secrets, ...failure.secrets]), fallback);
	return `${failure.step}: ${message}`;
}

/** A failed request, with what it was doing and which objects its message might quote. */
class StepError extends Error {
	constructor(
		readonly step: string,
		override readonly cause: unknown,
		readonly secrets: ReadonlyArray<KubeObject | null> = [],
	) {
		super(step);
	}
}

async function step<T>(name: string, action: () => Promise<T>, secrets: ReadonlyArray<KubeObject | null> = []): Promise<T> {
	try {
		return await action();
	} catch (error) {
		throw new StepError(name, error, secrets);
	}
}

/** The diff of one object; a large one is worked out in the worker thread (YAML text and line diff take seconds). */
async function compare(run: DriftInput, predicted: KubeObject | null, live: KubeObject | null): Promise<ResourceDiff> {
	const options: CompareOptions = {
		...(run.instanceLabelKey === undefined ? {} : {instanceLabelKey: run.instanceLabelKey}),
		...(run.context === undefined ? {} : {context: run.context}),
	};
	if (!atLeastSize([predicted, live])) return compareObjects(predicted, live, options);
	return withText(await offThread('compareObjects', {predicted, live, options}));
}

function isPending(item: DriftResource | Pending): item is Pending {
	return 'pending' in item;
}

function scopeOf(item: Pick<Pending, 'resource' | 'namespace'>): string {
	return `${item.resource.group}/${item.resource.version}/${item.resource.plural}@${item.namespace ?? ''}`;
}

/**
 * One label-selected list per scope holding several objects to compare, instead of a GET per object: the live
 * objects of an app carry its tracking label. Started at once, shared by that scope's objects; an object the
 * list lacks (not labelled, or not there) is still read on its own, and a list that fails means GETs.
 */
function listedLive(run: DriftInput, pending: readonly Pending[], limit: number): Map<string, Promise<Map<string, KubeObject>>> {
	const lists = new Map<string, Promise<Map<string, KubeObject>>>();
	const selector = run.liveSelector;
	if (!selector) return lists;
	const byScope = new Map<string, Pending[]>();
	for (const item of pending) byScope.set(scopeOf(item), [...(byScope.get(scopeOf(item)) ?? []), item]);
	const wanted = [...byScope.values()].filter(items => items.length >= LIST_AT_LEAST);
	let running = 0;
	const queue: Array<() => void> = [];
	const slot = async <T>(work: () => Promise<T>): Promise<T> => {
		if (running >= limit) await new Promise<void>(resolve => queue.push(resolve));
		running++;
		try {
			return await work();
		} finally {
			running--;
			queue.shift()?.();
		}
	};
	for (const items of wanted) {
		const {resource, namespace} = items[0]!;
		const list = slot(async () => {
			const {items: live} = await listObjects(run.kc, resource, namespace, {
				labelSelector: selector,
				...(run.signal ? {signal: run.signal} : {}),
			});
			return new Map(live.map(object => [object.metadata?.name ?? '', object]));
		});
		// Awaited per object (with a fallback); this keeps a failure from being reported as unhandled meanwhile.
		list.catch(() => {});
		lists.set(scopeOf(items[0]!), list);
	}
	return lists;
}

async function prepareDesired(run: DriftInput, object: KubeObject): Promise<DriftResource | Pending> {
	const declared = refOf(object);
	if (!object.apiVersion || !object.kind || !declared.name) {
		return {ref: declared, change: 'unchanged', diff: null, error: 'apiVersion, kind and metadata.name are required'};
	}
	const {group, version} = parseApiVersion(object.apiVersion);
	const resource = await step('discovering the kind', () => resourceFor(run.discovery, group, version, object.kind!));
	if (!resource) {
		// It cannot exist live; show what Git holds as to be added, and why it cannot be.
		return {
			ref: declared,
			change: 'added',
			diff: await compare(run, object, null),
			error: `${KIND_NOT_SERVED} (${object.apiVersion} ${object.kind})`,
		};
	}
	const namespace = resource.namespaced ? declared.namespace : null;
	const ref: ObjectRef = {...declared, namespace: namespace ?? ''};
	if (namespace === '') return {ref, change: 'unchanged', diff: null, error: `${object.kind} is namespaced but has no namespace`};
	const body = applyConfiguration(object, namespace);
	const key = keyOf(run, ref, body);
	const cached = run.cache?.get(ref, key);
	if (cached) return cached;
	return {pending: true, object, ref, resource, namespace, body, key};
}

/** The dry run against the live object: from the scope's list when it has it, else one GET. */
async function compareDesired(run: DriftInput, item: Pending, listed: Map<string, KubeObject> | undefined): Promise<DriftResource> {
	const {object, ref, resource, namespace, body} = item;
	const live =
		listed?.get(ref.name) ?? (await step('reading the live object', () => getLive(run.kc, resource, namespace, ref.name, run.signal)));
	let predicted: KubeObject;
	try {
		predicted = await step(
			'server-side apply dry run',
			() => predictApply(run.kc, resource, namespace, body, run.fieldManager, run.signal),
			[live],
		);
	} catch (error) {
		if (live) throw error;
		// Missing live and not predictable (its namespace is also still to be created…): Git's version is the best
		// picture of what would be added; only a refusal other than a missing namespace is worth an error.
		const notFound = error instanceof StepError && classifyApiError(error.cause).kind === 'not-found';
		return {ref, change: 'added', diff: await compare(run, body, null), error: notFound ? null : failureMessage(error, [object])};
	}
	const diff = await compare(run, predicted, live);
	return {ref, change: diff.change, diff, error: null};
}

async function driftOfTracked(run: DriftInput, ref: ObjectRef): Promise<DriftResource | null> {
	const resource = await step('discovering the kind', () => resourceInGroup(run.discovery, ref.group, ref.kind));
	// A kind the cluster no longer serves has no objects left to prune.
	if (!resource) return null;
	// The shared watch listed the scope and has no such object: nothing left to prune, nothing to ask.
	if (run.liveSignature?.(ref) === ABSENT) return null;
	const key = keyOf(run, ref, null);
	const cached = run.cache?.get(ref, key);
	if (cached) return cached;
	const live = await step('reading the live object', () =>
		getLive(run.kc, resource, resource.namespaced ? ref.namespace : null, ref.name, run.signal),
	);
	if (!live) return null;
	const result: DriftResource = {ref, change: 'removed', diff: await compare(run, null, live), error: null};
	run.cache?.set(ref, key, result);
	return result;
}

/** The resource serving a kind at a version, or null when the cluster does not serve it. */
function resourceFor(discovery: Discovery, group: string, version: string, kind: string): Promise<DiscoveredResource | null> {
	return discovery.find(group, version, kind).then(found => found ?? null);
}

/** A kind known only by group (tracked objects carry no version), at the group's preferred version. */
function resourceInGroup(discovery: Discovery, group: string, kind: string): Promise<DiscoveredResource | null> {
	return discovery.findInGroup(group, kind).then(found => found ?? null);
}

/**
 * The desired objects with each identity once. Applying a set with a repeated object applies each in turn,
 * so the last definition is what ends up live; it is the one compared.
 */
export function uniqueDesired(desired: readonly KubeObject[]): {objects: KubeObject[]; warnings: string[]} {
	const byKey = new Map<string, {object: KubeObject; count: number}>();
	for (const object of desired) {
		const key = refKey(refOf(object));
		const seen = byKey.get(key);
		// Delete first so the object keeps the place of its last definition.
		byKey.delete(key);
		byKey.set(key, {object, count: (seen?.count ?? 0) + 1});
	}
	const warnings = [...byKey.values()]
		.filter(entry => entry.count > 1)
		.map(entry => `${objectPathOf(refOf(entry.object))} is defined ${entry.count} times in Git; the last definition is compared`);
	return {objects: [...byKey.values()].map(entry => entry.object), warnings};
}
