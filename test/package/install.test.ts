// The package as a user gets it: `npm pack` (which builds, through prepack), then `npm install -g` into a temp
// prefix from the tarball alone (--offline: the package has no dependencies to fetch), then the installed
// `driftwatch` run from a folder outside the repository, on a PATH whose only node is this Node 22.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {drawsInTerminal, run} from '../support/built-cli.js';
import {repoRoot} from '../support/cli.js';
import {argoApp} from '../support/fixtures.js';
import {prepareCluster, put} from '../integration/support/seed.js';

const appsNs = `package-apps-${process.pid}`;
/** This Node 22 first; then the system's folders, for npm itself, git and script. */
const path = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

type PackedFile = {path: string; size: number};

describe('the npm package', () => {
	let work: string;
	let elsewhere: string;
	let driftwatch: string;
	let packed: PackedFile[];
	let backend: TestBackend;
	const env = (): NodeJS.ProcessEnv => ({HOME: process.env.HOME, PATH: path, NO_COLOR: '1', LANG: 'C.UTF-8'});

	before(async () => {
		work = mkdtempSync(join(tmpdir(), 'driftwatch-package-'));
		elsewhere = mkdtempSync(join(tmpdir(), 'driftwatch-package-cwd-'));
		const [pack, started] = await Promise.all([
			run('npm', ['pack', '--json', '--pack-destination', work], {
				cwd: repoRoot,
				env: {...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`},
			}),
			startBackend(),
		]);
		backend = started;
		assert.equal(pack.code, 0, pack.stderr);
		const [summary] = JSON.parse(pack.stdout) as Array<{filename: string; files: PackedFile[]}>;
		packed = summary!.files;
		const prefix = join(work, 'prefix');
		const install = await run(
			'npm',
			['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, summary!.filename)],
			{
				cwd: elsewhere,
				env: env(),
			},
		);
		assert.equal(install.code, 0, install.stderr);
		driftwatch = join(prefix, 'bin/driftwatch');
		await prepareCluster(backend.kubeConfig(), [appsNs]);
		await put(backend.kubeConfig(), argoApp('storefront', appsNs));
	});
	after(async () => {
		await backend?.close();
		for (const dir of [work, elsewhere]) if (dir) rmSync(dir, {recursive: true, force: true});
	});

	test('holds what runs and nothing else: the launcher, the build, README, LICENSE; no dependencies', () => {
		const tops = [...new Set(packed.map(file => file.path.split('/')[0]))].sort();
		assert.deepEqual(tops, ['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
		assert.deepEqual(
			packed.filter(file => file.path.startsWith('bin/')).map(file => file.path),
			['bin/driftwatch.js', 'bin/launch-environment.cjs', 'bin/package.json'],
		);
		assert.ok(packed.some(file => file.path === 'dist/cli.js'));
		assert.ok(
			packed.some(file => file.path === 'dist/chunks/glue.wasm'),
			"wasmoon's glue.wasm beside its chunk",
		);
		const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {dependencies?: object};
		assert.deepEqual(manifest.dependencies ?? {}, {}, 'everything that runs is bundled');
		assert.match(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} driftwatch authors\n/);
	});

	test('driftwatch --version and --help', async () => {
		const version = await run(driftwatch, ['--version'], {cwd: elsewhere, env: env()});
		assert.equal(version.code, 0, version.stderr);
		assert.equal(version.stdout, `driftwatch ${readPackageVersion()} (Node.js ${process.version}, ${process.platform}-${process.arch})\n`);
		const help = await run(driftwatch, ['--help'], {cwd: elsewhere, env: env()});
		assert.equal(help.code, 0, help.stderr);
		assert.match(help.stdout, /Usage\n\s+\$ driftwatch \[flags\]/);
	});

	test('driftwatch status --json against a sandbox', async () => {
		const status = await run(driftwatch, ['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', appsNs], {
			cwd: elsewhere,
			env: env(),
		});
		assert.equal(status.code, 0, status.stderr);
		const apps = (JSON.parse(status.stdout) as {apps: Array<{name: string; sync: string; health: string}>}).apps;
		assert.deepEqual(
			apps.map(app => `${app.name} ${app.sync} ${app.health}`),
			['storefront Synced Healthy'],
		);
	});

	test('driftwatch demo draws its apps in a terminal', async () => {
		const output = await drawsInTerminal([driftwatch, 'demo'], {
			cwd: elsewhere,
			env: env(),
			ready: /checkout/,
			timeoutMs: 60_000,
			what: "the demo's apps",
		});
		assert.match(output, /driftwatch demo: starting the sandbox/);
	});
});

function readPackageVersion(): string {
	return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {version: string}).version;
}
