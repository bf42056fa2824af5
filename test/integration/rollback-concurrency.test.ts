// Two or three on-call engineers rolling back the same Flux app at the same moment: real `driftwatch rollback`
// processes sharing one cache dir (so one work tree per repository) against one bare git remote. At most one may
// say it pushed; the others fail or are refused in plain words; the remote holds exactly what the winner printed.
import assert from 'node:assert/strict';
import {execFileSync, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {createInterface} from 'node:readline';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {readAuditLog} from '../../source/core/actions/audit-log.js';
import {revertPathTo} from '../../source/core/actions/git-revert.js';
import {userGitSetup} from '../../source/core/git/git-setup.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {startBackend, type TestBackend} from '../support/backend.js';
import {type CliRun, repoRoot, runCli} from '../support/cli.js';
import {createWithStatus, ensureNamespace, gitRepository, installGitOpsCrds, kustomization} from '../support/fixtures.js';
import {makeSandbox, WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';

const rounds = Number(process.env.DRIFTWATCH_CONCURRENCY_ROUNDS ?? 10);
const children = join(repoRoot, 'test', 'support', 'children');
const racers = 3;

describe('concurrent rollbacks of one Flux app', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await installGitOpsCrds(kc);
		sandbox = makeSandbox();
	});
	const spawned: ChildProcessWithoutNullStreams[] = [];
	after(async () => {
		// A failed assertion must not leave a child waiting on its stdin forever.
		for (const running of spawned) if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
		await backend?.close();
		sandbox?.cleanup();
	});

	function driftwatch(args: readonly string[]): Promise<CliRun> {
		return runCli(
			[...args, '--kubeconfig', backend.kubeconfigPath],
			{...sandbox.env, XDG_STATE_HOME: join(sandbox.root, 'state'), XDG_CONFIG_HOME: join(sandbox.root, 'config')},
			{timeoutMs: 90_000},
		);
	}

	/** A remote whose apps/web changed twice after c1 (c2, c4), with an unrelated commit between. */
	function remote(name: string) {
		const repo = WorkRepo.create(sandbox, `${name}-work`);
		const c1 = repo.commit('web: first release', {'apps/web/deploy.yaml': 'image: web:1.0\n', 'apps/other/cm.yaml': 'level: info\n'});
		repo.commit('web: 1.1', {'apps/web/deploy.yaml': 'image: web:1.1\n'});
		repo.commit('other: debug logs', {'apps/other/cm.yaml': 'level: debug\n'});
		const c4 = repo.commit('web: 1.2 with a sidecar', {
			'apps/web/deploy.yaml': 'image: web:1.2\n',
			'apps/web/sidecar.yaml': 'image: proxy:2\n',
		});
		const bare = repo.pushToBare(sandbox, `${name}.git`);
		const inBare = (...args: string[]) => execFileSync('git', args, {cwd: bare, env: sandbox.env, encoding: 'utf8'}).trim();
		return {bare, inBare, c1, c4};
	}

	async function fluxApp(namespace: string, url: string, head: string): Promise<void> {
		await ensureNamespace(kc, namespace);
		await createWithStatus(kc, gitRepository('apps', namespace, {url, commit: head}));
		const base = kustomization('web', namespace, {source: {kind: 'GitRepository', name: 'apps'}, appliedRevision: `main@sha1:${head}`});
		const app: KubeObject = {...base, spec: {...base.spec, path: './apps/web'}};
		await createWithStatus(kc, app);
	}

	function childEnv(): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {...process.env, ...sandbox.env};
		delete env.KUBECONFIG;
		return env;
	}

	/** A child process running one of test/support/children, with its stdout as lines. */
	function child(script: string, args: readonly string[]) {
		const process_ = spawn(process.execPath, ['--import', 'tsx', join(children, script), ...args], {cwd: repoRoot, env: childEnv()});
		spawned.push(process_);
		const lines: string[] = [];
		let stderr = '';
		createInterface({input: process_.stdout}).on('line', line => lines.push(line));
		process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve =>
			process_.once('exit', (code, signal) => resolve({code, signal})),
		);
		/** The first line satisfying `match` (polling the lines read so far; the child's exit ends the wait). */
		async function line(match: (text: string) => boolean, what: string): Promise<string> {
			let ended = false;
			void exited.then(() => (ended = true));
			for (;;) {
				const found = lines.find(match);
				if (found !== undefined) return found;
				if (ended) throw new Error(`${script} exited before ${what}; stdout ${JSON.stringify(lines)}, stderr ${stderr.slice(0, 2000)}`);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		}
		return {process: process_ as ChildProcessWithoutNullStreams, lines, line, exited, stderr: () => stderr};
	}

	test(`${racers} rollbacks at once, ${rounds} rounds: exactly one pushes, and the remote holds what it printed`, async () => {
		const problems: string[] = [];
		for (let round = 1; round <= rounds; round++) {
			const namespace = `race-${process.pid}-${round}`;
			const {bare, inBare, c1, c4} = remote(`race-${round}`);
			await fluxApp(namespace, bare, c4);
			const runs = await Promise.all(
				Array.from({length: racers}, () => driftwatch(['rollback', `Kustomization/${namespace}/web`, '--to', c1, '--yes'])),
			);

			const tip = inBare('rev-parse', 'main');
			const winners = runs.filter(run => run.code === 0);
			const said = runs
				.map(
					run =>
						`exit ${run.code}: ${(
							run.stdout +
								run.stderr
									.split('\n')
									.filter(line => line.startsWith('driftwatch:'))
									.join(' ')
						).trim()}`,
				)
				.join('\n  ');
			const fail = (what: string) => problems.push(`round ${round}: ${what}\n  ${said}`);
			if (winners.length !== 1) fail(`${winners.length} processes said they pushed`);
			for (const winner of winners) {
				const pushed = /at ([0-9a-f]{7}), pushed to /.exec(winner.stdout)?.[1];
				if (pushed !== tip.slice(0, 7)) fail(`a winner printed ${pushed} but the remote main is ${tip.slice(0, 7)}`);
			}
			if (winners.length === 1) {
				if (inBare('diff', '--name-only', c1, 'main', '--', 'apps/web') !== '')
					fail('the remote apps/web is not c1 after a reported success');
				if (inBare('rev-list', '--count', `${c4}..main`) !== '2')
					fail(`the remote has ${inBare('rev-list', '--count', `${c4}..main`)} commits on top of c4, not the 2 reverts`);
			} else if (winners.length === 0 && tip !== c4) {
				fail(`nobody reported a push, yet the remote moved to ${tip.slice(0, 7)}`);
			}
			for (const run of runs.filter(run => run.code !== 0)) {
				if (/index\.lock|\.git\//.test(run.stderr)) fail('a loser printed git internals');
				if (!/^driftwatch: /m.test(run.stderr)) fail('a loser exited without saying why');
			}
		}
		// Every reported success in the audit log is a commit some remote's main holds.
		const audited = (await readAuditLog(join(sandbox.root, 'state', 'driftwatch', 'audit.log'))).filter(entry => entry.result === 'ok');
		for (const entry of audited) {
			const details = entry.details as {revert?: string; url?: string} | undefined;
			const held = details?.url
				? execFileSync('git', ['rev-parse', 'main'], {cwd: details.url, env: sandbox.env, encoding: 'utf8'}).trim()
				: '';
			if (held !== details?.revert) problems.push(`audit says ok with revert ${details?.revert} but ${details?.url} main is ${held}`);
		}
		assert.deepEqual(problems, [], `${problems.length} problems in ${rounds} rounds:\n${problems.join('\n')}`);
	});
	test('two engineers review the same rollback, then confirm at the same moment: one pushes, the other is told the branch changed', async () => {
		const problems: string[] = [];
		for (let round = 1; round <= Math.ceil(rounds / 2); round++) {
			const namespace = `reviewed-${process.pid}-${round}`;
			const {bare, inBare, c1, c4} = remote(`reviewed-${round}`);
			await fluxApp(namespace, bare, c4);
			const racing = [0, 1].map(() => child('flux-rollback.ts', [backend.kubeconfigPath, namespace, c1]));
			await Promise.all(racing.map(racer => racer.line(text => text === 'prepared', 'it prepared')));
			// Both have reviewed the same plan; now both run it.
			for (const racer of racing) racer.process.stdin.write('go\n');
			const outcomes = await Promise.all(
				racing.map(
					async racer =>
						JSON.parse(await racer.line(text => text.startsWith('{'), 'its outcome')) as {
							ok: boolean;
							message: string;
							details?: {revert?: string};
						},
				),
			);
			await Promise.all(racing.map(racer => racer.exited));
			const tip = inBare('rev-parse', 'main');
			const said = outcomes.map(outcome => `${outcome.ok ? 'ok' : 'failed'}: ${outcome.message}`).join('\n  ');
			const winners = outcomes.filter(outcome => outcome.ok);
			if (winners.length !== 1) problems.push(`round ${round}: ${winners.length} succeeded\n  ${said}`);
			else if (winners[0]!.details?.revert !== tip)
				problems.push(`round ${round}: the winner pushed ${winners[0]!.details?.revert} but main is ${tip}\n  ${said}`);
			for (const loser of outcomes.filter(outcome => !outcome.ok)) {
				if (
					!/^main changed under apps\/web since it was reviewed \(now at [0-9a-f]{7}\): prepare the rollback again; nothing pushed$/.test(
						loser.message,
					)
				)
					problems.push(`round ${round}: the loser said ${loser.message}`);
			}
			if (inBare('rev-list', '--count', `${c4}..main`) !== '2')
				problems.push(`round ${round}: ${inBare('rev-list', '--count', `${c4}..main`)} commits on top of c4, not 2 reverts`);
		}
		assert.deepEqual(problems, []);
	});

	test('a work tree another process keeps: the rollback says who and pushes nothing; once that process is killed, the next one runs', async () => {
		const namespace = `held-${process.pid}`;
		const {bare, inBare, c1, c4} = remote('held');
		await fluxApp(namespace, bare, c4);
		const holder = child('hold-work-tree.ts', [bare]);
		await holder.line(text => text === 'holding', 'it held the work tree');

		const blocked = await driftwatch(['rollback', `Kustomization/${namespace}/web`, '--to', c1, '--yes']);
		assert.equal(blocked.code, 2, blocked.stderr);
		assert.equal(blocked.stdout, '');
		assert.match(
			blocked.stderr,
			new RegExp(`^driftwatch: another driftwatch action is using ${bare} \\(pid ${holder.process.pid}\\); try again when it ends$`, 'm'),
		);
		assert.equal(inBare('rev-parse', 'main'), c4, 'nothing was pushed');

		// Killed without a chance to let go (SIGKILL): its lock names a dead process, which the next run takes over.
		holder.process.kill('SIGKILL');
		assert.equal((await holder.exited).signal, 'SIGKILL');
		const after = await driftwatch(['rollback', `Kustomization/${namespace}/web`, '--to', c1, '--yes']);
		assert.equal(after.code, 0, after.stderr);
		assert.match(after.stdout, new RegExp(`at ${inBare('rev-parse', '--short=7', 'main')}, pushed to ${bare}; reconcile requested\\n$`));
	});
	test('native rollback with revert in Git, from several processes at once: one pushes, the others are told main moved', async () => {
		const problems: string[] = [];
		for (let round = 1; round <= Math.ceil(rounds / 2); round++) {
			const {bare, inBare, c1, c4} = remote(`native-${round}`);
			// The work tree is cloned already, as on every rollback after the first: the race is in revert and push.
			const warm = child('hold-work-tree.ts', [bare]);
			await warm.line(text => text === 'holding', 'it cloned the work tree');
			warm.process.stdin.end();
			await warm.exited;
			const racing = Array.from({length: racers}, () => child('native-revert.ts', [bare, 'apps/web', c1, c4]));
			await Promise.all(racing.map(racer => racer.line(text => text === 'ready', 'it was ready')));
			for (const racer of racing) racer.process.stdin.write('go\n');
			const results = await Promise.all(
				racing.map(
					async racer =>
						JSON.parse(await racer.line(text => text.startsWith('{'), 'its result')) as {ok: boolean; message?: string; head?: string},
				),
			);
			const tip = inBare('rev-parse', 'main');
			const said = results.map(result => JSON.stringify(result)).join('\n  ');
			const winners = results.filter(result => result.ok);
			if (winners.length !== 1) problems.push(`round ${round}: ${winners.length} succeeded\n  ${said}`);
			else if (winners[0]!.head !== tip)
				problems.push(`round ${round}: the winner says main is ${winners[0]!.head}, the remote has ${tip}\n  ${said}`);
			for (const loser of results.filter(result => !result.ok)) {
				if (
					!/^main moved to [0-9a-f]{7} since [0-9a-f]{7} was reviewed: nothing was reverted; plan the rollback again$/.test(
						loser.message ?? '',
					)
				)
					problems.push(`round ${round}: a loser said ${loser.message}`);
			}
			if (inBare('diff', '--name-only', c1, 'main', '--', 'apps/web') !== '')
				problems.push(`round ${round}: apps/web on the remote is not c1`);
		}
		assert.deepEqual(problems, []);
	});

	test('native revert in Git while another process keeps the work tree: refused in words, nothing pushed', async () => {
		const {bare, inBare, c1, c4} = remote('native-held');
		const holder = child('hold-work-tree.ts', [bare]);
		await holder.line(text => text === 'holding', 'it held the work tree');
		const result = await revertPathTo({
			url: bare,
			branch: 'main',
			path: 'apps/web',
			to: c1,
			expectedHead: c4,
			user: 'alice',
			setup: userGitSetup(sandbox.env),
			lockWaitMs: 200,
		});
		assert.deepEqual(result, {
			ok: false,
			message: `another driftwatch action is using ${bare} (pid ${holder.process.pid}); try again when it ends; nothing was reverted`,
		});
		assert.equal(inBare('rev-parse', 'main'), c4);
		holder.process.stdin.end();
		assert.deepEqual(await holder.exited, {code: 0, signal: null});
	});
});
