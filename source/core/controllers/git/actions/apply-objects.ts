// Sends a native sync: every object dry-run first (so a refusal — RBAC, validation — changes nothing), then
// server-side applied as 'driftwatch' in order, then the leftovers deleted.
import {applyBody} from '../../../kube/http.js';
import type {ObjectRef} from '../../../diff/types.js';
import {redactSecretValues} from '../../../drift/redact.js';
import {objectPathOf} from '../../../drift/status.js';
import {classifyApiError} from '../../../kube/api-error.js';
import type {Discovery, DiscoveredResource} from '../../../kube/discovery.js';
import {resourcePath} from '../../../kube/resource-type.js';
import {type Mutator, ReadonlyError} from '../../../actions/provider-actions.js';
import type {ApplyItem} from './desired-objects.js';
import type {TrackedObject} from './tracked-objects.js';

export const FIELD_MANAGER = 'driftwatch';

/** How long a CRD applied in this sync may take to be served before its objects are applied. */
const crdServedTimeoutMs = 15_000;

type ApplyRun = {
	mutate: Mutator;
	discovery: Discovery;
	items: readonly ApplyItem[];
	deletions: readonly TrackedObject[];
	/** Every form of the Secret values in `items`: a server message quoting one must not reach the user or the log. */
	secretValues: readonly string[];
	signal?: AbortSignal;
};

type ApplyResult = {ok: true; applied: number; deleted: number} | {ok: false; message: string; applied: number; deleted: number};

/** A request that failed, with the object it was for; the message is already safe to show. */
class ObjectFailure extends Error {
	constructor(
		readonly ref: ObjectRef,
		message: string,
	) {
		super(`${objectPathOf(ref)}: ${message}`);
	}
}

export async function applyObjects(run: ApplyRun): Promise<ApplyResult> {
	try {
		await dryRun(run);
	} catch (error) {
		if (!(error instanceof ObjectFailure)) throw error;
		return {ok: false, message: `${error.message}; nothing was changed`, applied: 0, deleted: 0};
	}
	let applied = 0;
	let deleted = 0;
	try {
		for (const item of run.items) {
			run.signal?.throwIfAborted();
			const resource = item.resource ?? (await servedOnceDefined(run.discovery, item, run.signal));
			await send(run, item.ref, () => apply(run, resource, item, false));
			applied++;
		}
		for (const object of run.deletions) {
			run.signal?.throwIfAborted();
			if (await send(run, object.ref, () => remove(run, object, false), true)) deleted++;
		}
	} catch (error) {
		if (!(error instanceof ObjectFailure)) throw error;
		const done = `${applied} of ${run.items.length} applied${run.deletions.length > 0 ? `, ${deleted} of ${run.deletions.length} deleted` : ''}`;
		return {ok: false, message: `${error.message} (${done})`, applied, deleted};
	}
	return {ok: true, applied, deleted};
}

/**
 * The whole sync as a dry run. An object whose namespace or kind is created by this very sync cannot be
 * checked before it exists; those are the only failures let through.
 */
async function dryRun(run: ApplyRun): Promise<void> {
	const createdNamespaces = new Set(
		run.items.filter(item => item.ref.group === '' && item.ref.kind === 'Namespace').map(item => item.ref.name),
	);
	for (const item of run.items) {
		run.signal?.throwIfAborted();
		if (!item.resource) continue;
		const resource = item.resource;
		await send(
			run,
			item.ref,
			() => apply(run, resource, item, true),
			false,
			error => classifyApiError(error).kind === 'not-found' && createdNamespaces.has(item.ref.namespace),
		);
	}
	for (const object of run.deletions) {
		run.signal?.throwIfAborted();
		await send(run, object.ref, () => remove(run, object, true), true);
	}
}

function apply(run: ApplyRun, resource: DiscoveredResource, item: ApplyItem, dry: boolean): Promise<unknown> {
	return run.mutate.request(resourcePath(resource, resource.namespaced ? item.ref.namespace : null, item.ref.name), {
		method: 'PATCH',
		contentType: 'application/apply-patch+yaml',
		// JSON is YAML: the apply content type takes it as is.
		body: applyBody(item.body),
		query: {fieldManager: FIELD_MANAGER, force: true, ...(dry ? {dryRun: 'All'} : {})},
		...(run.signal ? {signal: run.signal} : {}),
	});
}

function remove(run: ApplyRun, object: TrackedObject, dry: boolean): Promise<unknown> {
	const {resource, ref} = object;
	const options = {
		apiVersion: 'v1',
		kind: 'DeleteOptions',
		propagationPolicy: 'Background',
		...(object.uid ? {preconditions: {uid: object.uid}} : {}),
		...(dry ? {dryRun: ['All']} : {}),
	};
	return run.mutate.request(resourcePath(resource, resource.namespaced ? ref.namespace : null, ref.name), {
		method: 'DELETE',
		body: JSON.stringify(options),
		...(dry ? {query: {dryRun: 'All'}} : {}),
		...(run.signal ? {signal: run.signal} : {}),
	});
}

/**
 * Runs one request; a failure becomes an ObjectFailure with a message safe to show. `goneIsDone`: a 404 on a
 * deletion means it is already gone (returns false). `tolerate` lets expected dry-run failures pass.
 */
async function send(
	run: ApplyRun,
	ref: ObjectRef,
	request: () => Promise<unknown>,
	goneIsDone = false,
	tolerate?: (error: unknown) => boolean,
): Promise<boolean> {
	try {
		await request();
		return true;
	} catch (error) {
		run.signal?.throwIfAborted();
		const classified = classifyApiError(error);
		if (goneIsDone && classified.kind === 'not-found') return false;
		if (tolerate?.(error)) return true;
		// The Mutator's own refusal (read-only) is not about this object: it passes as it is.
		if (error instanceof ReadonlyError) throw error;
		const fallback = classified.code === null ? 'failed' : `failed (HTTP ${classified.code})`;
		throw new ObjectFailure(ref, redactSecretValues(classified.message, run.secretValues, fallback));
	}
}

/** The resource of a kind whose CRD this sync just applied, once discovery serves it. */
async function servedOnceDefined(discovery: Discovery, item: ApplyItem, signal?: AbortSignal): Promise<DiscoveredResource> {
	const deadline = Date.now() + crdServedTimeoutMs;
	for (;;) {
		discovery.forget();
		const resource = await discovery.find(item.group, item.version, item.ref.kind);
		if (resource) return resource;
		if (Date.now() > deadline)
			throw new ObjectFailure(
				item.ref,
				`${item.group}/${item.version} ${item.ref.kind} is still not served after its CustomResourceDefinition was applied`,
			);
		signal?.throwIfAborted();
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}
