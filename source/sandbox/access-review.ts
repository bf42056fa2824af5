// SelfSubjectAccessReview (`kubectl auth can-i`): may the caller do this? Answered from the caller's rules on the
// spot, never stored, as a real server answers it: only created, on the cluster-scoped collection. Not modelled
// yet: the answer's managedFields and RBAC reason, and discovery listing the authorization.k8s.io group.
import type {KubeObject} from '../core/kube/resource-type.js';
import {allows, type User} from './auth.js';
import {isObject} from './json-values.js';
import {apiError, type ApiError} from './status.js';

const group = 'authorization.k8s.io';
const apiVersion = `${group}/v1`;

/** The review kind's path (created with POST on the cluster-scoped collection). */
export function isAccessReview(resource: {group: string; plural: string}): boolean {
	return resource.group === group && resource.plural === 'selfsubjectaccessreviews';
}

export function accessReview(user: User, body: unknown): KubeObject {
	const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
	const attributes = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
	const nonResource = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
	if (!attributes && !nonResource) throw neitherAttributes();
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	const resource = attributes ? [text(attributes.resource), text(attributes.subresource)].filter(Boolean).join('/') : '';
	// Non-resource paths (/healthz…) are not modelled: only the admin (system:masters) may reach them all.
	const allowed = attributes
		? allows(user, {verb: text(attributes.verb), group: text(attributes.group), resource, namespace: text(attributes.namespace) || undefined, name: text(attributes.name) || undefined})
		: user.name === 'admin';
	return {kind: 'SelfSubjectAccessReview', apiVersion, metadata: {}, spec, status: {allowed}};
}

/** A real server's 422 (its kind name is left empty in the message, as the real one leaves it). */
function neitherAttributes(): ApiError {
	const cause = {reason: 'FieldValueInvalid', message: 'Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes'};
	return apiError(422, `.${group} "" is invalid: ${cause.field}: ${cause.message}`, 'Invalid', {group, causes: [cause]});
}
