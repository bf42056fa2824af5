// Capped exponential backoff with jitter, so many watchers that lost the same
// server do not reconnect in lock-step.

export type BackoffPolicy = {initialMs: number; maxMs: number};

// Capped at 3 s: rows must be back within 5 s of the server answering again (a list after the retry takes
// a moment too); a refused connection costs the server nothing, and a 5xx answer is cheap to repeat this rarely.
export const defaultBackoff: BackoffPolicy = {initialMs: 250, maxMs: 3000};

export function backoffDelay(attempt: number, policy: BackoffPolicy = defaultBackoff): number {
	const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt));
	// Full delay minus up to 20 % jitter: never above the cap.
	return Math.round(exponential * (0.8 + Math.random() * 0.2));
}

/** A sleep that stop() can cut short. */
export function cancellableSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise(resolve => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, {once: true});
	});
}
