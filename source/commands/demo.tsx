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
export async function runDemo(flags: DisplayFlags & {readonly?: boolean}): Promise<number> {
	const tui = openTui(<StartingScreen title="driftwatch demo" what="starting the sandbox" ascii={flags.ascii} />);
	let quit = false;
	void tui.ended.then(() => (quit = true));
	let estate: import('../demo/demo-estate.js').DemoEstate | undefined;
	let audit: AuditLog | undefined;
	let signal: EndingSignal | null = null;
	try {
		const [{App}, demo, {createDemoAuditLog}, {stopOffThread}, {finishPendingActions}] = await Promise.all([
			import('../ui/app.js'),
			import('../demo/demo-estate.js'),
			import('../demo/demo-audit.js'),
			import('../core/util/off-thread.js'),
			import('./pending-actions.js'),
		]);
		estate = await demo.startDemoEstate();
		// Quit while it was starting: nothing more to show.
		if (quit) return exitCodeOf(await tui.ended);
		// Not the user's own audit log; kept after exit when it holds an action, and named then.
		audit = await createDemoAuditLog();
		const session = demo.startDemoSession(estate, {audit, readonly: flags.readonly === true});
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
