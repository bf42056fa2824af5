import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {ConfigError} from '../../../source/core/native/config-types.js';
import {parseConfig} from '../../../source/core/native/parse-config.js';

const options = {file: 'driftwatch.yaml', baseDir: '/srv/config', home: '/home/ada'};

function errorOf(text: string): string {
	try {
		parseConfig(text, options);
	} catch (error) {
		assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
		assert.doesNotMatch(error.message, /\n/, 'one line');
		return error.message;
	}
	assert.fail('the config was accepted');
}

const valid = `# native apps
gitPollSeconds: 30
prodPattern: "prod-*"
contexts:
  prod-eu: {readonly: true}
  kind-dev: {}
apps:
  - name: web
    repo: ./deploy
    branch: main
    path: apps/web/
    namespace: shop
  - name: web
    repo: https://git.example.com/deploy.git
    branch: release
    path: apps/web
    namespace: shop
    context: prod-eu
    prune: true
`;

describe('parseConfig', () => {
	test('a valid file: apps, poll interval, contexts, prod pattern', () => {
		const config = parseConfig(valid, options);
		assert.equal(config.gitPollSeconds, 30);
		assert.equal(config.prodPattern, 'prod-*');
		assert.deepEqual(config.contexts, {'prod-eu': {readonly: true}, 'kind-dev': {readonly: false}});
		assert.deepEqual(config.apps, [
			{name: 'web', repo: '/srv/config/deploy', branch: 'main', path: 'apps/web', namespace: 'shop', context: null, prune: false, line: 8},
			{
				name: 'web',
				repo: 'https://git.example.com/deploy.git',
				branch: 'release',
				path: 'apps/web',
				namespace: 'shop',
				context: 'prod-eu',
				prune: true,
				line: 13,
			},
		]);
	});

	test('gitTimeoutSeconds: how long a silent git fetch is given, 20 unless set', () => {
		assert.equal(parseConfig(valid, options).gitTimeoutSeconds, 20);
		assert.equal(parseConfig('gitTimeoutSeconds: 45\n', options).gitTimeoutSeconds, 45);
		assert.equal(errorOf('gitTimeoutSeconds: 0\n'), 'driftwatch.yaml:1: gitTimeoutSeconds must be at least 1');
	});

	test('notify: bell (the default), osc or off; anything else is one line naming the choices', () => {
		assert.equal(parseConfig(valid, options).notify, 'bell');
		assert.equal(parseConfig('notify: osc\n', options).notify, 'osc');
		assert.equal(parseConfig('notify: off\n', options).notify, 'off');
		assert.equal(errorOf('gitPollSeconds: 30\nnotify: loud\n'), 'driftwatch.yaml:2: notify must be one of bell, osc, off (got "loud")');
		assert.equal(errorOf('notify: true\n'), 'driftwatch.yaml:1: notify must be a string');
	});

	test('an empty file or an empty apps list is no apps', () => {
		assert.deepEqual(parseConfig('', options).apps, []);
		assert.deepEqual(parseConfig('apps:\n', options).apps, []);
	});

	test('a wrong type names file, line and field', () => {
		assert.equal(errorOf(valid.replace('branch: release', 'branch: [release]')), 'driftwatch.yaml:15: apps[1].branch must be a string');
		assert.equal(errorOf(valid.replace('prune: true', 'prune: yes please')), 'driftwatch.yaml:19: apps[1].prune must be true or false');
		assert.equal(
			errorOf(valid.replace('gitPollSeconds: 30', 'gitPollSeconds: soon')),
			'driftwatch.yaml:2: gitPollSeconds must be a number',
		);
		assert.equal(errorOf(valid.replace('gitPollSeconds: 30', 'gitPollSeconds: 0')), 'driftwatch.yaml:2: gitPollSeconds must be at least 1');
		assert.equal(
			errorOf(valid.replace('  prod-eu: {readonly: true}', '  prod-eu: {readonly: "no"}')),
			'driftwatch.yaml:5: contexts.prod-eu.readonly must be true or false',
		);
		assert.equal(errorOf('apps:\n  name: web\n'), 'driftwatch.yaml:2: apps must be a list');
		assert.equal(errorOf('- a\n- b\n'), 'driftwatch.yaml:1: the top level must be a mapping');
	});

	test('a missing required field points at its app', () => {
		assert.equal(errorOf(valid.replace('    branch: main\n', '')), 'driftwatch.yaml:8: apps[0].branch is required');
	});

	test('unknown keys are errors, at every level', () => {
		assert.equal(
			errorOf(valid.replace('prodPattern:', 'prodPatern:')),
			'driftwatch.yaml:3: unknown key prodPatern (expected one of: apps, gitPollSeconds, gitTimeoutSeconds, contexts, prodPattern, notify)',
		);
		assert.equal(
			errorOf(valid.replace('    prune: true', '    prune: true\n    automated: true')),
			'driftwatch.yaml:20: unknown key apps[1].automated (expected one of: name, repo, branch, path, namespace, context, prune)',
		);
		assert.equal(
			errorOf(valid.replace('{readonly: true}', '{readOnly: true}')),
			'driftwatch.yaml:5: unknown key contexts.prod-eu.readOnly (expected one of: readonly)',
		);
	});

	test('the same (context, namespace, name) twice is an error on the second', () => {
		assert.equal(
			errorOf(valid.replace('    context: prod-eu\n', '')),
			'driftwatch.yaml:13: apps[1] duplicates apps[0]: same context, namespace and name (shop/web)',
		);
	});

	test('bad names and paths are caught before anything runs', () => {
		assert.equal(
			errorOf(valid.replace('namespace: shop\n  - name', 'namespace: Shop_1\n  - name')),
			"driftwatch.yaml:12: apps[0].namespace must be a valid namespace name (lowercase letters, digits, '-')",
		);
		assert.equal(
			errorOf(valid.replace('path: apps/web/', 'path: ../outside')),
			"driftwatch.yaml:11: apps[0].path must be a directory inside the repository (relative, no '..')",
		);
		assert.equal(
			errorOf(valid.replace('name: web\n    repo: ./deploy', 'name: ""\n    repo: ./deploy')),
			'driftwatch.yaml:8: apps[0].name must not be empty',
		);
		// The name becomes a label value: control characters, escapes and anything else a label refuses are errors.
		for (const bad of ['"web\\e[2J"', '"web\\u0007"', '"a b"', 'a/b', '-web', `${'x'.repeat(64)}`]) {
			assert.equal(
				errorOf(valid.replace('name: web\n    repo: ./deploy', `name: ${bad}\n    repo: ./deploy`)),
				"driftwatch.yaml:8: apps[0].name must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
				bad,
			);
		}
	});

	test('YAML syntax errors and duplicate keys carry their line', () => {
		assert.match(errorOf('apps:\n  - name: web\n    repo: [unclosed\n'), /^driftwatch\.yaml:\d+: /);
		assert.equal(errorOf('gitPollSeconds: 1\ngitPollSeconds: 2\n'), 'driftwatch.yaml:2: Map keys must be unique');
	});
});
