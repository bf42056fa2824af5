// A container's log through the pods/log subresource, over the context's shared transport: the last lines, then
// (following) new ones as they come. A followed stream that breaks is opened again from the last line it gave
// (timestamps asked for, and stripped, so nothing is shown twice), and the reader is told it broke and came back.
import {classifyApiError} from '../kube/api-error.js';
import {ApiHttpError} from '../kube/http.js';
import {CredentialPluginError} from '../kube/exec-credential.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {transportFor} from '../kube/transport.js';
import {backoffDelay, cancellableSleep} from '../util/backoff.js';

/** The last lines shown when a log opens (as `argocd app logs` and the Argo CD UI). */
export const defaultTailLines = 200;

export type PodLogTarget = {namespace: string; pod: string; container: string};

export type PodLogOptions = {
	/** The previous (terminated) instance of the container: a crash loop's last crash. */
	previous?: boolean;
	follow?: boolean;
	/** Lines from the end; null: the whole log. */
	tailLines?: number | null;
};

/** What the reader is told besides lines: each a one-line text. */
export type PodLogNotice =
	| {kind: 'broken'; text: string}
	| {kind: 'reconnected'; text: string}
	/** The first stream answered: lines (if any) follow. */
	| {kind: 'opened'; text: string}
	/** The server gave no log at all (204): the pod is on no node, so no kubelet has one. */
	| {kind: 'no-log'; text: string}
	| {kind: 'forbidden'; text: string}
	| {kind: 'error'; text: string}
	/** The log ended (not following, or the server ended a followed stream for good). */
	| {kind: 'end'; text: string};

export type PodLogHandlers = {
	lines: (lines: readonly string[]) => void;
	notice: (notice: PodLogNotice) => void;
};

export function podLogPath(target: Pick<PodLogTarget, 'namespace' | 'pod'>): string {
	return `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log`;
}

/** The text of a pod with no node, shown as the log's one line. */
export function noLogText(target: PodLogTarget): string {
	return `no log: pod ${target.pod} is not on a node (not scheduled), so no kubelet has a log for ${target.container}`;
}

/** How far a stream got: the last timestamp seen and how many lines carried it (to skip them after a reconnect). */
type Position = {time: string; countAtTime: number};

/** `2026-12-07T01:02:03.123456789Z text` → [timestamp, text]; a line without one is all text. */
function splitTimestamp(line: string): [string | null, string] {
	const space = line.indexOf(' ');
	const head = space > 0 ? line.slice(0, space) : '';
	if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(head)) return [head, line.slice(space + 1)];
	return [null, line];
}

/** Compare RFC 3339 timestamps as instants (nanosecond digits padded, so string order is time order). */
function timeKey(time: string): string {
	const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
	if (!match) return time;
	const base = new Date(`${match[1]}${match[3]}`).toISOString().slice(0, 19);
	return `${base}.${(match[2] ?? '').padEnd(9, '0')}`;
}

/** sinceTime has whole seconds: the reconnect asks from the second the last line was in, and drops what it had. */
function sinceTimeOf(time: string): string {
	return `${timeKey(time).slice(0, 19)}Z`;
}

/**
 * Read (and with `follow`, keep reading) a container's log. Lines arrive in batches, without their timestamps;
 * failures arrive as one notice each. Returns stop(): ends the stream, and no handler is called after it.
 */
export function streamPodLog(kc: KubeConfigLike, target: PodLogTarget, options: PodLogOptions, handlers: PodLogHandlers): () => void {
	const controller = new AbortController();
	const {signal} = controller;
	const follow = options.follow === true && options.previous !== true;
	const tailLines = options.tailLines === undefined ? defaultTailLines : options.tailLines;
	let position: Position | null = null;
	/** A stream broke (and the reader was told): the next one that opens says it is back. */
	let reconnecting = false;
	let opened = false;
	let attempt = 0;
	const emitLines = (lines: string[]) => {
		if (!signal.aborted && lines.length > 0) handlers.lines(lines);
	};
	const notice = (value: PodLogNotice) => {
		if (!signal.aborted) handlers.notice(value);
	};

	const once = async (): Promise<'ended' | 'final'> => {
		const query: Record<string, string | number | boolean | undefined> = {
			container: target.container,
			timestamps: true,
			...(options.previous ? {previous: true} : {}),
			...(follow ? {follow: true} : {}),
		};
		if (position) query['sinceTime'] = sinceTimeOf(position.time);
		else if (tailLines !== null) query['tailLines'] = tailLines;
		const response = await transportFor(kc).stream({
			path: podLogPath(target),
			query,
			accept: '*/*',
			signal,
			// A followed log may be quiet for hours: only a dead connection ends it, and the reconnect finds out.
			timeoutMs: follow ? 0 : 30_000,
			watch: follow,
			idempotent: true,
		});
		response.body.setEncoding('utf8');
		if (response.status === 204) {
			response.body.resume();
			notice({kind: 'no-log', text: noLogText(target)});
			return 'final';
		}
		if (response.status < 200 || response.status >= 300) {
			let text = '';
			for await (const chunk of response.body) text += chunk as string;
			throw new ApiHttpError(response.status, text);
		}
		if (reconnecting) {
			reconnecting = false;
			attempt = 0;
			notice({kind: 'reconnected', text: 'log stream reconnected'});
		} else if (!opened) {
			opened = true;
			notice({kind: 'opened', text: follow ? 'following' : 'reading'});
		}
		const skipUntil = position;
		let skipped = 0;
		let pending = '';
		const take = (raw: string) => {
			const [time, text] = splitTimestamp(raw);
			if (time !== null) {
				if (skipUntil) {
					const key = timeKey(time);
					const last = timeKey(skipUntil.time);
					if (key < last) return null;
					if (key === last && skipped < skipUntil.countAtTime) {
						skipped++;
						return null;
					}
				}
				position =
					position && timeKey(position.time) === timeKey(time) ? {time, countAtTime: position.countAtTime + 1} : {time, countAtTime: 1};
			}
			return text;
		};
		const flush = (final: boolean) => {
			const parts = pending.split('\n');
			pending = final ? '' : (parts.pop() ?? '');
			const lines: string[] = [];
			for (const part of parts) {
				if (final && part === '' && parts.at(-1) === part) continue;
				const text = take(part);
				if (text !== null) lines.push(text);
			}
			emitLines(lines);
		};
		for await (const chunk of response.body) {
			pending += chunk as string;
			if (pending.includes('\n')) flush(false);
		}
		if (pending) flush(true);
		return 'ended';
	};

	void (async () => {
		while (!signal.aborted) {
			try {
				const ended = await once();
				if (ended === 'final' || !follow) {
					if (ended === 'ended') notice({kind: 'end', text: 'end of log'});
					return;
				}
				// The server ended a followed log (the container stopped, or a proxy cut it): look again.
				reconnecting = true;
				notice({kind: 'broken', text: 'log stream ended; reconnecting…'});
			} catch (error) {
				if (signal.aborted) return;
				const problem = classifyApiError(
					error instanceof CredentialPluginError ? new ApiHttpError(401, JSON.stringify({message: error.message})) : error,
				);
				if (problem.kind === 'forbidden') {
					notice({kind: 'forbidden', text: problem.message});
					return;
				}
				// The server said no (no such pod or container, no previous instance): asking again will not help.
				if (!follow || (problem.code !== null && problem.code < 500 && problem.code !== 429)) {
					notice({kind: 'error', text: problem.message});
					return;
				}
				reconnecting = true;
				notice({kind: 'broken', text: `log stream broken (${problem.message}); reconnecting…`});
			}
			await cancellableSleep(backoffDelay(attempt++), signal);
		}
	})();
	return () => controller.abort();
}

/** The whole answer of a log read without follow: its lines, or the notice that ended it. */
export function readPodLog(
	kc: KubeConfigLike,
	target: PodLogTarget,
	options: Omit<PodLogOptions, 'follow'>,
): Promise<{lines: string[]; notice: PodLogNotice | null}> {
	return new Promise(resolve => {
		const lines: string[] = [];
		streamPodLog(
			kc,
			target,
			{...options, follow: false},
			{
				lines: batch => lines.push(...batch),
				notice: notice => {
					if (notice.kind !== 'opened') resolve({lines, notice: notice.kind === 'end' ? null : notice});
				},
			},
		);
	});
}
