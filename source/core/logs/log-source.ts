// What the UI may ask about logs, bound to the monitor's current context: the pods behind an app's resource, a
// container's log stream, and the controller's lines about an app. The UI never talks to the cluster itself.
import type {ManagedResource} from '../apps/detail.js';
import type {AppSummary} from '../apps/model.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {appLogPods} from './app-logs.js';
import {streamControllerLogs} from './controller-logs.js';
import type {LogPod, LogResourceRef} from './log-pods.js';
import {type PodLogHandlers, type PodLogOptions, type PodLogTarget, streamPodLog} from './pod-log.js';

export type LogSource = {
	/** The pods of `resource` (else of every Pod and workload among `resources`), failing first. Rejects on an API error. */
	podsFor(resources: readonly ManagedResource[], resource: LogResourceRef | null): Promise<LogPod[]>;
	/** Read (and with `follow`, keep reading) a container's log; returns stop(). */
	stream(target: PodLogTarget, options: PodLogOptions, handlers: PodLogHandlers): () => void;
	/** Follow the app's controller's log lines about it; returns stop(). */
	controller(app: AppSummary, handlers: PodLogHandlers): () => void;
};

/** The log source of whatever context `kc()` gives now (it changes with :ctx). */
export function kubeLogSource(kc: () => KubeConfigLike): LogSource {
	return {
		podsFor: (resources, resource) => appLogPods(kc(), resources, resource),
		stream: (target, options, handlers) => streamPodLog(kc(), target, options, handlers),
		controller: (app, handlers) => streamControllerLogs(kc(), app, handlers, {follow: true}),
	};
}
