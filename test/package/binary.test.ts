// The standalone binary as it reaches a bastion host: `npm run build:binary` (x64 and arm64), the x64 binary copied alone into an
// empty folder and run from another empty folder with a clean environment whose PATH holds no node at all (only git,
// for the demo's repositories, and stty), HOME, XDG_CACHE_HOME and TMPDIR fresh empty folders: --version, status
// --json against a sandbox, a Lua health check (wasmoon's glue.wasm), the TUI and the demo's first frames in a
// terminal, the shell completion. It runs from memory: afterwards none of those folders holds anything new but
// Node's compile cache (compiled code) in TMPDIR.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {drawsInTerminal, run} from '../support/built-cli.js';
import {repoRoot} from '../support/cli.js';
import {assertLargeManifestDrift, largeManifestApp} from '../support/large-manifest.js';
import {assertLuaJudged, luaCheckedApp} from '../support/lua-checked-app.js';
import {argoApp, ensureNamespace} from '../support/fixtures.js';
import {prepareCluster, put} from '../integration/support/seed.js';
import {makeSandbox, type Sandbox} from '../unit/git/git-fixture.js';

const appsNs = `binary-apps-${process.pid}`;
const gitNs = `binary-git-${process.pid}`;

/** Every file and folder under `dir`, as paths relative to it. */
function contents(dir: string): string[] {
	return readdirSync(dir, {recursive: true, encoding: 'utf8'}).sort();
}

describe('the standalone binary (dist/driftwatch-linux-x64)', () => {
	let work: string;
	let binary: string;
	let backend: TestBackend;
	let env: NodeJS.ProcessEnv;
	let git: Sandbox;
	/** The binary's folder, the working folder, HOME, XDG_CACHE_HOME and TMPDIR of every run but the Git app's. */
	let folders: {beside: string; cwd: string; home: string; cache: string; temp: string};

	before(async () => {
		work = mkdtempSync(join(tmpdir(), 'driftwatch-binary-'));
		const [, started] = await Promise.all([
			new Promise<void>((resolve, reject) =>
				execFile(process.execPath, [join(repoRoot, 'scripts/build-binary.mjs')], {cwd: repoRoot}, (error, _stdout, stderr) =>
					error ? reject(new Error(`npm run build:binary failed:\n${stderr}`)) : resolve(),
				),
			),
			startBackend(),
		]);
		backend = started;
		folders = {
			beside: join(work, 'empty'),
			cwd: join(work, 'cwd'),
			home: join(work, 'home'),
			cache: join(work, 'cache'),
			temp: join(work, 'temp'),
		};
		const tools = join(work, 'tools');
		for (const dir of [...Object.values(folders), tools]) mkdirSync(dir);
		binary = join(folders.beside, 'driftwatch-linux-x64');
		copyFileSync(join(repoRoot, 'dist/driftwatch-linux-x64'), binary);
		for (const tool of ['git', 'stty']) symlinkSync(`/usr/bin/${tool}`, join(tools, tool));
		env = {
			HOME: folders.home,
			XDG_CACHE_HOME: folders.cache,
			TMPDIR: folders.temp,
			PATH: tools,
			TERM: 'xterm',
			LANG: 'C.UTF-8',
			NO_COLOR: '1',
		};
		git = makeSandbox();
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [appsNs, gitNs]);
		await ensureNamespace(kc, 'argocd');
		await put(kc, argoApp('storefront', appsNs));
	});
	after(async () => {
		await backend?.close();
		git?.cleanup();
		if (work) rmSync(work, {recursive: true, force: true});
	});

	test('is one file, alone in its folder, and finds no node on PATH', () => {
		assert.deepEqual(readdirSync(folders.beside), ['driftwatch-linux-x64']);
		assert.ok(statSync(binary).size > 50 * 1024 * 1024, 'Node itself is inside');
		assert.deepEqual(readdirSync(join(work, 'tools')).sort(), ['git', 'stty']);
	});

	test('the linux-arm64 binary holds the same program, on an aarch64 Node of the same release (it cannot run here)', () => {
		const arm64 = readFileSync(join(repoRoot, 'dist/driftwatch-linux-arm64'));
		const x64 = readFileSync(join(repoRoot, 'dist/driftwatch-linux-x64'));
		// ELF e_machine (bytes 18–19, little-endian): 0xB7 is AArch64, 0x3E is x86-64.
		assert.equal(arm64.readUInt16LE(18), 0xb7);
		assert.equal(x64.readUInt16LE(18), 0x3e);
		const buildId = readFileSync(join(repoRoot, '.tmp/sea/build-id'), 'utf8');
		for (const binaryFile of [arm64, x64]) {
			assert.ok(binaryFile.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1'), 'the SEA fuse is flipped: Node runs the blob');
			assert.ok(binaryFile.includes(buildId), `the program ${buildId} is embedded`);
		}
		// Node names its release in its own binary (node-vX.Y.Z, the headers' tarball name).
		const release = (file: Buffer) => /node-v(\d+\.\d+\.\d+)/.exec(file.toString('latin1'))?.[1];
		assert.match(release(x64) ?? '', /^2[2-9]\./);
		assert.equal(release(arm64), release(x64));
	});

	test("--version names driftwatch's version and the embedded Node's", async () => {
		const version = await run(binary, ['--version'], {cwd: folders.cwd, env});
		assert.equal(version.code, 0, version.stderr);
		assert.match(version.stdout, /^driftwatch \d+\.\d+\.\d+\S* \(Node\.js v2[2-9]\.\d+\.\d+, linux-x64\)\n$/);
	});

	test('status --json against a sandbox', async () => {
		const status = await run(binary, ['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', appsNs], {cwd: folders.cwd, env});
		assert.equal(status.code, 0, status.stderr);
		const apps = (JSON.parse(status.stdout) as {apps: Array<{name: string; health: string}>}).apps;
		assert.deepEqual(
			apps.map(app => `${app.name} ${app.health}`),
			['storefront Healthy'],
		);
	});

	test('the TUI draws its apps in a terminal', async () => {
		const environment = Object.entries(env).map(([key, value]) => `${key}=${value}`);
		await drawsInTerminal(['env', '-i', ...environment, binary, '--kubeconfig', backend.kubeconfigPath, '-n', appsNs], {
			cwd: folders.cwd,
			ready: /storefront/,
			timeoutMs: 30_000,
			what: 'the app list',
		});
	});

	test('demo draws its apps in a terminal', async () => {
		const environment = Object.entries(env).map(([key, value]) => `${key}=${value}`);
		const output = await drawsInTerminal(['env', '-i', ...environment, binary, 'demo'], {
			cwd: folders.cwd,
			ready: /checkout/,
			timeoutMs: 60_000,
			what: "the demo's apps",
		});
		assert.match(output, /driftwatch demo: starting the sandbox/);
	});

	test('prints the bash completion', async () => {
		const completion = await run(binary, ['completion', 'bash'], {cwd: folders.cwd, env});
		assert.equal(completion.code, 0, completion.stderr);
		assert.match(completion.stdout, /complete -o default -F _driftwatch driftwatch/);
	});

	test('with DRIFTWATCH_DEBUG, a stack trace names the TypeScript sources (source maps, embedded too)', async () => {
		const failed = await run(binary, ['status', '--kubeconfig', join(folders.cwd, 'missing.yaml')], {
			cwd: folders.cwd,
			env: {...env, DRIFTWATCH_DEBUG: '1'},
		});
		assert.equal(failed.code, 2);
		// The frames of the TypeScript file that read the kubeconfig, whatever its functions are called.
		assert.match(failed.stderr, /at \w+ \(\S+\/source\/core\/kube\/kubeconfig\.ts:\d+:\d+\)/);
		assert.match(failed.stderr, /at [\w.]+ \(\S+\/source\/commands\/status\.ts:\d+:\d+\)/);
	});

	test('left nothing in HOME, XDG_CACHE_HOME, its working folder or beside itself, only compiled code in TMPDIR', () => {
		// The runs above (node:test runs a file's tests in order) are every start a user makes without a Git app.
		assert.deepEqual(contents(folders.beside), ['driftwatch-linux-x64']);
		assert.deepEqual(contents(folders.cwd), []);
		assert.deepEqual(contents(folders.home), []);
		assert.deepEqual(contents(folders.cache), []);
		// Node's compile cache: one folder for this Node release, V8 code cache entries (named by hashes) in it.
		const temp = contents(folders.temp);
		assert.ok(temp.includes('node-compile-cache'), `TMPDIR holds: ${temp.join(', ')}`);
		assert.deepEqual(
			temp.filter(entry => !/^node-compile-cache(\/v\d+\.[^/]+(\/[0-9a-f]+)?)?$/.test(entry)),
			[],
		);
	});

	test("a Git app's Deployment is judged by the argocd-cm Lua check (wasmoon's glue.wasm, embedded)", async () => {
		// A Git app's clone goes to XDG_CACHE_HOME by design: this run has the Git sandbox's HOME and cache.
		const config = await luaCheckedApp(backend.kubeConfig(), git, gitNs, git.root, 'binary-lua');
		const status = await run(binary, ['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', gitNs, '--config', config], {
			cwd: git.root,
			env: {...env, HOME: git.env.HOME, XDG_CACHE_HOME: git.env.XDG_CACHE_HOME, GIT_CONFIG_NOSYSTEM: '1'},
		});
		assertLuaJudged(status);
	});

	test('diff of a Git app whose manifest is over 256 KB: parsed and compared in the worker thread, embedded too', async () => {
		const config = await largeManifestApp(backend.kubeConfig(), git, gitNs, git.root);
		const diff = await run(binary, ['diff', 'bulk', '--kubeconfig', backend.kubeconfigPath, '--config', config], {
			cwd: git.root,
			env: {...env, HOME: git.env.HOME, XDG_CACHE_HOME: git.env.XDG_CACHE_HOME, GIT_CONFIG_NOSYSTEM: '1'},
		});
		assertLargeManifestDrift(diff);
		assert.deepEqual(contents(folders.beside), ['driftwatch-linux-x64'], 'nothing written beside the binary');
	});
});
