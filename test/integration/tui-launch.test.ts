// The installed launcher started the way users start it: from their own directory (where driftwatch.yaml
// lives), not from the repository. The TUI must draw its first frame there too.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {waitFor} from '../support/wait-for.js';

const launcher = fileURLToPath(new URL('../../bin/driftwatch.js', import.meta.url));

describe('the TUI launched from another directory', () => {
	let backend: TestBackend;
	let elsewhere: string;

	before(async () => {
		backend = await startBackend();
		elsewhere = mkdtempSync(join(tmpdir(), 'driftwatch-cwd-'));
	});
	after(async () => {
		await backend?.close();
		rmSync(elsewhere, {recursive: true, force: true});
	});

	test('into a pipe, it says it needs a terminal and exits 2 instead of hanging', async () => {
		const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'};
		delete env.KUBECONFIG;
		const child = spawn(process.execPath, [launcher, '--kubeconfig', backend.kubeconfigPath], {cwd: elsewhere, env, stdio: ['pipe', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => {
			stderr += String(chunk);
		});
		const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
		assert.equal(code, 2);
		assert.match(stderr, /^driftwatch: the TUI needs a terminal .*driftwatch status/);
	});

	test('draws the list (our tsconfig is used, not one looked up from the working directory)', async () => {
		const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(elsewhere, 'cache')};
		delete env.KUBECONFIG;
		// A CI variable in the user's shell must not stop the TUI drawing on a terminal (Ink would go non-interactive).
		env.CI = 'true';
		// `script` gives the TUI a pseudo-terminal, as an SSH session would.
		const command = [process.execPath, launcher, '--kubeconfig', backend.kubeconfigPath].map(word => `'${word}'`).join(' ');
		const child = spawn('script', ['-qfc', command, '/dev/null'], {cwd: elsewhere, env, stdio: ['pipe', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', chunk => {
			output += String(chunk);
		});
		child.stderr.on('data', chunk => {
			output += String(chunk);
		});
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		try {
			await waitFor(() => /ctx /.test(output) || /driftwatch: /.test(output), 20_000, () => `first frame; output so far: ${output.slice(-400)}`);
			assert.doesNotMatch(output, /driftwatch: /, 'no error line');
		} finally {
			child.kill('SIGTERM');
			await exited;
		}
	});
});
