// Rollback targets: the revisions Flux recorded (status.history, Flux ≥ 2.7, and lastAppliedRevision) and the
// commits on the branch that touched the Kustomization's path, newest first, the applied one marked.
import {parseRevision} from '../revision.js';
import {at, integer, list, record, text} from '../../../util/json.js';
import type {ActionChoice} from '../../../actions/types.js';
import type {RollbackScope} from './rollback-scope.js';
import {underPath, shortSha, type PathCommit} from '../../../git/work-tree.js';

const gitCandidates = 20;

type Recorded = {hash: string; status: string; lastReconciled: string; total: number | null};

function recordedRevisions(scope: RollbackScope): Recorded[] {
	return list(record(scope.object.status)?.['history'])
		.map(record)
		.filter(entry => entry !== null)
		.map(entry => ({
			hash: parseRevision(text(at(entry, 'metadata')?.['revision'])).hash,
			status: text(entry['lastReconciledStatus']),
			lastReconciled: text(entry['lastReconciled']),
			total: integer(entry['totalReconciliations']),
		}))
		.filter(entry => entry.hash !== '');
}

function appliedHash(scope: RollbackScope): string {
	return parseRevision(text(record(scope.object.status)?.['lastAppliedRevision'])).hash;
}

type Candidate = {hash: string; commit: PathCommit | null; touchesPath: boolean; onBranch: boolean};

/** A recorded commit in committer-date order among the path's commits (ties keep git's order). */
function insertByDate(candidates: Candidate[], added: Candidate): void {
	const time = Date.parse(added.commit?.committedAt ?? '');
	const index = Number.isNaN(time) ? -1 : candidates.findIndex(candidate => Date.parse(candidate.commit?.committedAt ?? '') < time);
	if (index < 0) candidates.push(added);
	else candidates.splice(index, 0, added);
}

function when(date: string): string {
	return date.slice(0, 16).replace('T', ' ');
}

export async function rollbackChoices(scope: RollbackScope, tip: string): Promise<ActionChoice[]> {
	const {tree} = scope;
	const recorded = recordedRevisions(scope);
	const applied = appliedHash(scope);
	const candidates: Candidate[] = (await tree.log(tip, scope.path, {limit: gitCandidates})).map(commit => ({
		hash: commit.hash,
		commit,
		touchesPath: true,
		onBranch: true,
	}));
	const known = new Set(candidates.map(candidate => candidate.hash));
	for (const hash of [applied, ...recorded.map(entry => entry.hash)]) {
		if (hash === '' || known.has(hash)) continue;
		known.add(hash);
		const commit = await tree.commit(hash);
		const onBranch = commit !== null && (await tree.isAncestor(commit.hash, tip));
		const touchesPath = commit !== null && (await tree.filesChangedBy(commit)).some(file => underPath(file, scope.path));
		insertByDate(candidates, {hash, commit, touchesPath, onBranch});
	}
	return candidates.map(candidate => {
		const short = shortSha(candidate.hash);
		const isApplied = candidate.hash === applied;
		const base = candidate.commit
			? `${short} ${candidate.commit.subject} — ${candidate.commit.author}, ${when(candidate.commit.date)}`
			: `${short} (not in ${tree.displayUrl})`;
		const facts: string[] = [];
		if (isApplied) facts.push('currently applied');
		const history = recorded.find(entry => entry.hash === candidate.hash);
		if (history)
			facts.push(
				`${history.status || 'reconciled'}${history.total !== null && history.total > 1 ? ` ${history.total}×` : ''}${history.lastReconciled ? `, last ${history.lastReconciled}` : ''}`,
			);
		if (candidate.commit && !candidate.onBranch) facts.push(`not on ${scope.branch} any more`);
		else if (candidate.commit && !candidate.touchesPath) facts.push(`does not change ${scope.pathLabel}`);
		return isApplied
			? {id: candidate.hash, label: `${base} (applied)`, detail: facts.join('; '), current: true}
			: {id: candidate.hash, label: base, detail: facts.join('; ')};
	});
}
