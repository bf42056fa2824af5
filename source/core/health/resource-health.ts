// Health of one live object, in Argo CD's evaluation order (reference/argocd.md §4.1):
// pending deletion, then the user's own check for its kind (argocd-cm Lua), then the rule for its kind;
// a rule that throws gives Unknown.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {apiServiceHealth} from './apiservice.js';
import {cronJobHealth} from './cronjob.js';
import {daemonSetHealth} from './daemonset.js';
import {deploymentHealth} from './deployment.js';
import {health} from './fields.js';
import {genericHealth} from './generic.js';
import {hasHookFinalizer} from './hooks.js';
import {horizontalPodAutoscalerHealth} from './hpa.js';
import {ingressHealth} from './ingress.js';
import {jobHealth} from './job.js';
import {podHealth} from './pod.js';
import {persistentVolumeClaimHealth} from './pvc.js';
import {replicaSetHealth} from './replicaset.js';
import {serviceHealth} from './service.js';
import {statefulSetHealth} from './statefulset.js';
import {workflowHealth} from './workflow.js';

type Rule = (object: KubeObject) => ResourceHealth | null;

/** A user's own health check for the object's kind: its verdict (null = no health), or undefined when it has none. */
export type HealthOverride = (object: KubeObject, group: string, kind: string) => ResourceHealth | null | undefined;

/** Keyed by `group/Kind`, core group as ''. */
const rules: Record<string, Rule> = {
	'apps/Deployment': deploymentHealth,
	'apps/StatefulSet': statefulSetHealth,
	'apps/DaemonSet': daemonSetHealth,
	'apps/ReplicaSet': replicaSetHealth,
	'/Pod': podHealth,
	'/Service': serviceHealth,
	'/PersistentVolumeClaim': persistentVolumeClaimHealth,
	'networking.k8s.io/Ingress': ingressHealth,
	'extensions/Ingress': ingressHealth,
	'batch/Job': jobHealth,
	'batch/CronJob': cronJobHealth,
	'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerHealth,
	'apiregistration.k8s.io/APIService': apiServiceHealth,
	'argoproj.io/Workflow': workflowHealth,
};

/** Kubernetes' own API groups: kinds there without a rule have no health in Argo CD. */
const builtInGroups = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions']);

export function groupOf(apiVersion: string | undefined): string {
	const slash = (apiVersion ?? '').indexOf('/');
	return slash === -1 ? '' : (apiVersion ?? '').slice(0, slash);
}

/** Null means "this kind has no health and does not affect the app". */
export function resourceHealth(object: KubeObject, override?: HealthOverride): ResourceHealth | null {
	if (object.metadata?.deletionTimestamp && !hasHookFinalizer(object)) {
		return health('Progressing', 'Pending deletion');
	}
	const group = groupOf(object.apiVersion);
	const overridden = override ? userHealth(override, object, group) : undefined;
	if (overridden !== undefined) return overridden;
	const rule = rules[`${group}/${object.kind ?? ''}`] ?? (isBuiltInGroup(group) ? undefined : genericHealth);
	if (rule === undefined) return null;
	try {
		return rule(object);
	} catch (error) {
		return health('Unknown', error instanceof Error ? error.message : String(error));
	}
}

function userHealth(override: HealthOverride, object: KubeObject, group: string): ResourceHealth | null | undefined {
	try {
		return override(object, group, object.kind ?? '');
	} catch (error) {
		return health('Unknown', error instanceof Error ? error.message : String(error));
	}
}

function isBuiltInGroup(group: string): boolean {
	return builtInGroups.has(group) || group.endsWith('.k8s.io');
}
