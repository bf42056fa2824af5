// Fault injection state that tests turn on: failures of the next requests
// (all, or those whose path matches) and latency on every request. (Dropping
// watches, pausing and stopping the server act on connections, so the server
// does them.)
import {statusObject, type StatusObject} from './status.js';

export type FailureOptions = {
	/** Only requests whose path starts with this string (or matches this pattern) fail; others pass and do not count. */
	path?: string | RegExp;
	/** With 429 or 503: details.retryAfterSeconds (and so the Retry-After header), as a real server's throttling sends them. */
	retryAfterSeconds?: number;
};

type FailureRule = {remaining: number; code: number; message: string; options: FailureOptions};

/** What a real kube-apiserver says for these codes, so clients see the text they would see. */
const defaultMessages: Record<number, string> = {
	401: 'Unauthorized',
	429: 'Too many requests, please try again later.',
};

export class FaultState {
	#latencyMs = 0;
	#rules: FailureRule[] = [];

	get latencyMs(): number {
		return this.#latencyMs;
	}

	setLatency(ms: number): void {
		this.#latencyMs = Math.max(0, ms);
	}

	/**
	 * Fail the next `count` matching requests with a Status of `code`
	 * (`'until-cleared'`: every matching request until clearFailures()).
	 * Rules add up; the oldest matching one answers. A count of 0 with no
	 * path clears every rule, as before rules could be limited to a path.
	 */
	failNext(count: number | 'until-cleared', code: number, message?: string, options: FailureOptions = {}): void {
		const remaining = count === 'until-cleared' ? Number.POSITIVE_INFINITY : count;
		if (remaining <= 0) {
			if (options.path === undefined) this.clearFailures();
			return;
		}
		this.#rules.push({remaining, code, message: message ?? defaultMessages[code] ?? `injected failure (HTTP ${code})`, options});
	}

	clearFailures(): void {
		this.#rules = [];
	}

	/** The Status to answer this request with instead of serving it, when a failure is due; counts it down. */
	takeFailure(path: string): StatusObject | undefined {
		const rule = this.#rules.find(candidate => matches(candidate.options.path, path));
		if (!rule) return undefined;
		rule.remaining--;
		if (rule.remaining <= 0) this.#rules = this.#rules.filter(candidate => candidate !== rule);
		const retryAfter = rule.options.retryAfterSeconds;
		return statusObject(rule.code, rule.message, undefined, retryAfter === undefined ? undefined : {retryAfterSeconds: retryAfter});
	}
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	return typeof pattern === 'string' ? path.startsWith(pattern) : pattern.test(path);
}
