// Health of one live object, in Argo CD's evaluation order: pending deletion first, then the user's own
// check for its kind (argocd-cm Lua), then the check for its group and kind; a check that fails gives
// Unknown with the failure. Kinds without a check (ConfigMap, Secret, custom resources nobody wrote a rule
// for) have no health at all: null, so they neither help nor hurt their app, exactly as in Argo CD.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {apiServiceHealth, customResourceDefinitionHealth} from './api-extensions.js';
import {analysisRunHealth, rolloutHealth} from './argo-rollouts.js';
import {certificateHealth, clusterIssuerHealth, issuerHealth, externalSecretHealth, workflowHealth} from './third-party.js';
import {cronJobHealth, jobHealth} from './batch.js';
import {daemonSetHealth, deploymentHealth, statefulSetHealth, replicaSetHealth, podDisruptionBudgetHealth} from './workloads.js';
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
import {hasHookFinalizer} from './hooks.js';
import {horizontalPodAutoscalerHealth} from './hpa.js';
import {ingressHealth, persistentVolumeClaimHealth, serviceHealth} from './network-storage.js';
import {podHealth} from './pod.js';
import {errorText} from '../util/error-text.js';

type HealthRule = (object: KubeObject) => ResourceHealth | null;

/** A user's own health check for the object's kind: its verdict (null = no health), or undefined when it has none. */
export type HealthOverride = (object: KubeObject, group: string, kind: string) => ResourceHealth | null | undefined;

/**
 * A check written for some versions of its kind only. Any other version is Unknown, as Argo CD's
 * typed checks refuse it: `unsupported Deployment GVK: apps/v1beta2, Kind=Deployment`.
 */
function forVersions(versions: readonly string[], name: string, rule: HealthRule): HealthRule {
	return object => {
		const {group, version} = splitApiVersion(object.apiVersion);
		if (!versions.includes(version)) {
			throw new Error(`unsupported ${name} GVK: ${group}/${version}, Kind=${object.kind ?? ''}`);
		}
		return rule(object);
	};
}

/**
 * Keyed by `group/Kind`, core group as ''. Argo CD's compiled checks accept only the versions listed;
 * its Lua checks (CronJob, PodDisruptionBudget, CustomResourceDefinition), Ingress and Workflow take any.
 */
const healthRules: Record<string, HealthRule> = {
	'apps/Deployment': forVersions(['v1'], 'Deployment', deploymentHealth),
	'apps/StatefulSet': forVersions(['v1'], 'StatefulSet', statefulSetHealth),
	'apps/DaemonSet': forVersions(['v1'], 'DaemonSet', daemonSetHealth),
	'apps/ReplicaSet': forVersions(['v1'], 'ReplicaSet', replicaSetHealth),
	'/Pod': forVersions(['v1'], 'Pod', podHealth),
	'/Service': forVersions(['v1'], 'Service', serviceHealth),
	'/PersistentVolumeClaim': forVersions(['v1'], 'PersistentVolumeClaim', persistentVolumeClaimHealth),
	'networking.k8s.io/Ingress': ingressHealth,
	'extensions/Ingress': ingressHealth,
	'batch/Job': forVersions(['v1'], 'Job', jobHealth),
	'batch/CronJob': cronJobHealth,
	'autoscaling/HorizontalPodAutoscaler': forVersions(['v1', 'v2'], 'HPA', horizontalPodAutoscalerHealth),
	'apiregistration.k8s.io/APIService': forVersions(['v1', 'v1beta1'], 'APIService', apiServiceHealth),
	'policy/PodDisruptionBudget': podDisruptionBudgetHealth,
	'apiextensions.k8s.io/CustomResourceDefinition': customResourceDefinitionHealth,
	'argoproj.io/Workflow': workflowHealth,
	// Kinds Argo CD judges with its built-in Lua checks.
	'argoproj.io/Rollout': rolloutHealth,
	'argoproj.io/AnalysisRun': analysisRunHealth,
	'cert-manager.io/Certificate': certificateHealth,
	'cert-manager.io/Issuer': issuerHealth,
	'cert-manager.io/ClusterIssuer': clusterIssuerHealth,
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

function splitApiVersion(apiVersion: string | undefined): {group: string; version: string} {
	const value = apiVersion ?? '';
	const slash = value.indexOf('/');
	return slash === -1 ? {group: '', version: value} : {group: value.slice(0, slash), version: value.slice(slash + 1)};
}

function groupOf(apiVersion: string | undefined): string {
	return splitApiVersion(apiVersion).group;
}

/** Null means "this kind has no health and does not affect the app". */
export function resourceHealth(object: KubeObject, override?: HealthOverride): ResourceHealth | null {
	if (object.metadata?.deletionTimestamp && !hasHookFinalizer(object)) {
		return health('Progressing', 'Pending deletion');
	}
	const group = groupOf(object.apiVersion);
	const overridden = override ? userHealth(override, object, group) : undefined;
	if (overridden !== undefined) return overridden;
	const rule = healthRules[`${group}/${object.kind ?? ''}`];
	if (rule === undefined) return null;
	try {
		return rule(object);
	} catch (error) {
		return health('Unknown', errorText(error, {multiline: true}));
	}
}

function userHealth(override: HealthOverride, object: KubeObject, group: string): ResourceHealth | null | undefined {
	try {
		return override(object, group, object.kind ?? '');
	} catch (error) {
		return health('Unknown', errorText(error, {multiline: true}));
	}
}
