// The connection state of one watched resource type. Every panel shows it:
// data is never silently stale.

export type SourcePhase =
	| 'connecting'
	| 'live'
	/** Live, but only in some namespaces: listing in all of them is forbidden (for now); `coveredNamespaces` says which. */
	| 'partial'
	| 'stale'
	| 'unauthorized'
	| 'forbidden'
	| 'disconnected';

/** Phases in which a source could not be read and is being retried: what it showed before is not current. */
export const unreadPhases: ReadonlySet<SourcePhase> = new Set(['disconnected', 'unauthorized', 'stale']);

export type SourceState = {
	/** e.g. 'argoproj.io/applications' or 'kustomize.toolkit.fluxcd.io/kustomizations'. */
	key: string;
	/** The kube context it reads, set only when several contexts are watched at once. */
	context?: string;
	/** Short human name: 'Argo CD apps', 'Flux kustomizations'. */
	label: string;
	/** Kind of the objects it reads ('Application'): app rows of that kind are as current as this source. */
	kind?: string;
	phase: SourcePhase;
	/** Epoch ms of the last successful list or event, or null before the first. */
	lastUpdated: number | null;
	/** Epoch ms this phase began (a connection problem: since when it has been retried); absent when not known. */
	since?: number;
	/** What went wrong, in one line (with the re-login command for unauthorized). */
	message: string;
	/** Phase 'partial' only: the namespaces that are watched; anything outside them is not shown. */
	coveredNamespaces?: readonly string[];
	/** Phase 'stale' only: the server answered "ask again in this many seconds" (see ClassifiedError). */
	retryAfterSeconds?: number;
};

/**
 * The state moved to `phase` with `message`: `since` moves only when the phase changes, and the server's retry hint
 * is the new answer's own (none unless given), never one left from an earlier answer.
 */
export function withPhase(state: SourceState, phase: SourcePhase, message: string, retryAfterSeconds?: number): SourceState {
	const {retryAfterSeconds: _previous, ...rest} = state;
	const since = state.phase === phase ? state.since : Date.now();
	return {...rest, phase, since, message, ...(retryAfterSeconds === undefined ? {} : {retryAfterSeconds})};
}

/**
 * How long a one-shot read (status, an APP command) waits for a source the server asked to be asked again, before
 * it reports the source as unread: kubectl's client retries such answers for about as long (10 × 1 s).
 */
export const retryAskedWaitMs = 10_000;

/** True while a source is one the server asked to be asked again, and not for longer than retryAskedWaitMs. */
export function awaitingAskedRetry(state: SourceState, now = Date.now()): boolean {
	return state.phase === 'stale' && state.retryAfterSeconds !== undefined && now - (state.since ?? now) < retryAskedWaitMs;
}
