// The standalone binary as it reaches a bastion host: `npm run build:binary` (x64 and arm64), the x64 binary copied alone into an
// empty folder and run there with a clean environment whose PATH holds no node at all (only git, for the demo's
// repositories, and stty): --version, status --json against a sandbox, and the demo's first frame in a terminal.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {drawsInTerminal, run} from '../support/built-cli.js';
import {repoRoot} from '../support/cli.js';
import {argoApp} from '../support/fixtures.js';
import {prepareCluster, put} from '../integration/support/seed.js';

const appsNs = `binary-apps-${process.pid}`;

describe('the standalone binary (dist/driftwatch-linux-x64)', () => {
	let work: string;
	let binary: string;
	let backend: TestBackend;
	let env: NodeJS.ProcessEnv;

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
		const empty = join(work, 'empty');
		const tools = join(work, 'tools');
		for (const dir of [empty, tools, join(work, 'home')]) mkdirSync(dir);
		binary = join(empty, 'driftwatch-linux-x64');
		copyFileSync(join(repoRoot, 'dist/driftwatch-linux-x64'), binary);
		for (const tool of ['git', 'stty']) symlinkSync(`/usr/bin/${tool}`, join(tools, tool));
		env = {HOME: join(work, 'home'), PATH: tools, TERM: 'xterm', LANG: 'C.UTF-8', NO_COLOR: '1'};
		await prepareCluster(backend.kubeConfig(), [appsNs]);
		await put(backend.kubeConfig(), argoApp('storefront', appsNs));
	});
	after(async () => {
		await backend?.close();
		if (work) rmSync(work, {recursive: true, force: true});
	});

	test('is one file, alone in its folder, and finds no node on PATH', () => {
		assert.deepEqual(readdirSync(join(work, 'empty')), ['driftwatch-linux-x64']);
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
		const version = await run(binary, ['--version'], {cwd: join(work, 'empty'), env});
		assert.equal(version.code, 0, version.stderr);
		assert.match(version.stdout, /^driftwatch \d+\.\d+\.\d+\S* \(Node\.js v2[2-9]\.\d+\.\d+, linux-x64\)\n$/);
	});

	test('status --json against a sandbox', async () => {
		const status = await run(binary, ['status', '--json', '--kubeconfig', backend.kubeconfigPath, '-n', appsNs], {
			cwd: join(work, 'empty'),
			env,
		});
		assert.equal(status.code, 0, status.stderr);
		const apps = (JSON.parse(status.stdout) as {apps: Array<{name: string; health: string}>}).apps;
		assert.deepEqual(
			apps.map(app => `${app.name} ${app.health}`),
			['storefront Healthy'],
		);
	});

	test('demo draws its apps in a terminal', async () => {
		const environment = Object.entries(env).map(([key, value]) => `${key}=${value}`);
		const output = await drawsInTerminal(['env', '-i', ...environment, binary, 'demo'], {
			cwd: join(work, 'empty'),
			ready: /checkout/,
			timeoutMs: 60_000,
			what: "the demo's apps",
		});
		assert.match(output, /driftwatch demo: starting the sandbox/);
	});
});
