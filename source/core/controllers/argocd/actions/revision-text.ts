// How a revision is named in confirmations: short SHA, commit subject and author when the repository can be read
// (Argo CD keeps no commit metadata in the CR), else the bare revision.
import type {CommitInfo} from '../../../git/types.js';
import {text, type JsonRecord} from '../../../util/json.js';
import type {ActionContext} from '../../../actions/provider-actions.js';

/** A confirmation must not wait on a slow clone: after this, the bare revision is shown. */
const commitLookupMs = 5000;

export function shortRevision(revision: string): string {
	return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(revision) ? revision.slice(0, 7) : revision;
}

/** The commit behind `revision` of a Git source; null for Helm/OCI sources, unknown commits and any failure. */
export async function commitOf(context: ActionContext, source: JsonRecord | null, revision: string): Promise<CommitInfo | null> {
	const repoURL = text(source?.['repoURL']);
	if (repoURL === '' || revision === '' || text(source?.['chart']) !== '' || repoURL.startsWith('oci://')) return null;
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<null>(resolve => {
		timer = setTimeout(() => resolve(null), commitLookupMs);
	});
	try {
		return await Promise.race([context.git.commit(repoURL, revision).catch(() => null), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** `1a2b3c4 "shop: raise replicas" (Ada Lovelace)`, or `1a2b3c4` when the commit is unknown. */
export function revisionText(revision: string, commit: CommitInfo | null): string {
	const short = shortRevision(revision);
	return commit === null ? short : `${short} "${commit.subject}" (${commit.author})`;
}
