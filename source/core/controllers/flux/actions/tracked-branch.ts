// What a GitRepository follows: spec.ref.commit > name > semver > tag > branch, default `master`.
// Only a branch can be rolled back by a revert: for the others the rollback is a ref change in Git.
import type {KubeObject} from '../../../kube/resource-type.js';
import {record, text} from '../../json.js';

export type TrackedRef = {branch: string} | {refusal: string};

export function trackedBranch(source: KubeObject): TrackedRef {
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
