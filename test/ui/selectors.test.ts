import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {healthCounts, nextSort, outOfSyncCount, parseSortKey, sourceSummary, visibleApps} from '../../source/ui/state/selectors.js';
import {fleet, liveSource, makeApp} from './fixtures.js';

const names = (apps: ReadonlyArray<{name: string}>) => apps.map(app => app.name);

describe('filter', () => {
	const apps = fleet();

	test('matches name, namespace and kind words', () => {
		assert.deepEqual(names(visibleApps(apps, 'pay', 'name')), ['payments']);
		assert.deepEqual(names(visibleApps(apps, 'shop', 'name')), ['frontend', 'payments']);
		assert.deepEqual(names(visibleApps(apps, 'helmrelease', 'name')), ['payments']);
		assert.deepEqual(names(visibleApps(apps, 'kustomization', 'name')), ['infra', 'monitoring']);
		assert.deepEqual(names(visibleApps(apps, 'application', 'name')), ['frontend']);
	});

	test('matches status words, case-insensitively', () => {
		assert.deepEqual(names(visibleApps(apps, 'Degraded', 'name')), ['payments']);
		assert.deepEqual(names(visibleApps(apps, 'outofsync', 'name')), ['payments']);
		assert.deepEqual(names(visibleApps(apps, 'progressing', 'name')), ['infra']);
		assert.deepEqual(names(visibleApps(apps, 'suspended', 'name')), ['monitoring']);
		assert.deepEqual(names(visibleApps(apps, 'synced', 'name')), ['frontend', 'infra', 'monitoring']);
		assert.deepEqual(names(visibleApps(apps, 'failed', 'name')), ['payments']);
	});

	test('several words must all match', () => {
		assert.deepEqual(names(visibleApps(apps, 'shop synced', 'name')), ['frontend']);
		assert.deepEqual(names(visibleApps(apps, '  shop   degraded ', 'name')), ['payments']);
		assert.deepEqual(names(visibleApps(apps, 'shop suspended', 'name')), []);
	});

	test('an empty filter shows everything', () => {
		assert.equal(visibleApps(apps, '', 'name').length, apps.length);
	});
});

describe('sort', () => {
	const apps = [
		makeApp({name: 'b-healthy', lastChange: '2026-01-01T00:00:00Z'}),
		makeApp({name: 'a-progressing', health: 'Progressing', lastChange: '2026-03-01T00:00:00Z'}),
		makeApp({name: 'c-degraded', health: 'Degraded', sync: 'OutOfSync', lastChange: null}),
		makeApp({name: 'd-unknown', health: 'Unknown', sync: 'Unknown', lastChange: '2026-02-01T00:00:00Z'}),
	];

	test('cycles name → health → sync → last change → name', () => {
		assert.deepEqual(
			[nextSort('name'), nextSort('health'), nextSort('sync'), nextSort('lastChange')],
			['health', 'sync', 'lastChange', 'name'],
		);
	});

	test('name, then worst health first, OutOfSync first, newest change first', () => {
		assert.deepEqual(names(visibleApps(apps, '', 'name')), ['a-progressing', 'b-healthy', 'c-degraded', 'd-unknown']);
		assert.deepEqual(names(visibleApps(apps, '', 'health')), ['c-degraded', 'd-unknown', 'a-progressing', 'b-healthy']);
		assert.deepEqual(names(visibleApps(apps, '', 'sync')), ['c-degraded', 'd-unknown', 'a-progressing', 'b-healthy']);
		assert.deepEqual(names(visibleApps(apps, '', 'lastChange')), ['a-progressing', 'd-unknown', 'b-healthy', 'c-degraded']);
	});

	test('apps with the same name in two namespaces keep a stable order', () => {
		const twins = [makeApp({name: 'web', namespace: 'b'}), makeApp({name: 'web', namespace: 'a'})];
		assert.deepEqual(
			visibleApps(twins, '', 'name').map(app => app.namespace),
			['a', 'b'],
		);
	});

	test('parses :sort words', () => {
		assert.equal(parseSortKey('health'), 'health');
		assert.equal(parseSortKey('sy'), 'sync');
		assert.equal(parseSortKey('change'), 'lastChange');
		assert.equal(parseSortKey('bogus'), null);
	});
});

test('counts by health in a fixed order, and out-of-sync apps', () => {
	const counts = healthCounts(fleet());
	assert.deepEqual(counts, [
		{health: 'Healthy', count: 1},
		{health: 'Degraded', count: 1},
		{health: 'Progressing', count: 1},
		{health: 'Suspended', count: 1},
	]);
	assert.equal(outOfSyncCount(fleet()), 1);
});

test('source summary lists problems worst first', () => {
	const summary = sourceSummary([
		liveSource('Argo CD apps'),
		{...liveSource('Flux helmreleases'), phase: 'forbidden', message: 'forbidden'},
		{...liveSource('Flux kustomizations'), phase: 'unauthorized', message: 'token expired'},
	]);
	assert.equal(summary.live, 1);
	assert.deepEqual(
		summary.problems.map(source => source.phase),
		['unauthorized', 'forbidden'],
	);
});

test('joinLabels drops a repeated first word so more source names fit the header', async () => {
	const {joinLabels} = await import('../../source/ui/state/selectors.js');
	assert.equal(
		joinLabels(['Flux kustomizations', 'Flux Helm releases', 'Argo CD apps']),
		'Flux kustomizations, Helm releases, Argo CD apps',
	);
});
