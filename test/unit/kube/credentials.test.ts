import {test} from 'node:test';
import assert from 'node:assert/strict';
import {KubeConfig} from '@kubernetes/client-node';
import {classifyApiError} from '../../../source/core/kube/api-error.js';
import {requestJson} from '../../../source/core/kube/http.js';

test('a failing exec credential plugin is reported as unauthorized, not as a crash', async () => {
	const kc = new KubeConfig();
	kc.loadFromOptions({
		clusters: [{name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: false}],
		users: [
			{
				name: 'u',
				exec: {
					apiVersion: 'client.authentication.k8s.io/v1',
					command: 'sh',
					args: ['-c', 'echo "token expired, run: sso login" >&2; exit 1'],
				},
			},
		],
		contexts: [{name: 'ctx', cluster: 'c', user: 'u'}],
		currentContext: 'ctx',
	});
	const problem = await requestJson(kc, '/api').then(
		() => null,
		(error: unknown) => classifyApiError(error),
	);
	assert.equal(problem?.kind, 'unauthorized');
	assert.equal(problem?.message, 'credential plugin failed: token expired, run: sso login');
});
