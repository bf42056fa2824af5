// Poll for a condition instead of sleeping: React 19 and Ink render on later ticks.

/** Resolves with the first truthy value of `check`, or rejects after `timeoutMs` with `describe()`. */
export async function waitFor<T>(
	check: () => T | undefined | null | false,
	timeoutMs = 2000,
	describe: () => string = () => 'condition',
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms: ${describe()}`);
		// Let React's scheduler and Ink's input handling run between checks.
		await new Promise(resolve => setImmediate(resolve));
		await new Promise(resolve => setTimeout(resolve, 2));
	}
}

/**
 * Resolves with the first truthy value of the asynchronous `check` (an API read, a controller's answer), polled
 * every `intervalMs`; rejects after `timeoutMs` with `describe(last)`, where `last` is the latest value or error
 * seen, so a failure says what the controller had answered by then.
 */
export async function waitForAsync<T>(
	check: () => Promise<T | undefined | null | false>,
	timeoutMs: number,
	describe: (last: unknown) => string = last => `condition (last: ${String(last)})`,
	intervalMs = 200,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
			last = value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for: ${describe(last)}`);
		// Poll interval; the loop ends on the condition.
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}
}
