// `driftwatch timeline [APP] [--since 1h] [--json]`: what changed, newest first — commits on the tracked paths,
// syncs and who started them, Warning events, driftwatch's own audited actions. Health/sync transitions are only
// seen by a running TUI (no controller records them), so a one-shot command has none.
import {loadKubeConfigs, serverText} from '../core/kube/kubeconfig.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {createMonitorForContexts} from '../core/monitor/multi-context-monitor.js';
import {providers} from '../core/controllers/controllers.js';
import {loadConfig} from '../core/native/load-config.js';
import {statusOutcome} from '../core/status/status-report.js';
import {mergeTimeline, type TimelineEntry} from '../core/timeline/timeline.js';
import type {TimelineState} from '../core/monitor/timeline-follower.js';
import {untilDoneOrIdle} from '../core/util/progress-deadline.js';
import {contextSnapshots, withApp} from './app-session.js';
import {shortAge} from './events.js';
import type {ClusterFlags} from './options.js';
import {fail, problem, stdout, type Painted} from './output.js';

export type TimelineFlags = ClusterFlags & {
	/** APP, or undefined: every app. */
	app: string | undefined;
	/** Only entries newer than this many ms ago; undefined: all that is known. */
	sinceMs: number | undefined;
	json: boolean;
	color: boolean;
};

/** Exit 0 with the entries printed (none is fine), 2 when the cluster could not be read. */
export async function runTimeline(flags: TimelineFlags): Promise<number> {
	const timeoutMs = flags.timeoutMs ?? 15_000;
	if (flags.app !== undefined) {
		return withApp({...flags, app: flags.app}, {timeoutMs, compareNamed: false}, async ({monitor, app}) =>
			report(await gather(monitor, app.id, timeoutMs, flags), flags),
		);
	}
	const {config} = await loadConfig({path: flags.config});
	const kubeconfigs = loadKubeConfigs({path: flags.kubeconfig, selection: {flag: flags.context, all: flags.allContexts, config}});
	const server = kubeconfigs.map(loaded => serverText(loaded.kc)).join(', ');
	const monitor = createMonitorForContexts({kubeconfigs, namespace: flags.namespace ?? null, providers, config, batchMs: 0, watch: false});
	try {
		const settled = await monitor.settled(timeoutMs);
		const snapshot = monitor.store.getSnapshot();
		if (!settled) return fail(`${server} (context ${kubeconfigs.map(loaded => loaded.context).join(', ')}) did not answer in time`);
		// Several contexts: each is read on its own, and one that could not be read is an error, as in status.
		for (const [index, part] of contextSnapshots(snapshot).entries()) {
			const outcome = statusOutcome(part, serverText(kubeconfigs[index]!.kc));
			if (outcome.exitCode === 2) return fail(outcome.problems[0]!);
		}
		return report(await gather(monitor, null, timeoutMs, flags), flags);
	} finally {
		await monitor.close();
	}
}

/** The timeline once every source answered (or nothing progressed for `idleMs`). */
async function gather(monitor: LiveMonitor, appId: string | null, idleMs: number, flags: TimelineFlags): Promise<TimelineState | null> {
	let latest: TimelineState | null = null;
	// All apps: every app's commits in the --since window (by default the TUI's day), not each app's last 30.
	const commitsSinceMs = flags.sinceMs === undefined ? undefined : Date.now() - flags.sinceMs;
	const stop = monitor.watchTimeline(
		appId,
		state => {
			latest = state;
		},
		commitsSinceMs === undefined ? {} : {commitsSinceMs},
	);
	try {
		await untilDoneOrIdle({done: () => latest !== null && !latest.loading, progress: () => monitor.progress(), idleMs});
		return latest;
	} finally {
		stop();
	}
}

function report(state: TimelineState | null, flags: TimelineFlags): number {
	if (!state) return fail('the timeline made no progress (--timeout to wait longer)');
	for (const line of state.problems) problem(line);
	const sinceMs = flags.sinceMs === undefined ? null : Date.now() - flags.sinceMs;
	const entries = mergeTimeline([state.entries], {sinceMs});
	if (flags.json) {
		stdout.json({app: flags.app ?? null, since: sinceMs === null ? null : new Date(sinceMs).toISOString(), entries});
		return 0;
	}
	if (entries.length === 0) {
		stdout.lines([`Nothing changed${flags.sinceMs === undefined ? '' : ' in that time'} that driftwatch can see.`]);
		return 0;
	}
	const now = Date.now();
	const lines = entries.map(entry => timelineLine(entry, now, flags.app === undefined));
	if (!(flags.color && stdout.isTTY)) {
		stdout.lines(lines);
		return 0;
	}
	const painted: Painted[] = entries.map((entry, index) => ({
		text: `${lines[index]}\n`,
		style: entry.tone === 'bad' ? 'red' : entry.tone === 'good' ? 'green' : undefined,
	}));
	stdout.painted(painted);
	return 0;
}

/**
 * `12m  sync     Application/argocd/web  synced abc1234 (by admin)`; with several contexts read, the app as APP is
 * written across them (`prod-us:Application/argocd/web`), since the same app lives in each.
 */
export function timelineLine(entry: TimelineEntry, now: number, withApp: boolean): string {
	const age = shortAge(now - Date.parse(entry.time)).padStart(4);
	const named = (path: string) => (entry.context === undefined ? path : `${entry.context}:${path}`);
	// About no one app: `-`, or with several contexts read, the context it happened in (`prod-us:-`).
	const nobody = entry.context === undefined ? '-' : `${entry.context}:-`;
	const app = withApp ? `${(entry.apps ?? (entry.app ? [entry.app] : [])).map(named).join(', ') || nobody}  ` : '';
	const who = entry.who ? ` (by ${entry.who})` : '';
	return `${age}  ${entry.kind.padEnd(10)}  ${app}${entry.text.replace(/\s+/g, ' ').trim()}${who}`;
}
