// The log view's data: the pods behind what was picked (failing first), and the stream of the chosen container's
// log (or the controller's lines), asked of the monitor and restarted when what is shown changes. Lines are kept
// cleaned, with the stream's notices (broken, reconnected, no log, forbidden) among them where they happened.
import {useEffect, useMemo, useRef, useState} from 'react';
import type {ManagedResource} from '../../core/apps/detail.js';
import type {LogContainer, LogPod} from '../../core/kube/pod-containers.js';
import {defaultContainer} from '../../core/logs/log-pods.js';
import type {PodLogNotice} from '../../core/logs/pod-log.js';
import type {Monitor} from '../../core/monitor/monitor.js';
import type {LogViewState} from '../state/ui-state.js';
import {cleanLogLine, type LogEntry} from '../text/log-lines.js';

/** Lines kept; older ones are dropped as new ones come (a chatty pod followed for hours). */
const keptLines = 10_000;

export type LogView = {
	entries: readonly LogEntry[];
	/** The pods to pick from; null while they are being found. */
	pods: readonly LogPod[] | null;
	/** Why the pods could not be found, or null. */
	podsError: string | null;
	target: {pod: LogPod; container: LogContainer} | null;
	/** One word or phrase for the title: reading, following, reconnecting, end of log… */
	status: string;
	/** The stream said its last word (end, no log, forbidden, error): nothing more will come. */
	ended: boolean;
};

function statusOf(notice: PodLogNotice): string {
	switch (notice.kind) {
		case 'broken':
			return 'reconnecting';
		case 'reconnected':
		case 'opened':
			return 'following';
		case 'end':
			return 'end of log';
		case 'no-log':
			return 'no log';
		case 'forbidden':
			return 'forbidden';
		case 'error':
			return 'error';
	}
}

export function useLogView(monitor: Monitor, logs: LogViewState | null, resources: readonly ManagedResource[] | null): LogView {
	const [pods, setPods] = useState<{key: string; pods: LogPod[] | null; error: string | null}>({key: '', pods: null, error: null});
	const [stream, setStream] = useState<{key: string; entries: LogEntry[]; status: string; ended: boolean}>({
		key: '',
		entries: [],
		status: '',
		ended: false,
	});

	// Pods: of the picked resource, else of every Pod and workload the app manages (once its detail is read), live
	// from the watches the tree shares: a pod replaced or deleted while the view is open leaves the list at once.
	const wanted = logs && logs.source === 'pod' && (logs.resource || resources) ? logs : null;
	const resourceKeys =
		resources?.map(resource => `${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`).join(',') ?? '';
	const podsKey = wanted ? `${wanted.appId}|${JSON.stringify(wanted.resource)}|${wanted.resource ? '' : resourceKeys}` : '';
	// biome-ignore lint/correctness/useExhaustiveDependencies: podsKey says everything the pods depend on
	useEffect(() => {
		if (!wanted) return;
		let current = true;
		setPods({key: podsKey, pods: null, error: null});
		const stop = (monitor.logsFor?.(wanted.appId) ?? monitor.logs).followPods(resources ?? [], wanted.resource, state => {
			if (current) setPods({key: podsKey, pods: state.pods, error: state.error});
		});
		return () => {
			current = false;
			stop();
		};
	}, [podsKey, monitor]);

	// The pod shown stays the one shown: a new pod appearing first in the list does not take the screen, and one
	// that goes away leaves its lines up, said to be gone, until the user picks another (C).
	const shownPod = useRef<{key: string; pod: LogPod} | null>(null);
	const podList = pods.key === podsKey ? pods.pods : null;
	const pickKey = `${podsKey}|${logs?.pod ?? ''}`;
	let pod: LogPod | null = null;
	let gone = false;
	if (podList) {
		const remembered = shownPod.current?.key === pickKey ? shownPod.current.pod : null;
		const name = logs?.pod ?? remembered?.name ?? null;
		const fresh = name === null ? null : (podList.find(candidate => candidate.name === name) ?? null);
		if (fresh) pod = fresh;
		else if (remembered) {
			pod = remembered;
			gone = true;
		} else pod = podList[0] ?? null;
		if (pod && !gone) shownPod.current = {key: pickKey, pod};
	}
	const container = pod ? defaultContainer(pod, logs?.pod === pod.name ? logs.container : null) : null;
	const target = pod && container ? {pod, container} : null;

	// The stream: restarted whenever what it shows changes.
	const streamKey = !logs
		? ''
		: logs.source === 'controller'
			? `controller|${logs.appId}`
			: target
				? `pod|${target.pod.namespace}/${target.pod.name}/${target.container.name}|${logs.previous}|${logs.follow}`
				: '';
	// biome-ignore lint/correctness/useExhaustiveDependencies: streamKey says everything the stream depends on
	useEffect(() => {
		if (!streamKey || !logs) return;
		let entries: LogEntry[] = [];
		let status = logs.source === 'controller' || logs.follow ? 'following' : 'reading';
		let ended = false;
		let current = true;
		const publish = () => {
			if (current) setStream({key: streamKey, entries, status, ended});
		};
		const add = (added: LogEntry[]) => {
			entries = entries.length + added.length > keptLines ? [...entries, ...added].slice(-keptLines) : [...entries, ...added];
			publish();
		};
		setStream({key: streamKey, entries, status: logs.previous ? 'reading the previous container' : 'reading', ended});
		const handlers = {
			lines: (lines: readonly string[]) => add(lines.map(line => ({text: cleanLogLine(line)}))),
			notice: (notice: PodLogNotice) => {
				status = statusOf(notice);
				if (notice.kind === 'end' || notice.kind === 'no-log' || notice.kind === 'forbidden' || notice.kind === 'error') ended = true;
				if (notice.kind === 'opened') status = logs.follow || logs.source === 'controller' ? 'following' : 'reading';
				if (notice.kind === 'end' || notice.kind === 'opened') publish();
				else add([{text: cleanLogLine(notice.text), notice: notice.kind}]);
			},
		};
		const stop =
			logs.source === 'controller'
				? (monitor.logsFor?.(logs.appId) ?? monitor.logs).controller(logs.app, handlers)
				: (monitor.logsFor?.(logs.appId) ?? monitor.logs).stream(
						{namespace: target!.pod.namespace, pod: target!.pod.name, container: target!.container.name},
						{previous: logs.previous, follow: logs.follow},
						handlers,
					);
		return () => {
			current = false;
			stop();
		};
	}, [streamKey, monitor]);

	const shown = stream.key === streamKey ? stream : {entries: [], status: streamKey ? 'reading' : '', ended: false};
	const podsError = pods.key === podsKey ? pods.error : null;
	const goneName = gone ? (pod?.name ?? '') : null;
	const others = podList?.length ?? 0;
	const entries = useMemo(
		() =>
			goneName === null
				? shown.entries
				: [
						...shown.entries,
						{
							text: `pod ${goneName} is gone; ${others === 0 ? 'no pods now' : `C picks one of the ${others} ${others === 1 ? 'pod' : 'pods'} now`}`,
							notice: 'gone' as const,
						},
					],
		[shown.entries, goneName, others],
	);
	return {entries, pods: podList, podsError, target, status: gone ? 'pod gone' : shown.status, ended: shown.ended || gone};
}
