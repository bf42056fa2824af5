// The controller's own log lines about one app: the Argo CD application-controller, or the Flux controller that
// reconciles the app's kind (kustomize-controller, helm-controller) and its source's (source-controller), found by
// their labels in their namespaces, and filtered to this app as `flux logs --kind K --name N --namespace NS` does:
// Flux logs JSON with controllerKind/name/namespace fields; Argo CD logs `application=NS/NAME` (text or JSON).
import type {AppSummary} from '../apps/model.js';
import {classifyApiError} from '../kube/api-error.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {listObjects} from '../kube/list.js';
import {logPodOf} from '../kube/pod-containers.js';
import {defaultContainer} from './log-pods.js';
import {type PodLogHandlers, type PodLogNotice, streamPodLog} from './pod-log.js';

/** Where a controller's pods are: namespaces to look in, the label that marks them, and what they reconcile. */
export type ControllerPods = {
	/** The controller's name, shown before each of its lines. */
	controller: string;
	namespaces: readonly string[];
	labelSelector: string;
	/** Whether a log line (its text) is about the app. */
	about: (line: string) => boolean;
};

/** Lines read back from each controller pod before filtering: busy controllers log about many apps. */
const controllerTailLines = 5000;

type FluxLine = {controllerKind?: unknown; kind?: unknown; name?: unknown; namespace?: unknown} & Record<string, unknown>;

function parseJson(line: string): Record<string, unknown> | null {
	if (!line.startsWith('{')) return null;
	try {
		const value: unknown = JSON.parse(line);
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

/** A Flux controller line about `kind` NAME in NAMESPACE (controller-runtime's structured fields). */
export function fluxLineAbout(line: string, kind: string, name: string, namespace: string): boolean {
	const entry = parseJson(line) as FluxLine | null;
	if (!entry) return false;
	const nested = entry[kind] as {name?: unknown; namespace?: unknown} | undefined;
	const entryName = entry.name ?? nested?.name;
	const entryNamespace = entry.namespace ?? nested?.namespace;
	const entryKind = entry.controllerKind ?? entry.kind ?? (nested ? kind : undefined);
	return entryName === name && entryNamespace === namespace && entryKind === kind;
}

/** An Argo CD application-controller line about NAMESPACE/NAME (`application=` in text, `application` in JSON). */
export function argoLineAbout(line: string, name: string, namespace: string): boolean {
	const entry = parseJson(line);
	if (entry) {
		const application = entry['application'];
		if (application === `${namespace}/${name}`) return true;
		const appNamespace = entry['app-namespace'] ?? entry['namespace'];
		return application === name && (appNamespace === undefined || appNamespace === namespace);
	}
	const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const qualified = `${namespace}/${name}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`\\b(application|app)="?(${qualified}|${quoted})(?=["\\s]|$)`).test(line);
}

/** The controllers that log about `app`; empty for an app no controller runs (native apps: driftwatch applies them). */
export function controllersOf(app: AppSummary): ControllerPods[] {
	if (app.provider === 'argocd') {
		return [
			{
				controller: 'application-controller',
				namespaces: [...new Set([app.namespace, 'argocd'])],
				labelSelector: 'app.kubernetes.io/name=argocd-application-controller',
				about: line => argoLineAbout(line, app.name, app.namespace),
			},
		];
	}
	if (app.provider === 'flux') {
		const namespaces = [...new Set(['flux-system', app.namespace])];
		const reconciler = app.kind === 'HelmRelease' ? 'helm-controller' : 'kustomize-controller';
		const controllers: ControllerPods[] = [
			{
				controller: reconciler,
				namespaces,
				labelSelector: `app=${reconciler}`,
				about: line => fluxLineAbout(line, app.kind, app.name, app.namespace),
			},
		];
		const source = app.source;
		if (source?.kind)
			controllers.push({
				controller: 'source-controller',
				namespaces,
				labelSelector: 'app=source-controller',
				about: line => fluxLineAbout(line, source.kind, source.name, source.namespace || app.namespace),
			});
		return controllers;
	}
	return [];
}

/** One controller line for the screen: a JSON entry as `time level message key=value…`, other text as it is. */
export function readableControllerLine(line: string): string {
	const entry = parseJson(line);
	if (!entry) return line;
	const time = entry['ts'] ?? entry['time'];
	const level = entry['level'];
	const message = entry['msg'];
	const skip = new Set([
		'ts',
		'time',
		'level',
		'msg',
		'controller',
		'controllerGroup',
		'controllerKind',
		'reconcileID',
		'name',
		'namespace',
	]);
	const rest = Object.entries(entry)
		.filter(([key, value]) => !skip.has(key) && (typeof value !== 'object' || value === null))
		.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
	// Which object, as flux logs prints it: a controller's lines are about the app or its source.
	const kind = entry['controllerKind'];
	const object =
		typeof kind === 'string' && typeof entry['name'] === 'string'
			? `${kind}/${typeof entry['namespace'] === 'string' ? `${entry['namespace']}/` : ''}${entry['name']}`
			: undefined;
	return [time, level, object, message, ...rest]
		.filter(part => part !== undefined && part !== '')
		.map(String)
		.join(' ');
}

/**
 * The controllers' log lines about `app` (followed, or read once), each line prefixed with its controller's name;
 * notices say what could not be found or read, each prefixed with the controller. Read once, it ends with one
 * notice: 'end' when some controller's log was read, else the last problem met. Returns stop().
 */
export function streamControllerLogs(
	kc: KubeConfigLike,
	app: AppSummary,
	handlers: PodLogHandlers,
	options: {follow?: boolean} = {},
): () => void {
	const follow = options.follow !== false;
	const stops: (() => void)[] = [];
	let stopped = false;
	// Read once: the streams still open (the listing counts as one until every controller was looked for).
	let open = 1;
	let read = false;
	let lastProblem: PodLogNotice | null = null;
	const closed = () => {
		if (--open > 0 || stopped || follow) return;
		handlers.notice(read || !lastProblem ? {kind: 'end', text: 'end of log'} : lastProblem);
	};
	const problemNotice = (notice: PodLogNotice) => {
		lastProblem = notice;
		if (follow || notice.kind !== 'no-log') handlers.notice(notice);
	};
	const controllers = controllersOf(app);
	if (controllers.length === 0) {
		handlers.notice({kind: 'no-log', text: `${app.name} has no controller of its own: driftwatch applies native apps itself`});
		return () => {};
	}
	void (async () => {
		for (const source of controllers) {
			let found = 0;
			for (const namespace of source.namespaces) {
				let pods: Awaited<ReturnType<typeof listObjects>>['items'];
				try {
					pods = (
						await listObjects(kc, {group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true}, namespace, {
							labelSelector: source.labelSelector,
						})
					).items;
				} catch (error) {
					const problem = classifyApiError(error);
					if (stopped) return;
					problemNotice({kind: problem.kind === 'forbidden' ? 'forbidden' : 'error', text: `${source.controller}: ${problem.message}`});
					continue;
				}
				if (stopped) return;
				for (const object of pods) {
					const pod = logPodOf(object);
					const container = defaultContainer(pod);
					if (!container) continue;
					found++;
					open++;
					stops.push(
						streamPodLog(
							kc,
							{namespace: pod.namespace, pod: pod.name, container: container.name},
							{follow, tailLines: controllerTailLines},
							{
								lines: lines => {
									const about = lines.filter(source.about).map(line => `[${source.controller}] ${readableControllerLine(line)}`);
									if (about.length > 0) handlers.lines(about);
								},
								notice: notice => {
									const prefixed = {...notice, text: `${source.controller}: ${notice.text}`};
									if (notice.kind === 'end') {
										read = true;
										closed();
									} else if (notice.kind === 'opened') {
										// Said once per controller log, not per pod: nothing for the reader.
									} else if (notice.kind === 'broken' || notice.kind === 'reconnected') handlers.notice(prefixed);
									else {
										problemNotice(prefixed);
										closed();
									}
								},
							},
						),
					);
				}
			}
			if (found === 0 && !stopped)
				problemNotice({
					kind: 'no-log',
					text: `no ${source.controller} pod found (label ${source.labelSelector} in ${source.namespaces.join(', ')})`,
				});
		}
		closed();
	})();
	return () => {
		stopped = true;
		for (const stop of stops) stop();
	};
}
