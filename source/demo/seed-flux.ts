// The Flux half of the demo estate: sources with artifacts, Kustomizations and
// HelmReleases in every state, and the objects their inventories point at.

import type {KubeObject} from '../core/kube/resource-type.js';
import {fluxTracking} from './flux-conditions.js';
import {generatedChart, helmReleaseObject, kustomizationObject, type HelmReleaseOptions, type KustomizationOptions} from './flux-apps.js';
import {gitRepositoryObject, gitRevision, helmChartObject, helmRepositoryObject, ociRepositoryObject} from './flux-sources.js';
import {configMap, horizontalPodAutoscaler, service} from './resources.js';
import {tracked, type ObjectTree} from './tree.js';
import {commitSha} from './values.js';
import {deploymentTree, statefulSetTree} from './workloads.js';

const fluxNamespace = 'flux-system';

type FluxDemoApp = {object: KubeObject; trees: ObjectTree[]};

const fleetCommit = commitSha('fleet-infra#head');
const fleetHead = gitRevision('main', fleetCommit);
const fleetPrevious = gitRevision('main', commitSha('fleet-infra#previous'));

export function fluxSources(): KubeObject[] {
	return [
		gitRepositoryObject({name: 'flux-system', url: 'https://github.com/acme/fleet-infra.git', commit: fleetCommit}),
		gitRepositoryObject({
			name: 'platform-policies',
			url: 'https://github.com/acme/platform-policies.git',
			commit: commitSha('policies#head'),
		}),
		gitRepositoryObject({
			name: 'edge-config',
			url: 'https://github.com/acme/edge-config.git',
			commit: commitSha('edge#head'),
			artifact: false,
			fetchError:
				"failed to checkout and determine revision: unable to clone 'https://github.com/acme/edge-config.git': authentication required: Invalid username or token",
		}),
		ociRepositoryObject({name: 'podinfo', url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', tag: '6.7.1'}),
		helmRepositoryObject({name: 'bitnami', url: 'https://charts.bitnami.com/bitnami'}),
		helmRepositoryObject({name: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts'}),
		helmRepositoryObject({name: 'grafana', url: 'https://grafana.github.io/helm-charts'}),
	];
}

function kustomization(options: Omit<KustomizationOptions, 'inventory'>, managed: ObjectTree[] = []): FluxDemoApp {
	const namespace = options.namespace ?? fluxNamespace;
	const trees = tracked(managed, () => fluxTracking('Kustomization', options.name, namespace));
	return {object: kustomizationObject({...options, inventory: trees.map(tree => tree.root)}), trees};
}

const fleet = {kind: 'GitRepository', name: 'flux-system'};

function kustomizations(): FluxDemoApp[] {
	return [
		kustomization({name: 'infrastructure', sourceRef: fleet, path: './infrastructure/prod', appliedRevision: fleetHead}, [
			deploymentTree({
				name: 'cert-manager',
				namespace: 'cert-manager',
				image: 'quay.io/jetstack/cert-manager-controller:v1.15.3',
				replicas: 1,
				port: 9402,
			}),
			service('cert-manager', 'cert-manager', 9402),
		]),
		// Git moved on; the demo controller applies the new commit on its next pass.
		kustomization({name: 'apps', sourceRef: fleet, path: './apps/prod', appliedRevision: fleetPrevious, dependsOn: ['infrastructure']}, [
			deploymentTree({name: 'frontend', namespace: 'web', image: 'ghcr.io/acme/frontend:7.2.0', replicas: 2, port: 3000}),
			service('frontend', 'web', 3000),
		]),
		kustomization(
			{
				name: 'podinfo',
				sourceRef: {kind: 'OCIRepository', name: 'podinfo'},
				path: './',
				targetNamespace: 'podinfo',
				appliedRevision: ociRevision(),
			},
			[
				deploymentTree({name: 'podinfo', namespace: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.7.1', replicas: 2, port: 9898}),
				service('podinfo', 'podinfo', 9898),
				horizontalPodAutoscaler('podinfo', 'podinfo', 2),
			],
		),
		kustomization({name: 'tenants', sourceRef: fleet, path: './tenants/prod', appliedRevision: fleetPrevious, state: 'suspended'}, [
			configMap('tenant-quotas', 'web', {'team-a': 'cpu=20,memory=64Gi', 'team-b': 'cpu=8,memory=16Gi'}),
		]),
		kustomization({
			name: 'platform-policies',
			sourceRef: {kind: 'GitRepository', name: 'platform-policies'},
			path: './policies',
			appliedRevision: gitRevision('main', commitSha('policies#previous')),
			state: 'stalled',
		}),
		kustomization({
			name: 'infra-staging',
			sourceRef: fleet,
			path: './infrastructure/staging',
			appliedRevision: fleetPrevious,
			attemptedRevision: fleetHead,
			state: 'failed',
			reason: 'BuildFailed',
			message:
				"kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'ingress.yaml': open /tmp/kustomization-2816430213/infrastructure/staging/ingress.yaml: no such file or directory': must build at directory: not a valid directory",
		}),
		kustomization({
			name: 'apps-staging',
			sourceRef: fleet,
			path: './apps/staging',
			appliedRevision: fleetPrevious,
			state: 'dependency',
			dependsOn: ['infra-staging'],
		}),
		kustomization({
			name: 'edge-gateway',
			sourceRef: {kind: 'GitRepository', name: 'edge-config'},
			path: './gateway',
			appliedRevision: gitRevision('main', commitSha('edge#previous')),
			state: 'source-not-ready',
		}),
		kustomization({
			name: 'legacy-monitoring',
			sourceRef: {kind: 'GitRepository', name: 'old-monitoring'},
			path: './monitoring',
			appliedRevision: gitRevision('main', commitSha('old-monitoring#last')),
			state: 'missing-source',
		}),
		// Health checks running for the new commit; the demo controller finishes them.
		kustomization(
			{
				name: 'observability',
				sourceRef: fleet,
				path: './observability',
				appliedRevision: fleetPrevious,
				attemptedRevision: fleetHead,
				state: 'reconciling',
			},
			[
				deploymentTree({
					name: 'otel-collector',
					namespace: 'monitoring',
					image: 'otel/opentelemetry-collector-contrib:0.109.0',
					replicas: 2,
					port: 4317,
				}),
				service('otel-collector', 'monitoring', 4317),
			],
		),
	];
}

function ociRevision(): string {
	const source = ociRepositoryObject({name: 'podinfo', url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', tag: '6.7.1'});
	return source.status.artifact.revision as string;
}

function helmRelease(options: Omit<HelmReleaseOptions, 'inventory'>, managed: ObjectTree[]): FluxDemoApp[] {
	const trees = tracked(managed, () => fluxTracking('HelmRelease', options.name, options.namespace));
	const chart = generatedChart(options);
	const helmChart = helmChartObject({
		name: chart.name,
		namespace: chart.namespace,
		chart: options.chart,
		version: options.targetVersion ?? options.version,
		sourceRef: options.sourceRef,
	});
	return [
		{object: helmReleaseObject({...options, inventory: trees.map(tree => tree.root)}), trees},
		{object: helmChart, trees: []},
	];
}

function redis(namespace: string) {
	return [
		statefulSetTree({
			name: 'redis-master',
			namespace,
			image: 'docker.io/bitnami/redis:7.2.5',
			replicas: 1,
			serviceName: 'redis-headless',
			port: 6379,
			storage: '8Gi',
		}),
		service('redis-master', namespace, 6379, undefined, 'redis-master'),
	];
}

/** HelmReleases and the HelmCharts generated for them. */
function helmReleases(): FluxDemoApp[] {
	const bitnami = {kind: 'HelmRepository', name: 'bitnami', namespace: fluxNamespace};
	const prometheus = {kind: 'HelmRepository', name: 'prometheus-community', namespace: fluxNamespace};
	const grafana = {kind: 'HelmRepository', name: 'grafana', namespace: fluxNamespace};
	return [
		// The same release name in two namespaces.
		...helmRelease(
			{name: 'redis', namespace: 'shop', chart: 'redis', version: '19.6.4', appVersion: '7.2.5', sourceRef: bitnami},
			redis('shop'),
		),
		...helmRelease(
			{
				name: 'redis',
				namespace: 'payments',
				chart: 'redis',
				version: '19.5.0',
				targetVersion: '19.6.4',
				appVersion: '7.2.5',
				sourceRef: bitnami,
				state: 'upgrade-failed',
				releaseRevision: 6,
			},
			redis('payments'),
		),
		...helmRelease(
			{
				name: 'kube-prometheus-stack',
				namespace: 'monitoring',
				chart: 'kube-prometheus-stack',
				version: '61.3.2',
				appVersion: 'v0.75.2',
				sourceRef: prometheus,
			},
			[
				deploymentTree({
					name: 'kube-prometheus-stack-operator',
					namespace: 'monitoring',
					image: 'quay.io/prometheus-operator/prometheus-operator:v0.75.2',
					replicas: 1,
					port: 10250,
				}),
				service('kube-prometheus-stack-operator', 'monitoring', 10250),
			],
		),
		// An upgrade in flight; the demo controller completes it.
		...helmRelease(
			{
				name: 'loki',
				namespace: 'monitoring',
				chart: 'loki',
				version: '6.6.4',
				targetVersion: '6.7.1',
				appVersion: '3.1.1',
				sourceRef: grafana,
				state: 'reconciling',
			},
			[
				statefulSetTree({
					name: 'loki',
					namespace: 'monitoring',
					image: 'docker.io/grafana/loki:3.1.1',
					replicas: 1,
					serviceName: 'loki-headless',
					port: 3100,
					storage: '10Gi',
				}),
				service('loki', 'monitoring', 3100),
			],
		),
	];
}

export function fluxDemoApps(): FluxDemoApp[] {
	return [...kustomizations(), ...helmReleases()];
}
