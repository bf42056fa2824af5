// SelfSubjectAccessReview (`kubectl auth can-i`): may the caller do this?
// Answered from the caller's rules on the spot, never stored, as a real
// server answers it: only created, on the cluster-scoped collection; the
// answer carries the writer's managedFields and, when allowed (and not by
// system:masters), the RBAC reason worded as the real test server words it.
import type {KubeObject} from '../core/kube/resource-type.js';
import {allows, type User} from './auth.js';
import {builtInType, zeroObject} from './field-schema.js';
import {isObject, type JsonObject} from './json-values.js';
import {recordUpdate, writeEntries} from './managed-fields.js';
import {resourceKey} from './resources.js';
import {apiError, type ApiError} from './status.js';

const group = 'authorization.k8s.io';
const apiVersion = `${group}/v1`;
const accessReviewKey = resourceKey({group, plural: 'selfsubjectaccessreviews'});

/** The review kind's path (created with POST on the cluster-scoped collection). */
export function isAccessReview(resource: {group: string; plural: string}): boolean {
	return resource.group === group && resource.plural === 'selfsubjectaccessreviews';
}

export function accessReview(user: User, body: unknown, fieldManager: string, now: string): KubeObject {
	const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
	const attributes = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
	const nonResource = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
	if (!attributes && !nonResource) throw neitherAttributes();
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	const resource = attributes ? [text(attributes.resource), text(attributes.subresource)].filter(Boolean).join('/') : '';
	// Non-resource paths (/healthz…) are not modelled: only the admin (system:masters) may reach them all.
	const allowed = attributes
		? allows(user, {
				verb: text(attributes.verb),
				group: text(attributes.group),
				resource,
				namespace: text(attributes.namespace) || undefined,
				name: text(attributes.name) || undefined,
			})
		: user.name === 'admin';
	// A review is created like any object: its writer owns the spec it sent.
	const context = {
		manager: fieldManager,
		apiVersion,
		subresource: undefined,
		statusIsSubresource: true,
		now,
		type: builtInType(accessReviewKey),
	};
	const managedFields = writeEntries(recordUpdate(zeroObject(accessReviewKey), {metadata: {}, spec}, [], context));
	return {
		kind: 'SelfSubjectAccessReview',
		apiVersion,
		metadata: managedFields.length > 0 ? {managedFields} : {},
		spec: spec as JsonObject,
		status: {allowed, ...(allowed && user.name !== 'admin' ? {reason: grantedBy(user)} : {})},
	} as KubeObject;
}

/** The binding that grants a user its rules, named as the real test server names them. */
function grantedBy(user: User): string {
	if (user.name === 'viewer')
		return 'RBAC: allowed by ClusterRoleBinding "driftwatch-viewer" of ClusterRole "driftwatch-viewer" to Group "driftwatch:viewers"';
	const role = `driftwatch-user-${user.name}`;
	return `RBAC: allowed by ClusterRoleBinding "${role}" of ClusterRole "${role}" to User "${user.name}"`;
}

/** A real server's 422 (its kind name is left empty in the message, as the real one leaves it). */
function neitherAttributes(): ApiError {
	const cause = {
		reason: 'FieldValueInvalid',
		message: 'Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
		field: 'spec.resourceAttributes',
	};
	return apiError(422, `.${group} "" is invalid: ${cause.field}: ${cause.message}`, 'Invalid', {group, causes: [cause]});
}
