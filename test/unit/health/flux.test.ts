import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const apiVersions: Record<string, string> = {
	GitRepository: 'source.toolkit.fluxcd.io/v1',
	OCIRepository: 'source.toolkit.fluxcd.io/v1',
	HelmRepository: 'source.toolkit.fluxcd.io/v1',
	HelmChart: 'source.toolkit.fluxcd.io/v1',
	Bucket: 'source.toolkit.fluxcd.io/v1',
	Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
	HelmRelease: 'helm.toolkit.fluxcd.io/v2',
	ImageRepository: 'image.toolkit.fluxcd.io/v1beta2',
	ImagePolicy: 'image.toolkit.fluxcd.io/v1beta2',
	ImageUpdateAutomation: 'image.toolkit.fluxcd.io/v1beta2',
	Receiver: 'notification.toolkit.fluxcd.io/v1',
};

type Condition = {type: string; status: string; reason: string; message?: string};

function flux(kind: string, conditions?: Condition[], spec: Record<string, unknown> = {}): KubeObject {
	return {
		apiVersion: apiVersions[kind],
		kind,
		metadata: {name: 'podinfo', namespace: 'flux-system', generation: 2},
		spec: {interval: '5m', ...spec},
		...(conditions === undefined
			? {}
			: {
					status: {
						observedGeneration: 2,
						conditions: conditions.map(condition => ({
							lastTransitionTime: '2025-03-01T10:00:00Z',
							observedGeneration: 2,
							message: '',
							...condition,
						})),
					},
				}),
	};
}

const condition = (type: string, status: string, reason: string, message = ''): Condition => ({type, status, reason, message});
const retrying = condition('Reconciling', 'True', 'ProgressingWithRetry', 'processing object: new generation 1 -> 2');
const reconciling = condition('Reconciling', 'True', 'Progressing', 'reconciliation in progress');
const storedArtifact = (reason = 'Succeeded') =>
	condition('ArtifactInStorage', 'True', reason, "stored artifact: revision 'sha256:3dfe15d8'");

describe('Flux source kinds (GitRepository, OCIRepository, HelmRepository, HelmChart, Bucket)', () => {
	test('a failed HelmRepository index fetch is Degraded, named by the Ready reason', () => {
		const object = flux('HelmRepository', [
			retrying,
			condition('Ready', 'False', 'Failed', 'failed to fetch Helm repository index: 404 Not Found'),
			condition('FetchFailed', 'True', 'Failed', 'failed to fetch Helm repository index: 404 Not Found'),
			storedArtifact(),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: 'Failed'});
	});

	test('a HelmRepository with a stored artifact is Healthy', () => {
		assert.deepEqual(
			resourceHealth(
				flux('HelmRepository', [condition('Ready', 'True', 'Succeeded', "stored artifact: revision 'sha256:3dfe15d8'"), storedArtifact()]),
			),
			{
				status: 'Healthy',
				message: 'Succeeded',
			},
		);
	});

	test('a HelmRepository of type oci is Healthy without any status', () => {
		const object = flux('HelmRepository', undefined, {type: 'oci', url: 'oci://ghcr.io/stefanprodan/charts'});
		object.status = {};
		assert.deepEqual(resourceHealth(object), {
			status: 'Healthy',
			message: "Helm repositories of type 'oci' do not contain any information in the status.",
		});
	});

	test('an empty condition list is Degraded with no message (Argo CD disabled its own test that expected Progressing)', () => {
		for (const kind of ['HelmRepository', 'OCIRepository', 'GitRepository', 'Bucket', 'HelmChart']) {
			assert.deepEqual(resourceHealth(flux(kind, [])), {status: 'Degraded', message: ''}, kind);
		}
	});

	const failures: Array<[string, string, Condition]> = [
		['OCIRepository', 'OCIArtifactPullFailed', reconciling],
		['GitRepository', 'GitOperationFailed', retrying],
		['HelmChart', 'SourceUnavailable', retrying],
	];
	for (const [kind, reason, inFlight] of failures) {
		test(`a failed ${kind} fetch with an older artifact still stored is Degraded`, () => {
			const object = flux(kind, [
				inFlight,
				condition('Ready', 'False', reason, 'fetch failed'),
				condition('FetchFailed', 'True', reason, 'fetch failed'),
				storedArtifact(),
			]);
			assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: reason});
		});
	}

	test('a failed Bucket fetch with no artifact at all is Degraded', () => {
		const object = flux('Bucket', [
			retrying,
			condition('Ready', 'False', 'BucketOperationFailed', 'bucket does not exist'),
			condition('FetchFailed', 'True', 'BucketOperationFailed', 'bucket does not exist'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: 'BucketOperationFailed'});
	});

	for (const [kind, reason] of [
		['OCIRepository', 'Succeeded'],
		['GitRepository', 'Succeeded'],
		['Bucket', 'Succeeded'],
		['HelmChart', 'ChartPullSucceeded'],
	] as const) {
		test(`a ${kind} with a stored artifact is Healthy`, () => {
			assert.deepEqual(resourceHealth(flux(kind, [condition('Ready', 'True', reason), storedArtifact(reason)])), {
				status: 'Healthy',
				message: reason,
			});
		});
	}

	test("fetching a new revision is Progressing, and the outdated artifact's reason is appended", () => {
		const object = flux('GitRepository', [
			reconciling,
			condition('Ready', 'Unknown', 'Progressing', 'reconciliation in progress'),
			condition('ArtifactOutdated', 'True', 'NewRevision', "new upstream revision 'main@sha1:6f1c2e7'"),
			storedArtifact(),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'Progressing NewRevision'});
	});

	test('suspended wins over any status', () => {
		for (const kind of ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket']) {
			const object = flux(kind, [condition('Ready', 'True', 'Succeeded'), storedArtifact()], {suspend: true});
			assert.deepEqual(resourceHealth(object), {status: 'Suspended', message: `${kind} is suspended`});
		}
	});

	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(flux('GitRepository')), {status: 'Progressing', message: 'Status unknown'});
	});
});

describe('Flux Kustomization and ImageUpdateAutomation', () => {
	test('a reconciliation in progress is Progressing', () => {
		const object = flux('Kustomization', [
			reconciling,
			condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress'),
			condition('Released', 'True', 'InstallSucceeded'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'Progressing'});
	});

	test('a missing source artifact is Degraded', () => {
		assert.deepEqual(
			resourceHealth(flux('Kustomization', [condition('Ready', 'False', 'ArtifactFailed', 'Source artifact not found, retrying in 30s')])),
			{
				status: 'Degraded',
				message: 'ArtifactFailed',
			},
		);
	});

	test('Ready=True is Healthy, named by its reason', () => {
		assert.deepEqual(
			resourceHealth(
				flux('Kustomization', [condition('Ready', 'True', 'InstallSucceeded'), condition('Released', 'True', 'InstallSucceeded')]),
			),
			{
				status: 'Healthy',
				message: 'InstallSucceeded',
			},
		);
	});

	test('a failed image update is Degraded, a successful one Healthy', () => {
		assert.deepEqual(
			resourceHealth(flux('ImageUpdateAutomation', [condition('Ready', 'False', 'ReconciliationFailed', 'failed to push')])),
			{
				status: 'Degraded',
				message: 'ReconciliationFailed',
			},
		);
		assert.deepEqual(
			resourceHealth(flux('ImageUpdateAutomation', [condition('Ready', 'True', 'ReconciliationSucceeded', 'no updates made')])),
			{
				status: 'Healthy',
				message: 'ReconciliationSucceeded',
			},
		);
	});

	test('an empty condition list is Degraded with no message', () => {
		assert.deepEqual(resourceHealth(flux('ImageUpdateAutomation', [])), {status: 'Degraded', message: ''});
	});

	test('suspended', () => {
		assert.deepEqual(resourceHealth(flux('Kustomization', [], {suspend: true})), {
			status: 'Suspended',
			message: 'Kustomization is suspended',
		});
		assert.deepEqual(resourceHealth(flux('ImageUpdateAutomation', [], {suspend: true})), {
			status: 'Suspended',
			message: 'ImageUpdateAutomation is suspended',
		});
	});
});

describe('Flux HelmRelease', () => {
	test('an install in progress is Progressing', () => {
		const object = flux('HelmRelease', [
			reconciling,
			condition('Ready', 'Unknown', 'Progressing', "Running 'install' action with timeout of 5m0s"),
			condition('Released', 'True', 'InstallSucceeded'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'Progressing'});
	});

	test('a failed upgrade that was rolled back is Degraded, named RollbackSucceeded', () => {
		const object = flux('HelmRelease', [
			retrying,
			condition('Ready', 'False', 'RollbackSucceeded', 'Helm rollback to previous release shop/podinfo.v1 succeeded'),
			condition('Released', 'False', 'UpgradeFailed', 'Helm upgrade failed: timed out waiting for the condition'),
			condition('Remediated', 'True', 'RollbackSucceeded', 'Helm rollback to previous release shop/podinfo.v1 succeeded'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: 'RollbackSucceeded'});
	});

	test('ready and released is Healthy', () => {
		assert.deepEqual(
			resourceHealth(
				flux('HelmRelease', [condition('Ready', 'True', 'InstallSucceeded'), condition('Released', 'True', 'InstallSucceeded')]),
			),
			{
				status: 'Healthy',
				message: 'InstallSucceeded',
			},
		);
	});

	test('Ready=True without Released or TestSuccess is not enough: Degraded', () => {
		assert.deepEqual(resourceHealth(flux('HelmRelease', [condition('Ready', 'True', 'UpgradeSucceeded')])), {
			status: 'Degraded',
			message: 'UpgradeSucceeded',
		});
	});

	test('suspended', () => {
		assert.deepEqual(resourceHealth(flux('HelmRelease', [condition('Ready', 'True', 'InstallSucceeded')], {suspend: true})), {
			status: 'Suspended',
			message: 'HelmRelease is suspended',
		});
	});
});

describe('Flux image reflection (ImageRepository, ImagePolicy)', () => {
	test('a failed registry scan is Degraded (a retry is not progress)', () => {
		assert.deepEqual(
			resourceHealth(
				flux('ImageRepository', [retrying, condition('Ready', 'False', 'ReadOperationFailed', 'GET https://ghcr.io/v2/: 401')]),
			),
			{
				status: 'Degraded',
				message: 'ReadOperationFailed',
			},
		);
	});

	test('a scan in progress (Reconciling=Scanning, Ready=False) is Progressing', () => {
		const object = flux('ImageRepository', [
			condition('Reconciling', 'True', 'Scanning', 'scanning'),
			condition('Ready', 'False', 'Scanning', 'scanning'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'Scanning'});
	});

	test('a scanned repository is Healthy', () => {
		assert.deepEqual(resourceHealth(flux('ImageRepository', [condition('Ready', 'True', 'Succeeded', 'successful scan: found 42 tags')])), {
			status: 'Healthy',
			message: 'Succeeded',
		});
	});

	test('an ImageRepository can be suspended', () => {
		assert.deepEqual(resourceHealth(flux('ImageRepository', [], {suspend: true})), {
			status: 'Suspended',
			message: 'ImageRepository is suspended',
		});
	});

	test('an ImagePolicy whose repository is missing is Degraded', () => {
		const object = flux('ImagePolicy', [
			retrying,
			condition('Ready', 'False', 'DependencyNotReady', 'referenced ImageRepository does not exist'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Degraded', message: 'DependencyNotReady'});
	});

	test('an ImagePolicy that resolved a tag is Healthy', () => {
		assert.deepEqual(
			resourceHealth(
				flux('ImagePolicy', [condition('Ready', 'True', 'Succeeded', "Latest image tag for 'stefanprodan/podinfo' resolved to 5.1.4")]),
			),
			{
				status: 'Healthy',
				message: 'Succeeded',
			},
		);
	});

	test('an ImagePolicy applying its policy (Reconciling=ApplyingPolicy, Ready=False) is Progressing', () => {
		const object = flux('ImagePolicy', [
			condition('Reconciling', 'True', 'ApplyingPolicy', 'applying'),
			condition('Ready', 'False', 'ApplyingPolicy', 'applying'),
		]);
		assert.deepEqual(resourceHealth(object), {status: 'Progressing', message: 'ApplyingPolicy'});
	});

	test('ImagePolicy has no suspend: its check ignores spec.suspend', () => {
		const object = flux('ImagePolicy', [condition('Ready', 'True', 'Succeeded')], {suspend: true});
		assert.deepEqual(resourceHealth(object), {status: 'Healthy', message: 'Succeeded'});
	});
});

describe('Flux Receiver', () => {
	test('a missing token is Degraded', () => {
		assert.deepEqual(resourceHealth(flux('Receiver', [retrying, condition('Ready', 'False', 'TokenNotFound', 'secret not found')])), {
			status: 'Degraded',
			message: 'TokenNotFound',
		});
	});

	test('ready is Healthy', () => {
		assert.deepEqual(
			resourceHealth(flux('Receiver', [condition('Ready', 'True', 'Succeeded', 'Receiver initialized for path: /hook/bed6d00b')])),
			{status: 'Healthy', message: 'Succeeded'},
		);
	});

	test('never Progressing once it has conditions: Ready=Unknown is Degraded', () => {
		assert.deepEqual(resourceHealth(flux('Receiver', [condition('Ready', 'Unknown', 'Progressing', 'reconciliation in progress')])), {
			status: 'Degraded',
			message: 'Progressing',
		});
	});

	test('suspended', () => {
		assert.deepEqual(resourceHealth(flux('Receiver', [], {suspend: true})), {status: 'Suspended', message: 'Receiver is suspended'});
	});
});
