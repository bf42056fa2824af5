import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {aggregateHealth, type HealthItem} from '../../../source/core/health/aggregate.js';
import type {HealthStatus} from '../../../source/core/apps/model.js';

function item(kind: string, name: string, status: HealthStatus | null, message = '', annotations?: Record<string, string>): HealthItem {
	return {kind, name, health: status === null ? null : {status, message}, ...(annotations ? {annotations} : {})};
}

describe('aggregateHealth', () => {
	test('all healthy (and kinds without health) is Healthy', () => {
		const items = [item('Deployment', 'api', 'Healthy'), item('ConfigMap', 'settings', null), item('Service', 'api', 'Healthy')];
		assert.deepEqual(aggregateHealth(items), {status: 'Healthy', message: ''});
	});

	test('worst wins in Argo order Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
		const order: HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Degraded', 'Unknown'];
		for (let worst = 1; worst < order.length; worst++) {
			const items = order.slice(0, worst + 1).reverse().map((status, i) => item('Pod', `p${i}`, status));
			assert.equal(aggregateHealth(items).status, order[worst]);
		}
		assert.equal(aggregateHealth([item('Job', 'j', 'Unknown'), item('Deployment', 'd', 'Degraded')]).status, 'Unknown');
	});

	test('ignore-healthcheck annotation removes a resource from the verdict', () => {
		const items = [
			item('Deployment', 'api', 'Healthy'),
			item('Ingress', 'public', 'Progressing', '', {'argocd.argoproj.io/ignore-healthcheck': 'true'}),
		];
		assert.equal(aggregateHealth(items).status, 'Healthy');
		const notIgnored = [item('Deployment', 'api', 'Healthy'), item('Ingress', 'public', 'Progressing', '', {'argocd.argoproj.io/ignore-healthcheck': 'false'})];
		assert.equal(aggregateHealth(notIgnored).status, 'Progressing');
	});

	test('one missing resource among live ones does not affect health (v3.4)', () => {
		const items = [item('Deployment', 'api', 'Healthy'), item('Service', 'api', 'Missing')];
		assert.deepEqual(aggregateHealth(items), {status: 'Healthy', message: ''});
	});

	test('Missing only when resources are expected and none exist', () => {
		assert.equal(aggregateHealth([item('Deployment', 'api', 'Missing'), item('Service', 'api', 'Missing')]).status, 'Missing');
		assert.equal(aggregateHealth([], {expectsResources: true}).status, 'Missing');
		assert.equal(aggregateHealth([]).status, 'Healthy');
		// A live ConfigMap has no health but does exist.
		assert.equal(aggregateHealth([item('Deployment', 'api', 'Missing'), item('ConfigMap', 'cfg', null)]).status, 'Healthy');
	});

	test('child Application that is Missing or Unknown does not drag the parent down', () => {
		const items: HealthItem[] = [
			item('Deployment', 'api', 'Healthy'),
			{kind: 'Application', group: 'argoproj.io', name: 'child', health: {status: 'Unknown', message: ''}},
		];
		assert.equal(aggregateHealth(items).status, 'Healthy');
		const degradedChild: HealthItem = {kind: 'Application', group: 'argoproj.io', name: 'child', health: {status: 'Degraded', message: ''}};
		assert.equal(aggregateHealth([degradedChild]).status, 'Degraded');
	});

	test('message names the single cause with its message', () => {
		const items = [item('Deployment', 'api', 'Degraded', 'Deployment "api" exceeded its progress deadline'), item('Pod', 'api-1', 'Progressing')];
		assert.deepEqual(aggregateHealth(items), {
			status: 'Degraded',
			message: 'Caused by Deployment/api: Deployment "api" exceeded its progress deadline',
		});
	});

	test('message names up to 3 worst resources and counts the rest', () => {
		const items = [
			item('Pod', 'a', 'Degraded'),
			item('Pod', 'b', 'Degraded'),
			item('Deployment', 'ok', 'Progressing'),
			item('Pod', 'c', 'Degraded'),
			item('Pod', 'd', 'Degraded'),
			item('Pod', 'e', 'Degraded'),
		];
		assert.deepEqual(aggregateHealth(items), {status: 'Degraded', message: 'Caused by Pod/a, Pod/b, Pod/c and 2 more'});
		assert.equal(aggregateHealth(items.slice(0, 3)).message, 'Caused by Pod/a, Pod/b');
	});
});
