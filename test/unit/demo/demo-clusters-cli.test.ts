// `driftwatch demo --clusters N` as a newcomer starts it: a terminal, a HOME of its own, no kubeconfig of theirs.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {run, shellWords} from '../../support/built-cli.js';
import {TerminalScreen} from '../../support/terminal-screen.js';
import {waitFor} from '../../support/wait-for.js';

const bin = new URL('../../../bin/driftwatch.js', import.meta.url).pathname;

describe('driftwatch demo --clusters N', () => {
	const home = mkdtempSync(join(tmpdir(), 'driftwatch-demo-clusters-'));
	after(() => rmSync(home, {recursive: true, force: true}));
	const env = {PATH: process.env.PATH, HOME: home, XDG_STATE_HOME: join(home, 'state'), GIT_ALLOW_PROTOCOL: 'file', TERM: 'xterm-256color'};

	test('starts two clusters and shows both in one list: a header line per context, a CONTEXT column', {timeout: 120_000}, async () => {
		const size = {columns: 120, rows: 30};
		const command = `stty rows ${size.rows} cols ${size.columns}; exec ${shellWords([process.execPath, bin, 'demo', '--clusters', '2'])}`;
		const terminal = spawn('script', ['-qfc', command, '/dev/null'], {cwd: home, env, stdio: ['pipe', 'pipe', 'pipe']});
		const screen = new TerminalScreen(size);
		let output = '';
		terminal.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			screen.write(chunk.toString('utf8'));
		});
		const exited = new Promise<number | null>(resolve => terminal.on('exit', resolve));
		try {
			const text = () => screen.rows().join('\n');
			await waitFor(
				() => /prod-eu live \d+ .*prod-us live \d+/.test(text()) && /prod-us +alertmanager/.test(text()),
				90_000,
				() => `both clusters live in one list; screen:\n${text()}`,
			);
			assert.match(output, /starting 2 sandbox clusters/);
			assert.match(text(), /CONTEXT NAME/);
			assert.match(text(), /prod-eu +alertmanager/);
			terminal.stdin.write('q');
			assert.equal(await exited, 0);
		} finally {
			terminal.kill();
		}
	});

	test('a bad N: one line, exit 2, no terminal taken', async () => {
		const bad = await run(process.execPath, [bin, 'demo', '--clusters', 'many'], {cwd: home, env});
		assert.equal(bad.code, 2);
		assert.equal(bad.stderr, 'driftwatch: --clusters wants a whole number from 1 to 10, not "many"\n');
		assert.equal(bad.stdout, '');
	});
});
