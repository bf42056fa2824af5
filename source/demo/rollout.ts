// One step of a Deployment rollout, as the kubelet and deployment controller
// would report it: one more pod becomes ready, and the ReplicaSet and
// Deployment counts follow. Stuck (deadline exceeded) and paused rollouts stay.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {getObject, listObjects, patchStatus, refOf} from './rest.js';
import {isoNow} from './values.js';
import {deploymentStatus, podStatus} from './workloads.js';

type RolloutResult = 'ready' | 'progressed' | 'stuck';

const kubeletManager = 'kubelet';
const deploymentManager = 'kube-controller-manager';

function isReady(pod: KubeObject): boolean {
	return (pod.status?.conditions ?? []).some(
		(condition: {type?: string; status?: string}) => condition.type === 'Ready' && condition.status === 'True',
	);
}

function isStarting(pod: KubeObject): boolean {
	return (pod.status?.containerStatuses ?? []).every(
		(container: {state?: {waiting?: {reason?: string}}}) => container.state?.waiting?.reason !== 'CrashLoopBackOff',
	);
}

function selectorOf(deployment: KubeObject): string {
	const labels = (deployment.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
	return Object.entries(labels)
		.map(([key, value]) => `${key}=${value}`)
		.join(',');
}

export async function stepRollout(kc: KubeConfigLike, namespace: string, name: string): Promise<RolloutResult> {
	const deployment = await getObject(kc, {apiVersion: 'apps/v1', kind: 'Deployment', namespace, name});
	const replicas: number = deployment.spec?.replicas ?? 1;
	const ready: number = deployment.status?.readyReplicas ?? 0;
	if (ready >= replicas) return 'ready';
	const progressing = (deployment.status?.conditions ?? []).find((condition: {type?: string}) => condition.type === 'Progressing');
	if (deployment.spec?.paused === true || progressing?.reason === 'ProgressDeadlineExceeded') return 'stuck';

	const pods = await listObjects(kc, 'v1', 'Pod', namespace, selectorOf(deployment));
	const next = pods.find(pod => !isReady(pod) && isStarting(pod));
	// Without pods (a bare Deployment) only the counts move.
	if (pods.length > 0 && !next) return 'stuck';
	if (next) {
		const container = next.spec?.containers?.[0] ?? {};
		const status = podStatus(
			{name: next.metadata?.name ?? '', image: container.image ?? '', containerName: container.name ?? name, state: 'running'},
			isoNow(),
		);
		await patchStatus(kc, refOf(next), status, kubeletManager);
	}
	const nowReady = Math.min(replicas, next ? pods.filter(isReady).length + 1 : ready + 1);
	const owner = (next?.metadata?.ownerReferences as Array<{kind?: string; name?: string}> | undefined)?.[0];
	const replicaSetName = owner?.kind === 'ReplicaSet' && owner.name ? owner.name : `${name}-rollout`;
	if (owner?.kind === 'ReplicaSet' && owner.name) {
		await patchStatus(
			kc,
			{apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, name: owner.name},
			{readyReplicas: nowReady, availableReplicas: nowReady},
			deploymentManager,
		);
	}
	const done = nowReady >= replicas;
	// The controller has observed the Deployment as it is now (its revision annotation moved the generation on).
	const status = {
		...deploymentStatus(replicas, nowReady, done ? 'available' : 'rolling', replicaSetName),
		observedGeneration: deployment.metadata?.generation ?? 1,
	};
	// A merge patch keeps keys it does not mention: clear the count that no longer applies.
	await patchStatus(kc, refOf(deployment), done ? {...status, unavailableReplicas: null} : status, deploymentManager);
	return done ? 'ready' : 'progressed';
}
