// Fault cases through the real CLI: `node bin/driftwatch.js status --json` in a
// child process against the sandbox. Faulted: exit 2 and one `driftwatch:`
// line on stderr (no stack trace, nothing on stdout, no control character), or
// for one broken native app, that app's row says so and every other row is
// there. Recovered: once the fault is fixed, the next run lists every row.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe} from 'node:test';
import {parse, stringify} from 'yaml';
import {argoApp, getObject, gitRepository, kustomization, refOf} from '../support/fixtures.js';
import {assertNoControls, hostileText} from '../support/hostile-text.js';
import {startBackend, type TestBackend} from '../support/backend.js';
import {type CliRun, runCli} from '../support/cli.js';
import {prepareCluster, putAll} from '../integration/support/seed.js';
import {WorkRepo, makeSandbox, type Sandbox as GitSandbox} from '../unit/git/git-fixture.js';
import {faultCase, type Measure} from './support.js';

const namespace = 'faults-cli';
const apps = ['cli-one', 'cli-two', 'cli-three'];

type StatusRow = {name: string; namespace: string; kind: string; sync: string; health: string; message: string};

export function cliCases(): void {
	describe('the CLI under faults (sandbox)', () => {
		let backend: TestBackend;
		let git: GitSandbox;
		let dir: string;

		function driftwatch(args: readonly string[], timeoutMs = 60_000): Promise<CliRun> {
			return runCli(args, {...git.env, XDG_CONFIG_HOME: join(dir, 'config-home'), XDG_STATE_HOME: join(dir, 'state')}, {timeoutMs});
		}

		/** Exit 2, one `driftwatch:` line matching `pattern`, clean stdout, no stack, no control character. */
		function assertOneLineError(run: CliRun, pattern: RegExp): void {
			assertNoControls(run.stderr, 'stderr');
			assert.equal(run.code, 2, `exit code 2; stderr: ${run.stderr}`);
			assert.equal(run.stdout, '', 'stdout stays clean');
			const lines = run.stderr.split('\n').filter(line => line !== '');
			assert.equal(lines.length, 1, `one stderr line, got:\n${run.stderr}`);
			assert.match(lines[0]!, /^driftwatch: /);
			assert.match(lines[0]!, pattern);
			assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
		}

		/** A good run after the fix: every expected row there, recovery measured as the run's time. */
		async function assertRecovered(measure: Measure, args: readonly string[], expected: readonly string[] = apps): Promise<StatusRow[]> {
			measure.cleared();
			const run = await driftwatch(['status', '--json', ...args]);
			assertNoControls(run.stdout, 'stdout');
			assertNoControls(run.stderr, 'stderr');
			assert.ok(run.code === 0 || run.code === 1, `exit 0 or 1 after the fix; got ${run.code}: ${run.stderr}`);
			const rows = (JSON.parse(run.stdout) as {apps: StatusRow[]}).apps;
			const names = new Set(rows.map(row => row.name));
			const missing = expected.filter(name => !names.has(name));
			measure.rowsLost = missing.length;
			assert.deepEqual(missing, [], 'no row missing');
			measure.recovered();
			return rows;
		}

		before(async () => {
			backend = await withSandbox();
			git = makeSandbox();
			dir = mkdtempSync(join(tmpdir(), 'driftwatch-faults-cli-'));
			await prepareCluster(backend.kubeConfig(), [namespace]);
			await putAll(
				backend.kubeConfig(),
				apps.map(name => argoApp(name, namespace)),
			);
		});
		after(async () => {
			await backend?.close();
			git?.cleanup();
			if (dir) rmSync(dir, {recursive: true, force: true});
		});

		const kubeconfigArgs = () => ['--kubeconfig', backend.kubeconfigPath, '-n', namespace];

		faultCase('cli: malformed kubeconfig', async measure => {
			const broken = join(dir, 'broken-kubeconfig');
			writeFileSync(broken, 'apiVersion: v1\nclusters: [unclosed\n  - {name: x\n');
			measure.inject();
			const run = await driftwatch(['status', '--json', '--kubeconfig', broken]);
			measure.detected();
			assertOneLineError(run, /kubeconfig/i);
			await assertRecovered(measure, kubeconfigArgs());
		});

		faultCase('cli: malformed driftwatch config', async measure => {
			const config = join(dir, 'broken-config.yaml');
			writeFileSync(config, 'apps:\n  - name: web\n    repo: [unclosed\n');
			measure.inject();
			const run = await driftwatch(['status', '--json', ...kubeconfigArgs(), '--config', config]);
			measure.detected();
			assertOneLineError(run, /config|yaml/i);
			writeFileSync(config, 'apps: []\n');
			await assertRecovered(measure, [...kubeconfigArgs(), '--config', config]);
		});

		/** A copy of the kubeconfig whose admin user gets its token from `script` (an exec credential plugin). */
		function execKubeconfig(name: string, script: string): string {
			const config = parse(readFileSync(backend.kubeconfigPath, 'utf8')) as {
				users: Array<{name: string; user: Record<string, unknown>}>;
				contexts: Array<{name: string; context: {user: string}}>;
				'current-context': string;
			};
			const userName = config.contexts.find(context => context.name === config['current-context'])!.context.user;
			config.users = config.users.map(user =>
				user.name === userName
					? {
							name: user.name,
							user: {
								exec: {
									apiVersion: 'client.authentication.k8s.io/v1beta1',
									command: process.execPath,
									args: [script],
									interactiveMode: 'Never',
								},
							},
						}
					: user,
			);
			const path = join(dir, `${name}-kubeconfig`);
			writeFileSync(path, stringify(config), {mode: 0o600});
			return path;
		}

		function adminToken(): string {
			const config = parse(readFileSync(backend.kubeconfigPath, 'utf8')) as {
				users: Array<{name: string; user: {token?: string}}>;
				contexts: Array<{name: string; context: {user: string}}>;
				'current-context': string;
			};
			const userName = config.contexts.find(context => context.name === config['current-context'])!.context.user;
			return config.users.find(user => user.name === userName)!.user.token!;
		}

		const goodPlugin = () =>
			`process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: {token: ${JSON.stringify(adminToken())}}}));\n`;

		faultCase('cli: exec credential plugin that fails', async measure => {
			const script = join(dir, 'failing-plugin.mjs');
			writeFileSync(script, `process.stderr.write('token expired, run: sso login\\n'); process.exit(1);\n`);
			const kubeconfig = execKubeconfig('failing', script);
			measure.inject();
			const run = await driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '-n', namespace]);
			measure.detected();
			assertOneLineError(run, /credential plugin failed: token expired, run: sso login/);
			writeFileSync(script, goodPlugin());
			await assertRecovered(measure, ['--kubeconfig', kubeconfig, '-n', namespace]);
		});

		faultCase(
			'cli: exec credential plugin that hangs',
			async measure => {
				const script = join(dir, 'hanging-plugin.mjs');
				const pidFile = join(dir, 'hanging-plugin.pid');
				writeFileSync(
					script,
					`import {writeFileSync} from 'node:fs';\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\n`,
				);
				const kubeconfig = execKubeconfig('hanging', script);
				measure.inject();
				// The outer limit is this test's, well past status's own deadline: status must end by itself.
				const run = await driftwatch(['status', '--json', '--kubeconfig', kubeconfig, '-n', namespace], 45_000);
				measure.detected();
				// The plugin must be killed at the deadline, not left running; whatever this run did, none is left behind.
				let pluginAlive = false;
				try {
					const pluginPid = Number(readFileSync(pidFile, 'utf8'));
					process.kill(pluginPid, 0);
					pluginAlive = true;
					process.kill(pluginPid, 'SIGKILL');
				} catch {
					// No pid file (the plugin never ran) or no such process (it was killed): nothing left.
				}
				assert.notEqual(run.code, null, `status ended on its own (it was killed after ${run.elapsedMs} ms)`);
				assertOneLineError(run, /did not answer in time|credential plugin/);
				assert.equal(pluginAlive, false, 'the hanging plugin was killed at the deadline');
				writeFileSync(script, goodPlugin());
				await assertRecovered(measure, ['--kubeconfig', kubeconfig, '-n', namespace]);
			},
			{timeout: 180_000},
		);

		faultCase('cli: escape sequences in an app name, messages and a commit subject', async measure => {
			// Kubernetes names cannot carry them; messages and revisions (commit subjects in Argo CD's history) can.
			const hostile = argoApp('cli-hostile', namespace);
			const status = (hostile as {status?: Record<string, any>}).status ?? {};
			const withHostile = {
				...hostile,
				status: {
					...status,
					health: {status: 'Degraded', message: hostileText('health')},
					operationState: {
						phase: 'Failed',
						message: hostileText('operation'),
						startedAt: '2026-01-02T03:04:05Z',
						finishedAt: '2026-01-02T03:04:06Z',
						operation: {sync: {revision: 'abc'}},
						syncResult: {revision: 'abc'},
					},
				},
			};
			measure.inject();
			await putAll(backend.kubeConfig(), [withHostile as never]);
			const repo = WorkRepo.create(git, 'hostile-repo');
			repo.commit(hostileText('subject'), {
				'apps/web/config.yaml': stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web'}, data: {a: 'b'}}),
			});
			const config = join(dir, 'hostile-config.yaml');
			writeFileSync(config, stringify({apps: [{name: 'hostile-native', repo: repo.dir, branch: 'main', path: 'apps/web', namespace}]}));
			for (const args of [['status', '--json'], ['status']]) {
				const run = await driftwatch([...args, ...kubeconfigArgs(), '--config', config]);
				assertNoControls(run.stdout, `${args.join(' ')} stdout`);
				assertNoControls(run.stderr, `${args.join(' ')} stderr`);
				assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
				assert.match(run.stdout, /cli-hostile/);
			}
			// An app name is refused when it is not a label value, and the refusal must not echo it raw.
			const badName = join(dir, 'hostile-name-config.yaml');
			writeFileSync(badName, stringify({apps: [{name: hostileText('name'), repo: repo.dir, branch: 'main', path: 'apps/web', namespace}]}));
			const refused = await driftwatch(['status', '--json', ...kubeconfigArgs(), '--config', badName]);
			assertOneLineError(refused, /name/);
			measure.detected();
			await assertRecovered(measure, [...kubeconfigArgs(), '--config', config], [...apps, 'cli-hostile', 'hostile-native']);
		});

		faultCase('cli: git repository unreachable for a native app; the other rows stay', async measure => {
			const config = join(dir, 'unreachable-config.yaml');
			const missingRepo = join(dir, 'no-such-repo.git');
			writeFileSync(config, stringify({apps: [{name: 'unreachable', repo: missingRepo, branch: 'main', path: 'apps/web', namespace}]}));
			measure.inject();
			const run = await driftwatch(['status', '--json', ...kubeconfigArgs(), '--config', config]);
			measure.detected();
			assert.equal(run.code, 1, `exit 1 (something is not fine), not a crash; stderr: ${run.stderr}`);
			const rows = (JSON.parse(run.stdout) as {apps: StatusRow[]}).apps;
			const broken = rows.find(row => row.name === 'unreachable');
			assert.ok(broken, 'the native app has a row');
			assert.equal(broken.sync, 'Unknown');
			assert.match(broken.message, /git|repository|fetch|clone/i);
			assert.ok(
				apps.every(name => rows.some(row => row.name === name)),
				'the cluster rows are all there',
			);
			// The repository appears: the next run compares it.
			const repo = WorkRepo.create(git, 'later-repo');
			repo.commit('web', {
				'apps/web/config.yaml': stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web'}, data: {a: 'b'}}),
			});
			repo.pushToBare(git, 'later.git');
			writeFileSync(
				config,
				stringify({apps: [{name: 'unreachable', repo: join(git.root, 'later.git'), branch: 'main', path: 'apps/web', namespace}]}),
			);
			const after = await assertRecovered(measure, [...kubeconfigArgs(), '--config', config], [...apps, 'unreachable']);
			assert.notEqual(after.find(row => row.name === 'unreachable')?.sync, 'Unknown');
		});

		faultCase('cli: malformed manifests in a native app; the other rows stay', async measure => {
			const repo = WorkRepo.create(git, 'malformed-repo');
			repo.commit('broken yaml', {'apps/web/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web\ndata: [\n'});
			const config = join(dir, 'malformed-config.yaml');
			writeFileSync(config, stringify({apps: [{name: 'malformed', repo: repo.dir, branch: 'main', path: 'apps/web', namespace}]}));
			measure.inject();
			const run = await driftwatch(['status', '--json', ...kubeconfigArgs(), '--config', config]);
			measure.detected();
			assertNoControls(run.stderr, 'stderr');
			assert.equal(run.code, 1, `exit 1 (something is not fine); stderr: ${run.stderr}`);
			const rows = (JSON.parse(run.stdout) as {apps: StatusRow[]}).apps;
			const broken = rows.find(row => row.name === 'malformed');
			assert.ok(broken, 'the native app has a row');
			assert.equal(broken.sync, 'Unknown');
			assert.match(broken.message, /yaml|config\.yaml|parse/i);
			assert.ok(
				apps.every(name => rows.some(row => row.name === name)),
				'the cluster rows are all there',
			);
			// Nothing half-applied: a sync of the broken app refuses before it writes anything.
			backend.sandbox!.clearRequests();
			const sync = await driftwatch(['sync', 'malformed', '--yes', ...kubeconfigArgs(), '--config', config]);
			assertNoControls(sync.stderr, 'sync stderr');
			assert.equal(sync.code, 2, `sync refuses; stderr: ${sync.stderr}`);
			assert.match(sync.stderr, /^driftwatch: .*(yaml|config\.yaml|parse)/im);
			assert.doesNotMatch(sync.stderr, /\n\s+at /, 'no stack trace');
			const writes = backend.sandbox!.requests.filter(request => request.method !== 'GET' && !/dryRun=/.test(request.query));
			assert.deepEqual(writes, [], 'no write for the broken app');
			repo.commit('fixed yaml', {
				'apps/web/config.yaml': stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web'}, data: {a: 'b'}}),
			});
			const after = await assertRecovered(measure, [...kubeconfigArgs(), '--config', config], [...apps, 'malformed']);
			assert.notEqual(after.find(row => row.name === 'malformed')?.sync, 'Unknown');
		});

		faultCase('cli: push rejected (Flux rollback); nothing half-applied, then the push goes through', async measure => {
			const repo = WorkRepo.create(git, 'rollback-work');
			const first = repo.commit('web: first release', {'apps/web/deploy.yaml': 'image: web:1.0\n'}, '2026-01-01T10:00:00+01:00');
			const head = repo.commit('web: 1.1', {'apps/web/deploy.yaml': 'image: web:1.1\n'}, '2026-01-02T10:00:00+01:00');
			const bare = repo.pushToBare(git, 'rollback.git');
			const inBare = (...args: string[]) => execFileSync('git', args, {cwd: bare, env: git.env, encoding: 'utf8'}).trim();
			const hook = join(bare, 'hooks', 'pre-receive');
			writeFileSync(hook, '#!/bin/sh\necho "main is protected: open a pull request" >&2\nexit 1\n', {mode: 0o755});
			const revision = (commit: string) => `main@sha1:${commit}`;
			const source = gitRepository('rollback-apps', namespace, {url: bare, commit: head});
			const base = kustomization('rollback-web', namespace, {
				source: {kind: 'GitRepository', name: 'rollback-apps'},
				appliedRevision: revision(head),
			});
			const app = {...base, spec: {...base.spec, path: './apps/web'}};
			await putAll(backend.kubeConfig(), [source, app]);
			const annotations = async () => {
				const objects = await Promise.all([source, app].map(async object => getObject(backend.kubeConfig(), refOf(object))));
				return objects.map(object => object.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'] ?? null);
			};
			const args = ['rollback', 'rollback-web', '--to', first, '--yes', ...kubeconfigArgs()];

			measure.inject();
			const rejected = await driftwatch(args);
			measure.detected();
			assertNoControls(rejected.stderr, 'stderr');
			assertNoControls(rejected.stdout, 'stdout');
			assert.notEqual(rejected.code, 0, `a rejected push is not success; stderr: ${rejected.stderr}`);
			assert.match(rejected.stderr, /push rejected \(pre-receive hook declined: main is protected: open a pull request\)/);
			assert.doesNotMatch(rejected.stderr, /\n\s+at /, 'no stack trace');
			assert.equal(inBare('rev-parse', 'main'), head, 'the remote is unchanged');
			assert.deepEqual(await annotations(), [null, null], 'no reconcile requested after a rejected push');

			rmSync(hook);
			measure.cleared();
			const pushed = await driftwatch(args);
			assert.equal(pushed.code, 0, `the rollback goes through once the remote accepts it; stderr: ${pushed.stderr}`);
			assert.equal(inBare('diff', '--name-only', first, 'main', '--', 'apps/web'), '', 'apps/web on the remote is the chosen revision');
			assert.ok(
				(await annotations()).every(value => value !== null),
				'reconcile requested after the push',
			);
			measure.rowsLost = 0;
			measure.recovered();
		});
	});
}

/** The CLI cases always use a sandbox of their own (fault injection, request log). */
async function withSandbox(): Promise<TestBackend> {
	const previous = process.env['DRIFTWATCH_TEST_BACKEND'];
	process.env['DRIFTWATCH_TEST_BACKEND'] = 'sandbox';
	try {
		return await startBackend();
	} finally {
		if (previous === undefined) delete process.env['DRIFTWATCH_TEST_BACKEND'];
		else process.env['DRIFTWATCH_TEST_BACKEND'] = previous;
	}
}
