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
