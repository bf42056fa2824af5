import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from '../../source/core/kube/http.js';
import {eventually} from './harness.js';

const fixture = fileURLToPath(new URL('./fixtures/headless-main.ts', import.meta.url));

type Running = {child: ChildProcess; stdout: () => string; stderr: () => string};

function run(args: string[]): Running {
	const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return {child, stdout: () => stdout, stderr: () => stderr};
}

async function configMapNames(kubeconfigPath: string): Promise<string[]> {
	const kc = new KubeConfig();
	kc.loadFromFile(kubeconfigPath);
	const list = await requestJson<{items: Array<{metadata: {name: string}}>}>(kc, '/api/v1/namespaces/default/configmaps');
	return list.items.map(item => item.metadata.name);
}

describe('runSandboxHeadless', () => {
	const cleanup: string[] = [];
	after(async () => {
		for (const dir of cleanup) await rm(dir, {recursive: true, force: true});
	});

	test('seeds, prints only the kubeconfig path on stdout, and closes cleanly on SIGTERM', async () => {
		const running = run([]);
		try {
			const line = await eventually(() => running.stdout().includes('\n') && running.stdout(), 20_000, 'the kubeconfig path on stdout');
			const path = line.trim();
			assert.equal(line, `${path}\n`);
			assert.ok(existsSync(path));
			// stderr is a separate pipe: its hint may arrive after the stdout line.
			await eventually(() => running.stderr().includes(`export KUBECONFIG=${path}`), 20_000, 'the export hint on stderr');
			assert.deepEqual(await configMapNames(path), ['seeded']);

			running.child.kill('SIGTERM');
			const [code] = await once(running.child, 'exit');
			assert.equal(code, 0);
			assert.match(running.stderr(), /headless: closed/);
			assert.equal(running.stdout(), line);
			// The temporary kubeconfig goes with the server.
			assert.equal(existsSync(path), false);
		} finally {
			running.child.kill('SIGKILL');
		}
	});

	test('--empty skips the seed and writes the kubeconfig where asked (and leaves it)', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'driftwatch-headless-'));
		cleanup.push(dir);
		const path = join(dir, 'my-kubeconfig');
		const running = run(['--empty', '--kubeconfig', path]);
		try {
			await eventually(() => running.stdout().includes('\n'), 20_000, 'the kubeconfig path on stdout');
			assert.equal(running.stdout(), `${path}\n`);
			assert.deepEqual(await configMapNames(path), []);
			running.child.kill('SIGINT');
			const [code] = await once(running.child, 'exit');
			assert.equal(code, 0);
			assert.ok(existsSync(path));
		} finally {
			running.child.kill('SIGKILL');
		}
	});
});
