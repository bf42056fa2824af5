// A view rebuilt from sources that change in bursts (a rollout moves many pods, an events list answers at once):
// one rebuild per burst, and its result handed on only when it differs from the last one handed on.

export type Coalesced = {
	/** Rebuild after the delay, unless one is already due. */
	schedule(): void;
	/** No more rebuilds; a due one is dropped. */
	stop(): void;
};

/**
 * `build` runs `delayMs` after the first `schedule()` of a burst; its result (undefined: nothing to say yet) goes
 * to `onChange` when its JSON differs from the last one that went.
 */
export function coalesced<T>(build: () => T | undefined, onChange: (value: T) => void, delayMs: number): Coalesced {
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	let last = '';
	const run = () => {
		timer = undefined;
		if (stopped) return;
		const value = build();
		if (value === undefined) return;
		const signature = JSON.stringify(value);
		if (signature === last) return;
		last = signature;
		onChange(value);
	};
	return {
		schedule() {
			if (stopped || timer) return;
			timer = setTimeout(run, delayMs);
		},
		stop() {
			stopped = true;
			clearTimeout(timer);
		},
	};
}
