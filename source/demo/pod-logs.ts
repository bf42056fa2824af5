// The demo's kubelet, as far as logs go: every pod on a node gets the lines its container would have written
// (a server starting and serving, a crash loop's crash before each restart, a job's output), running pods keep
// writing, and the GitOps controllers have pods of their own (Argo CD application-controller; Flux kustomize-,
// helm- and source-controller) logging about each app in their real formats: `driftwatch demo` shows `l` and `L`.
import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import type {PodLogStore} from '../sandbox/pod-logs.js';
import {createWithStatus, isHttpError, listObjects} from './rest.js';

const tickMs = 3000;
const minute = 60_000;

type ControllerPod = {namespace: string; name: string; labels: Record<string, string>; container: string; image: string};

const controllerPods: ControllerPod[] = [
	{
		namespace: 'argocd',
		name: 'argocd-application-controller-0',
		labels: {'app.kubernetes.io/name': 'argocd-application-controller', 'app.kubernetes.io/part-of': 'argocd'},
		container: 'argocd-application-controller',
		image: 'quay.io/argoproj/argocd:v3.1.5',
	},
	...['kustomize-controller', 'helm-controller', 'source-controller'].map(name => ({
		namespace: 'flux-system',
		name: `${name}-7f9c6d8b5-x2k4q`,
		labels: {app: name, 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/component': name},
		container: 'manager',
		image: `ghcr.io/fluxcd/${name}:v1.6.0`,
	})),
];

function controllerPodObject(pod: ControllerPod): KubeObject {
	const started = new Date(Date.now() - 26 * 60 * minute).toISOString();
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: pod.name, namespace: pod.namespace, labels: pod.labels},
		spec: {containers: [{name: pod.container, image: pod.image}], nodeName: 'demo-worker-1'},
		status: {
			phase: 'Running',
			startTime: started,
			conditions: [{type: 'Ready', status: 'True', lastTransitionTime: started}],
			containerStatuses: [
				{
					name: pod.container,
					image: pod.image,
					imageID: '',
					ready: true,
					started: true,
					restartCount: 0,
					state: {running: {startedAt: started}},
				},
			],
		},
	};
}

type Status = {
	containerStatuses?: {
		name?: string;
		restartCount?: number;
		state?: {waiting?: {reason?: string}; running?: unknown; terminated?: unknown};
		lastState?: {terminated?: unknown};
	}[];
};

/** The lines a container of this image would write when it starts. */
function startLines(pod: string, image: string): string[] {
	if (image.includes('postgres'))
		return [
			'PostgreSQL init process complete; ready for start up.',
			'LOG:  starting PostgreSQL 16.4 on x86_64-pc-linux-gnu',
			'LOG:  listening on IPv4 address "0.0.0.0", port 5432',
			'LOG:  database system is ready to accept connections',
		];
	if (image.includes('prometheus'))
		return [
			'ts=2026-12-07T00:00:00.000Z caller=main.go:601 level=info msg="Starting Prometheus Server" mode=server',
			'ts=2026-12-07T00:00:01.000Z caller=main.go:1137 level=info msg="Server is ready to receive web requests."',
		];
	return [
		`{"level":"info","msg":"starting","service":"${pod.replace(/-[a-z0-9]+-[a-z0-9]+$/, '')}","image":"${image}"}`,
		'{"level":"info","msg":"config loaded","env":"production"}',
		'{"level":"info","msg":"listening","addr":":8080"}',
	];
}

/** What a crash-looping container writes before it dies. */
function crashLines(pod: string): string[] {
	return [
		...startLines(pod, 'registry.example.com/shop/server:3.2.0'),
		'{"level":"info","msg":"connecting to database","host":"postgres.data.svc.cluster.local:5432"}',
		'{"level":"error","msg":"database connection failed","error":"dial tcp 10.96.14.20:5432: connect: connection refused","attempt":3}',
		'panic: cannot start without a database: dial tcp 10.96.14.20:5432: connect: connection refused',
		'',
		'goroutine 1 [running]:',
		'main.main()',
		'\t/src/cmd/server/main.go:88 +0x2c5',
	];
}

const paths = ['/', '/healthz', '/api/items', '/api/cart', '/api/orders', '/metrics'];

function accessLine(count: number): string {
	const path = paths[count % paths.length]!;
	const status = count % 17 === 0 ? 503 : 200;
	return `{"level":"info","msg":"request","method":"GET","path":"${path}","status":${status},"duration_ms":${(count * 7) % 90}}`;
}

type AppObject = KubeObject;

/** An Argo CD application-controller line about an Application, in its logfmt text. */
function argoLine(app: AppObject): string {
	const name = `${app.metadata?.namespace}/${app.metadata?.name}`;
	const health = app.status?.health?.status ?? 'Unknown';
	const sync = app.status?.sync?.status ?? 'Unknown';
	const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	if (health === 'Degraded')
		return `time="${time}" level=warning msg="Updated health status: Progressing -> Degraded" application=${name} dest-namespace=${app.spec?.destination?.namespace ?? ''}`;
	return `time="${time}" level=info msg="Reconciliation completed" application=${name} comparison-level=1 sync=${sync} health=${health} dedup_ms=0 diff_ms=3 git_ms=41 live_ms=2`;
}

/** A Flux controller line about a Kustomization or HelmRelease, as controller-runtime logs JSON. */
function fluxLine(app: AppObject, group: string): string {
	const kind = app.kind ?? '';
	const conditions = (app.status?.conditions ?? []) as {type?: string; status?: string; message?: string}[];
	const ready = conditions.find(condition => condition.type === 'Ready');
	const failed = ready?.status === 'False';
	return JSON.stringify({
		level: failed ? 'error' : 'info',
		ts: new Date().toISOString(),
		msg: failed ? `Reconciliation failed: ${ready?.message ?? ''}` : (ready?.message ?? 'Reconciliation finished'),
		controller: kind.toLowerCase(),
		controllerGroup: group,
		controllerKind: kind,
		[kind]: {name: app.metadata?.name, namespace: app.metadata?.namespace},
		namespace: app.metadata?.namespace,
		name: app.metadata?.name,
		reconcileID: Math.random().toString(16).slice(2, 10),
	});
}

export type DemoKubelet = {stop(): void};

/**
 * Write every pod's log now and keep them going: a tick lists the pods (new ones from a rollout get their start
 * lines), some running pods log a request, and a controller logs about an app.
 */
export async function startDemoKubelet(kc: KubeConfigLike, logs: PodLogStore): Promise<DemoKubelet> {
	for (const pod of controllerPods) {
		try {
			await createWithStatus(kc, controllerPodObject(pod));
		} catch (error) {
			if (!isHttpError(error, 409)) throw error;
		}
	}
	const seeded = new Set<string>();
	let count = 0;
	const seedPods = async () => {
		const pods = await listObjects(kc, 'v1', 'Pod');
		for (const pod of pods) {
			const namespace = pod.metadata?.namespace ?? '';
			const name = pod.metadata?.name ?? '';
			const key = `${namespace}/${name}`;
			if (seeded.has(key) || !pod.spec?.nodeName) continue;
			seeded.add(key);
			const image: string = pod.spec?.containers?.[0]?.image ?? '';
			for (const container of (pod.spec?.containers ?? []) as {name: string}[]) {
				const status = (pod.status as Status | undefined)?.containerStatuses?.find(item => item.name === container.name);
				const ref = {namespace, pod: name, container: container.name};
				if (status?.state?.waiting && status.state.waiting.reason !== 'CrashLoopBackOff') continue;
				const earlier = new Date(Date.now() - 6 * minute);
				if (status?.lastState?.terminated) logs.append(ref, crashLines(name), earlier);
				if (status?.state?.waiting?.reason === 'CrashLoopBackOff') {
					logs.restart(ref);
					logs.append(ref, crashLines(name), new Date(Date.now() - minute));
				} else if (!controllerPods.some(controller => controller.name === name)) {
					logs.append(ref, startLines(name, image), earlier);
					if (status?.state?.running)
						logs.append(
							ref,
							Array.from({length: 40}, (_, index) => accessLine(index)),
							new Date(Date.now() - 2 * minute),
						);
				}
			}
		}
		return pods;
	};
	const controllerLines = async (all: boolean) => {
		const argo = await listObjects(kc, 'argoproj.io/v1alpha1', 'Application').catch(() => [] as KubeObject[]);
		const kustomizations = await listObjects(kc, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization').catch(() => [] as KubeObject[]);
		const releases = await listObjects(kc, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease').catch(() => [] as KubeObject[]);
		const pick = <T>(items: T[]): T[] => (all ? items : items.filter(() => Math.random() < 0.15));
		const argoPod = controllerPods[0]!;
		const [kustomizePod, helmPod] = [controllerPods[1]!, controllerPods[2]!];
		const argoLines = pick(argo).map(app => argoLine(app as AppObject));
		if (argoLines.length > 0) logs.append({namespace: argoPod.namespace, pod: argoPod.name, container: argoPod.container}, argoLines);
		const kustomizeLines = pick(kustomizations).map(app => fluxLine(app as AppObject, 'kustomize.toolkit.fluxcd.io'));
		if (kustomizeLines.length > 0)
			logs.append({namespace: kustomizePod.namespace, pod: kustomizePod.name, container: kustomizePod.container}, kustomizeLines);
		const helmLines = pick(releases).map(app => fluxLine(app as AppObject, 'helm.toolkit.fluxcd.io'));
		if (helmLines.length > 0) logs.append({namespace: helmPod.namespace, pod: helmPod.name, container: helmPod.container}, helmLines);
	};
	await seedPods();
	await controllerLines(true);
	let running = false;
	const timer = setInterval(() => {
		if (running) return;
		running = true;
		void (async () => {
			const pods = await seedPods();
			for (const pod of pods) {
				const status = (pod.status as Status | undefined)?.containerStatuses?.[0];
				if (!status?.state?.running || Math.random() > 0.3 || controllerPods.some(controller => controller.name === pod.metadata?.name))
					continue;
				const container = pod.spec?.containers?.[0]?.name as string | undefined;
				if (container)
					logs.append({namespace: pod.metadata?.namespace ?? '', pod: pod.metadata?.name ?? '', container}, [accessLine(++count)]);
			}
			await controllerLines(false);
		})()
			.catch(() => undefined)
			.finally(() => {
				running = false;
			});
	}, tickMs);
	timer.unref();
	return {stop: () => clearInterval(timer)};
}
