import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {classifyApiError} from '../../../source/core/kube/api-error.js';
import {ApiHttpError} from '../../../source/core/kube/http.js';
import {backoffDelay} from '../../../source/core/util/backoff.js';
import {awaitingAskedRetry, retryAskedWaitMs, type SourceState} from '../../../source/core/kube/source-state.js';

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

	test("a 429 or 5xx whose Status gives details.retryAfterSeconds carries it (the server's 'ask again'); others do not", () => {
		// As the kube-apiserver writes it while a type's watch cache starts.
		const initializing = JSON.stringify({
			kind: 'Status',
			status: 'Failure',
			message: 'storage is (re)initializing',
			reason: 'TooManyRequests',
			details: {retryAfterSeconds: 1},
			code: 429,
		});
		assert.deepEqual(classifyApiError(new ApiHttpError(429, initializing)), {
			kind: 'server',
			code: 429,
			message: 'storage is (re)initializing',
			retryAfterSeconds: 1,
		});
		assert.equal(
			classifyApiError(new ApiHttpError(503, JSON.stringify({message: 'x', details: {retryAfterSeconds: 2}}))).retryAfterSeconds,
			2,
		);
		assert.equal(classifyApiError(new ApiHttpError(500, JSON.stringify({message: 'etcd timed out'}))).retryAfterSeconds, undefined);
		assert.equal(
			classifyApiError(new ApiHttpError(403, JSON.stringify({message: 'no', details: {retryAfterSeconds: 1}}))).retryAfterSeconds,
			undefined,
		);
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

describe('awaitingAskedRetry (how long a one-shot read waits on a source the server asked to be asked again)', () => {
	const asked = (sinceMsAgo: number, now: number): SourceState => ({
		key: 'argoproj.io/applications',
		label: 'Argo CD apps',
		phase: 'stale',
		lastUpdated: null,
		since: now - sinceMsAgo,
		message: 'storage is (re)initializing',
		retryAfterSeconds: 1,
	});

	test('waits while the answer is recent, not once it has lasted retryAskedWaitMs, never for other answers', () => {
		const now = 1_000_000;
		assert.equal(awaitingAskedRetry(asked(0, now), now), true);
		assert.equal(awaitingAskedRetry(asked(retryAskedWaitMs - 1, now), now), true);
		assert.equal(awaitingAskedRetry(asked(retryAskedWaitMs, now), now), false);
		const {retryAfterSeconds: _none, ...plainStale} = asked(0, now);
		assert.equal(awaitingAskedRetry(plainStale, now), false);
		assert.equal(awaitingAskedRetry({...asked(0, now), phase: 'live'}, now), false);
	});
});
