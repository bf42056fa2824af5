// `driftwatch demo --clusters 2` as a newcomer starts it: a terminal, a HOME of its own, no kubeconfig of theirs.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {drawsInTerminal, run} from '../../support/built-cli.js';

const bin = new URL('../../../bin/driftwatch.js', import.meta.url).pathname;

describe('driftwatch demo --clusters N', () => {
	const home = mkdtempSync(join(tmpdir(), 'driftwatch-demo-clusters-'));
	after(() => rmSync(home, {recursive: true, force: true}));
	const env = {PATH: process.env.PATH, HOME: home, XDG_STATE_HOME: join(home, 'state'), GIT_ALLOW_PROTOCOL: 'file', TERM: 'xterm-256color'};

	test('starts two clusters and draws their apps', {timeout: 120_000}, async () => {
		const output = await drawsInTerminal([process.execPath, bin, 'demo', '--clusters', '2'], {
			cwd: home,
			env,
			ready: /checkout/,
			timeoutMs: 90_000,
			what: "the demo's apps",
		});
		assert.match(output, /starting 2 sandbox clusters/);
	});

	test('a bad N: one line, exit 2, no terminal taken', async () => {
		const bad = await run(process.execPath, [bin, 'demo', '--clusters', 'many'], {cwd: home, env});
		assert.equal(bad.code, 2);
		assert.equal(bad.stderr, 'driftwatch: --clusters wants a whole number from 1 to 10, not "many"\n');
		assert.equal(bad.stdout, '');
	});
});
