import type {Monitor, MonitorSnapshot} from '../core/monitor/monitor.js';

/** Actions still sending their requests: quitting now would leave them half-done. */
function sending(snapshot: MonitorSnapshot): Array<{id: string; line: string}> {
	return Object.entries(snapshot.actions ?? {})
		.filter(([, progress]) => progress.phase === 'sending')
		.map(([id, progress]) => {
			const app = snapshot.apps.find(candidate => candidate.id === id);
			return {id, line: `${progress.label} ${app ? `${app.kind} ${app.namespace}/${app.name}` : id}`};
		});
}

/**
 * After the TUI closed: an action still sending its requests is waited for, saying so on stderr (a blank screen
 * while a sync goes on tells nothing), then its outcome is printed. Returns 1 when one of them failed. A second
 * Ctrl-C ends the process at once; the audit log then shows the attempt as unfinished.
 */
export async function finishPendingActions(monitor: Monitor, write: (line: string) => void): Promise<0 | 1> {
	const pending = sending(monitor.store.getSnapshot());
	if (pending.length === 0) return 0;
	for (const {line} of pending)
		write(`driftwatch: ${line} is still sending its requests; waiting for it to finish (Ctrl-C again stops it where it is)`);
	await new Promise<void>(resolve => {
		const check = () => {
			if (sending(monitor.store.getSnapshot()).length > 0) return;
			unsubscribe();
			resolve();
		};
		const unsubscribe = monitor.store.subscribe(check);
		check();
	});
	const actions = monitor.store.getSnapshot().actions ?? {};
	let failed = false;
	for (const {id, line} of pending) {
		const progress = actions[id];
		if (progress?.phase === 'failed') failed = true;
		write(`driftwatch: ${line}: ${progress?.phase === 'failed' ? 'failed' : 'sent'}${progress?.message ? ` — ${progress.message}` : ''}`);
	}
	return failed ? 1 : 0;
}
