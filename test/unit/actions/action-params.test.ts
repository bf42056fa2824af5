import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {KubeConfig} from '@kubernetes/client-node';
import {auditParams, kubeUser, isProductionContext} from '../../../source/core/actions/action-service.js';
import {gitAppConfigLookup} from '../../../source/core/controllers/git/index.js';
import type {NativeAppConfig} from '../../../source/core/native/config-types.js';

describe('action service helpers', () => {
	test('the audit line keeps flags, the target and object refs of the parameters, nothing else', () => {
		const params = {
			prune: true,
			to: '3',
			resources: [{group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web'}],
			revertInGit: false,
			// Not an ActionParams field: whatever a caller adds must not reach the log.
			manifest: 'kind: Secret\ndata:\n  password: aHVudGVyMg==',
		};
		assert.deepEqual(auditParams(params as never), {prune: true, to: '3', revertInGit: false, resources: ['Deployment/shop/web']});
		assert.deepEqual(auditParams(undefined), {});
	});

	test('the acting user is the kubeconfig user of the current context (no request to the server)', () => {
		const kc = new KubeConfig();
		kc.loadFromOptions({
			clusters: [{name: 'c', server: 'https://127.0.0.1:1'}],
			users: [{name: 'alice@corp'}, {name: 'bob'}],
			contexts: [
				{name: 'prod', cluster: 'c', user: 'alice@corp'},
				{name: 'dev', cluster: 'c', user: 'bob'},
			],
			currentContext: 'prod',
		});
		assert.equal(kubeUser(kc), 'alice@corp');
		kc.setCurrentContext('dev');
		assert.equal(kubeUser(kc), 'bob');
	});

	test('production contexts match the glob, case-insensitively; regex characters are literal', () => {
		assert.equal(isProductionContext('eu-prod-1', '*prod*'), true);
		assert.equal(isProductionContext('EU-PROD', '*prod*'), true);
		assert.equal(isProductionContext('staging', '*prod*'), false);
		assert.equal(isProductionContext('a.b', 'a?b'), true);
		assert.equal(isProductionContext('axb', 'a.b'), false);
	});

	test('native config entries are found by app id in their context; an entry for another context is not', () => {
		const app = (name: string, context: string | null): NativeAppConfig => ({
			name,
			repo: '/r',
			branch: 'main',
			path: '.',
			namespace: 'shop',
			context,
			prune: false,
			line: 1,
		});
		const lookup = gitAppConfigLookup([app('web', null), app('api', 'prod'), app('db', 'dev')], 'prod');
		assert.equal(lookup('prod/Git/shop/web')?.name, 'web');
		assert.equal(lookup('prod/Git/shop/api')?.name, 'api');
		assert.equal(lookup('prod/Git/shop/db'), null);
	});
});
