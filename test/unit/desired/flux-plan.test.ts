import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {fluxDesiredPlan} from '../../../source/core/controllers/flux/desired-plan.js';
import type {DesiredPlan} from '../../../source/core/desired/types.js';
import {commit, gitRepository, helmRelease, kustomization, newerCommit, source} from '../providers/fixtures/flux-objects.js';

function okPlan(plan: DesiredPlan) {
	assert.ok(plan.ok, JSON.stringify(plan));
	return plan;
}

function failed(plan: DesiredPlan, reason: 'unsupported' | 'error'): string {
	assert.ok(!plan.ok, `expected a failed plan, got ${JSON.stringify(plan)}`);
	assert.equal(plan.reason, reason, plan.message);
	return plan.message;
}

/** The fixture Kustomization with `status` fields replaced. */
function withStatus(status: Record<string, unknown>) {
	const object = kustomization();
	return {...object, status: {...object.status, ...status}};
}

describe('fluxDesiredPlan', () => {
	test('renders spec.path of the GitRepository at the last applied commit, following its branch', () => {
		const plan = okPlan(fluxDesiredPlan(kustomization(), gitRepository(`main@sha1:${newerCommit}`)));
		assert.deepEqual(plan.sources, [
			{
				repoUrl: 'ssh://git@github.com/acme/fleet.git',
				revision: commit,
				trackedRef: 'main',
				path: 'apps/production',
				namespace: 'flux-system',
			},
		]);
		assert.equal(plan.fieldManager, 'kustomize-controller');
		assert.deepEqual(plan.tracked, [
			{group: '', kind: 'Namespace', namespace: '', name: 'apps'},
			{group: '', kind: 'Service', namespace: 'apps', name: 'podinfo'},
			{group: 'apps', kind: 'Deployment', namespace: 'apps', name: 'podinfo'},
			{group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'system:controller:podinfo'},
		]);
	});

	test('targetNamespace replaces the namespace of every namespaced object; no path means the root', () => {
		const object = kustomization({spec: {targetNamespace: 'podinfo', path: undefined}});
		const plan = okPlan(fluxDesiredPlan(object, gitRepository()));
		assert.equal(plan.sources[0]!.namespace, 'podinfo');
		assert.equal(plan.sources[0]!.overrideNamespace, true);
		assert.equal(plan.sources[0]!.path, '.');
	});

	test('never applied: the artifact revision, else what spec.ref checks out', () => {
		const fresh = withStatus({lastAppliedRevision: undefined, inventory: undefined});
		const fromArtifact = okPlan(fluxDesiredPlan(fresh, gitRepository(`v2.0.1@sha1:${newerCommit}`)));
		assert.equal(fromArtifact.sources[0]!.revision, newerCommit);
		assert.equal(fromArtifact.sources[0]!.trackedRef, 'v2.0.1');
		assert.deepEqual(fromArtifact.tracked, []);

		const unfetched = (ref: Record<string, unknown>) => {
			const repository = source('GitRepository', 'flux-system', 'flux-system', '', {url: 'https://github.com/acme/fleet', spec: {ref}});
			delete (repository.status as {artifact?: unknown}).artifact;
			return fluxDesiredPlan(fresh, repository);
		};
		const branch = okPlan(unfetched({branch: 'staging'})).sources[0]!;
		assert.deepEqual([branch.revision, branch.trackedRef], ['staging', 'staging']);
		const pinned = okPlan(unfetched({branch: 'main', commit: commit})).sources[0]!;
		assert.deepEqual([pinned.revision, pinned.trackedRef], [commit, null]);
		const defaulted = okPlan(unfetched({})).sources[0]!;
		assert.deepEqual([defaulted.revision, defaulted.trackedRef], ['master', 'master']);
		assert.match(failed(unfetched({semver: '>=1.0.0'}), 'error'), /semver range is not resolved/);
	});

	test('commit-only and legacy revisions; a pinned commit follows no branch', () => {
		const commitOnly = okPlan(fluxDesiredPlan(withStatus({lastAppliedRevision: `sha1:${commit}`}), gitRepository())).sources[0]!;
		assert.deepEqual([commitOnly.revision, commitOnly.trackedRef], [commit, 'main']);
		const legacy = okPlan(fluxDesiredPlan(withStatus({lastAppliedRevision: `main/${commit}`}), gitRepository())).sources[0]!;
		assert.deepEqual([legacy.revision, legacy.trackedRef], [commit, 'main']);
		const repository = gitRepository();
		repository.spec.ref = {commit};
		const pinned = okPlan(fluxDesiredPlan(withStatus({lastAppliedRevision: `sha1:${commit}`}), repository)).sources[0]!;
		assert.equal(pinned.trackedRef, null);
	});

	test('a missing GitRepository is an error naming it', () => {
		assert.equal(failed(fluxDesiredPlan(kustomization(), null), 'error'), 'GitRepository flux-system/flux-system not found');
		const elsewhere = kustomization({
			namespace: 'team-a',
			spec: {sourceRef: {kind: 'GitRepository', name: 'fleet', namespace: 'flux-system'}},
		});
		assert.equal(failed(fluxDesiredPlan(elsewhere, null), 'error'), 'GitRepository flux-system/fleet not found');
		assert.match(
			failed(fluxDesiredPlan(elsewhere, gitRepository()), 'error'),
			/uses GitRepository flux-system\/fleet, not flux-system\/flux-system/,
		);
	});

	test('other source kinds, HelmReleases and build-changing fields are unsupported, saying which', () => {
		const fromOci = kustomization({spec: {sourceRef: {kind: 'OCIRepository', name: 'manifests'}}});
		assert.equal(
			failed(fluxDesiredPlan(fromOci, null), 'unsupported'),
			'Kustomization flux-system/apps takes its manifests from OCIRepository flux-system/manifests; driftwatch renders GitRepository sources only',
		);
		assert.match(
			failed(fluxDesiredPlan(helmRelease(), null), 'unsupported'),
			/^HelmRelease drift is reported by helm-controller \(spec\.driftDetection\)/,
		);
		const substituted = kustomization({spec: {postBuild: {substitute: {cluster: 'prod'}}, images: [{name: 'podinfo', newTag: '6.5.0'}]}});
		assert.match(failed(fluxDesiredPlan(substituted, gitRepository()), 'unsupported'), /sets spec\.images, spec\.postBuild;/);
		// An empty field changes nothing.
		okPlan(fluxDesiredPlan(kustomization({spec: {patches: []}}), gitRepository()));
	});

	test('a path leaving the repository is an error', () => {
		assert.match(failed(fluxDesiredPlan(kustomization({spec: {path: '../other'}}), gitRepository()), 'error'), /leaves the repository/);
	});
});
