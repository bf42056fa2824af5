// The fleet of `driftwatch demo --clusters N`: one kubeconfig naming N sandboxes, each with an estate of its own —
// shared app names where the same platform runs everywhere, apps unique to a cluster, and health that differs
// where an on-call engineer would look (prod-eu's ledger fails, prod-us's syncs).
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {selectContext} from '../../../source/core/kube/kubeconfig.js';
import {clustersFlag} from '../../../source/commands/clusters-flag.js';
import {demoClusterNames, startDemoClusters, type DemoClusters} from '../../../source/demo/demo-clusters.js';
import {listObjects} from '../../../source/demo/rest.js';
import {find, summarize} from './summarize.js';

describe('demo fleet (--clusters N)', () => {
	let fleet: DemoClusters;
	const apps = new Map<string, AppSummary[]>();

	before(async () => {
		fleet = await startDemoClusters(3);
		for (const context of fleet.contexts) {
			const {kc} = selectContext(fleet.kc, context);
			apps.set(context, summarize(await listObjects(kc, 'argoproj.io/v1alpha1', 'Application')));
		}
	});
	after(async () => {
		await fleet?.close();
	});

	test('one kubeconfig: an admin and a viewer context per cluster, each on its own server; the first current', () => {
		assert.deepEqual(fleet.contexts, ['prod-eu', 'prod-us', 'staging']);
		assert.deepEqual(
			fleet.kc.getContexts().map(context => context.name),
			['prod-eu', 'prod-eu-viewer', 'prod-us', 'prod-us-viewer', 'staging', 'staging-viewer'],
		);
		assert.equal(fleet.kc.getCurrentContext(), 'prod-eu');
		const servers = fleet.contexts.map(context => selectContext(fleet.kc, context).kc.getCurrentCluster()?.server);
		assert.deepEqual(
			servers,
			fleet.clusters.map(cluster => cluster.sandbox.url),
		);
		assert.equal(new Set(servers).size, 3);
	});

	test('shared names, apps of their own, and health that differs by cluster', () => {
		const names = (context: string) => new Set(apps.get(context)!.map(app => app.name));
		for (const context of fleet.contexts) assert.ok(names(context).has('storefront'), `${context} runs storefront`);
		assert.ok(names('prod-us').has('tax-engine'));
		assert.ok(!names('prod-eu').has('tax-engine') && !names('staging').has('tax-engine'));
		assert.ok(!names('staging').has('ledger'), 'staging runs no payments apps');

		const ledger = (context: string) => find(apps.get(context)!, 'Application', 'argocd', 'ledger');
		assert.equal(ledger('prod-eu').sync, 'OutOfSync');
		assert.equal(ledger('prod-us').sync, 'Synced');
		assert.equal(ledger('prod-us').health, 'Healthy');
		assert.equal(find(apps.get('staging')!, 'Application', 'argocd', 'feature-flags').health, 'Degraded');
	});

	test("every cluster's native apps, bound to its context", () => {
		assert.deepEqual(
			fleet.config.apps.map(app => `${app.context}:${app.name}`),
			['prod-eu:notes', 'prod-eu:wiki', 'prod-us:notes', 'prod-us:wiki', 'staging:notes', 'staging:wiki'],
		);
	});

	test('names: prod-eu, prod-us, staging first; 2 to 10 clusters', () => {
		assert.deepEqual(demoClusterNames(2), ['prod-eu', 'prod-us']);
		assert.equal(new Set(demoClusterNames(10)).size, 10);
		assert.throws(() => demoClusterNames(11));
	});
});

describe('--clusters', () => {
	test('absent is one; a whole number from 1 to 10; anything else is one line naming what was given', () => {
		assert.deepEqual(clustersFlag(undefined), {count: 1});
		assert.deepEqual(clustersFlag('3'), {count: 3});
		for (const bad of ['0', '11', 'two', '2.5', '-1', ''])
			assert.deepEqual(clustersFlag(bad), {error: `--clusters wants a whole number from 1 to 10, not "${bad}"`});
	});
});
