// Noticing that an app turned Degraded or OutOfSync while driftwatch runs: never for the state it started in.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {AppChangeWatch, changesText, stillTrue} from '../../../source/core/notify/app-changes.js';
import type {SourceState} from '../../../source/core/kube/source-state.js';
import {liveSource, makeApp} from '../../ui/fixtures.js';

const live = [liveSource('Argo CD apps'), liveSource('Flux kustomizations')];

function listing(apps: AppSummary[], sources: SourceState[] = live, context = 'prod') {
	return {context, namespace: null, apps, sources, updatedAt: 1};
}

describe('app changes', () => {
	test('the first complete listing is the starting point: apps already Degraded or OutOfSync are no news', () => {
		const watch = new AppChangeWatch();
		const connecting = [{...live[0]!}, {...live[1]!, phase: 'connecting' as const}];
		assert.deepEqual(watch.observe(listing([makeApp({name: 'web', health: 'Healthy'})], connecting)), []);
		// Still the start: the second source answered only now, with an app already Degraded.
		assert.deepEqual(watch.observe(listing([makeApp({name: 'web', health: 'Degraded'}), makeApp({name: 'api', sync: 'OutOfSync'})])), []);
		assert.deepEqual(watch.observe(listing([makeApp({name: 'web', health: 'Degraded'}), makeApp({name: 'api', sync: 'OutOfSync'})])), []);
	});

	test('with several contexts watched, a change names its context as APP does (CONTEXT:NAMESPACE/NAME)', () => {
		const watch = new AppChangeWatch();
		const apps = (sync: 'Synced' | 'OutOfSync') => [
			makeApp({name: 'web', namespace: 'shop', context: 'prod-eu'}),
			makeApp({name: 'web', namespace: 'shop', context: 'prod-us', sync}),
		];
		const several = (sync: 'Synced' | 'OutOfSync') => ({...listing(apps(sync)), watched: [{name: 'prod-eu'}, {name: 'prod-us'}]});
		watch.observe(several('Synced'));
		const changes = watch.observe(several('OutOfSync'));
		assert.equal(changesText(changes), '1 new: prod-us:shop/web OutOfSync');
	});

	test('a transition after it is one change each, labelled NAMESPACE/NAME; a recovered app is no longer true', () => {
		const watch = new AppChangeWatch();
		watch.observe(listing([makeApp({name: 'web', namespace: 'shop'}), makeApp({name: 'api', namespace: 'shop', health: 'Progressing'})]));
		const changes = watch.observe(
			listing([
				makeApp({name: 'web', namespace: 'shop', sync: 'OutOfSync'}),
				makeApp({name: 'api', namespace: 'shop', health: 'Degraded'}),
			]),
			42,
		);
		assert.deepEqual(
			changes.map(change => [change.label, change.became, change.at]),
			[
				['shop/web', 'OutOfSync', 42],
				['shop/api', 'Degraded', 42],
			],
		);
		assert.equal(changesText(changes), '2 new: shop/web OutOfSync, shop/api Degraded');
		assert.equal(stillTrue(changes[1]!, {health: 'Degraded', sync: 'Synced'}), true);
		assert.equal(stillTrue(changes[1]!, {health: 'Healthy', sync: 'Synced'}), false);
		// Staying Degraded is not a new change.
		assert.deepEqual(watch.observe(listing([makeApp({name: 'api', namespace: 'shop', health: 'Degraded'})])), []);
	});

	test('from Unknown (a first comparison), for a new app, or after a context switch: no change', () => {
		const watch = new AppChangeWatch();
		watch.observe(listing([makeApp({name: 'git-web', sync: 'Unknown', health: 'Unknown'})]));
		assert.deepEqual(watch.observe(listing([makeApp({name: 'git-web', sync: 'OutOfSync', health: 'Degraded'})])), []);
		assert.deepEqual(
			watch.observe(listing([makeApp({name: 'git-web', sync: 'OutOfSync'}), makeApp({name: 'new', health: 'Degraded'})])),
			[],
		);
		watch.observe(listing([makeApp({name: 'web'})]));
		assert.deepEqual(
			watch.observe(listing([makeApp({name: 'web', health: 'Degraded'})], live, 'staging')),
			[],
			'another context starts afresh',
		);
	});
});
