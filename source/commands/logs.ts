// `driftwatch logs APP`: a container's log of one of APP's pods (the failing one unless --resource names another),
// or with --controller the controller's own lines about APP. Lines go to stdout with control characters shown as
// escapes (a log line must not drive the terminal); what happened besides (which pod, a reconnect) goes to stderr.
import type {DetailState} from '../core/monitor/monitor.js';
import {appPath} from '../core/controllers/app-ref.js';
import {appLogPods, parseLogResource, resolveLogResource} from '../core/logs/app-logs.js';
import {streamControllerLogs} from '../core/logs/controller-logs.js';
import {defaultContainer} from '../core/logs/log-pods.js';
import {type PodLogHandlers, type PodLogNotice, streamPodLog} from '../core/logs/pod-log.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {classifyApiError} from '../core/kube/api-error.js';
import {withApp} from './app-session.js';
import type {ClusterFlags} from './options.js';
import {fail, problem, stderr, stdout} from './output.js';

export type LogsFlags = ClusterFlags & {
	app: string;
	resource: string | undefined;
	container: string | undefined;
	previous: boolean;
	/** Lines from the end (default 200); -1: all. */
	tail: number | undefined;
	follow: boolean;
	/** The controller's log lines about the app instead of a pod's. */
	controller: boolean;
};

/**
 * Exit 0: the log was read (or followed until interrupted); 1: there is no log to read (no pods, or a pod on no
 * node); 2: an error (forbidden, no such container or previous instance, the cluster unreachable, a usage error).
 */
export async function runLogs(flags: LogsFlags): Promise<number> {
	const wanted = flags.resource === undefined ? null : parseLogResource(flags.resource);
	if (wanted && 'error' in wanted) return fail(wanted.error);
	if (flags.tail !== undefined && (!Number.isInteger(flags.tail) || flags.tail < -1))
		return fail(`--tail takes a number of lines (-1: all), not ${flags.tail}`);
	return withApp(flags, {timeoutMs: flags.timeoutMs ?? 15_000, compareNamed: true}, async ({monitor, app, loaded}) => {
		const name = appPath(app);
		if (flags.controller) return follow(handlers => streamControllerLogs(loaded.kc, app, handlers, {follow: flags.follow}), flags.follow);
		const detail = await firstDetail(monitor, app.id, flags.timeoutMs ?? 15_000);
		if (!detail?.detail) return fail(`${name}: ${detail?.error ?? 'its resources could not be read in time'}`);
		const resource = wanted ? resolveLogResource(wanted, app, detail.detail.resources) : null;
		let pods: Awaited<ReturnType<typeof appLogPods>>;
		try {
			pods = await appLogPods(loaded.kc, detail.detail.resources, resource);
		} catch (error) {
			return fail(`${resource ? `${resource.kind}/${resource.namespace}/${resource.name}` : name}: ${classifyApiError(error).message}`);
		}
		const pod = pods[0];
		if (!pod) {
			problem(`${name}: no pods${resource ? ` for ${resource.kind}/${resource.name}` : ' among its resources'}`);
			return 1;
		}
		const container = defaultContainer(pod, flags.container);
		if (!container)
			return fail(
				`container ${flags.container ?? ''} is not valid for pod ${pod.name}, choose one of: [${pod.containers.map(item => item.name).join(' ')}]`,
			);
		const others = pod.containers.filter(item => item.name !== container.name).map(item => item.name);
		stderr.lines([
			`==> pod/${pod.name} -n ${pod.namespace} -c ${container.name}${flags.previous ? ' (previous)' : ''}${others.length > 0 ? `   (also: ${others.join(', ')})` : ''}`,
		]);
		return follow(
			handlers =>
				streamPodLog(
					loaded.kc,
					{namespace: pod.namespace, pod: pod.name, container: container.name},
					{previous: flags.previous, follow: flags.follow, tailLines: flags.tail === -1 ? null : flags.tail},
					handlers,
				),
			flags.follow,
		);
	});
}

/** The first detail state that is not loading, or null after `timeoutMs`. */
async function firstDetail(monitor: LiveMonitor, appId: string, timeoutMs: number): Promise<DetailState | null> {
	return new Promise(resolve => {
		let stop: () => void = () => {};
		let done = false;
		const timer = setTimeout(() => finish(null), timeoutMs);
		function finish(state: DetailState | null) {
			if (done) return;
			done = true;
			clearTimeout(timer);
			queueMicrotask(() => stop());
			resolve(state);
		}
		stop = monitor.watchDetail(appId, state => {
			if (!state.loading) finish(state);
		});
		if (done) stop();
	});
}

/**
 * Print lines as they come and notices on stderr; resolve with the exit code when the stream ends: a final notice
 * (end, no log, forbidden, error), or Ctrl-C during a follow.
 */
function follow(start: (handlers: PodLogHandlers) => () => void, following: boolean): Promise<number> {
	return new Promise(resolve => {
		let stop: () => void = () => {};
		let finished = false;
		const finish = (code: number) => {
			if (finished) return;
			finished = true;
			process.off('SIGINT', interrupted);
			queueMicrotask(() => stop());
			resolve(code);
		};
		const interrupted = () => finish(0);
		if (following) process.on('SIGINT', interrupted);
		stop = start({
			lines: lines => stdout.text(lines.map(line => `${line}\n`).join('')),
			notice: notice => {
				if (notice.kind !== 'end' && notice.kind !== 'opened') stderr.lines([`driftwatch: ${notice.text}`]);
				const code = exitCodeOf(notice);
				if (code !== null) finish(code);
			},
		});
		if (finished) stop();
	});
}

/** The exit code a notice ends the command with; null: the stream goes on (a reconnect). */
function exitCodeOf(notice: PodLogNotice): number | null {
	switch (notice.kind) {
		case 'end':
			return 0;
		case 'no-log':
			return 1;
		case 'forbidden':
		case 'error':
			return 2;
		default:
			return null;
	}
}
