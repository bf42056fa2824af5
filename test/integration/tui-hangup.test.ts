// The TUI when its terminal goes away (a closed SSH session): it must end as a hangup, exit status 129, so a
// supervisor or a script can tell it from a quit (0) — not crash on the first write to the dead terminal (1).
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {waitFor} from '../support/wait-for.js';

const launcher = fileURLToPath(new URL('../../bin/driftwatch.js', import.meta.url));
const loginShell = fileURLToPath(new URL('../support/children/login-shell.ts', import.meta.url));

describe('the TUI when its terminal hangs up', () => {
	let backend: TestBackend;
	let dir: string;

	before(async () => {
		backend = await startBackend();
		dir = mkdtempSync(join(tmpdir(), 'driftwatch-hangup-'));
	});
	after(async () => {
		await backend?.close();
		rmSync(dir, {recursive: true, force: true});
	});

	test('a closed terminal ends it with exit status 129 (SIGHUP), not a crash', async () => {
		const statusFile = join(dir, 'status');
		const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(dir, 'cache')};
		delete env.KUBECONFIG;
		const words = [
			process.execPath,
			'--import',
			'tsx',
			loginShell,
			statusFile,
			process.execPath,
			launcher,
			'--kubeconfig',
			backend.kubeconfigPath,
		];
		// `script` gives it a pseudo-terminal; killing `script` closes that terminal's other end, as sshd does.
		const terminal = spawn('script', ['-qfc', `exec ${words.map(word => `'${word}'`).join(' ')}`, '/dev/null'], {
			cwd: fileURLToPath(new URL('../../', import.meta.url)),
			env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let output = '';
		terminal.stdout.on('data', chunk => {
			output += String(chunk);
		});
		const closed = new Promise(resolve => terminal.on('exit', resolve));
		try {
			await waitFor(
				() => output.includes('q quit') || /driftwatch: /.test(output),
				30_000,
				() => `first frame; output so far: ${output.slice(-400)}`,
			);
			assert.doesNotMatch(output, /driftwatch: /, 'no error line');
			terminal.kill('SIGKILL');
			await closed;
			await waitFor(
				() => existsSync(statusFile),
				15_000,
				() => 'driftwatch to end after the hangup',
			);
			assert.equal(readFileSync(statusFile, 'utf8'), 'code=129', 'ended as a hangup (128 + 1)');
		} finally {
			terminal.kill('SIGKILL');
			// A failed run must not leave driftwatch behind.
			const pid = existsSync(`${statusFile}.pid`) ? Number(readFileSync(`${statusFile}.pid`, 'utf8')) : 0;
			if (pid > 0 && !existsSync(statusFile)) process.kill(pid, 'SIGKILL');
		}
	});
});
