/**
 * Waiting that follows progress: a one-shot command gives up only when nothing has moved for `idleMs` — no page,
 * no response, no event — not after a fixed budget that a large but healthy cluster overruns.
 */
type ProgressWait = {
	/** True once the wait is over. */
	done: () => boolean;
	/** A number that grows with each sign of progress (a response, a page, an event, an object compared). */
	progress: () => number;
	/** Give up after this long without progress. */
	idleMs: number;
	/** How often `done` and `progress` are looked at; 25 ms unless told. */
	pollMs?: number;
	/**
	 * Calls the listener at each sign of progress (returns the unsubscribe): `done` is then looked at once that
	 * turn's work is over, not up to a poll period later (a one-shot command's last answer ends its wait at once).
	 */
	onProgress?: (listener: () => void) => () => void;
	signal?: AbortSignal;
};

/** Looks at `done` at most this often when progress wakes the wait. */
const minLookGapMs = 5;

/** Resolves true once `done()`, false when `progress()` stood still for `idleMs` (or the signal aborted). */
export async function untilDoneOrIdle(wait: ProgressWait): Promise<boolean> {
	const deadline = new ProgressDeadline(wait.idleMs, wait.progress());
	for (;;) {
		if (wait.done()) return true;
		if (wait.signal?.aborted) return false;
		if (deadline.passed(wait.progress())) return wait.done();
		const lookedAt = performance.now();
		await new Promise<void>(resolve => {
			let unsubscribe = () => {};
			let timer: NodeJS.Timeout | undefined;
			const finish = () => {
				clearTimeout(timer);
				unsubscribe();
				// After what else this turn brings (the rest of a response, its flush), not in the middle of it,
				// and at most every few milliseconds however fast progress comes (a list streams in many pieces).
				const remaining = minLookGapMs - (performance.now() - lookedAt);
				if (remaining > 0) setTimeout(resolve, remaining);
				else setImmediate(resolve);
			};
			timer = setTimeout(finish, wait.pollMs ?? 25);
			unsubscribe = wait.onProgress?.(finish) ?? unsubscribe;
		});
	}
}

/** A deadline `idleMs` after the last progress seen; each new progress value moves it. */
export class ProgressDeadline {
	readonly #idleMs: number;
	#seen: number;
	#lastProgressAt: number;

	constructor(idleMs: number, progress: number, now = Date.now()) {
		this.#idleMs = idleMs;
		this.#seen = progress;
		this.#lastProgressAt = now;
	}

	/** True when `progress` is still what it was `idleMs` ago. */
	passed(progress: number, now = Date.now()): boolean {
		if (progress !== this.#seen) {
			this.#seen = progress;
			this.#lastProgressAt = now;
			return false;
		}
		return now - this.#lastProgressAt >= this.#idleMs;
	}
}
