// The Application an action is about: where it lives and its fresh state (read right before the confirmation),
// the patches every Argo CD action writes it with, and how their titles, refusals and failures are worded.
import {requestJson} from '../../../kube/http.js';
import {resourcePath, type KubeObject} from '../../../kube/resource-type.js';
import {applicationType} from '../projection.js';
import {plannedWrite, type PlannedWrite} from '../../../actions/access-check.js';
import type {ActionContext, PreparedAction} from '../../../actions/provider-actions.js';
import type {ActionKind, ActionOutcome} from '../../../actions/types.js';
import {operationBusy, type ArgoAppFacts} from './app-facts.js';
import {classifyApiError} from '../../../kube/api-error.js';
import {appGoneText} from '../../../util/error-text.js';

/** Field manager of every write driftwatch makes, so managedFields say who changed what. */
const driftwatchFieldManager = 'driftwatch';

function applicationPath(context: ActionContext): string {
	return resourcePath(context.type ?? applicationType, context.app.namespace, context.app.name);
}

/** The one write every Argo CD action makes: a patch of the Application (sendJsonPatch, sendMergePatch). */
export function applicationWrite(context: ActionContext): PlannedWrite {
	return plannedWrite(context.type ?? applicationType, context.app.namespace, context.app.name);
}

/** A plan nothing refuses: its one write is the Application's. */
export function applicationPlan(context: ActionContext, plan: Omit<PreparedAction, 'refusal' | 'writes'>): PreparedAction {
	return {...plan, refusal: null, writes: [applicationWrite(context)]};
}

/** 'argocd/shop' */
export function applicationLabel(context: ActionContext): string {
	return `${context.app.namespace}/${context.app.name}`;
}

export function readApplication(context: ActionContext): Promise<KubeObject> {
	return requestJson<KubeObject>(context.kc, applicationPath(context), {
		timeoutMs: 15_000,
		...(context.signal ? {signal: context.signal} : {}),
	});
}

// Confirmation titles: the verb, the kind and namespace/name ('Sync Application argocd/shop').

const verbs: Partial<Record<ActionKind, string>> = {
	sync: 'Sync',
	refresh: 'Refresh',
	'hard-refresh': 'Hard refresh',
	terminate: 'Terminate the operation of',
	rollback: 'Roll back',
	'enable-auto-sync': 'Enable auto-sync of',
};

export function actionTitle(kind: ActionKind, label: string): string {
	return `${verbs[kind] ?? kind} Application ${label}`;
}

// Argo CD's own preconditions for starting an operation, in its words.

const inProgress = 'another operation is already in progress';
const deleting = 'application is deleting';

/** Why no new operation may be written now, or null. */
export function operationRefusal(facts: ArgoAppFacts): string | null {
	if (facts.deleting) return deleting;
	if (operationBusy(facts)) return inProgress;
	return null;
}

// One line for a write that did not happen, saying why in the user's terms.

type FailureWording = {
	/** 'patch Application argocd/shop' */
	attempted: string;
	/** Why a failed `test` (422) or a stale resourceVersion (409) happened, in this action's words. */
	stale: string;
};

export function failedOutcome(error: unknown, wording: FailureWording): ActionOutcome {
	const classified = classifyApiError(error);
	const reason = classified.message || 'no message';
	switch (classified.kind) {
		case 'forbidden':
			return failure(`forbidden: you may not ${wording.attempted} (${reason})`, classified.code);
		case 'conflict':
			return failure(`${wording.stale} (${reason}); look again`, classified.code);
		case 'not-found':
			return failure(`cannot ${wording.attempted}: ${appGoneText}`, classified.code);
		default:
			// A failed JSON-patch `test` is a 422.
			if (classified.code === 422) return failure(`${wording.stale} (${reason}); look again`, classified.code);
			return failure(`could not ${wording.attempted}: ${reason}`, classified.code);
	}
}

function failure(message: string, code: number | null): ActionOutcome {
	return {ok: false, message, ...(code === null ? {} : {details: {httpStatus: code}})};
}

// The two kinds of write the Argo CD actions make, both through the action's Mutator (the only way to change
// anything): a JSON patch whose `test` ops guard against a changed app (HTTP 422 when one fails), and a JSON
// merge patch (optionally carrying metadata.resourceVersion: HTTP 409 when stale).

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
