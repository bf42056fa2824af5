import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {chartMatches, kustomizationDeployedRevision, parseRevision, sameRevision} from '../../../source/core/controllers/flux/revision.js';
import {parseInventoryId} from '../../../source/core/controllers/flux/types.js';

const sha = '2f22765d04931a078909145ca628d2264c852d7d';

describe('Flux revision strings', () => {
	test('branch, tag, pull-request ref, commit-only, sha256 and legacy forms', () => {
		assert.deepEqual(parseRevision(`main@sha1:${sha}`), {pointer: 'main', algorithm: 'sha1', hash: sha});
		assert.deepEqual(parseRevision(`v1.2.3@sha1:${sha}`), {pointer: 'v1.2.3', algorithm: 'sha1', hash: sha});
		assert.deepEqual(parseRevision(`refs/pull/420/head@sha1:${sha}`), {
			pointer: 'refs/pull/420/head',
			algorithm: 'sha1',
			hash: sha,
		});
		assert.deepEqual(parseRevision(`sha1:${sha}`), {pointer: '', algorithm: 'sha1', hash: sha});
		assert.deepEqual(parseRevision(`main/${sha}`), {pointer: 'main', algorithm: '', hash: sha});
		assert.deepEqual(parseRevision('6.3.5'), {pointer: '6.3.5', algorithm: '', hash: ''});
	});

	test('same commit matches across forms; different commits and versions do not', () => {
		assert.ok(sameRevision(`main@sha1:${sha}`, `main/${sha}`));
		assert.ok(sameRevision(`main@sha1:${sha.toUpperCase()}`, `main@sha1:${sha}`));
		assert.ok(!sameRevision(`main@sha1:${sha}`, `main@sha1:${'0'.repeat(40)}`));
		assert.ok(!sameRevision('6.3.5', '6.3.4'));
		assert.ok(!sameRevision('', `main@sha1:${sha}`));
	});

	test('deployed chart against HelmChart and OCIRepository artifacts', () => {
		const digest = `sha256:${'ab'.repeat(32)}`;
		assert.ok(chartMatches('6.3.5', '', '6.3.5'));
		assert.ok(!chartMatches('6.3.5', '', '6.4.0'));
		assert.ok(chartMatches('6.3.5', digest, `latest@${digest}`));
		assert.ok(!chartMatches('6.3.5', `sha256:${'cd'.repeat(32)}`, `latest@${digest}`));
		assert.ok(chartMatches('6.3.5+ababababab12', '', `6.3.5@sha256:ababababab12${'0'.repeat(52)}`));
		assert.ok(!chartMatches('6.3.5+cdcdcdcdcd12', '', `6.3.5@${digest}`));
		assert.ok(chartMatches('6.3.5', '', `6.3.5@${digest}`));
		assert.ok(!chartMatches('', '', '6.3.5'), 'nothing deployed yet');
	});
});

describe('Flux inventory ids', () => {
	test('namespaced, core group, cluster-scoped and colon-encoded names', () => {
		assert.deepEqual(parseInventoryId('default_podinfo_apps_Deployment'), {
			namespace: 'default',
			name: 'podinfo',
			group: 'apps',
			kind: 'Deployment',
		});
		assert.deepEqual(parseInventoryId('default_podinfo__Service'), {
			namespace: 'default',
			name: 'podinfo',
			group: '',
			kind: 'Service',
		});
		assert.deepEqual(parseInventoryId('_cert-manager__Namespace'), {
			namespace: '',
			name: 'cert-manager',
			group: '',
			kind: 'Namespace',
		});
		assert.deepEqual(parseInventoryId('_system__aggregate-to-edit_rbac.authorization.k8s.io_ClusterRole'), {
			namespace: '',
			name: 'system:aggregate-to-edit',
			group: 'rbac.authorization.k8s.io',
			kind: 'ClusterRole',
		});
	});

	test('ids without all four parts are rejected', () => {
		assert.equal(parseInventoryId('podinfo'), null);
		assert.equal(parseInventoryId('default_podinfo'), null);
		assert.equal(parseInventoryId('default__Service'), null);
	});
});

describe('the revision a Kustomization runs', () => {
	const applied = `main@sha1:${sha}`;
	const attempted = `main@sha1:${'a'.repeat(40)}`;

	test('the last applied one, also while a later attempt failed before or during its apply', () => {
		assert.equal(kustomizationDeployedRevision(applied, attempted, {status: 'True', reason: 'ReconciliationSucceeded'}), applied);
		assert.equal(kustomizationDeployedRevision(applied, attempted, {status: 'False', reason: 'ReconciliationFailed'}), applied);
		assert.equal(kustomizationDeployedRevision(applied, attempted, {status: 'False', reason: 'BuildFailed'}), applied);
		assert.equal(kustomizationDeployedRevision(applied, attempted, undefined), applied);
	});

	test('the attempted one when only its health checks failed: kustomize-controller applied it (the real controller leaves lastAppliedRevision unset)', () => {
		assert.equal(kustomizationDeployedRevision(applied, attempted, {status: 'False', reason: 'HealthCheckFailed'}), attempted);
		assert.equal(kustomizationDeployedRevision('', attempted, {status: 'False', reason: 'HealthCheckFailed'}), attempted);
		assert.equal(kustomizationDeployedRevision(applied, '', {status: 'False', reason: 'HealthCheckFailed'}), applied);
	});
});
