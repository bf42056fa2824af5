// The demo's actions are logged apart from the user's audit log, and `driftwatch log --file` reads that log: the
// demo names it on exit when it holds an action.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, describe, test} from 'node:test';
import {createDemoAuditLog, demoAuditNotice} from '../../../source/demo/demo-audit.js';
import {runCli} from '../../support/cli.js';

const driftwatch = runCli;
describe('the demo audit log', () => {
	const home = mkdtempSync(join(tmpdir(), 'driftwatch-demo-log-home-'));
	// The user's own state and config are not the test's: a home of its own.
	const env = {HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config')};
	after(() => rmSync(home, {recursive: true, force: true}));

	test("with an action: kept, named on exit, and `driftwatch log --file PATH` shows it; the user's log is untouched", async () => {
		const log = await createDemoAuditLog();
		try {
			await log.append({
				time: '2026-12-06T20:00:00.000Z',
				user: 'admin',
				context: 'sandbox',
				namespace: 'argocd',
				app: 'cart',
				kind: 'Application',
				action: 'sync',
				params: {prune: false},
				result: 'ok',
			});
			const notice = await demoAuditNotice(log);
			assert.equal(notice, `driftwatch demo: 1 action logged in ${log.path}; read them with: driftwatch log --file ${log.path}`);
			const shown = await driftwatch(['log', '--file', log.path], env);
			assert.equal(shown.code, 0, shown.stderr);
			assert.equal(shown.stdout, '2026-12-06T20:00:00.000Z  ok       admin@sandbox  sync Application argocd/cart  prune=false\n');
			const own = await driftwatch(['log'], env);
			assert.match(own.stderr, /no actions recorded yet/);
		} finally {
			rmSync(dirname(log.path), {recursive: true, force: true});
		}
	});

	test('without an action: nothing said, nothing left behind', async () => {
		const log = await createDemoAuditLog();
		assert.equal(await demoAuditNotice(log), null);
		assert.equal(existsSync(dirname(log.path)), false);
	});

	test('`log --file` naming no file: one line saying so, exit 2', async () => {
		const missing = join(home, 'nope.log');
		const shown = await driftwatch(['log', '--file', missing], env);
		assert.equal(shown.code, 2);
		assert.equal(shown.stdout, '');
		assert.match(shown.stderr, new RegExp(`no audit log at ${missing}`));
		assert.equal(shown.stderr.trim().split('\n').length, 1);
	});
});
