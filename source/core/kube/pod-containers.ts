// A pod's containers and whether it is in trouble, from its spec and status: what a tree node shows of a pod and
// what the log view offers (which container, whether a previous instance has a log). Kube-level, so the tree and
// the logs both build on it without depending on each other.
import type {KubeObject} from './resource-type.js';

export type LogContainer = {
	name: string;
	/** An init container (listed first, as the API server lists them). */
	init: boolean;
	restarts: number;
	/** 'running', 'waiting: CrashLoopBackOff', 'terminated: Error', or '' before any status. */
	state: string;
	/** A terminated previous instance exists (`previous` has a log). */
	hasPrevious: boolean;
};

export type LogPod = {
	namespace: string;
	name: string;
	/** spec.nodeName; null: not scheduled, so there is no log to read. */
	node: string | null;
	phase: string;
	containers: LogContainer[];
	/** A container waits in a back-off, terminated in error, or is not ready: this pod's log is the one to read. */
	failing: boolean;
};

type ContainerStatus = {
	name?: string;
	ready?: boolean;
	restartCount?: number;
	state?: {running?: unknown; waiting?: {reason?: string}; terminated?: {reason?: string; exitCode?: number}};
	lastState?: {terminated?: unknown};
};

function stateText(status: ContainerStatus | undefined): string {
	if (!status?.state) return '';
	if (status.state.running) return 'running';
	if (status.state.waiting) return `waiting: ${status.state.waiting.reason ?? ''}`.trim();
	if (status.state.terminated) return `terminated: ${status.state.terminated.reason ?? ''}`.trim();
	return '';
}

/** A pod's containers from its spec (init containers first), with what the status says of each. */
export function logPodOf(pod: KubeObject): LogPod {
	const spec = (pod.spec ?? {}) as {containers?: {name?: string}[]; initContainers?: {name?: string}[]; nodeName?: string};
	const status = (pod.status ?? {}) as {phase?: string; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]};
	const containers: LogContainer[] = [];
	const add = (list: {name?: string}[] | undefined, statuses: ContainerStatus[] | undefined, init: boolean) => {
		for (const container of list ?? []) {
			if (!container.name) continue;
			const found = statuses?.find(candidate => candidate.name === container.name);
			containers.push({
				name: container.name,
				init,
				restarts: found?.restartCount ?? 0,
				state: stateText(found),
				hasPrevious: found?.lastState?.terminated !== undefined,
			});
		}
	};
	add(spec.initContainers, status.initContainerStatuses, true);
	add(spec.containers, status.containerStatuses, false);
	const regular = status.containerStatuses ?? [];
	const failing =
		status.phase === 'Failed' ||
		regular.some(
			item =>
				/BackOff|Err|Invalid/.test(item.state?.waiting?.reason ?? '') ||
				(item.state?.terminated !== undefined && item.state.terminated.exitCode !== 0) ||
				(status.phase === 'Running' && item.ready === false),
		);
	return {
		namespace: pod.metadata?.namespace ?? '',
		name: pod.metadata?.name ?? '',
		node: spec.nodeName || null,
		phase: status.phase ?? '',
		containers,
		failing,
	};
}
