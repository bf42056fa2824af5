import type {AuditLog} from '../core/actions/audit-log.js';
import {openTui, signalExitCode, type EndingSignal} from '../ui/terminal/tui-session.js';
import {StartingScreen} from '../ui/screens/starting-screen.js';
import {stderr} from './output.js';
import type {DisplayFlags} from './options.js';

/**
 * `driftwatch demo`: a Git repository and a seeded sandbox in temp space, simulated controllers, and the TUI on
 * them. The first frame ("starting the sandbox…") is up before the UI, the sandbox and the seed are even loaded:
 * seeding takes seconds, and a blank terminal meanwhile looks hung.
 */
export async function runDemo(flags: DisplayFlags & {readonly?: boolean; clusters?: number}): Promise<number> {
	const clusters = flags.clusters ?? 1;
	const what = clusters > 1 ? `starting ${clusters} sandbox clusters` : 'starting the sandbox';
	const tui = openTui(<StartingScreen title="driftwatch demo" what={what} ascii={flags.ascii} />);
	let quit = false;
	void tui.ended.then(() => (quit = true));
	let estate: {close(): Promise<void>} | undefined;
	let audit: AuditLog | undefined;
	let signal: EndingSignal | null = null;
	try {
		const [{App}, demo, fleet, {createDemoAuditLog}, {stopOffThread}, {finishPendingActions}] = await Promise.all([
			import('../ui/app.js'),
			import('../demo/demo-estate.js'),
			import('../demo/demo-clusters.js'),
			import('../demo/demo-audit.js'),
			import('../core/util/off-thread.js'),
			import('./pending-actions.js'),
		]);
		// Several clusters: the session watches every one's context (fleet.contexts) in one list.
		const started = clusters > 1 ? await fleet.startDemoClusters(clusters) : await demo.startDemoEstate();
		estate = started;
		// Quit while it was starting: nothing more to show.
		if (quit) return exitCodeOf(await tui.ended);
		// Not the user's own audit log; kept after exit when it holds an action, and named then.
		audit = await createDemoAuditLog();
		const session = demo.startDemoSession(started, {audit, readonly: flags.readonly === true});
		try {
			tui.show(<App monitor={session.monitor} options={{color: flags.color, ascii: flags.ascii}} />);
			signal = await tui.ended;
			if (!signal) await finishPendingActions(session.monitor, line => stderr.lines([line]));
		} finally {
			await session.close();
			await stopOffThread();
		}
	} catch (error) {
		// The terminal back first, so the error is printed where it stays readable.
		tui.quit();
		await tui.ended;
		throw error;
	} finally {
		await estate?.close();
		const notice = audit ? await (await import('../demo/demo-audit.js')).demoAuditNotice(audit) : null;
		if (notice) stderr.lines([notice]);
	}
	return exitCodeOf(signal);
}

function exitCodeOf(signal: EndingSignal | null): number {
	return signal ? signalExitCode(signal) : 0;
}
