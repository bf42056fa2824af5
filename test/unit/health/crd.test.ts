import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function customResourceDefinition(conditions: unknown[], metadata: Record<string, unknown> = {}): KubeObject {
	return {
		apiVersion: 'apiextensions.k8s.io/v1',
		kind: 'CustomResourceDefinition',
		metadata: {name: 'widgets.example.com', generation: 1, ...metadata},
		spec: {
			group: 'example.com',
			scope: 'Namespaced',
			names: {kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget'},
			versions: [
				{
					name: 'v1alpha1',
					served: true,
					storage: true,
					schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}},
				},
			],
		},
		status: {
			acceptedNames: {kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget'},
			conditions,
			storedVersions: ['v1alpha1'],
		},
	};
}

const condition = (type: string, status: string, reason: string, message: string) => ({
	type,
	status,
	reason,
	message,
	lastTransitionTime: '2025-03-01T10:00:00Z',
});
const namesAccepted = condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found');
const established = condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted');

describe('CustomResourceDefinition health', () => {
	test('names accepted and established is Healthy', () => {
		assert.deepEqual(resourceHealth(customResourceDefinition([namesAccepted, established])), {
			status: 'Healthy',
			message: 'CRD is healthy',
		});
	});

	test('names not accepted is Degraded with the reason given', () => {
		const rejected = condition('NamesAccepted', 'False', 'NoConflicts', 'the initial names have not been accepted');
		const notEstablished = condition('Established', 'False', 'InitialNamesAccepted', 'the initial names have been accepted');
		assert.deepEqual(resourceHealth(customResourceDefinition([rejected, notEstablished])), {
			status: 'Degraded',
			message: 'CRD names have not been accepted: the initial names have not been accepted',
		});
	});

	test('a non-structural schema is Degraded, even when established', () => {
		const violations = condition(
			'NonStructuralSchema',
			'True',
			'Violations',
			'spec.preserveUnknownFields: Invalid value: true: must be false',
		);
		assert.deepEqual(resourceHealth(customResourceDefinition([namesAccepted, violations, established])), {
			status: 'Degraded',
			message: 'Schema violations found: spec.preserveUnknownFields: Invalid value: true: must be false',
		});
	});

	test('not established is Degraded', () => {
		const notEstablished = condition('Established', 'False', 'InitialNamesAccepted', 'the initial names have not been accepted');
		assert.deepEqual(resourceHealth(customResourceDefinition([namesAccepted, notEstablished])), {
			status: 'Degraded',
			message: 'CRD is not established',
		});
	});

	test('a Terminating condition is Progressing with its message', () => {
		const terminating = condition('Terminating', 'True', 'terminating', 'user has deleted the CRD');
		assert.deepEqual(resourceHealth(customResourceDefinition([namesAccepted, terminating])), {
			status: 'Progressing',
			message: 'CRD is terminating: user has deleted the CRD',
		});
	});

	test('a deletionTimestamp is "Pending deletion" as for every kind, and "CRD is terminating" when held by the hook finalizer', () => {
		const deleting = customResourceDefinition([namesAccepted, established], {deletionTimestamp: '2025-03-01T11:00:00Z'});
		assert.deepEqual(resourceHealth(deleting), {status: 'Progressing', message: 'Pending deletion'});
		deleting.metadata!['finalizers'] = ['argocd.argoproj.io/hook-finalizer'];
		assert.deepEqual(resourceHealth(deleting), {status: 'Progressing', message: 'CRD is terminating'});
	});

	test('no conditions yet is Progressing', () => {
		assert.deepEqual(resourceHealth(customResourceDefinition([])), {status: 'Progressing', message: 'Status conditions not found'});
	});

	test('still installing is Progressing', () => {
		const installing = condition('Established', 'False', 'Installing', 'the initial names have not been accepted');
		assert.deepEqual(resourceHealth(customResourceDefinition([namesAccepted, installing])), {
			status: 'Progressing',
			message: 'CRD is being installed',
		});
	});

	test('a CRD without any status makes the check fail: Unknown', () => {
		const bare = customResourceDefinition([]);
		delete bare.status;
		assert.equal(resourceHealth(bare)?.status, 'Unknown');
	});
});
