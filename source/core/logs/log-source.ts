// What the UI may ask about logs, bound to the monitor's current context: the pods behind an app's resource, a
// container's log stream, and the controller's lines about an app. The UI never talks to the cluster itself.
import type {ManagedResource} from '../apps/detail.js';
import type {AppSummary} from '../apps/model.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {OwnedWatches} from '../tree/owned-watches.js';
import {followLogPods, type LogPodsState} from './live-log-pods.js';
import {streamControllerLogs} from './controller-logs.js';
import type {LogResourceRef} from './log-pods.js';
import {type PodLogHandlers, type PodLogOptions, type PodLogTarget, streamPodLog} from './pod-log.js';

export type LogSource = {
	/**
	 * Follow the pods of `resource` (else of every Pod and workload among `resources`), failing first, live through
	 * the shared watches the resource trees use; returns stop().
	 */
	followPods(resources: readonly ManagedResource[], resource: LogResourceRef | null, onChange: (state: LogPodsState) => void): () => void;
	/** Read (and with `follow`, keep reading) a container's log; returns stop(). */
	stream(target: PodLogTarget, options: PodLogOptions, handlers: PodLogHandlers): () => void;
	/** Follow the app's controller's log lines about it; returns stop(). */
	controller(app: AppSummary, handlers: PodLogHandlers): () => void;
};

/** The log source of whatever context `kc()` (and its session's shared watches, `watches()`) gives now (it changes with :ctx). */
export function kubeLogSource(kc: () => KubeConfigLike, watches: () => OwnedWatches): LogSource {
	return {
		followPods: (resources, resource, onChange) => followLogPods({watches: watches(), resources, resource, onChange}),
		stream: (target, options, handlers) => streamPodLog(kc(), target, options, handlers),
		controller: (app, handlers) => streamControllerLogs(kc(), app, handlers, {follow: true}),
	};
}
