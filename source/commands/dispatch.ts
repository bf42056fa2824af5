export type Subcommand = 'tui' | 'status' | 'sandbox' | 'demo';

export const subcommands: readonly Subcommand[] = ['status', 'sandbox', 'demo'];

/** Run a subcommand; any failure becomes one line on stderr and exit 2, never a stack trace. */
export async function runReportingErrors(run: () => Promise<number>): Promise<number> {
	try {
		return await run();
	} catch (error) {
		const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
		process.stderr.write(`driftwatch: ${message}\n`);
		if (process.env.DRIFTWATCH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
		return 2;
	}
}
