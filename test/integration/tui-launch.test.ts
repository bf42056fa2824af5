// The installed launcher started the way users start it: from their own directory (where driftwatch.yaml
// lives), not from the repository. The TUI must draw its first frame there too.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {replayTerminal} from '../support/terminal-screen.js';
import {waitFor} from '../support/wait-for.js';
import {makeSandbox, WorkRepo} from '../unit/git/git-fixture.js';

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
		const child = spawn(process.execPath, [launcher, '--kubeconfig', backend.kubeconfigPath], {
			cwd: elsewhere,
			env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', chunk => {
			stderr += String(chunk);
		});
		const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
		assert.equal(code, 2);
		assert.match(stderr, /^driftwatch: the TUI needs a terminal .*driftwatch status/);
	});

	test('SIGTERM while a 40 000-key app is parsed and compared ends the process and restores the terminal', async () => {
		const sandbox = makeSandbox();
		try {
			const repo = WorkRepo.create(sandbox);
			const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many-keys', 'data:'];
			for (let index = 0; index < 40_000; index++) lines.push(`  key-${String(index).padStart(5, '0')}: "value ${index}"`);
			repo.commit('many keys', {'apps/many/many-keys.yaml': `${lines.join('\n')}\n`});
			const cwd = join(sandbox.root, 'config');
			mkdirSync(cwd);
			writeFileSync(
				join(cwd, 'driftwatch.yaml'),
				`apps:\n  - {name: many, repo: ${repo.dir}, branch: main, path: apps/many, namespace: default}\n`,
			);
			const env: NodeJS.ProcessEnv = {...process.env, ...sandbox.env, NO_COLOR: '1'};
			delete env.KUBECONFIG;
			// `exec`: the pid the shell prints is driftwatch's own. -e: script exits with driftwatch's status.
			const command = `echo "pid=$$"; exec ${[process.execPath, launcher, '--kubeconfig', backend.kubeconfigPath].map(word => `'${word}'`).join(' ')}`;
			const child = spawn('script', ['-qefc', command, '/dev/null'], {cwd, env, stdio: ['pipe', 'pipe', 'pipe']});
			let output = '';
			child.stdout.on('data', chunk => {
				output += String(chunk);
			});
			const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
			try {
				// The app's row is drawn while its manifest is still being read and compared.
				await waitFor(
					() => /\bmany\b/.test(output) || /driftwatch: /.test(output),
					30_000,
					() => `the app's row; output so far: ${output.slice(-400)}`,
				);
				const pid = Number(/pid=(\d+)/.exec(output)?.[1]);
				assert.ok(pid > 0, "driftwatch's pid");
				const drawn = output.length;
				process.kill(pid, 'SIGTERM');
				// A failure guard only: it ends in well under a second.
				const code = await Promise.race([exited, new Promise<'running'>(resolve => setTimeout(() => resolve('running'), 15_000).unref())]);
				assert.equal(code, 143, 'ended by SIGTERM (128 + 15)');
				assert.ok(output.slice(drawn).includes('\u001B[?1049l'), 'the alternate screen is left');
			} finally {
				child.kill('SIGKILL');
				await exited;
			}
		} finally {
			sandbox.cleanup();
		}
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
			await waitFor(
				() => /ctx /.test(output) || /driftwatch: /.test(output),
				20_000,
				() => `first frame; output so far: ${output.slice(-400)}`,
			);
			assert.doesNotMatch(output, /driftwatch: /, 'no error line');
		} finally {
			child.kill('SIGTERM');
			await exited;
		}
	});

	test('keys typed while it starts are not echoed onto the screen: the header stays on the first row', async () => {
		const size = {columns: 80, rows: 20};
		const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(elsewhere, 'cache')};
		delete env.KUBECONFIG;
		const command = [process.execPath, launcher, '--kubeconfig', backend.kubeconfigPath].map(word => `'${word}'`).join(' ');
		const child = spawn('script', ['-qfc', `stty rows ${size.rows} cols ${size.columns}; exec ${command}`, '/dev/null'], {
			cwd: elsewhere,
			env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			output += chunk;
		});
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		// One key at once: the terminal echoes it and the cursor is left mid-line when the TUI starts drawing.
		child.stdin.write('z');
		// Then whole lines of keys while it starts (a full line leaves the cursor's column as it was); one that
		// arrives after the alternate screen opened would be echoed there, unless the TUI already stopped the echo.
		// Fewer than 4096 in all: the terminal keeps no more for a program that has not read them yet.
		let typed = 0;
		const typing = setInterval(() => {
			if (typed++ < 45) child.stdin.write('z'.repeat(size.columns));
		}, 50);
		try {
			await waitFor(
				() => output.includes('q quit'),
				20_000,
				() => `first frame; output so far: ${JSON.stringify(output.slice(-400))}`,
			);
			clearInterval(typing);
			// Help opens after every key typed before it was handled: the screen then shows all of their effects.
			child.stdin.write('?');
			await waitFor(
				() => output.includes('Keys and commands'),
				10_000,
				() => `help; output so far: ${JSON.stringify(output.slice(-400))}`,
			);
			const screen = replayTerminal(output, size);
			assert.match(screen[0]!, /^driftwatch · ctx /, `the header is on the first row:\n${screen.join('\n')}`);
			assert.ok(
				screen.every(line => !line.includes('zz')),
				`no echoed keys on the screen:\n${screen.join('\n')}`,
			);
		} finally {
			clearInterval(typing);
			child.kill('SIGTERM');
			await exited;
		}
	});
});
