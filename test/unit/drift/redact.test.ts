import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {redactSecretValues, secretValuesOf} from '../../../source/core/drift/redact.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('Secret values in server messages', () => {
	const secret: KubeObject = {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: {name: 'db'},
		data: {password: base64('hunter2-long')},
		stringData: {token: 'tok-9f8e'},
	};

	test('every form of every value is known: stored, decoded, stringData and its base64', () => {
		const values = secretValuesOf([secret, null, {kind: 'ConfigMap', data: {plain: 'not-secret'}}]);
		assert.deepEqual(new Set(values), new Set([base64('hunter2-long'), 'hunter2-long', 'tok-9f8e', base64('tok-9f8e')]));
	});

	test('values are replaced wherever the message quotes them', () => {
		const message = `Secret "db" is invalid: data[password]: Invalid value: "hunter2-long" (was ${base64('hunter2-long')}), token tok-9f8e`;
		const redacted = redactSecretValues(message, secretValuesOf([secret]), 'dry run failed');
		assert.equal(redacted, 'Secret "db" is invalid: data[password]: Invalid value: "********" (was ********), token ********');
	});

	test('a message quoting a value too short to replace is dropped for the fallback', () => {
		const short: KubeObject = {kind: 'Secret', stringData: {pin: '42'}};
		assert.equal(
			redactSecretValues('field pin: Invalid value: "42"', secretValuesOf([short]), 'dry run failed (HTTP 422)'),
			'dry run failed (HTTP 422)',
		);
		assert.equal(
			redactSecretValues('forbidden: cannot patch secrets', secretValuesOf([short]), 'fallback'),
			'forbidden: cannot patch secrets',
		);
	});
});
