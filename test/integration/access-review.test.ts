// SelfSubjectAccessReview as the action permission check relies on it, pinned on both backends: every
// authenticated user may ask (201), the answer follows that user's own rules, a review without attributes is a
// 422, and a review is only created: nothing is stored to be read back.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {call} from './support/raw-api.js';

const reviews = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

function review(resourceAttributes: Record<string, string> | undefined) {
	return {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: resourceAttributes ? {resourceAttributes} : {}};
}

const patchKustomization = {
	verb: 'patch',
	group: 'kustomize.toolkit.fluxcd.io',
	resource: 'kustomizations',
	namespace: 'flux-system',
	name: 'apps',
};
const getKustomization = {...patchKustomization, verb: 'get'};
const patchGitRepository = {
	verb: 'patch',
	group: 'source.toolkit.fluxcd.io',
	resource: 'gitrepositories',
	namespace: 'flux-system',
	name: 'apps',
};

describe(`SelfSubjectAccessReview (${backendName()})`, () => {
	let backend: TestBackend;
	let admin: KubeConfig;
	let viewer: KubeConfig;

	async function allowed(kc: KubeConfig, attributes: Record<string, string>): Promise<unknown> {
		const reply = await call(kc, 'POST', reviews, {body: review(attributes)});
		assert.equal(reply.status, 201, reply.text);
		assert.equal(reply.body?.kind, 'SelfSubjectAccessReview');
		assert.deepEqual(reply.body?.spec?.resourceAttributes, attributes, 'the answer repeats what was asked');
		return reply.body?.status?.allowed;
	}

	before(async () => {
		backend = await startBackend();
		admin = backend.kubeConfig();
		viewer = backend.kubeConfig(backend.viewerContext);
	});
	after(async () => {
		await backend?.close();
	});

	test('the admin may patch; the viewer may read but not patch, and may still ask', async () => {
		assert.equal(await allowed(admin, patchKustomization), true);
		assert.equal(await allowed(viewer, getKustomization), true);
		assert.equal(await allowed(viewer, patchKustomization), false);
	});

	test('a user allowed one kind: that kind yes, another no', async () => {
		const context = await backend.addUser('review-patcher', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*']},
			{verbs: ['patch'], apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations']},
		]);
		const patcher = backend.kubeConfig(context);
		assert.equal(await allowed(patcher, patchKustomization), true);
		assert.equal(await allowed(patcher, patchGitRepository), false);
	});

	test('a review without attributes is invalid (422); reviews cannot be listed (405) nor made in a namespace (404)', async () => {
		const empty = await call(admin, 'POST', reviews, {body: review(undefined)});
		assert.equal(empty.status, 422, empty.text);
		assert.deepEqual(
			{kind: empty.body?.kind, reason: empty.body?.reason, message: empty.body?.message},
			{
				kind: 'Status',
				reason: 'Invalid',
				message:
					'.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
			},
		);
		assert.equal(empty.body?.details?.causes?.[0]?.field, 'spec.resourceAttributes');
		const listed = await call(admin, 'GET', reviews);
		assert.deepEqual({status: listed.status, reason: listed.body?.reason}, {status: 405, reason: 'MethodNotAllowed'});
		const namespaced = await call(admin, 'POST', '/apis/authorization.k8s.io/v1/namespaces/default/selfsubjectaccessreviews', {
			body: review(patchKustomization),
		});
		assert.deepEqual({status: namespaced.status, reason: namespaced.body?.reason}, {status: 404, reason: 'NotFound'});
	});
});
