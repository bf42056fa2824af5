import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {AppSummary} from '../../../source/core/apps/model.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {fluxProvider} from '../../../source/core/controllers/flux/apps.js';
import {
	commit,
	condition,
	gitRepository,
	helmChart,
	helmRelease,
	helmRepository,
	kustomization,
	newerCommit,
	ociDigest,
	readyApplied,
	source,
} from './fixtures/flux-objects.js';
import {tablesFor, withoutTypes} from './fixtures/tables.js';

const context = 'staging';
const applied = `main@sha1:${commit}`;

function rows(...objects: KubeObject[]): AppSummary[] {
	return fluxProvider.buildApps(context, tablesFor(fluxProvider, objects));
}

function rowOf(kind: string, objects: KubeObject[]): AppSummary {
	const found = rows(...objects).find(app => app.kind === kind);
	assert.ok(found, `expected a ${kind}`);
	return found;
}

const ks = (...objects: KubeObject[]) => rowOf('Kustomization', objects);
const hr = (...objects: KubeObject[]) => rowOf('HelmRelease', objects);

function kustomizationStatus(conditions: unknown[], extra: Record<string, unknown> = {}) {
	return {
		observedGeneration: 3,
		conditions,
		lastAppliedRevision: applied,
		lastAttemptedRevision: applied,
		...extra,
	};
}

describe('Flux provider: declaration', () => {
	test('the marker is the Kustomization type, watched first', () => {
		assert.equal(fluxProvider.marker.group, 'kustomize.toolkit.fluxcd.io');
		assert.equal(fluxProvider.marker.kind, 'Kustomization');
		assert.equal(fluxProvider.watches[0]?.type, fluxProvider.marker);
	});

	test('watches the current GA versions of every app and source type', () => {
		assert.deepEqual(
			fluxProvider.watches.map(spec => `${spec.type.group}/${spec.type.version} ${spec.type.plural}`),
			[
				'kustomize.toolkit.fluxcd.io/v1 kustomizations',
				'helm.toolkit.fluxcd.io/v2 helmreleases',
				'source.toolkit.fluxcd.io/v1 gitrepositories',
				'source.toolkit.fluxcd.io/v1 ocirepositories',
				'source.toolkit.fluxcd.io/v1 helmrepositories',
				'source.toolkit.fluxcd.io/v1 helmcharts',
			],
		);
		assert.ok(fluxProvider.watches.every(spec => spec.type.namespaced));
		// Sources are watched in all namespaces: apps reference them across namespaces.
		assert.deepEqual(
			fluxProvider.watches.map(spec => spec.role),
			['app', 'app', 'source', 'source', 'source', 'source'],
		);
	});

	test('no tables at all: no apps', () => {
		assert.deepEqual(fluxProvider.buildApps(context, new Map()), []);
	});
});

describe('Flux provider: a reconciled Kustomization', () => {
	const app = ks(kustomization(), gitRepository());

	test('identity and apiVersion', () => {
		assert.equal(app.id, 'staging/Kustomization/flux-system/apps');
		assert.equal(app.provider, 'flux');
		assert.equal(app.apiVersion, 'kustomize.toolkit.fluxcd.io/v1');
		assert.equal(app.resourceVersion, '90811');
	});

	test('Healthy and Synced with the applied revision', () => {
		assert.equal(app.health, 'Healthy');
		assert.equal(app.sync, 'Synced');
		assert.equal(app.revision, applied);
		assert.equal(app.message, `Applied revision: ${applied}`);
		assert.equal(app.stateLabel, '');
	});

	test('always automatic, never an operation', () => {
		assert.equal(app.autoSync, true);
		assert.equal(app.operation, null);
	});

	test('last change is when Ready last changed', () => {
		assert.equal(app.lastChange, '2026-08-21T08:15:00Z');
	});

	test('source is the GitRepository with its URL and artifact revision', () => {
		assert.deepEqual(app.source, {
			kind: 'GitRepository',
			name: 'flux-system',
			namespace: 'flux-system',
			url: 'ssh://git@github.com/acme/fleet.git',
			revision: applied,
			ready: true,
		});
	});

	test('conditions are kept for the row', () => {
		assert.deepEqual(
			app.conditions.map(c => `${c.type}=${c.status}/${c.reason}`),
			['Ready=True/ReconciliationSucceeded'],
		);
	});
});

describe('Flux provider: Kustomization health', () => {
	test('suspended wins over a stale Ready=True', () => {
		const app = ks(kustomization({spec: {suspend: true}}), gitRepository());
		assert.equal(app.health, 'Suspended');
		assert.equal(app.stateLabel, 'Suspended');
		assert.equal(app.autoSync, false);
		assert.equal(app.message, `Applied revision: ${applied}`);
	});

	test('Stalled=True is Degraded and says why', () => {
		const app = ks(
			kustomization({
				status: kustomizationStatus([
					condition('Stalled', 'True', 'InvalidCELExpression', 'failed to parse healthCheckExprs: undeclared reference'),
					condition('Ready', 'False', 'InvalidCELExpression', 'failed to parse healthCheckExprs: undeclared reference'),
				]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Degraded');
		assert.equal(app.stateLabel, 'Stalled');
		assert.equal(app.message, 'InvalidCELExpression: failed to parse healthCheckExprs: undeclared reference');
	});

	test('messages put the reason first, so a narrow message cell still shows it', () => {
		const app = ks(
			kustomization({
				status: kustomizationStatus([
					condition('Reconciling', 'True', 'ProgressingWithRetry', `Detecting drift for revision ${applied} with a timeout of 4m30s`),
					condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress'),
				]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Progressing');
		assert.match(app.message, /^ProgressingWithRetry: Detecting drift for revision/);
	});

	test('Ready=False while retrying is Degraded with reason and first line of the message', () => {
		const app = ks(
			kustomization({
				status: kustomizationStatus([
					condition('Reconciling', 'True', 'ProgressingWithRetry', `Running health checks for revision ${applied}`),
					condition(
						'Ready',
						'False',
						'HealthCheckFailed',
						"health check failed after 5m0.02s: timeout waiting for: [Deployment/apps/podinfo status: 'InProgress']\nmore detail",
					),
				]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Degraded');
		assert.equal(app.stateLabel, '');
		assert.equal(
			app.message,
			"HealthCheckFailed: health check failed after 5m0.02s: timeout waiting for: [Deployment/apps/podinfo status: 'InProgress']",
		);
	});

	test('DependencyNotReady is a wait, not a failure, and names the dependency', () => {
		const app = ks(
			kustomization({
				spec: {dependsOn: [{name: 'infra'}]},
				status: kustomizationStatus([condition('Ready', 'False', 'DependencyNotReady', "dependency 'flux-system/infra' is not ready")]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Progressing');
		assert.equal(app.stateLabel, 'Waiting on dependency');
		assert.equal(app.message, "DependencyNotReady: dependency 'flux-system/infra' is not ready");
	});

	test('DependencyNotReady without a naming message names spec.dependsOn', () => {
		const app = ks(
			kustomization({
				spec: {dependsOn: [{name: 'infra'}, {name: 'crds', namespace: 'platform'}]},
				status: kustomizationStatus([condition('Ready', 'False', 'DependencyNotReady', '')]),
			}),
			gitRepository(),
		);
		assert.equal(app.stateLabel, 'Waiting on dependency');
		assert.equal(app.message, 'DependencyNotReady: Waiting on flux-system/infra, platform/crds');
	});

	test('Reconciling=True with Ready=Unknown is Progressing with the step message', () => {
		const app = ks(
			kustomization({
				status: kustomizationStatus([
					condition('Reconciling', 'True', 'Progressing', `Building manifests for revision ${applied}`),
					condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress'),
				]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Progressing');
		assert.equal(app.message, `Progressing: Building manifests for revision ${applied}`);
	});

	test('Ready=Unknown alone is Progressing', () => {
		const app = ks(
			kustomization({
				status: kustomizationStatus([condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress')]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Progressing');
		assert.equal(app.message, 'Progressing: Reconciliation in progress');
	});

	test('a just-created object with no status is Progressing, waiting to be reconciled', () => {
		const app = ks(kustomization({status: {}}), gitRepository());
		assert.equal(app.health, 'Progressing');
		assert.equal(app.message, 'Waiting to be reconciled');
		assert.equal(app.sync, 'OutOfSync', 'nothing applied while the source offers a revision');
		assert.equal(app.revision, '');
		assert.equal(app.lastChange, null);
	});

	test('a spec change not yet observed is Progressing despite Ready=True (kstatus)', () => {
		const app = ks(
			kustomization({
				metadata: {generation: 4},
				status: kustomizationStatus([readyApplied(applied)]),
			}),
			gitRepository(),
		);
		assert.equal(app.health, 'Progressing');
		assert.equal(app.message, 'Kustomization generation is 4, but latest observed generation is 3');
	});

	test('being deleted shows Deleting', () => {
		const app = ks(kustomization({metadata: {deletionTimestamp: '2026-08-21T09:00:00Z'}}), gitRepository());
		assert.equal(app.stateLabel, 'Deleting');
	});
});

describe('Flux provider: Kustomization sync against its source', () => {
	test('lagging: the source offers a newer revision than the one applied', () => {
		const app = ks(kustomization(), gitRepository(`main@sha1:${newerCommit}`));
		assert.equal(app.sync, 'OutOfSync');
		assert.equal(app.revision, applied);
		assert.equal(app.source?.revision, `main@sha1:${newerCommit}`);
	});

	test('a legacy `main/<sha>` applied revision matches the same commit', () => {
		const app = ks(
			kustomization({status: kustomizationStatus([readyApplied(applied)], {lastAppliedRevision: `main/${commit}`})}),
			gitRepository(),
		);
		assert.equal(app.sync, 'Synced');
	});

	test('source missing: Unknown, source readiness unknown', () => {
		const app = ks(kustomization());
		assert.equal(app.sync, 'Unknown');
		assert.deepEqual(app.source, {
			kind: 'GitRepository',
			name: 'flux-system',
			namespace: 'flux-system',
			url: '',
			revision: '',
			ready: null,
		});
	});

	test('source not Ready: Unknown even though it still holds an artifact', () => {
		const app = ks(
			kustomization(),
			gitRepository(
				`main@sha1:${newerCommit}`,
				condition('Ready', 'False', 'GitOperationFailed', 'failed to checkout and determine revision: unable to clone'),
			),
		);
		assert.equal(app.sync, 'Unknown');
		assert.equal(app.source?.ready, false);
	});

	test('sourceRef namespace defaults to the Kustomization namespace', () => {
		const elsewhere = source('GitRepository', 'flux-system', 'team-a', applied, {url: 'https://example.test/a.git'});
		const app = ks(kustomization({namespace: 'team-a'}), elsewhere, gitRepository(`main@sha1:${newerCommit}`));
		assert.equal(app.source?.namespace, 'team-a');
		assert.equal(app.sync, 'Synced');
	});

	test('an OCIRepository source compares by digest', () => {
		const revision = `latest@${ociDigest}`;
		const app = ks(
			kustomization({
				spec: {sourceRef: {kind: 'OCIRepository', name: 'manifests'}},
				status: kustomizationStatus([readyApplied(revision)], {lastAppliedRevision: revision}),
			}),
			source('OCIRepository', 'manifests', 'flux-system', revision, {url: 'oci://ghcr.io/acme/manifests'}),
		);
		assert.equal(app.sync, 'Synced');
		assert.equal(app.source?.url, 'oci://ghcr.io/acme/manifests');
	});

	test('a source kind that is not watched (Bucket) is Unknown without breaking the row', () => {
		const app = ks(kustomization({spec: {sourceRef: {kind: 'Bucket', name: 'artifacts'}}}));
		assert.equal(app.sync, 'Unknown');
		assert.equal(app.health, 'Healthy');
	});

	test('source types not served by the cluster: rows still build, sync Unknown', () => {
		const tables = withoutTypes(
			tablesFor(fluxProvider, [kustomization(), helmRelease()]),
			'source.toolkit.fluxcd.io/gitrepositories',
			'source.toolkit.fluxcd.io/ocirepositories',
			'source.toolkit.fluxcd.io/helmrepositories',
			'source.toolkit.fluxcd.io/helmcharts',
		);
		const apps = fluxProvider.buildApps(context, tables);
		assert.deepEqual(
			apps.map(app => `${app.kind} ${app.sync} ${app.health}`),
			['HelmRelease Unknown Healthy', 'Kustomization Unknown Healthy'],
		);
	});

	test('no helm-controller (no helmreleases table): Kustomizations still listed', () => {
		const tables = withoutTypes(tablesFor(fluxProvider, [kustomization(), gitRepository()]), 'helm.toolkit.fluxcd.io/helmreleases');
		assert.deepEqual(
			fluxProvider.buildApps(context, tables).map(app => app.id),
			['staging/Kustomization/flux-system/apps'],
		);
	});
});

describe('Flux provider: HelmRelease', () => {
	const sources = [helmRepository()];

	test('synced: deployed chart equals the HelmChart artifact', () => {
		const app = hr(helmRelease(), helmChart('6.3.5'), ...sources);
		assert.equal(app.id, 'staging/HelmRelease/apps/podinfo');
		assert.equal(app.apiVersion, 'helm.toolkit.fluxcd.io/v2');
		assert.equal(app.health, 'Healthy');
		assert.equal(app.sync, 'Synced');
		assert.equal(app.revision, '6.3.5');
		assert.equal(app.lastChange, '2026-08-21T06:59:00Z');
		assert.deepEqual(app.source, {
			kind: 'HelmChart',
			name: 'apps-podinfo',
			namespace: 'flux-system',
			url: 'https://stefanprodan.github.io/podinfo',
			revision: '6.3.5',
			ready: true,
		});
	});

	test('lagging: the HelmChart offers a newer chart', () => {
		const app = hr(helmRelease(), helmChart('6.4.0'), ...sources);
		assert.equal(app.sync, 'OutOfSync');
		assert.equal(app.revision, '6.3.5');
		assert.equal(app.source?.revision, '6.4.0');
	});

	test('without status.helmChart the chart is found as `<ns>-<name>` in the source namespace', () => {
		const object = helmRelease();
		delete (object.status as Record<string, unknown>)['helmChart'];
		const app = hr(object, helmChart('6.3.5'), ...sources);
		assert.equal(app.source?.name, 'apps-podinfo');
		assert.equal(app.source?.namespace, 'flux-system');
		assert.equal(app.sync, 'Synced');
	});

	test('an old object with only lastAppliedRevision', () => {
		const app = hr(
			helmRelease({
				status: {
					observedGeneration: 2,
					conditions: [condition('Ready', 'True', 'ReconciliationSucceeded', 'Release reconciliation succeeded')],
					lastAppliedRevision: '6.3.5',
					lastAttemptedRevision: '6.3.5',
				},
			}),
			helmChart('6.3.5'),
			...sources,
		);
		assert.equal(app.revision, '6.3.5');
		assert.equal(app.sync, 'Synced');
		assert.equal(app.lastChange, '2026-08-21T08:00:00Z');
	});

	test('chartRef to an OCIRepository compares the release OCI digest', () => {
		const spec = {interval: '10m', chartRef: {kind: 'OCIRepository', name: 'podinfo-chart'}};
		const object = helmRelease({spec});
		const history = (object.status as {history: Record<string, unknown>[]}).history;
		history[0]!['ociDigest'] = ociDigest;
		const chart = (revision: string) =>
			source('OCIRepository', 'podinfo-chart', 'apps', revision, {url: 'oci://ghcr.io/stefanprodan/charts/podinfo'});
		assert.equal(hr(object, chart(`6.3.5@${ociDigest}`)).sync, 'Synced');
		assert.equal(hr(object, chart(`6.4.0@sha256:${'1'.repeat(64)}`)).sync, 'OutOfSync');
		assert.deepEqual(hr(object, chart(`6.3.5@${ociDigest}`)).source, {
			kind: 'OCIRepository',
			name: 'podinfo-chart',
			namespace: 'apps',
			url: 'oci://ghcr.io/stefanprodan/charts/podinfo',
			revision: `6.3.5@${ociDigest}`,
			ready: true,
		});
	});

	test('upgrade failed and rolled back: Degraded with reason and message', () => {
		const object = helmRelease();
		(object.status as Record<string, unknown>)['conditions'] = [
			condition('Reconciling', 'True', 'ProgressingWithRetry', 'retrying after 5m0s'),
			condition(
				'Ready',
				'False',
				'RollbackSucceeded',
				'Helm rollback to previous release apps/podinfo.v3 with chart podinfo@6.3.4 succeeded',
			),
			condition('Remediated', 'True', 'RollbackSucceeded', 'Helm rollback … succeeded'),
		];
		const app = hr(object, helmChart('6.4.0'), ...sources);
		assert.equal(app.health, 'Degraded');
		assert.equal(app.message, 'RollbackSucceeded: Helm rollback to previous release apps/podinfo.v3 with chart podinfo@6.3.4 succeeded');
		assert.equal(app.sync, 'OutOfSync');
	});

	test('no history yet: REVISION is the chart version last attempted, as flux get hr shows it', () => {
		const object = helmRelease();
		const status = object.status as Record<string, unknown>;
		delete status['history'];
		delete status['lastAppliedRevision'];
		status['lastAttemptedRevision'] = '6.4.0';
		status['conditions'] = [
			condition('Ready', 'False', 'InstallFailed', 'Helm install failed for release apps/podinfo with chart podinfo@6.4.0: timed out'),
		];
		const app = hr(object, helmChart('6.4.0'), ...sources);
		assert.equal(app.revision, '6.4.0');
		assert.equal(app.sync, 'OutOfSync', 'an attempt is not a deployment');
		assert.equal(app.health, 'Degraded');
	});

	test('drift detected by helm-controller: OutOfSync, and the message says so, reason first', () => {
		const object = helmRelease();
		(object.status as Record<string, unknown>)['conditions'] = [
			condition('Ready', 'True', 'UpgradeSucceeded', 'Helm upgrade succeeded for release apps/podinfo.v4 with chart podinfo@6.3.5'),
			condition(
				'Drifted',
				'True',
				'DriftDetected',
				'Cluster state of release apps/podinfo.v4 has drifted from the desired state:\nDeployment/apps/podinfo changed (0 additions, 1 changes, 0 removals)',
			),
		];
		const app = hr(object, helmChart('6.3.5'), ...sources);
		assert.equal(app.sync, 'OutOfSync');
		assert.equal(app.health, 'Healthy');
		assert.equal(app.message, 'DriftDetected: Cluster state of release apps/podinfo.v4 has drifted from the desired state:');
		(object.status as Record<string, unknown>)['conditions'] = [
			condition('Ready', 'True', 'UpgradeSucceeded', 'Helm upgrade succeeded for release apps/podinfo.v4 with chart podinfo@6.3.5'),
			condition('Drifted', 'False', 'NoDriftDetected', 'No drift detected'),
		];
		assert.equal(hr(object, helmChart('6.3.5'), ...sources).sync, 'Synced');
	});

	test('retries exhausted: Stalled', () => {
		const object = helmRelease();
		(object.status as Record<string, unknown>)['conditions'] = [
			condition('Stalled', 'True', 'RetriesExceeded', 'Failed to upgrade after 4 attempt(s)'),
			condition('Ready', 'False', 'UpgradeFailed', 'Helm upgrade failed for release apps/podinfo with chart podinfo@6.4.0'),
		];
		const app = hr(object, helmChart('6.4.0'), ...sources);
		assert.equal(app.health, 'Degraded');
		assert.equal(app.stateLabel, 'Stalled');
		assert.equal(app.message, 'RetriesExceeded: Failed to upgrade after 4 attempt(s)');
	});

	test('suspended HelmRelease: auto-sync off', () => {
		const object = helmRelease();
		(object.spec as Record<string, unknown>)['suspend'] = true;
		const app = hr(object, helmChart('6.3.5'), ...sources);
		assert.equal(app.health, 'Suspended');
		assert.equal(app.autoSync, false);
	});

	test('HelmChart missing (helmcharts not listed yet): Unknown', () => {
		assert.equal(hr(helmRelease(), ...sources).sync, 'Unknown');
	});
});

describe('Flux provider: identity and projection size', () => {
	test('the same name in two namespaces is two apps', () => {
		const apps = rows(
			kustomization({namespace: 'team-a'}),
			kustomization({namespace: 'team-b'}),
			helmRelease({namespace: 'team-a'}),
			helmRelease({namespace: 'team-b'}),
		);
		assert.deepEqual(
			apps.map(app => app.id),
			[
				'staging/HelmRelease/team-a/podinfo',
				'staging/HelmRelease/team-b/podinfo',
				'staging/Kustomization/team-a/apps',
				'staging/Kustomization/team-b/apps',
			],
		);
	});

	test('projections keep no inventory, history, values or huge messages', () => {
		const object = kustomization();
		const entries = Array.from({length: 400}, (_, index) => ({id: `apps_config-${index}__ConfigMap`, v: 'v1'}));
		(object.status as Record<string, unknown>)['inventory'] = {entries};
		(object.status as Record<string, unknown>)['conditions'] = [
			condition('Ready', 'False', 'ReconciliationFailed', `apply failed: ${'z'.repeat(20_000)}`),
		];
		const projection = fluxProvider.watches[0]!.project(object);
		const json = JSON.stringify(projection);
		assert.ok(!json.includes('config-1'), 'inventory must not be kept');
		assert.ok(!json.includes('HealthCheckFailed'), 'history must not be kept');
		assert.ok(json.length < 3000, `projection is ${json.length} characters`);

		const release = JSON.stringify(fluxProvider.watches[1]!.project(helmRelease()));
		assert.ok(!release.includes('replicaCount'), 'values must not be kept');
		assert.ok(!release.includes('6.3.4'), 'only the newest release snapshot is kept');
		assert.ok(!release.includes('apps_podinfo_apps_Deployment'), 'inventory must not be kept');
	});
});

describe('Flux provider: detail', () => {
	test('Kustomization inventory becomes managed resources', () => {
		const detail = fluxProvider.buildDetail(kustomization());
		assert.deepEqual(detail.resources, [
			{group: '', version: 'v1', kind: 'Namespace', namespace: '', name: 'apps', sync: '', health: null},
			{group: '', version: 'v1', kind: 'Service', namespace: 'apps', name: 'podinfo', sync: '', health: null},
			{group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'apps', name: 'podinfo', sync: '', health: null},
			{
				group: 'rbac.authorization.k8s.io',
				version: 'v1',
				kind: 'ClusterRole',
				namespace: '',
				name: 'system:controller:podinfo',
				sync: '',
				health: null,
			},
		]);
		assert.equal(detail.operation, null);
		assert.equal(detail.conditions[0]?.type, 'Ready');
	});

	test('Kustomization reconciliation history, newest first (kustomize-controller ≥ 1.7)', () => {
		assert.deepEqual(fluxProvider.buildDetail(kustomization()).history, [
			{
				id: '0',
				revision: applied,
				deployedAt: '2026-08-21T08:15:00Z',
				note: 'ReconciliationSucceeded (14 times)',
			},
			{id: '1', revision: `main@sha1:${newerCommit}`, deployedAt: '2026-08-19T10:00:00Z', note: 'HealthCheckFailed'},
		]);
	});

	test('older Kustomizations have no history', () => {
		const object = kustomization();
		delete (object.status as Record<string, unknown>)['history'];
		assert.deepEqual(fluxProvider.buildDetail(object).history, []);
	});

	test('HelmRelease history snapshots with chart version, status and release number', () => {
		const detail = fluxProvider.buildDetail(helmRelease());
		assert.deepEqual(detail.history, [
			{id: '0', revision: '6.3.5', deployedAt: '2026-08-21T06:59:00Z', note: 'deployed, upgrade, release v4, podinfo'},
			{id: '1', revision: '6.3.4', deployedAt: '2026-08-10T09:00:00Z', note: 'superseded, upgrade, release v3, podinfo'},
		]);
		assert.deepEqual(
			detail.resources.map(resource => `${resource.group}/${resource.kind} ${resource.namespace}/${resource.name}`),
			['apps/Deployment apps/podinfo'],
		);
	});

	test('malformed inventory ids are skipped', () => {
		const object = kustomization();
		(object.status as Record<string, unknown>)['inventory'] = {entries: [{id: 'garbage', v: 'v1'}, {v: 'v1'}]};
		assert.deepEqual(fluxProvider.buildDetail(object).resources, []);
	});
});

describe('Flux provider: where an app deploys', () => {
	test('a Kustomization deploys into its targetNamespace and the namespaces of its inventory (cluster-scoped objects have none)', () => {
		assert.deepEqual(rowOf('Kustomization', [kustomization()]).deploysInto, ['apps']);
		const targeted = kustomization({spec: {targetNamespace: 'shop'}});
		(targeted.status as Record<string, unknown>)['inventory'] = {entries: []};
		const summary = rowOf('Kustomization', [targeted]);
		assert.equal(summary.namespace, 'flux-system');
		assert.deepEqual(summary.deploysInto, ['shop']);
	});

	test('a HelmRelease deploys into its targetNamespace, else its own namespace (where Helm installs the release)', () => {
		assert.deepEqual(rowOf('HelmRelease', [helmRelease({namespace: 'apps'})]).deploysInto, ['apps']);
		const release = helmRelease({namespace: 'flux-system'});
		(release.spec as Record<string, unknown>)['targetNamespace'] = 'shop';
		delete (release.status as Record<string, unknown>)['inventory'];
		assert.deepEqual(rowOf('HelmRelease', [release]).deploysInto, ['shop']);
	});
});
