// The `.operation` driftwatch writes, shaped exactly as Argo CD's own API server builds it, and the one atomic JSON patch that writes it.
import type {ObjectRef} from '../../../diff/types.js';
import {text, type JsonRecord} from '../../../util/json.js';
import type {ArgoAppFacts, ArgoHistoryEntry} from './app-facts.js';
import type {JsonPatchOperation} from './application.js';

function initiator(user: string): JsonRecord {
	return {
		initiatedBy: {username: user},
		info: [{name: 'client', value: 'driftwatch'}],
	};
}

/** A manual sync of what the user reviewed: the revision(s) of the last comparison, with the hook strategy. */
export function syncOperation(user: string, facts: ArgoAppFacts, prune: boolean, resources: readonly ObjectRef[]): JsonRecord {
	return {
		...initiator(user),
		sync: {
			...reviewedRevisions(facts),
			prune,
			syncStrategy: {hook: {}},
			...(facts.syncOptions.length > 0 ? {syncOptions: facts.syncOptions} : {}),
			...(resources.length > 0 ? {resources: resources.map(syncResource)} : {}),
		},
	};
}

/** What the last comparison resolved; none known: omitted, and the controller resolves targetRevision itself. */
function reviewedRevisions(facts: ArgoAppFacts): JsonRecord {
	if (!facts.multiSource) return facts.syncRevision !== '' ? {revision: facts.syncRevision} : {};
	const revisions = facts.syncRevisions;
	return revisions.length > 0 && revisions.every(revision => revision !== '') ? {revisions} : {};
}

/** Partial sync matches exact identities; group '' is the core group, an empty namespace matches any. */
function syncResource(ref: ObjectRef): JsonRecord {
	return {group: ref.group, kind: ref.kind, name: ref.name, ...(ref.namespace !== '' ? {namespace: ref.namespace} : {})};
}

/** Server.Rollback's operation: the entry's source(s) and revision(s), apply strategy (no hooks), no retry. */
export function rollbackOperation(user: string, facts: ArgoAppFacts, entry: ArgoHistoryEntry, prune: boolean): JsonRecord {
	return {
		...initiator(user),
		sync: {
			...(entry.revision !== '' ? {revision: entry.revision} : {}),
			...(entry.revisions.length > 0 ? {revisions: entry.revisions} : {}),
			...(entry.source !== null && text(entry.source['repoURL']) !== '' ? {source: entry.source} : {}),
			...(entry.sources.length > 0 ? {sources: entry.sources} : {}),
			prune,
			dryRun: false,
			syncStrategy: {apply: {}},
			...(facts.syncOptions.length > 0 ? {syncOptions: facts.syncOptions} : {}),
		},
	};
}

/**
 * Write `operation` only if the app is still the version reviewed, clearing the previous operationState as
 * Argo CD's SetAppOperation does (only when there is one: an `add` under a missing /status fails).
 */
export function operationPatch(facts: ArgoAppFacts, resourceVersion: string, operation: JsonRecord): JsonPatchOperation[] {
	return [
		{op: 'test', path: '/metadata/resourceVersion', value: resourceVersion},
		{op: 'add', path: '/operation', value: operation},
		...(facts.hasOperationState ? [{op: 'add' as const, path: '/status/operationState', value: null}] : []),
	];
}
