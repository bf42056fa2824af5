// The Argo CD half of the demo estate: AppProjects and Applications in the
// states an on-call shift meets, each with the workloads it manages.

import type {KubeObject} from '../core/kube/resource-type.js';
import {argoDemoApp, type ArgoDemoApp} from './argo-app-set.js';
import {headRevision} from './argo-objects.js';
import {configMap, cronJobTree, persistentVolumeClaim, service} from './resources.js';
import {gitArgoApps, type DemoGitSource} from './seed-git.js';
import {deploymentTree, statefulSetTree, type DeploymentOptions} from './workloads.js';

const argoNamespace = 'argocd';

export function appProjects(): KubeObject[] {
	const project = (name: string, description: string, namespaces: string[]): KubeObject => ({
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'AppProject',
		metadata: {name, namespace: argoNamespace},
		spec: {
			description,
			sourceRepos: ['*'],
			destinations: namespaces.map(namespace => ({server: 'https://kubernetes.default.svc', namespace})),
			clusterResourceWhitelist: [{group: '*', kind: '*'}],
		},
	});
	return [
		project('default', 'Default project', ['*']),
		project('shop', 'Customer-facing shop services', ['shop']),
		project('payments', 'Payments domain (PCI scope)', ['payments']),
		project('platform', 'Cluster add-ons and observability', ['monitoring', 'ingress-nginx', 'data']),
	];
}

/** A web Deployment and its Service. */
export function web(name: string, namespace: string, image: string, replicas: number, extra: Partial<DeploymentOptions> = {}) {
	return [deploymentTree({name, namespace, image, replicas, port: 8080, ...extra}), service(name, namespace, 8080)];
}

function shopApps(git: DemoGitSource): ArgoDemoApp[] {
	return [
		// storefront, checkout (a bad release), cart (edited by hand) and search (a failed sync) deploy from Git.
		...gitArgoApps(git),
		// A rollout in progress; the demo controller brings the pods up.
		argoDemoApp(
			{name: 'catalog', project: 'shop', destinationNamespace: 'shop'},
			web('catalog', 'shop', 'ghcr.io/acme/catalog:5.0.2', 4, {state: 'rolling', ready: 1}),
		),
		// Being deleted: the resources finalizer holds it until its resources are gone.
		argoDemoApp(
			{name: 'legacy-reports', project: 'shop', destinationNamespace: 'shop', autoSync: false},
			web('legacy-reports', 'shop', 'ghcr.io/acme/reports:0.9.7', 1),
		),
	];
}

function paymentsApps(): ArgoDemoApp[] {
	const paymentsHead = headRevision({name: 'payments-api'});
	return [
		// A sync running now, waiting for the new pods to become ready.
		argoDemoApp(
			{
				name: 'payments-api',
				project: 'payments',
				destinationNamespace: 'payments',
				sync: 'OutOfSync',
				operation: {
					phase: 'Running',
					message: 'waiting for healthy state of apps/Deployment/payments-api',
					revision: paymentsHead,
					initiatedBy: 'bob@acme.example',
				},
			},
			[
				...web('payments-api', 'payments', 'ghcr.io/acme/payments-api:4.8.0', 3, {state: 'rolling', ready: 2}),
				configMap('payments-api-config', 'payments', {LOG_LEVEL: 'info', SETTLEMENT_BATCH: '500'}),
			],
			{drifted: ['Deployment/payments-api', 'ConfigMap/payments-api-config']},
		),
		// Auto-sync keeps failing on an invalid manifest.
		argoDemoApp(
			{
				name: 'ledger',
				project: 'payments',
				destinationNamespace: 'payments',
				sync: 'OutOfSync',
				operation: {
					phase: 'Failed',
					message:
						'one or more objects failed to apply, reason: Deployment.apps "ledger" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
				},
				conditions: [
					{
						type: 'SyncError',
						message: `Failed last sync attempt to [${headRevision({name: 'ledger'})}]: one or more objects failed to apply (retried 5 times).`,
					},
				],
			},
			web('ledger', 'payments', 'ghcr.io/acme/ledger:2.3.1', 2, {
				previousImages: ['ghcr.io/acme/ledger:2.2.4', 'ghcr.io/acme/ledger:2.3.0'],
			}),
			{drifted: ['Deployment/ledger']},
		),
		argoDemoApp(
			{name: 'fraud-detector', project: 'payments', destinationNamespace: 'payments'},
			web('fraud-detector', 'payments', 'ghcr.io/acme/fraud-detector:1.4.0', 2, {state: 'paused'}),
		),
	];
}

function platformApps(): ArgoDemoApp[] {
	return [
		argoDemoApp({name: 'prometheus', project: 'platform', destinationNamespace: 'monitoring'}, [
			statefulSetTree({
				name: 'prometheus',
				namespace: 'monitoring',
				image: 'quay.io/prometheus/prometheus:v2.54.1',
				replicas: 2,
				serviceName: 'prometheus',
				port: 9090,
				storage: '50Gi',
			}),
			service('prometheus', 'monitoring', 9090),
			persistentVolumeClaim('data-prometheus-0', 'monitoring', '50Gi'),
			persistentVolumeClaim('data-prometheus-1', 'monitoring', '50Gi'),
		]),
		argoDemoApp(
			{
				name: 'grafana',
				project: 'platform',
				destinationNamespace: 'monitoring',
				repoURL: 'https://grafana.github.io/helm-charts',
				chart: 'grafana',
				targetRevision: '8.5.1',
			},
			[
				...web('grafana', 'monitoring', 'docker.io/grafana/grafana:11.2.0', 1, {previousImages: ['docker.io/grafana/grafana:11.1.4']}),
				configMap('grafana-dashboards', 'monitoring', {'kubernetes.json': '{"title":"Kubernetes / Overview"}'}),
				persistentVolumeClaim('grafana', 'monitoring', '10Gi'),
			],
		),
		// Declared in Git, never created: the last sync was cancelled.
		argoDemoApp({name: 'alertmanager', project: 'platform', destinationNamespace: 'monitoring', sync: 'OutOfSync', autoSync: false}, [], {
			missing: [
				statefulSetTree({
					name: 'alertmanager',
					namespace: 'monitoring',
					image: 'quay.io/prometheus/alertmanager:v0.27.0',
					replicas: 2,
					serviceName: 'alertmanager',
				}),
				service('alertmanager', 'monitoring', 9093),
			],
		}),
		argoDemoApp({name: 'postgres', project: 'platform', destinationNamespace: 'data'}, [
			statefulSetTree({
				name: 'postgres',
				namespace: 'data',
				image: 'docker.io/library/postgres:16.4',
				replicas: 3,
				serviceName: 'postgres',
				port: 5432,
				storage: '20Gi',
			}),
			service('postgres', 'data', 5432),
			persistentVolumeClaim('data-postgres-0', 'data', '20Gi'),
			configMap('postgres-tuning', 'data', {'postgresql.conf': 'max_connections = 300\nshared_buffers = 2GB\n'}),
		]),
		argoDemoApp({name: 'nightly-backup', project: 'platform', destinationNamespace: 'data'}, [
			cronJobTree('nightly-backup', 'data', 'ghcr.io/acme/pg-backup:1.6.0', '0 2 * * *'),
		]),
		// The repo server cannot render the manifests: sync and health are Unknown.
		argoDemoApp(
			{
				name: 'kafka',
				project: 'platform',
				destinationNamespace: 'data',
				sync: 'Unknown',
				health: 'Unknown',
				history: 2,
				conditions: [
					{
						type: 'ComparisonError',
						message:
							"Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = Manifest generation error (cached): `kustomize build apps/kafka/overlays/prod` failed exit status 1: Error: accumulating resources: accumulation err='accumulating resources from '../../base': evalsymlink failure on 'apps/kafka/base' : lstat apps/kafka/base: no such file or directory'",
					},
				],
			},
			[],
		),
		argoDemoApp(
			{
				name: 'ingress-nginx',
				project: 'platform',
				destinationNamespace: 'ingress-nginx',
				repoURL: 'https://kubernetes.github.io/ingress-nginx',
				chart: 'ingress-nginx',
				targetRevision: '4.11.3',
			},
			[
				deploymentTree({
					name: 'ingress-nginx-controller',
					namespace: 'ingress-nginx',
					image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3',
					replicas: 2,
					port: 80,
				}),
				service('ingress-nginx-controller', 'ingress-nginx', 80, undefined, 'ingress-nginx-controller'),
			],
		),
	];
}

export function argoDemoApps(git: DemoGitSource): ArgoDemoApp[] {
	return [...shopApps(git), ...paymentsApps(), ...platformApps()];
}

/** Apps the seeder deletes after creating them, so they stay in Deleting behind their finalizer. */
export const deletingArgoApps = ['legacy-reports'];
