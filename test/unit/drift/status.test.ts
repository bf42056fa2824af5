import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {uniqueDesired} from '../../../source/core/drift/compute-drift.js';
import {driftStatus, errorLines} from '../../../source/core/drift/status.js';
import type {DriftResource} from '../../../source/core/drift/types.js';
import {applyConfiguration} from '../../../source/core/drift/live-api.js';

function resource(name: string, change: DriftResource['change'], error: string | null = null, namespace = 'shop'): DriftResource {
	return {ref: {group: '', kind: 'ConfigMap', namespace, name}, change, diff: null, error};
}

describe('drift status of an app', () => {
	test('Synced only when every object is unchanged and nothing failed', () => {
		assert.equal(driftStatus([resource('a', 'unchanged'), resource('b', 'unchanged')], []), 'Synced');
		assert.equal(driftStatus([], []), 'Synced');
	});

	test('any added, removed or modified object makes it OutOfSync, even when another failed', () => {
		for (const change of ['added', 'removed', 'modified'] as const) {
			assert.equal(driftStatus([resource('a', 'unchanged', 'forbidden'), resource('b', change)], ['x']), 'OutOfSync');
		}
	});

	test('an object that could not be compared makes an otherwise clean app Unknown', () => {
		const resources = [resource('a', 'unchanged'), resource('b', 'unchanged', 'reading the live object: forbidden')];
		assert.equal(driftStatus(resources, errorLines(resources)), 'Unknown');
	});

	test('error lines name the object, without a namespace for cluster-scoped ones', () => {
		const lines = errorLines([
			resource('a', 'unchanged'),
			resource('b', 'unchanged', 'boom'),
			resource('c', 'added', 'kind not served', ''),
		]);
		assert.deepEqual(lines, ['ConfigMap/shop/b: boom', 'ConfigMap/c: kind not served']);
	});
});

describe('desired objects', () => {
	const configMap = (name: string, value: string) => ({
		apiVersion: 'v1',
		kind: 'ConfigMap',
		metadata: {name, namespace: 'shop'},
		data: {value},
	});

	test('an object defined twice is compared once, as its last definition, with a warning', () => {
		const {objects, warnings} = uniqueDesired([configMap('a', 'first'), configMap('b', 'only'), configMap('a', 'second')]);
		assert.deepEqual(
			objects.map(object => [object.metadata?.name, (object.data as {value: string}).value]),
			[
				['b', 'only'],
				['a', 'second'],
			],
		);
		assert.deepEqual(warnings, ['ConfigMap/shop/a is defined 2 times in Git; the last definition is compared']);
	});

	test('the apply configuration drops server-owned metadata and follows the kind scope', () => {
		const object = {
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {name: 'shop', namespace: 'default', resourceVersion: '12', uid: 'u', managedFields: [], labels: {team: 'a'}},
		};
		assert.deepEqual(applyConfiguration(object, null), {
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {name: 'shop', labels: {team: 'a'}},
		});
		assert.equal(applyConfiguration(configMap('a', 'x'), 'other').metadata?.namespace, 'other');
		// The input is left as it was.
		assert.equal(object.metadata.resourceVersion, '12');
	});
});
