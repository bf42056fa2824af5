import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {contextReadonly, globMatches, selectContextNames} from '../../../source/core/kube/context-selection.js';
import {KubeConfigError} from '../../../source/core/kube/kubeconfig.js';
import {parseConfig} from '../../../source/core/native/parse-config.js';
import {defaultConfig} from '../../../source/core/native/config-types.js';

const available = ['kind-dev', 'prod-eu', 'prod-us', 'staging'];

function problem(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof KubeConfigError);
		return error.message;
	}
	assert.fail('expected an error');
}

describe('selectContextNames', () => {
	test('without flags or config: the current context alone (as before)', () => {
		assert.deepEqual(selectContextNames(available, 'staging', {}), ['staging']);
		assert.equal(
			problem(() => selectContextNames(available, null, {})),
			'kubeconfig has no current-context: pass --context NAME',
		);
	});

	test('--context a,b keeps the order given and drops repeats', () => {
		assert.deepEqual(selectContextNames(available, 'staging', {flag: 'prod-us, kind-dev,prod-us'}), ['prod-us', 'kind-dev']);
		assert.deepEqual(selectContextNames(available, 'staging', {flag: 'prod-*'}), ['prod-eu', 'prod-us']);
	});

	test('an unknown name is one line naming it and the contexts there are', () => {
		assert.equal(
			problem(() => selectContextNames(available, 'staging', {flag: 'prod-eu,prod-asia'})),
			'unknown context "prod-asia" (known: kind-dev, prod-eu, prod-us, staging)',
		);
		assert.equal(
			problem(() => selectContextNames(available, 'staging', {flag: 'qa-*'})),
			'pattern "qa-*" matches no context (known: kind-dev, prod-eu, prod-us, staging)',
		);
	});

	test('--all-contexts: every context in the kubeconfig order; --context wins over it and over the config', () => {
		assert.deepEqual(selectContextNames(available, 'staging', {all: true}), available);
		const config = {watchContexts: [{pattern: 'staging', readonly: false}]};
		assert.deepEqual(selectContextNames(available, 'kind-dev', {flag: 'prod-eu', all: true, config}), ['prod-eu']);
		assert.deepEqual(selectContextNames(available, 'kind-dev', {all: true, config}), available);
	});

	test("the config's list: names and globs, in order; an unknown one names the config", () => {
		const config = {
			watchContexts: [
				{pattern: 'staging', readonly: false},
				{pattern: 'prod-*', readonly: true},
			],
		};
		assert.deepEqual(selectContextNames(available, 'kind-dev', {config}), ['staging', 'prod-eu', 'prod-us']);
		assert.equal(
			problem(() => selectContextNames(available, 'kind-dev', {config: {watchContexts: [{pattern: 'qa', readonly: false}]}})),
			'config contexts: unknown context "qa" (known: kind-dev, prod-eu, prod-us, staging)',
		);
	});
});

describe('contexts in the config', () => {
	const options = {file: 'driftwatch.yaml', baseDir: '/srv', home: '/home/me'};

	test('the list form selects and marks read-only by name or pattern', () => {
		const config = parseConfig("contexts:\n  - staging\n  - {pattern: 'prod-*', readonly: true}\n  - name: kind-dev\n", options);
		assert.deepEqual(config.watchContexts, [
			{pattern: 'staging', readonly: false},
			{pattern: 'prod-*', readonly: true},
			{pattern: 'kind-dev', readonly: false},
		]);
		assert.deepEqual(config.contexts, {});
		assert.equal(contextReadonly(config, 'prod-us'), true);
		assert.equal(contextReadonly(config, 'staging'), false);
	});

	test('the mapping form only sets settings: one context is watched, as before', () => {
		const config = parseConfig('contexts:\n  prod-eu: {readonly: true}\n', options);
		assert.equal(config.watchContexts, null);
		assert.equal(contextReadonly(config, 'prod-eu'), true);
		assert.equal(contextReadonly(defaultConfig(), 'prod-eu'), false);
	});

	test('a bad list entry names its place', () => {
		const error = (text: string) => {
			try {
				parseConfig(text, options);
			} catch (failure) {
				return (failure as Error).message;
			}
			return '';
		};
		assert.equal(
			error('contexts:\n  - {name: a, readOnly: true}\n'),
			'driftwatch.yaml:2: unknown key contexts[0].readOnly (expected one of: name, pattern, readonly)',
		);
		assert.equal(error('contexts:\n  - {readonly: true}\n'), 'driftwatch.yaml:2: contexts[0].name (or pattern) is required');
	});

	test('globs: * and ? only, the rest literal', () => {
		assert.equal(globMatches('prod-?u', 'prod-eu'), true);
		assert.equal(globMatches('prod.eu', 'prod-eu'), false);
		assert.equal(globMatches('PROD-*', 'prod-eu'), false);
		assert.equal(globMatches('PROD-*', 'prod-eu', true), true);
	});
});
