import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {classifyApiError} from '../../../source/core/kube/api-error.js';
import {ApiHttpError} from '../../../source/core/kube/http.js';
import {backoffDelay} from '../../../source/core/util/backoff.js';

describe('classifyApiError', () => {
	test('a 403 Status keeps the server message', () => {
		const body = JSON.stringify({
			kind: 'Status',
			code: 403,
			reason: 'Forbidden',
			message: 'kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "viewer" cannot list resource',
		});
		const problem = classifyApiError(new ApiHttpError(403, body));
		assert.equal(problem.kind, 'forbidden');
		assert.match(problem.message, /cannot list resource/);
	});

	test('a value the server quotes back has its URL credential hidden, and stays one line', () => {
		const body = JSON.stringify({
			kind: 'Status',
			code: 422,
			reason: 'Invalid',
			message: 'ConfigMap "x" is invalid: metadata.labels: Invalid value: "https://user:s3cret@git.example/repo.git"\nmore',
		});
		assert.equal(
			classifyApiError(new ApiHttpError(422, body)).message,
			'ConfigMap "x" is invalid: metadata.labels: Invalid value: "https://***@git.example/repo.git"',
		);
	});

	test('401, 410, 5xx map to their kinds', () => {
		assert.equal(classifyApiError(new ApiHttpError(401, '')).kind, 'unauthorized');
		assert.equal(classifyApiError(Object.assign(new Error('Gone'), {statusCode: 410})).kind, 'gone');
		assert.equal(classifyApiError(new ApiHttpError(503, 'overloaded')).kind, 'server');
	});

	test('connection refused deep in a cause chain is a network problem naming the address', () => {
		const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED', address: '127.0.0.1', port: 1});
		const problem = classifyApiError(new TypeError('fetch failed', {cause}));
		assert.equal(problem.kind, 'network');
		assert.equal(problem.message, 'connection refused 127.0.0.1:1');
	});
});

describe('backoffDelay', () => {
	test('grows and never exceeds the 3 s cap (rows back within 5 s of the server answering again)', () => {
		assert.ok(backoffDelay(0) <= 250);
		assert.ok(backoffDelay(3) > backoffDelay(0));
		for (let attempt = 0; attempt < 40; attempt++) assert.ok(backoffDelay(attempt) <= 3000);
		assert.ok(backoffDelay(30) >= 2400);
	});
});
