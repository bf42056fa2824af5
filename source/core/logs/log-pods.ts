// Which pods a resource's logs come from: a Pod is its own; a workload's are the pods its selector matches (as
// `kubectl logs deploy/x` finds them). The failing pod comes first, since that is the log the on-call wants.
import {requestJson} from '../kube/http.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {listObjects} from '../kube/list.js';
import type {KubeObject} from '../kube/resource-type.js';
import {type LogContainer, type LogPod, logPodOf} from '../kube/pod-containers.js';

/** A resource named by kind, namespace and name (group optional: kinds here are the built-in workloads). */
export type LogResourceRef = {kind: string; namespace: string; name: string; group?: string};

/**
 * The container to show first: the one named, else the one in trouble (most restarts, then not running), else the
 * first regular container: init containers have usually finished and said little.
 */
export function defaultContainer(pod: LogPod, wanted?: string | null): LogContainer | null {
	if (wanted) return pod.containers.find(container => container.name === wanted) ?? null;
	const regular = pod.containers.filter(container => !container.init);
	const troubled = [...pod.containers]
		.filter(container => container.restarts > 0 || /BackOff|Error/.test(container.state))
		.sort((a, b) => b.restarts - a.restarts);
	return troubled[0] ?? regular[0] ?? pod.containers[0] ?? null;
}

/** Failing pods first, then by name: the order pods are offered in, and the first is the one opened. */
export function rankPods(pods: readonly LogPod[]): LogPod[] {
	return [...pods].sort((a, b) => Number(b.failing) - Number(a.failing) || a.name.localeCompare(b.name));
}

type LabelSelector = {
	matchLabels?: Record<string, string>;
	matchExpressions?: {key: string; operator: string; values?: string[]}[];
};

/** A metav1.LabelSelector as the labelSelector query parameter spells it; null for one that selects nothing. */
export function selectorQuery(selector: LabelSelector | undefined): string | null {
	if (!selector) return null;
	const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
	for (const expression of selector.matchExpressions ?? []) {
		const values = (expression.values ?? []).join(',');
		if (expression.operator === 'In') parts.push(`${expression.key} in (${values})`);
		else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin (${values})`);
		else if (expression.operator === 'Exists') parts.push(expression.key);
		else if (expression.operator === 'DoesNotExist') parts.push(`!${expression.key}`);
	}
	return parts.length > 0 ? parts.join(',') : null;
}

const podType = {group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true};

/** Workload kinds whose pods are found by their selector, and where to read them. */
const workloadPaths: Record<string, (namespace: string, name: string) => string> = {
	Deployment: (ns, name) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`,
	StatefulSet: (ns, name) => `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`,
	DaemonSet: (ns, name) => `/apis/apps/v1/namespaces/${ns}/daemonsets/${name}`,
	ReplicaSet: (ns, name) => `/apis/apps/v1/namespaces/${ns}/replicasets/${name}`,
	Job: (ns, name) => `/apis/batch/v1/namespaces/${ns}/jobs/${name}`,
};

/** Whether logs can be found for this kind: a Pod, or a workload with a pod selector. */
export function hasLogs(kind: string): boolean {
	return kind === 'Pod' || kind in workloadPaths;
}

/** The pods behind a resource, failing first. Rejects (ApiHttpError) when the resource cannot be read. */
export async function podsOf(kc: KubeConfigLike, resource: LogResourceRef): Promise<LogPod[]> {
	const namespace = encodeURIComponent(resource.namespace);
	const name = encodeURIComponent(resource.name);
	if (resource.kind === 'Pod') return [logPodOf(await requestJson<KubeObject>(kc, `/api/v1/namespaces/${namespace}/pods/${name}`))];
	const path = workloadPaths[resource.kind];
	if (!path) throw new Error(`${resource.kind} has no pods to show logs for (pick a Pod or a workload)`);
	const workload = await requestJson<KubeObject>(kc, path(namespace, name));
	const selector = selectorQuery((workload.spec as {selector?: LabelSelector} | undefined)?.selector);
	if (!selector) return [];
	const {items} = await listObjects(kc, podType, resource.namespace, {labelSelector: selector});
	return rankPods(items.map(logPodOf));
}

/** The pods behind several resources (an app's), each pod once, failing first; resources that fail are skipped. */
export async function podsOfAll(kc: KubeConfigLike, resources: readonly LogResourceRef[]): Promise<LogPod[]> {
	const found = await Promise.all(
		resources.filter(resource => hasLogs(resource.kind)).map(resource => podsOf(kc, resource).catch(() => [])),
	);
	const unique = new Map<string, LogPod>();
	for (const pod of found.flat()) unique.set(`${pod.namespace}/${pod.name}`, pod);
	return rankPods([...unique.values()]);
}
