// Which pods an app's logs come from: a resource the user named (KIND/NAME, KIND/NAMESPACE/NAME), or every
// Pod and workload the app manages, failing pod first. The CLI's `logs APP` and the TUI's `l` share this.
import type {ManagedResource} from '../apps/detail.js';
import type {AppSummary} from '../apps/model.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {LogPod} from '../kube/pod-containers.js';
import {hasLogs, type LogResourceRef, podsOf, podsOfAll} from './log-pods.js';

/** kubectl's short names for the kinds that have pods. */
const kindAliases: Record<string, string> = {
	pod: 'Pod',
	pods: 'Pod',
	po: 'Pod',
	deployment: 'Deployment',
	deployments: 'Deployment',
	deploy: 'Deployment',
	statefulset: 'StatefulSet',
	statefulsets: 'StatefulSet',
	sts: 'StatefulSet',
	daemonset: 'DaemonSet',
	daemonsets: 'DaemonSet',
	ds: 'DaemonSet',
	replicaset: 'ReplicaSet',
	replicasets: 'ReplicaSet',
	rs: 'ReplicaSet',
	job: 'Job',
	jobs: 'Job',
};

/** `--resource` as typed: KIND/NAME or KIND/NAMESPACE/NAME (kind case-insensitive, kubectl's short names too). */
export function parseLogResource(text: string): {kind: string; namespace: string | null; name: string} | {error: string} {
	const parts = text.split('/');
	const kindWord = parts[0] ?? '';
	const kind = kindAliases[kindWord.toLowerCase()];
	if (parts.length < 2 || parts.length > 3 || parts.some(part => part === ''))
		return {error: `--resource takes KIND/NAME or KIND/NAMESPACE/NAME, not "${text}"`};
	if (!kind) return {error: `--resource: ${kindWord} has no logs (a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet or Job has)`};
	return parts.length === 3 ? {kind, namespace: parts[1]!, name: parts[2]!} : {kind, namespace: null, name: parts[1]!};
}

/**
 * The resource a `--resource` names, in the app: its namespace from the app's managed resource of that kind and
 * name, else the only namespace the app deploys into, else the app's own. Pods need not be managed (a workload's
 * pods are its children, not the app's).
 */
export function resolveLogResource(
	wanted: {kind: string; namespace: string | null; name: string},
	app: AppSummary,
	resources: readonly ManagedResource[],
): LogResourceRef {
	if (wanted.namespace !== null) return {kind: wanted.kind, namespace: wanted.namespace, name: wanted.name};
	const managed = resources.find(resource => resource.kind === wanted.kind && resource.name === wanted.name);
	const namespace = managed?.namespace || (app.deploysInto.length === 1 ? app.deploysInto[0]! : app.namespace);
	return {kind: wanted.kind, namespace, name: wanted.name};
}

/** The app's resources that have logs (Pods and workloads), as refs. */
export function logResourcesOf(resources: readonly ManagedResource[]): LogResourceRef[] {
	return resources
		.filter(resource => hasLogs(resource.kind) && (resource.group === '' || resource.group === 'apps' || resource.group === 'batch'))
		.map(resource => ({kind: resource.kind, namespace: resource.namespace, name: resource.name}));
}

/** The pods to show: those of the named resource, else of every Pod and workload the app manages; failing first. */
export function appLogPods(kc: KubeConfigLike, resources: readonly ManagedResource[], resource: LogResourceRef | null): Promise<LogPod[]> {
	return resource ? podsOf(kc, resource) : podsOfAll(kc, logResourcesOf(resources));
}
