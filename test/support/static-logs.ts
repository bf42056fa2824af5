// An in-memory LogSource for UI tests: pods and their containers' lines given up front; a test pushes more lines
// and notices (a broken stream) to whoever follows, and reads back which streams the UI opened.
import type {LogPod} from '../../source/core/kube/pod-containers.js';
import type {LogSource} from '../../source/core/logs/log-source.js';
import type {PodLogHandlers, PodLogNotice, PodLogOptions, PodLogTarget} from '../../source/core/logs/pod-log.js';

export type StaticLogs = {
	pods?: LogPod[];
	/** Lines by `pod/container`, or `pod/container/previous`. */
	lines?: Record<string, string[]>;
	/** What pods/log answers instead of lines, by the same key (a pod on no node, forbidden…). */
	notices?: Record<string, PodLogNotice>;
	/** The controller's lines about the app. */
	controller?: string[];
};

export type StaticLogSource = LogSource & {
	/** Streams opened, as `pod/container[/previous][ follow]`, in order. */
	readonly opened: string[];
	/** Push lines to every open stream of `pod/container`. */
	push(key: string, lines: string[]): void;
	/** Push a notice to every open stream of `pod/container`. */
	notify(key: string, notice: PodLogNotice): void;
	/** The pods there are now (a rollout replaced one, one was deleted): every open view's list follows. */
	setPods(pods: LogPod[]): void;
};

export function staticLogSource(logs: StaticLogs = {}): StaticLogSource {
	const open = new Map<string, Set<PodLogHandlers>>();
	let pods = logs.pods ?? [];
	const podFollowers = new Set<() => void>();
	const opened: string[] = [];
	const keyOf = (target: PodLogTarget, options: PodLogOptions) => `${target.pod}/${target.container}${options.previous ? '/previous' : ''}`;
	return {
		opened,
		// A Pod picked (on the tree) is that pod alone, as the cluster answers; anything else: every pod given.
		followPods(_resources, resource, onChange) {
			const publish = () => onChange({pods: resource?.kind === 'Pod' ? pods.filter(pod => pod.name === resource.name) : pods, error: null});
			podFollowers.add(publish);
			setImmediate(() => {
				if (podFollowers.has(publish)) publish();
			});
			return () => podFollowers.delete(publish);
		},
		stream(target, options, handlers) {
			const key = keyOf(target, options);
			opened.push(`${key}${options.follow ? ' follow' : ''}`);
			const set = open.get(key) ?? new Set();
			open.set(key, set);
			set.add(handlers);
			setImmediate(() => {
				if (!set.has(handlers)) return;
				const notice = logs.notices?.[key];
				if (notice) return handlers.notice(notice);
				const all = logs.lines?.[key] ?? [];
				handlers.lines(options.tailLines === null || options.tailLines === undefined ? all.slice(-200) : all.slice(-options.tailLines));
				if (!options.follow) handlers.notice({kind: 'end', text: 'end of log'});
			});
			return () => set.delete(handlers);
		},
		controller(_app, handlers) {
			setImmediate(() => handlers.lines(logs.controller ?? []));
			return () => {};
		},
		push(key, lines) {
			for (const handlers of open.get(key) ?? []) handlers.lines(lines);
		},
		notify(key, notice) {
			for (const handlers of open.get(key) ?? []) handlers.notice(notice);
		},
		setPods(next) {
			pods = next;
			for (const publish of podFollowers) publish();
		},
	};
}
