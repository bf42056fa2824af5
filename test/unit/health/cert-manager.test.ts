import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function certificate(conditions?: unknown[]): KubeObject {
	return {
		apiVersion: 'cert-manager.io/v1',
		kind: 'Certificate',
		metadata: {name: 'shop-tls', namespace: 'shop', generation: 1},
		spec: {secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: {kind: 'ClusterIssuer', name: 'letsencrypt'}},
		...(conditions === undefined ? {} : {status: {conditions}}),
	};
}

function issuer(kind: 'Issuer' | 'ClusterIssuer', conditions?: unknown[]): KubeObject {
	return {
		apiVersion: 'cert-manager.io/v1',
		kind,
		metadata: {name: 'letsencrypt', ...(kind === 'Issuer' ? {namespace: 'shop'} : {}), generation: 1},
		spec: {
			acme: {
				email: 'oncall@example.com',
				server: 'https://acme.example.com/directory',
				privateKeySecretRef: {name: 'letsencrypt-account'},
				solvers: [{http01: {ingress: {}}}],
			},
		},
		...(conditions === undefined ? {} : {status: {acme: {}, conditions}}),
	};
}

const at = '2025-03-01T10:00:00Z';
const issuing = {
	type: 'Issuing',
	status: 'True',
	reason: 'DoesNotExist',
	message: 'Issuing certificate as Secret does not exist',
	lastTransitionTime: at,
};
const notReadyNoSecret = {
	type: 'Ready',
	status: 'False',
	reason: 'DoesNotExist',
	message: 'Issuing certificate as Secret does not exist',
	lastTransitionTime: at,
};

describe('cert-manager Certificate health', () => {
	test('no status yet is Progressing', () => {
		assert.deepEqual(resourceHealth(certificate()), {status: 'Progressing', message: 'Waiting for certificate'});
	});

	test('issuing wins over a Ready=False listed after it', () => {
		assert.deepEqual(resourceHealth(certificate([issuing, notReadyNoSecret])), {
			status: 'Progressing',
			message: 'Issuing certificate as Secret does not exist',
		});
	});

	test('issuing wins over a Ready=False listed before it', () => {
		assert.deepEqual(resourceHealth(certificate([notReadyNoSecret, issuing])), {
			status: 'Progressing',
			message: 'Issuing certificate as Secret does not exist',
		});
	});

	test('a configuration error (Ready=False) is Degraded with its message', () => {
		const message =
			'Resource validation failed: spec.acme.config: Required value: no ACME solver configuration specified for domain "cd.apps.argoproj.io"';
		assert.deepEqual(
			resourceHealth(certificate([{type: 'Ready', status: 'False', reason: 'ConfigError', message, lastTransitionTime: at}])),
			{status: 'Degraded', message},
		);
	});

	test('issued is Healthy, whatever conditions come before Ready', () => {
		const validated = {
			type: 'ValidateFailed',
			status: 'False',
			reason: 'OrderValidated',
			message: 'Order validated',
			lastTransitionTime: at,
		};
		const issued = {
			type: 'Ready',
			status: 'True',
			reason: 'CertIssued',
			message: 'Certificate issued successfully',
			lastTransitionTime: null,
		};
		assert.deepEqual(resourceHealth(certificate([validated, issued])), {status: 'Healthy', message: 'Certificate issued successfully'});
	});

	test('renewed is Healthy, whatever conditions come after Ready', () => {
		const renewed = {
			type: 'Ready',
			status: 'True',
			reason: 'CertRenewed',
			message: 'Certificate renewed successfully',
			lastTransitionTime: at,
		};
		const validated = {
			type: 'ValidateFailed',
			status: 'False',
			reason: 'OrderValidated',
			message: 'Order validated',
			lastTransitionTime: at,
		};
		assert.deepEqual(resourceHealth(certificate([renewed, validated])), {status: 'Healthy', message: 'Certificate renewed successfully'});
	});

	test('Ready=Unknown alone is still waiting', () => {
		assert.deepEqual(resourceHealth(certificate([{type: 'Ready', status: 'Unknown', reason: 'Pending', message: 'checking'}])), {
			status: 'Progressing',
			message: 'Waiting for certificate',
		});
	});
});

for (const kind of ['Issuer', 'ClusterIssuer'] as const) {
	describe(`cert-manager ${kind} health`, () => {
		test('no status yet is Progressing', () => {
			assert.deepEqual(resourceHealth(issuer(kind)), {
				status: 'Progressing',
				message: kind === 'Issuer' ? 'Initializing issuer' : 'Initializing ClusterIssuer',
			});
		});

		test('a registered ACME account is Healthy', () => {
			const registered = {
				type: 'Ready',
				status: 'True',
				reason: 'ACMEAccountRegistered',
				message: 'The ACME account was registered with the ACME server',
				lastTransitionTime: at,
			};
			assert.deepEqual(resourceHealth(issuer(kind, [registered])), {
				status: 'Healthy',
				message: 'The ACME account was registered with the ACME server',
			});
		});

		test('a failed ACME registration is Degraded with the message as written (trailing newline kept)', () => {
			const failed = {
				type: 'Ready',
				status: 'False',
				reason: 'ErrRegisterACMEAccount',
				message: 'Failed to verify ACME account: acme: : 404 page not found\n',
				lastTransitionTime: at,
			};
			assert.deepEqual(resourceHealth(issuer(kind, [failed])), {
				status: 'Degraded',
				message: 'Failed to verify ACME account: acme: : 404 page not found\n',
			});
		});
	});
}
