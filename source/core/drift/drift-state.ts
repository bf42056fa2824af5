import type {DriftReport} from '../drift/types.js';
import type {CommitInfo, RepoErrorKind} from '../git/types.js';

/** The commit an app's desired state was rendered from, with what the UI shows of it. */
export type RevisionInfo = {
	/** Full SHA, or the revision as the controller wrote it when it is not in the clone. */
	revision: string;
	/** Subject, author and date; null when the clone lacks the commit (yet). */
	commit: CommitInfo | null;
};

/** The branch/tag the app follows in Git, and how far it is ahead of what is deployed. */
export type TrackedHead = {
	repoUrl: string;
	/** Branch, tag or 'HEAD' as configured. */
	ref: string;
	head: RevisionInfo | null;
	/** Commits on `ref` after the deployed revision; null when unknown (always for a native app). */
	ahead: number | null;
	/**
	 * A native app: HEAD itself is rendered and compared with the live objects. No controller records which commit
	 * was applied, so there is no "deployed revision" to be ahead of: whether HEAD runs is what the drift says.
	 */
	comparesHead?: boolean;
	/** Epoch ms of the last successful fetch. */
	fetchedAt: number | null;
	/** Fetch problem (auth, unreachable, unknown ref), one line, credentials redacted. */
	error: {kind: RepoErrorKind; message: string} | null;
};

/**
 * One app's drift as computed locally (render from Git + server-side apply dry run), beside whatever its
 * controller says. 'pending' until the first computation ends; 'unsupported' when this app's source cannot
 * be rendered here (Helm repository chart, OCI, plugin…) — `error` then says why.
 */
export type AppDriftState = {
	phase: 'pending' | 'ready' | 'error' | 'unsupported';
	report: DriftReport | null;
	/** One line naming the problem (file and line for bad YAML, the repo for git errors); never a Secret value. */
	error: string | null;
	/** What was rendered and compared (for multi-source apps: the first source). */
	rendered: RevisionInfo | null;
	/** The followed branch and how far ahead of `rendered` it is. */
	tracked: TrackedHead | null;
	/** The controller's own sync word ('Synced', 'OutOfSync'…) when the app has a controller, else null. */
	controllerSync: string | null;
	/** Set when the controller and the local drift disagree: says how. */
	disagreement: string | null;
	/** Epoch ms the report was computed. */
	computedAt: number | null;
};

export const pendingDrift: AppDriftState = Object.freeze({
	phase: 'pending',
	report: null,
	error: null,
	rendered: null,
	tracked: null,
	controllerSync: null,
	disagreement: null,
	computedAt: null,
}) as AppDriftState;
