// What a Kustomization rollback works on: the Kustomization, the GitRepository it deploys from, the branch that
// repository follows, the Kustomization's path in it, and a synced work tree of the repository.
import type {KubeObject} from '../../../kube/resource-type.js';
import {projectKustomization} from '../projection.js';
import {gitRepositoryType, kustomizationType} from '../types.js';
import {normalizeTreePath} from '../../../git/types.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import {appTarget, describeTarget, findObject, sourceTarget, type FluxTarget} from './flux-objects.js';
import {suspendedRefusal} from './reconcile.js';
import {WorkTree} from '../../../git/work-tree.js';
import {appGoneText, errorText} from '../../../util/error-text.js';
import {record, text} from '../../../util/json.js';

/** How long to wait for another process using the same work tree (its place and git environment are the session's). */
export type WorkTreeSettings = {lockWaitMs?: number};

export type RollbackScope = {
	app: FluxTarget;
	object: KubeObject;
	source: FluxTarget;
	sourceObject: KubeObject;
	branch: string;
	/** Repository-relative, '' for the whole repository. */
	path: string;
	/** The path as the confirmation shows it. */
	pathLabel: string;
	tree: WorkTree;
};

export type Refusal = {refusal: string};

export function isRefusal(value: object): value is Refusal {
	return 'refusal' in value;
}

/** Reads the objects and checks what makes a revert meaningful; touches no git yet. */
export async function rollbackScope(context: ActionContext, settings: WorkTreeSettings): Promise<RollbackScope | Refusal> {
	const app = appTarget(context);
	if (app.type.kind !== kustomizationType.kind) {
		return {
			refusal: `${app.type.kind} rollback is not a Git revert here: Helm remediation rolls back failed upgrades; revert the chart or values commit in Git`,
		};
	}
	const object = await findObject(context, app);
	if (object === null) return {refusal: `${describeTarget(app)}: ${appGoneText}`};
	const projection = projectKustomization(object);
	if (projection.suspended) return {refusal: `${suspendedRefusal}: resume it first, or the rollback would not be applied`};
	const ref = projection.sourceRef;
	if (ref === null || ref.kind !== gitRepositoryType.kind) {
		return {
			refusal: `the source is ${ref ? `${ref.kind} ${ref.namespace}/${ref.name}` : 'not set'}: a rollback by git revert needs a GitRepository`,
		};
	}
	const source = await sourceTarget(context, ref);
	const sourceObject = source === null ? null : await findObject(context, source);
	if (source === null || sourceObject === null) return {refusal: `GitRepository ${ref.namespace}/${ref.name} not found`};
	const tracked = trackedBranch(sourceObject);
	if ('refusal' in tracked) return tracked;
	const url = typeof sourceObject.spec?.url === 'string' ? sourceObject.spec.url : '';
	if (url === '') return {refusal: `GitRepository ${ref.namespace}/${ref.name} has no spec.url`};
	let path: string;
	try {
		path = normalizeTreePath(typeof object.spec?.path === 'string' ? object.spec.path : '');
	} catch (error) {
		return {refusal: errorText(error, {multiline: true})};
	}
	return {
		app,
		object,
		source,
		sourceObject,
		branch: tracked.branch,
		path,
		pathLabel: path === '' ? '.' : path,
		tree: new WorkTree(url, context.git.setup, settings.lockWaitMs),
	};
}

// What a GitRepository follows: spec.ref.commit > name > semver > tag > branch, default `master`.
// Only a branch can be rolled back by a revert: for the others the rollback is a ref change in Git.

type TrackedRef = {branch: string} | {refusal: string};

function trackedBranch(source: KubeObject): TrackedRef {
	const ref = record(record(source.spec)?.['ref']) ?? {};
	const pinned = (what: string, value: string): TrackedRef => ({
		refusal: `the GitRepository follows ${what} ${value}, not a branch: a revert changes nothing it deploys; the rollback is a ref change in Git (its spec.ref in the manifests that define it)`,
	});
	const commit = text(ref['commit']);
	if (commit !== '') return pinned('commit', commit);
	const name = text(ref['name']);
	if (name !== '') return name.startsWith('refs/heads/') ? {branch: name.slice('refs/heads/'.length)} : pinned('ref', name);
	const semver = text(ref['semver']);
	if (semver !== '') return pinned('semver range', semver);
	const tag = text(ref['tag']);
	if (tag !== '') return pinned('tag', tag);
	return {branch: text(ref['branch']) || 'master'};
}
