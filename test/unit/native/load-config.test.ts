import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ConfigError} from '../../../source/core/native/config-types.js';
import {loadConfig} from '../../../source/core/native/load-config.js';

describe('loadConfig: where the config comes from', () => {
	let root: string;
	let cwd: string;
	let xdg: string;
	let home: string;

	before(() => {
		root = mkdtempSync(join(tmpdir(), 'driftwatch-config-'));
		cwd = join(root, 'project');
		xdg = join(root, 'xdg');
		home = join(root, 'home');
		for (const dir of [cwd, join(xdg, 'driftwatch'), join(home, '.config', 'driftwatch'), join(root, 'elsewhere')])
			mkdirSync(dir, {recursive: true});
		writeFileSync(join(xdg, 'driftwatch', 'config.yaml'), 'prodPattern: "*xdg*"\n');
		writeFileSync(join(home, '.config', 'driftwatch', 'config.yaml'), 'prodPattern: "*home*"\n');
		writeFileSync(join(root, 'elsewhere', 'explicit.yaml'), 'prodPattern: "*explicit*"\n');
	});
	after(() => rmSync(root, {recursive: true, force: true}));

	test('no file anywhere: defaults and file null', async () => {
		const loaded = await loadConfig({cwd, env: {HOME: join(root, 'nobody'), XDG_CONFIG_HOME: join(root, 'none')}});
		assert.deepEqual(loaded, {
			file: null,
			config: {
				apps: [],
				gitPollSeconds: 60,
				gitTimeoutSeconds: 20,
				contexts: {},
				watchContexts: null,
				prodPattern: '*prod*',
				notify: 'bell',
			},
		});
	});

	test('$XDG_CONFIG_HOME/driftwatch/config.yaml, falling back to ~/.config', async () => {
		const fromXdg = await loadConfig({cwd, env: {HOME: home, XDG_CONFIG_HOME: xdg}});
		assert.equal(fromXdg.file, join(xdg, 'driftwatch', 'config.yaml'));
		assert.equal(fromXdg.config.prodPattern, '*xdg*');
		const fromHome = await loadConfig({cwd, env: {HOME: home}});
		assert.equal(fromHome.file, join(home, '.config', 'driftwatch', 'config.yaml'));
		assert.equal(fromHome.config.prodPattern, '*home*');
	});

	test('./driftwatch.yaml wins over the XDG file, and --config wins over both', async () => {
		writeFileSync(join(cwd, 'driftwatch.yaml'), 'prodPattern: "*cwd*"\n');
		try {
			const env = {HOME: home, XDG_CONFIG_HOME: xdg};
			assert.equal((await loadConfig({cwd, env})).config.prodPattern, '*cwd*');
			const explicit = await loadConfig({cwd, env, path: '../elsewhere/explicit.yaml'});
			assert.equal(explicit.file, join(root, 'elsewhere', 'explicit.yaml'));
			assert.equal(explicit.config.prodPattern, '*explicit*');
		} finally {
			rmSync(join(cwd, 'driftwatch.yaml'));
		}
	});

	test('an explicit --config that does not exist is an error, even when others exist', async () => {
		await assert.rejects(loadConfig({cwd, env: {HOME: home, XDG_CONFIG_HOME: xdg}, path: 'missing.yaml'}), (error: unknown) => {
			assert.ok(error instanceof ConfigError);
			assert.equal(error.message, 'missing.yaml: config file not found');
			return true;
		});
		await assert.rejects(loadConfig({cwd, env: {HOME: home}, path: root}), /is a directory/);
	});

	test('relative local repo paths resolve against the config file directory, URLs stay as written', async () => {
		writeFileSync(
			join(root, 'elsewhere', 'apps.yaml'),
			[
				'apps:',
				'  - {name: local, repo: ../repos/deploy, branch: main, path: apps/web, namespace: web}',
				'  - {name: scp, repo: "git@github.com:acme/deploy.git", branch: main, path: ., namespace: web}',
				'  - {name: https, repo: "https://github.com/acme/deploy.git", branch: main, path: ./, namespace: web}',
				'  - {name: home, repo: ~/src/deploy, branch: main, path: x/, namespace: web}',
				'',
			].join('\n'),
		);
		const {config} = await loadConfig({cwd, env: {HOME: home}, path: join(root, 'elsewhere', 'apps.yaml')});
		assert.deepEqual(
			config.apps.map(app => [app.repo, app.path]),
			[
				[join(root, 'repos', 'deploy'), 'apps/web'],
				['git@github.com:acme/deploy.git', '.'],
				['https://github.com/acme/deploy.git', '.'],
				[join(home, 'src', 'deploy'), 'x'],
			],
		);
	});
});
