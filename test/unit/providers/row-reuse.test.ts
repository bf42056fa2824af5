// Row identity: an app whose watched object did not change keeps the very same row object across rebuilds, so
// the monitor and the list compare rows by identity and redraw only what changed.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {typeKey} from '../../../source/core/kube/resource-type.js';
import {argoCdProvider} from '../../../source/core/controllers/argocd/apps.js';
import {applicationType} from '../../../source/core/controllers/argocd/projection.js';
import {fluxProvider} from '../../../source/core/controllers/flux/apps.js';
import {gitRepositoryType, kustomizationType} from '../../../source/core/controllers/flux/types.js';
import type {Projection, ProjectionTable} from '../../../source/core/controllers/controller.js';
import {application} from './fixtures/argo-apps.js';
import {gitRepository, kustomization, newerCommit} from './fixtures/flux-objects.js';
import {tablesFor} from './fixtures/tables.js';

/** The tables with one object replaced by a fresh projection, as a watch event does. */
function replaced(
	tables: Map<string, ProjectionTable>,
	key: string,
	itemKey: string,
	projection: Projection,
): Map<string, ProjectionTable> {
	const copy = new Map(tables);
	copy.set(key, new Map(tables.get(key)!).set(itemKey, projection));
	return copy;
}

describe('provider rows keep their identity', () => {
	test('Argo CD: only the app whose object changed gets a new row', () => {
		const apps = ['a', 'b', 'c'].map(name => application({name}));
		const tables = tablesFor(argoCdProvider, apps);
		const first = argoCdProvider.buildApps('prod', tables);
		const again = argoCdProvider.buildApps('prod', tables);
		assert.deepEqual(
			again.map((row, index) => row === first[index]),
			[true, true, true],
			'nothing changed: the same rows',
		);

		const changed = application({name: 'b', status: {health: {status: 'Degraded', message: 'crash loop'}}});
		const key = typeKey(applicationType);
		const next = argoCdProvider.buildApps('prod', replaced(tables, key, 'argocd/b', argoCdProvider.watches[0]!.project(changed)));
		assert.deepEqual(
			next.map((row, index) => row === first[index]),
			[true, false, true],
			'only b is rebuilt',
		);
		assert.equal(next[1]!.health, 'Degraded');

		// Another context is another row, even from the same projection.
		assert.notEqual(argoCdProvider.buildApps('staging', tables)[0], first[0]);
	});

	test('Flux: a row is rebuilt when its source changes, and kept otherwise', () => {
		const objects = [gitRepository(), kustomization({name: 'apps'}), kustomization({name: 'infra'})];
		const tables = tablesFor(fluxProvider, objects);
		const first = fluxProvider.buildApps('prod', tables);
		assert.deepEqual(
			fluxProvider.buildApps('prod', tables).map((row, index) => row === first[index]),
			[true, true],
		);

		// The repository moved on: both Kustomizations are now behind it, so both rows change.
		const sourceSpec = fluxProvider.watches.find(spec => spec.type.kind === 'GitRepository')!;
		const moved = replaced(
			tables,
			typeKey(gitRepositoryType),
			'flux-system/flux-system',
			sourceSpec.project(gitRepository(`main@sha1:${newerCommit}`)),
		);
		const next = fluxProvider.buildApps('prod', moved);
		assert.deepEqual(
			next.map((row, index) => row === first[index]),
			[false, false],
		);
		assert.deepEqual(
			next.map(row => row.sync),
			['OutOfSync', 'OutOfSync'],
		);

		// One Kustomization changes: the other keeps its row.
		const ksSpec = fluxProvider.watches.find(spec => spec.type.kind === 'Kustomization')!;
		const suspended = kustomization({name: 'infra', spec: {suspend: true}});
		const after = fluxProvider.buildApps(
			'prod',
			replaced(moved, typeKey(kustomizationType), 'flux-system/infra', ksSpec.project(suspended)),
		);
		assert.equal(after[0], next[0], 'apps kept');
		assert.notEqual(after[1], next[1], 'infra rebuilt');
		assert.equal(after[1]!.autoSync, false);
	});
});
