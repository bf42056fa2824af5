// SelfSubjectAccessReview (`kubectl auth can-i`): may the caller do this?
// Answered from the caller's rules, worded as the real test server's RBAC
// words it; nothing is stored.
import type {KubeObject} from '../core/kube/resource-type.js';
import {allows, type User} from './auth.js';
import {builtInType, zeroObject} from './field-schema.js';
import {isObject, type JsonObject} from './json-values.js';
import {recordUpdate, writeEntries} from './managed-fields.js';
import {resourceKey, type ResourceInfo} from './resources.js';
import {badRequest} from './status.js';

const accessReviewKey = resourceKey({group: 'authorization.k8s.io', plural: 'selfsubjectaccessreviews'});
const apiVersion = 'authorization.k8s.io/v1';

export function isAccessReview(resource: ResourceInfo): boolean {
	return resourceKey(resource) === accessReviewKey;
}

export function accessReview(user: User, body: unknown, fieldManager: string, now: string): KubeObject {
	const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
	const attributes = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
	const nonResource = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
	if (!attributes && !nonResource) throw badRequest('SelfSubjectAccessReview is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	const resource = attributes ? [text(attributes.resource), text(attributes.subresource)].filter(Boolean).join('/') : '';
	const allowed = attributes
		? allows(user, {verb: text(attributes.verb), group: text(attributes.group), resource, namespace: text(attributes.namespace) || undefined, name: text(attributes.name) || undefined})
		: user.name === 'admin';
	// A review is created like any object: its writer owns the spec it sent.
	const context = {manager: fieldManager, apiVersion, subresource: undefined, statusIsSubresource: true, now, type: builtInType(accessReviewKey)};
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
	if (user.name === 'viewer') return 'RBAC: allowed by ClusterRoleBinding "driftwatch-viewer" of ClusterRole "driftwatch-viewer" to Group "driftwatch:viewers"';
	const role = `driftwatch-user-${user.name}`;
	return `RBAC: allowed by ClusterRoleBinding "${role}" of ClusterRole "${role}" to User "${user.name}"`;
}
