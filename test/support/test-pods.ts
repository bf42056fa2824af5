// Pods and workloads as a log test writes them on a server with no kubelet and no controllers: the spec a
// kubelet would run, and the container statuses it would report (a crash loop, running), written by the test.
import {requestJson} from '../../source/core/kube/http.js';
import type {KubeConfigLike} from '../../source/core/kube/kubeconfig-file.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';

export type TestPodOptions = {
	/** spec.nodeName; absent: not scheduled, so there is no log. */
	node?: string | null;
	containers?: readonly string[];
	init?: readonly string[];
	/** Default {app: NAME}. */
	labels?: Record<string, string>;
	status?: Record<string, unknown>;
	image?: string;
};

export function testPod(name: string, namespace: string, options: TestPodOptions = {}): KubeObject {
	const image = options.image ?? 'shop/web:1.4';
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, namespace, labels: options.labels ?? {app: name}},
		spec: {
			...(options.init ? {initContainers: options.init.map(container => ({name: container, image}))} : {}),
			containers: (options.containers ?? ['app']).map(container => ({name: container, image})),
			...(options.node ? {nodeName: options.node} : {}),
		},
		...(options.status ? {status: options.status} : {}),
	};
}

/** A pod whose container `app` is in CrashLoopBackOff after `restarts` restarts, its last run ended with `exitCode`. */
export function crashLoopStatus(restarts: number, exitCode: number, options: {message?: string; image?: string} = {}) {
	return {
		phase: 'Running',
		containerStatuses: [
			{
				name: 'app',
				image: options.image ?? 'shop/web:1.4',
				imageID: '',
				ready: false,
				restartCount: restarts,
				state: {waiting: {reason: 'CrashLoopBackOff', ...(options.message ? {message: options.message} : {})}},
				lastState: {terminated: {exitCode, reason: 'Error'}},
			},
		],
	};
}

/** A pod whose one container runs, ready. */
export function runningPodStatus(container = 'app', image = 'shop/web:1.4') {
	return {
		phase: 'Running',
		containerStatuses: [{name: container, image, imageID: '', ready: true, restartCount: 0, state: {running: {}}}],
	};
}

/** A Deployment with only what finds its pods: the selector `labels` (no controller makes pods from it here). */
export function selectingDeployment(name: string, namespace: string, labels: Record<string, string>, image = 'shop/web:1.4'): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name, namespace},
		spec: {
			selector: {matchLabels: labels},
			template: {metadata: {labels}, spec: {containers: [{name: 'app', image}]}},
		},
	};
}

/** Write a pod's status as its kubelet would (a merge patch of the status subresource). */
export async function patchPodStatus(kc: KubeConfigLike, namespace: string, name: string, status: Record<string, unknown>): Promise<void> {
	await requestJson(kc, `/api/v1/namespaces/${namespace}/pods/${name}/status`, {
		method: 'PATCH',
		contentType: 'application/merge-patch+json',
		body: JSON.stringify({status}),
	});
}
