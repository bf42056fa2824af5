// The built output (dist/, what the package ships) run as users run it, so a build that bundles wrongly cannot land:
// the rest of the suite runs the sources through tsx (the launcher's development path in a clone).
// Built into a temp folder under the repository (its node_modules stay reachable, as an installed package's
// would not need them: the build bundles every dependency), with the launcher copied beside it.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {buildInto, drawsInTerminal, loadedBy, run} from '../support/built-cli.js';
import {repoRoot} from '../support/cli.js';
import {assertLargeManifestDrift, largeManifestApp} from '../support/large-manifest.js';
import {assertLuaJudged, luaCheckedApp} from '../support/lua-checked-app.js';
import {argoApp, ensureNamespace} from '../support/fixtures.js';
import {makeSandbox, type Sandbox} from '../unit/git/git-fixture.js';
import {prepareCluster, put} from './support/seed.js';

const appsNs = `built-apps-${process.pid}`;
const gitNs = `built-git-${process.pid}`;

describe('the built driftwatch (dist/)', () => {
	let backend: TestBackend;
	let build: string;
	let launcher: string;
	let elsewhere: string;
	let git: Sandbox;
	let env: NodeJS.ProcessEnv;
	const driftwatch = (args: readonly string[]) => run(process.execPath, [launcher, ...args], {cwd: elsewhere, env});

	before(async () => {
		mkdirSync(join(repoRoot, '.tmp'), {recursive: true});
		build = mkdtempSync(join(repoRoot, '.tmp/built-'));
		elsewhere = mkdtempSync(join(tmpdir(), 'driftwatch-built-cwd-'));
		git = makeSandbox();
		const [built, started] = await Promise.all([buildInto(build), startBackend()]);
		launcher = built;
		backend = started;
		env = {...process.env, ...git.env, NO_COLOR: '1'};
		delete env.KUBECONFIG;
		delete env.DRIFTWATCH_DEBUG;
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [appsNs, gitNs]);
		await ensureNamespace(kc, 'argocd');
		await put(kc, argoApp('storefront', appsNs));
		await put(kc, argoApp('checkout', appsNs));
	});
	after(async () => {
		await backend?.close();
		git?.cleanup();
		for (const dir of [build, elsewhere]) if (dir) rmSync(dir, {recursive: true, force: true});
	});

	test('each subcommand loads only what it needs: status no Ink or React, the TUI no sandbox', () => {
		const meta = join(build, 'meta.json');
		const status = loadedBy(meta, 'source/commands/status.ts');
		assert.ok(status.length > 0);
		assert.deepEqual(
			status.filter(input => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(input)),
			[],
		);
		assert.deepEqual(
			loadedBy(meta, 'source/commands/tui.tsx').filter(input => /^source\/(sandbox|demo)\//.test(input)),
			[],
		);
	});

	test("the TUI's row cache wraps the Output class the bundled Ink draws with (one module, not a node_modules copy)", () => {
		const meta = JSON.parse(readFileSync(join(build, 'meta.json'), 'utf8')) as {
			inputs: Record<string, {imports: Array<{path: string}>}>;
			outputs: Record<string, {inputs: Record<string, unknown>}>;
		};
		const inkOutput = 'node_modules/ink/build/output.js';
		assert.deepEqual(
			meta.inputs['source/ui/terminal/ink-output.ts']?.imports.map(entry => entry.path),
			[inkOutput],
		);
		assert.equal(Object.values(meta.outputs).filter(output => inkOutput in output.inputs).length, 1);
	});

	test('--version and --help', async () => {
		const version = await driftwatch(['--version']);
		assert.equal(version.code, 0, version.stderr);
		assert.match(version.stdout, /^driftwatch \d+\.\d+\.\d+\S* \(Node\.js v\d+\.\d+\.\d+, \w+-\w+\)\n$/);
		// What scripts and installers run to check an install costs no more than starting Node: the launcher answers
		// it without loading any module of the build (each module loaded is named on stderr by the hook).
		const hook = join(build, 'name-loaded-modules.cjs');
		writeFileSync(
			hook,
			"require('node:module').registerHooks({load(url, context, next) { process.stderr.write('loaded ' + url + '\\n'); return next(url, context); }});\n",
		);
		const traced = await run(process.execPath, ['--require', hook, launcher, '--version'], {cwd: elsewhere, env});
		assert.equal(traced.stdout, version.stdout);
		assert.deepEqual(
			traced.stderr.split('\n').filter(line => line.includes('/dist/')),
			[],
		);
		assert.match(traced.stderr, /loaded file:.*\/bin\/launch-environment\.cjs/, 'the hook names what the launcher loads');
		const help = await driftwatch(['--help']);
		assert.equal(help.code, 0, help.stderr);
		assert.match(help.stdout, /\$ driftwatch status \[--json\]/);
	});

	test('status --json and status --names list the apps', async () => {
		const args = ['--kubeconfig', backend.kubeconfigPath, '-n', appsNs];
		const status = await driftwatch(['status', '--json', ...args]);
		assert.equal(status.code, 0, status.stderr);
		const listed = (JSON.parse(status.stdout) as {apps: Array<{name: string; health: string}>}).apps;
		assert.deepEqual(listed.map(app => `${app.name} ${app.health}`).sort(), ['checkout Healthy', 'storefront Healthy']);
		const names = await driftwatch(['status', '--names', ...args]);
		assert.equal(names.code, 0, names.stderr);
		assert.equal(names.stdout, 'checkout\nstorefront\n');
	});

	test("a Git app's Deployment is judged by the argocd-cm Lua check (wasmoon and its glue.wasm in the bundle)", async () => {
		const config = await luaCheckedApp(backend.kubeConfig(), git, gitNs, elsewhere, 'built-lua');
		assertLuaJudged(await driftwatch(['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', gitNs, '--config', config]));
	});

	test('diff of a Git app whose manifest is over 256 KB: parsed and compared in the worker thread the build ships', async () => {
		const config = await largeManifestApp(backend.kubeConfig(), git, gitNs, elsewhere);
		const diff = await driftwatch(['diff', 'bulk', '--kubeconfig', backend.kubeconfigPath, '--config', config]);
		assertLargeManifestDrift(diff);
	});

	test('the TUI draws its apps in a terminal', async () => {
		await drawsInTerminal([process.execPath, launcher, '--kubeconfig', backend.kubeconfigPath, '-n', appsNs], {
			cwd: elsewhere,
			env,
			ready: /storefront/,
			timeoutMs: 30_000,
			what: 'the app list',
		});
	});
});
