// Each fixture state must show up in the app list as the state it is named
// after; otherwise tests built on the fixtures would test something else.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {argoApp, argoStates, gitRepository, helmChart, helmRelease, helmRepository, kustomization} from '../../support/fixtures.js';
import {find, summarize} from './summarize.js';

describe('Argo CD fixture states', () => {
	// 'deleting' needs a server to set deletionTimestamp: covered in seed.test.ts.
	const expected: Record<Exclude<keyof typeof argoStates, 'deleting'>, {sync: string; health: string; label: string}> = {
		syncedHealthy: {sync: 'Synced', health: 'Healthy', label: ''},
		outOfSync: {sync: 'OutOfSync', health: 'Healthy', label: ''},
		degraded: {sync: 'Synced', health: 'Degraded', label: ''},
		progressing: {sync: 'Synced', health: 'Progressing', label: ''},
		missing: {sync: 'OutOfSync', health: 'Missing', label: ''},
		suspended: {sync: 'Synced', health: 'Suspended', label: ''},
		unknown: {sync: 'Unknown', health: 'Unknown', label: ''},
		operationPending: {sync: 'OutOfSync', health: 'Healthy', label: 'Syncing'},
		operationRunning: {sync: 'OutOfSync', health: 'Progressing', label: 'Syncing'},
		operationSucceeded: {sync: 'Synced', health: 'Healthy', label: ''},
		operationFailed: {sync: 'OutOfSync', health: 'Healthy', label: 'Sync failed'},
		operationError: {sync: 'OutOfSync', health: 'Healthy', label: 'Sync error'},
		operationTerminating: {sync: 'OutOfSync', health: 'Healthy', label: 'Terminating'},
	};
	const apps = summarize(Object.entries(argoStates).map(([name, state]) => argoApp(name, 'argocd', state)));

	for (const [name, want] of Object.entries(expected)) {
		test(`${name} lists as ${want.sync}/${want.health}${want.label ? ` (${want.label})` : ''}`, () => {
			const app = find(apps, 'Application', 'argocd', name);
			assert.deepEqual({sync: app.sync, health: app.health, label: app.stateLabel}, want);
		});
	}

	test('degraded and unknown apps say why', () => {
		assert.match(find(apps, 'Application', 'argocd', 'degraded').message, /exceeded its progress deadline/);
		assert.match(find(apps, 'Application', 'argocd', 'unknown').message, /Failed to load target state/);
	});

	test('revisions are 40-hex commits and history is oldest first', () => {
		const object = argoApp('history', 'argocd', {history: 3});
		assert.match(object.status.sync.revision, /^[0-9a-f]{40}$/);
		const ids = object.status.history.map((entry: {id: number}) => entry.id);
		assert.deepEqual(ids, [1, 2, 3]);
		assert.equal(object.status.history.at(-1).revision, object.status.sync.revision);
	});
});

describe('Flux fixture states', () => {
	const objects = [
		gitRepository('flux-system'),
		gitRepository('broken', 'flux-system', {ready: false, artifact: false}),
		kustomization('ready'),
		kustomization('lagging', 'flux-system', {state: 'lagging'}),
		kustomization('suspended', 'flux-system', {state: 'suspended'}),
		kustomization('stalled', 'flux-system', {state: 'stalled'}),
		kustomization('failed', 'flux-system', {state: 'failed'}),
		kustomization('dependency', 'flux-system', {state: 'dependency', dependsOn: ['ready']}),
		kustomization('reconciling', 'flux-system', {state: 'reconciling'}),
		kustomization('missing-source', 'flux-system', {state: 'missing-source', source: {kind: 'GitRepository', name: 'gone'}}),
		kustomization('source-not-ready', 'flux-system', {state: 'source-not-ready', source: {kind: 'GitRepository', name: 'broken'}}),
		helmRepository('charts'),
		helmRelease('synced', 'apps', {version: '1.4.0'}),
		helmChart('synced', 'apps', 'synced', '1.4.0'),
		helmRelease('lagging', 'apps', {state: 'lagging', version: '1.4.0'}),
		helmChart('lagging', 'apps', 'lagging', '1.5.0'),
		helmRelease('rolled-back', 'apps', {state: 'upgrade-failed', version: '1.4.0', targetVersion: '1.5.0'}),
		helmChart('rolled-back', 'apps', 'rolled-back', '1.5.0'),
	];
	const apps = summarize(objects);
	const cases: Array<[kind: string, namespace: string, name: string, sync: string, health: string, label: string]> = [
		['Kustomization', 'flux-system', 'ready', 'Synced', 'Healthy', ''],
		['Kustomization', 'flux-system', 'lagging', 'OutOfSync', 'Healthy', ''],
		['Kustomization', 'flux-system', 'suspended', 'Synced', 'Suspended', 'Suspended'],
		['Kustomization', 'flux-system', 'stalled', 'Synced', 'Degraded', 'Stalled'],
		['Kustomization', 'flux-system', 'failed', 'Synced', 'Degraded', ''],
		['Kustomization', 'flux-system', 'dependency', 'Synced', 'Progressing', 'Waiting on dependency'],
		['Kustomization', 'flux-system', 'reconciling', 'OutOfSync', 'Progressing', ''],
		['Kustomization', 'flux-system', 'missing-source', 'Unknown', 'Degraded', ''],
		['Kustomization', 'flux-system', 'source-not-ready', 'Unknown', 'Degraded', ''],
		['HelmRelease', 'apps', 'synced', 'Synced', 'Healthy', ''],
		['HelmRelease', 'apps', 'lagging', 'OutOfSync', 'Healthy', ''],
		['HelmRelease', 'apps', 'rolled-back', 'OutOfSync', 'Degraded', ''],
	];
	for (const [kind, namespace, name, sync, health, label] of cases) {
		test(`${kind} ${name} lists as ${sync}/${health}${label ? ` (${label})` : ''}`, () => {
			const app = find(apps, kind, namespace, name);
			assert.deepEqual({sync: app.sync, health: app.health, label: app.stateLabel}, {sync, health, label});
		});
	}

	test('failing states carry the controller reason', () => {
		assert.match(
			find(apps, 'Kustomization', 'flux-system', 'missing-source').message,
			/Source 'GitRepository\/flux-system\/gone' not found/,
		);
		assert.match(find(apps, 'Kustomization', 'flux-system', 'dependency').message, /dependency 'flux-system\/ready' is not ready/);
		assert.match(find(apps, 'HelmRelease', 'apps', 'rolled-back').message, /^RollbackSucceeded: Helm rollback/);
	});
});
