// The per-object cache of comparisons: a result is reused only for the same rendered object and the same live
// signature, never kept with an error, and forgotten once the app no longer has the object.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {ABSENT, comparisonKey, DriftCache} from '../../../source/core/drift/drift-cache.js';
import type {DriftResource} from '../../../source/core/drift/types.js';

const ref = {group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings'};
const other = {...ref, name: 'other'};
const desired = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'shop'}, data: {LOG_LEVEL: 'info'}};
const result: DriftResource = {ref, change: 'unchanged', diff: null, error: null};

describe('comparisonKey', () => {
	test('changes with the rendered object, the live signature and the settings; null when the live side is unknown', () => {
		const key = comparisonKey(desired, 'uid-1:abc', 'desired\0driftwatch');
		assert.equal(comparisonKey(desired, 'uid-1:abc', 'desired\0driftwatch'), key);
		assert.notEqual(comparisonKey({...desired, data: {LOG_LEVEL: 'debug'}}, 'uid-1:abc', 'desired\0driftwatch'), key);
		assert.notEqual(comparisonKey(desired, 'uid-2:abc', 'desired\0driftwatch'), key);
		assert.notEqual(comparisonKey(desired, ABSENT, 'desired\0driftwatch'), key);
		assert.notEqual(comparisonKey(desired, 'uid-1:abc', 'desired\0kubectl'), key);
		assert.equal(comparisonKey(desired, undefined, 'desired\0driftwatch'), null);
	});

	test('holds no value of the object (a Secret must not be kept)', () => {
		const key = comparisonKey({...desired, data: {password: 'correct horse'}}, 'rv:7', 'desired')!;
		assert.doesNotMatch(key, /correct horse/);
	});
});

describe('DriftCache', () => {
	test('returns a result only for the same key', () => {
		const cache = new DriftCache();
		cache.set(ref, 'k1', result);
		assert.equal(cache.get(ref, 'k1'), result);
		assert.equal(cache.get(ref, 'k2'), undefined);
		assert.equal(cache.get(ref, null), undefined);
	});

	test('keeps no result with an error, and an error drops the older result', () => {
		const cache = new DriftCache();
		cache.set(ref, 'k1', result);
		cache.set(ref, 'k1', {...result, error: 'reading the live object: failed (HTTP 500)'});
		assert.equal(cache.get(ref, 'k1'), undefined);
	});

	test('a pass forgets the objects it did not look at', () => {
		const cache = new DriftCache();
		cache.set(ref, 'k1', result);
		cache.set(other, 'k1', {...result, ref: other});
		cache.beginPass();
		cache.get(ref, 'k1');
		cache.endPass();
		assert.equal(cache.size, 1);
		assert.equal(cache.get(ref, 'k1'), result);
		assert.equal(cache.get(other, 'k1'), undefined);
	});
});
