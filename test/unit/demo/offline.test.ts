// The demo never reaches the network, the user's git credentials or the user's caches: its whole action set runs
// with a git that refuses every transport but file, and a HOME and XDG directories it must leave as they were.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {readAuditLog} from '../../../source/core/actions/audit-log.js';

const repoRoot = new URL('../../..', import.meta.url).pathname;
const child = join(repoRoot, 'test', 'support', 'children', 'demo-actions.ts');

/** Every file and directory under `dir`, relative to it. */
function contents(dir: string): string[] {
	return readdirSync(dir, {recursive: true, encoding: 'utf8'}).sort();
}

describe("the demo stays offline and out of the user's home", () => {
	const root = mkdtempSync(join(tmpdir(), 'driftwatch-offline-'));
	after(() => rmSync(root, {recursive: true, force: true}));

	test('every action on every app: HOME and XDG dirs untouched, the temp directory removed, no remote named or contacted', {
		timeout: 300_000,
	}, async () => {
		const dirs = {
			home: join(root, 'home'),
			config: join(root, 'xdg-config'),
			cache: join(root, 'xdg-cache'),
			state: join(root, 'xdg-state'),
			data: join(root, 'xdg-data'),
			tmp: join(root, 'tmp'),
		};
		for (const dir of Object.values(dirs)) mkdirSync(dir);
		// A git that refuses everything but the file transport, whoever's environment it runs with.
		const gitConfig = join(root, 'gitconfig');
		writeFileSync(gitConfig, '[protocol]\n\tallow = never\n[protocol "file"]\n\tallow = always\n');
		const audit = join(root, 'audit.log');
		const env = {
			PATH: process.env.PATH ?? '/usr/bin:/bin',
			HOME: dirs.home,
			XDG_CONFIG_HOME: dirs.config,
			XDG_CACHE_HOME: dirs.cache,
			XDG_STATE_HOME: dirs.state,
			XDG_DATA_HOME: dirs.data,
			TMPDIR: dirs.tmp,
			GIT_CONFIG_GLOBAL: gitConfig,
			GIT_ALLOW_PROTOCOL: 'file',
		};
		const run = spawn(process.execPath, ['--import', 'tsx', child, audit], {cwd: repoRoot, env});
		let stdout = '';
		let stderr = '';
		run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const code = await new Promise<number | null>(resolve => run.once('exit', resolve));
		assert.equal(code, 0, stderr.slice(0, 4000));
		const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
			drift: Record<string, string | null>;
			actions: Array<{app: string; kind: string; ok: boolean | null; message: string}>;
		};

		const kinds = new Set(result.actions.filter(action => action.ok !== null).map(action => action.kind));
		for (const kind of ['sync', 'rollback', 'reconcile', 'suspend', 'refresh'])
			assert.ok(kinds.has(kind), `no ${kind} ran: ${JSON.stringify(result.actions)}`);
		assert.ok((await readAuditLog(audit)).length > 0, 'the actions were logged');
		// Every git-sourced app deploys from a repository on this machine: none names a transport git refused.
		const said = [
			...Object.entries(result.drift).map(([app, error]) => `${app} drift: ${error}`),
			...result.actions.map(action => `${action.app} ${action.kind}: ${action.message}`),
		];
		assert.deepEqual(
			said.filter(line => /transport|not allowed|https:/.test(line)),
			[],
		);
		// A rollback that reverts in Git pushes to the demo's own repository, and the push lands.
		const revert = result.actions.find(action => action.app === 'demo-native/notes' && action.kind === 'rollback');
		assert.equal(revert?.ok, true, revert?.message);
		// tsx (how this test runs TypeScript, not the demo) keeps its compile cache in TMPDIR.
		for (const [name, dir] of Object.entries(dirs))
			assert.deepEqual(
				contents(dir).filter(path => !path.startsWith('tsx-')),
				[],
				`${name} was written to`,
			);
	});
});
