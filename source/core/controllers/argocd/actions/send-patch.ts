// The two kinds of write the Argo CD actions make, both through the action's Mutator (the only way to change
// anything): a JSON patch whose `test` ops guard against a changed app (HTTP 422 when one fails), and a JSON
// merge patch (optionally carrying metadata.resourceVersion: HTTP 409 when stale).
import type {KubeObject} from '../../../kube/resource-type.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import {applicationPath, driftwatchFieldManager} from './application.js';

export type JsonPatchOperation = {op: 'add' | 'remove' | 'replace' | 'test'; path: string; value?: unknown};

export function sendJsonPatch(context: ActionContext, operations: JsonPatchOperation[]): Promise<KubeObject> {
	return send(context, 'application/json-patch+json', operations);
}

export function sendMergePatch(context: ActionContext, patch: Record<string, unknown>): Promise<KubeObject> {
	return send(context, 'application/merge-patch+json', patch);
}

function send(context: ActionContext, contentType: string, body: unknown): Promise<KubeObject> {
	return context.mutate.request<KubeObject>(applicationPath(context), {
		method: 'PATCH',
		query: {fieldManager: driftwatchFieldManager},
		contentType,
		body: JSON.stringify(body),
		timeoutMs: 15_000,
		...(context.signal ? {signal: context.signal} : {}),
	});
}

/** JSON pointer segment (RFC 6901): annotation keys hold '/'. */
export function pointerSegment(key: string): string {
	return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
