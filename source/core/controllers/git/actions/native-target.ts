// What a native sync or rollback would send, read before the confirmation: the commit's rendered objects,
// resolved by discovery, and the labelled live objects Git no longer has. Only GETs and local git work.
import {computeDrift} from '../../../drift/compute-drift.js';
import {secretValuesOf} from '../../../drift/redact.js';
import {objectPathOf} from '../../../drift/status.js';
import type {DriftReport} from '../../../drift/types.js';
import type {CommitInfo} from '../../../git/types.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import type {NativeAppConfig} from '../../../native/config-types.js';
import type {PlannedWrite} from '../../../actions/access-check.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import type {ActionOutcome} from '../../../actions/types.js';
import {applyObjects, FIELD_MANAGER} from './apply-objects.js';
import {desiredObjects, type ApplyItem} from './desired-objects.js';
import {leftovers, trackedObjects, type TrackedObject, type TrackedObjects} from './tracked-objects.js';
import {errorText, redactCredentials} from '../../../util/error-text.js';
import {findRepoState, type GitRepos} from '../../../git/git-repos.js';

type NativeTarget = {
	config: NativeAppConfig;
	sha: string;
	commit: CommitInfo | null;
	rendered: KubeObject[];
	items: ApplyItem[];
	tracked: TrackedObject[];
	/** Labelled live objects Git does not have at `sha`. */
	leftovers: TrackedObject[];
	/** Leftovers are deleted: the config enables prune and the request does not turn it off. */
	prune: boolean;
	warnings: string[];
};

export function shortSha(sha: string): string {
	return sha.slice(0, 7);
}

export function repoText(config: NativeAppConfig): string {
	return redactCredentials(config.repo);
}

/** 'abc1234 "Raise replicas"' */
export function commitText(sha: string, commit: CommitInfo | null): string {
	return commit ? `${shortSha(sha)} "${commit.subject}"` : shortSha(sha);
}

/** Renders `sha` of the app's repository and reads what the cluster has of it; a string is the refusal. */
export async function readTarget(
	context: ActionContext,
	config: NativeAppConfig,
	sha: string,
	prune: boolean,
): Promise<NativeTarget | string> {
	const signal = context.signal ?? new AbortController().signal;
	const rendered = await context.render(
		[{repoUrl: config.repo, revision: sha, trackedRef: config.branch, path: config.path, namespace: config.namespace}],
		signal,
	);
	if (!rendered.ok) return rendered.message;
	if (rendered.objects.length === 0) return `${config.path} at ${shortSha(sha)} holds no objects: nothing to apply`;
	let commit: CommitInfo | null = null;
	try {
		commit = await context.git.commit(config.repo, sha);
	} catch {
		// Only the subject is missing from the confirmation.
	}
	let items: ApplyItem[];
	let tracked: TrackedObjects;
	try {
		const desired = await desiredObjects(context.discovery, rendered.objects, config.name);
		if (!desired.ok) return desired.message;
		items = desired.items;
		tracked = await trackedObjects(context.kc, context.discovery, config, items, context.signal);
	} catch (error) {
		signal.throwIfAborted();
		return `cannot read the cluster: ${errorText(error)}`;
	}
	return {
		config,
		sha,
		commit,
		rendered: rendered.objects,
		items,
		tracked: tracked.objects,
		leftovers: leftovers(tracked.objects, items),
		prune,
		warnings: tracked.warnings,
	};
}

/** One line per object applied, then per leftover deleted or kept. */
export function objectEffects(target: NativeTarget): string[] {
	const effects = target.items.map(item => `apply ${objectPathOf(item.ref)}`);
	const why = target.config.prune ? 'prune is off for this action' : 'prune is off in the config';
	for (const object of target.leftovers) {
		effects.push(
			target.prune
				? `delete ${objectPathOf(object.ref)} (no longer in Git)`
				: `keep ${objectPathOf(object.ref)} (no longer in Git; ${why})`,
		);
	}
	return effects;
}

export function pruneWarnings(target: NativeTarget): string[] {
	if (!target.prune || target.leftovers.length === 0) return [];
	const count = target.leftovers.length;
	return [
		`${count} object${count === 1 ? '' : 's'} will be deleted: ${target.leftovers.map(object => objectPathOf(object.ref)).join(', ')}`,
	];
}

/** The writes a sync of the target makes: a server-side apply of each object, a delete of each pruned leftover. */
export function targetWrites(target: NativeTarget): PlannedWrite[] {
	const writes: PlannedWrite[] = [];
	for (const item of target.items) {
		// A kind whose CRD this very sync applies is not served yet: its plural is the one the CRD declares.
		const resource = item.resource?.plural ?? definedPlural(target.rendered, item.group, item.ref.kind);
		if (resource === undefined) continue;
		writes.push({
			verb: 'patch',
			group: item.group,
			resource,
			namespace: item.ref.namespace === '' ? null : item.ref.namespace,
			name: item.ref.name,
		});
	}
	if (target.prune) {
		for (const {resource, ref} of target.leftovers) {
			writes.push({
				verb: 'delete',
				group: resource.group,
				resource: resource.plural,
				namespace: resource.namespaced ? ref.namespace : null,
				name: ref.name,
			});
		}
	}
	return writes;
}

function definedPlural(rendered: readonly KubeObject[], group: string, kind: string): string | undefined {
	const crd = rendered.find(
		object => object.kind === 'CustomResourceDefinition' && object.spec?.group === group && object.spec?.names?.kind === kind,
	);
	const plural: unknown = crd?.spec?.names?.plural;
	return typeof plural === 'string' && plural !== '' ? plural : undefined;
}

/** What the action would change, as the drift view shows it (server-side apply dry runs). */
export function targetDiff(context: ActionContext, target: NativeTarget): () => Promise<DriftReport | null> {
	return () =>
		computeDrift({
			kc: context.kc,
			discovery: context.discovery,
			desired: target.rendered,
			tracked: target.prune ? target.leftovers.map(object => object.ref) : [],
			fieldManager: FIELD_MANAGER,
			...(context.signal ? {signal: context.signal} : {}),
		});
}

/** Applies the reviewed objects, then deletes the reviewed leftovers when pruning. */
export async function sendTarget(context: ActionContext, target: NativeTarget): Promise<ActionOutcome> {
	const result = await applyObjects({
		mutate: context.mutate,
		discovery: context.discovery,
		items: target.items,
		deletions: target.prune ? target.leftovers : [],
		secretValues: secretValuesOf(target.rendered),
		...(context.signal ? {signal: context.signal} : {}),
	});
	const details = {revision: target.sha, applied: result.applied, deleted: result.deleted};
	if (!result.ok) return {ok: false, message: result.message, details};
	const deleted = result.deleted > 0 ? `, deleted ${result.deleted}` : '';
	return {
		ok: true,
		message: `applied ${result.applied} object${result.applied === 1 ? '' : 's'} at ${commitText(target.sha, target.commit)}${deleted}`,
		details,
	};
}

// The branch a native app follows, fetched now: a sync or rollback must start from what Git has, not from
// whatever the last poll saw.

type BranchHead = {ok: true; sha: string; warnings: string[]} | {ok: false; message: string};

export async function fetchBranchHead(git: GitRepos, config: NativeAppConfig): Promise<BranchHead> {
	const untrack = git.track(config.repo, config.branch);
	try {
		await git.refresh(config.repo);
		const state = findRepoState(git.getSnapshot(), config.repo, config.branch);
		const sha = await git.resolve(config.repo, config.branch);
		if (!sha) return {ok: false, message: state?.error?.message ?? `branch ${config.branch} not found in ${repoText(config)}`};
		// A failed fetch leaves the last one's HEAD: usable, but the user must know it may be old.
		const warnings = state?.error
			? [`could not fetch ${repoText(config)} (${state.error.message}): using ${config.branch} as last fetched`]
			: [];
		return {ok: true, sha, warnings};
	} finally {
		untrack();
	}
}
