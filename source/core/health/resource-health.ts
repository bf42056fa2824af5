// Health of one live object, in Argo CD's evaluation order (reference/argocd.md §4.1):
// pending deletion, then the rule for its kind; a rule that throws gives Unknown.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {apiServiceHealth} from './apiservice.js';
import {analysisRunHealth, rolloutHealth} from './argo-rollouts.js';
import {certificateHealth, clusterIssuerHealth, issuerHealth} from './cert-manager.js';
import {customResourceDefinitionHealth} from './crd.js';
import {cronJobHealth} from './cronjob.js';
import {daemonSetHealth} from './daemonset.js';
import {deploymentHealth} from './deployment.js';
import {externalSecretHealth} from './external-secrets.js';
import {health} from './fields.js';
import {
	bucketHealth,
	gitRepositoryHealth,
	helmChartHealth,
	helmReleaseHealth,
	helmRepositoryHealth,
	imagePolicyHealth,
	imageRepositoryHealth,
	imageUpdateAutomationHealth,
	kustomizationHealth,
	ociRepositoryHealth,
	receiverHealth,
} from './flux.js';
import {gatewayHealth, httpRouteHealth} from './gateway-api.js';
import {genericHealth} from './generic.js';
import {hasHookFinalizer} from './hooks.js';
import {horizontalPodAutoscalerHealth} from './hpa.js';
import {ingressHealth} from './ingress.js';
import {jobHealth} from './job.js';
import {podHealth} from './pod.js';
import {podDisruptionBudgetHealth} from './policy.js';
import {persistentVolumeClaimHealth} from './pvc.js';
import {replicaSetHealth} from './replicaset.js';
import {serviceHealth} from './service.js';
import {statefulSetHealth} from './statefulset.js';
import {workflowHealth} from './workflow.js';

type Rule = (object: KubeObject) => ResourceHealth | null;

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
	// Kinds Argo CD judges with its built-in Lua checks.
	'argoproj.io/Rollout': rolloutHealth,
	'argoproj.io/AnalysisRun': analysisRunHealth,
	'cert-manager.io/Certificate': certificateHealth,
	'cert-manager.io/Issuer': issuerHealth,
	'cert-manager.io/ClusterIssuer': clusterIssuerHealth,
	'policy/PodDisruptionBudget': podDisruptionBudgetHealth,
	'apiextensions.k8s.io/CustomResourceDefinition': customResourceDefinitionHealth,
	'gateway.networking.k8s.io/Gateway': gatewayHealth,
	'gateway.networking.k8s.io/HTTPRoute': httpRouteHealth,
	'external-secrets.io/ExternalSecret': externalSecretHealth,
	'source.toolkit.fluxcd.io/GitRepository': gitRepositoryHealth,
	'source.toolkit.fluxcd.io/OCIRepository': ociRepositoryHealth,
	'source.toolkit.fluxcd.io/HelmRepository': helmRepositoryHealth,
	'source.toolkit.fluxcd.io/HelmChart': helmChartHealth,
	'source.toolkit.fluxcd.io/Bucket': bucketHealth,
	'kustomize.toolkit.fluxcd.io/Kustomization': kustomizationHealth,
	'helm.toolkit.fluxcd.io/HelmRelease': helmReleaseHealth,
	'image.toolkit.fluxcd.io/ImageRepository': imageRepositoryHealth,
	'image.toolkit.fluxcd.io/ImagePolicy': imagePolicyHealth,
	'image.toolkit.fluxcd.io/ImageUpdateAutomation': imageUpdateAutomationHealth,
	'notification.toolkit.fluxcd.io/Receiver': receiverHealth,
};

/** Kubernetes' own API groups: kinds there without a rule have no health in Argo CD. */
const builtInGroups = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions']);

export function groupOf(apiVersion: string | undefined): string {
	const slash = (apiVersion ?? '').indexOf('/');
	return slash === -1 ? '' : (apiVersion ?? '').slice(0, slash);
}

/** Null means "this kind has no health and does not affect the app". */
export function resourceHealth(object: KubeObject): ResourceHealth | null {
	if (object.metadata?.deletionTimestamp && !hasHookFinalizer(object)) {
		return health('Progressing', 'Pending deletion');
	}
	const group = groupOf(object.apiVersion);
	const rule = rules[`${group}/${object.kind ?? ''}`] ?? (isBuiltInGroup(group) ? undefined : genericHealth);
	if (rule === undefined) return null;
	try {
		return rule(object);
	} catch (error) {
		return health('Unknown', error instanceof Error ? error.message : String(error));
	}
}

function isBuiltInGroup(group: string): boolean {
	return builtInGroups.has(group) || group.endsWith('.k8s.io');
}
