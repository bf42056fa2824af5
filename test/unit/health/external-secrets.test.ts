import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function externalSecret(conditions?: unknown[]): KubeObject {
	return {
		apiVersion: 'external-secrets.io/v1',
		kind: 'ExternalSecret',
		metadata: {name: 'db-credentials', namespace: 'shop', generation: 1},
		spec: {
			refreshInterval: '1h',
			secretStoreRef: {kind: 'ClusterSecretStore', name: 'vault'},
			target: {name: 'db-credentials'},
			data: [{secretKey: 'password', remoteRef: {key: 'secret/shop/db', property: 'password'}}],
		},
		...(conditions === undefined ? {} : {status: {conditions, refreshTime: '2025-03-01T10:00:00Z'}}),
	};
}

describe('ExternalSecret health', () => {
	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(externalSecret()), {status: 'Progressing', message: 'Waiting for ExternalSecret'});
	});

	test('a provider error is Degraded with its message', () => {
		const message = 'could not get secret data from provider: key "secret/sa/example" from ExternalSecret "test-degraded"';
		assert.deepEqual(resourceHealth(externalSecret([{type: 'Ready', status: 'False', reason: 'SecretSyncedError', message}])), {
			status: 'Degraded',
			message,
		});
	});

	test('synced is Healthy', () => {
		assert.deepEqual(
			resourceHealth(externalSecret([{type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'Secret was synced'}])),
			{
				status: 'Healthy',
				message: 'Secret was synced',
			},
		);
	});

	test('a Deleted condition alone (no Ready) is still waiting', () => {
		assert.deepEqual(
			resourceHealth(
				externalSecret([{type: 'Deleted', status: 'True', reason: 'SecretDeleted', message: 'secret deleted due to DeletionPolicy'}]),
			),
			{
				status: 'Progressing',
				message: 'Waiting for ExternalSecret',
			},
		);
	});
});
