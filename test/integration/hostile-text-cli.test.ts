// Escape sequences in text from the cluster, a repository or a tool, through every CLI output: the real launcher in
// a child process against the test backend. An Argo CD operation message and revisions, a Flux condition message,
// commit subjects and authors, a native app's git error, kubectl kustomize's stderr and the audit log all carry the
// hostile corpus; stdout and stderr must carry none of its control characters, and show them as escapes instead.
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {AuditLog} from '../../source/core/actions/audit-log.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {argoApplication} from '../../source/demo/argo-objects.js';
import {commitSha, day, hour} from '../../source/demo/values.js';
import {startBackend, type TestBackend} from '../support/backend.js';
import {type CliRun, runCli} from '../support/cli.js';
import {kustomization} from '../support/fixtures.js';
import {assertNoControls, assertShownEscaped, hostileText, hostileYamlText} from '../support/hostile-text.js';
import {makeSandbox, WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, serverSideApply} from './drift/support.js';
import {fluxSystemSource, prepareCluster, putAll} from './support/seed.js';

const namespace = 'hostile-cli';

/** Both streams are free of control characters; `label` names the run in a failure. */
function assertClean(run: CliRun, label: string): void {
	assertNoControls(run.stdout, `${label} stdout`);
	assertNoControls(run.stderr, `${label} stderr`);
}

function withoutNamespace(object: KubeObject): KubeObject {
	const {namespace: _namespace, ...metadata} = object.metadata ?? {};
	return {...object, metadata};
}

describe('hostile text through every CLI output', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let git: Sandbox;
	let stateHome: string;
	let config: string;
	let toolDir: string;

	function driftwatch(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
		return runCli(
			[...args, '--kubeconfig', backend.kubeconfigPath, '--config', config],
			{...git.env, ...extraEnv, XDG_CONFIG_HOME: join(git.root, 'config-home'), XDG_STATE_HOME: stateHome},
			{unset: ['DRIFTWATCH_DIFF', 'KUBECTL_EXTERNAL_DIFF'], timeoutMs: 60_000},
		);
	}

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await prepareCluster(kc, [namespace]);
		await putAll(kc, [
			argoApplication({
				name: 'argo-hostile',
				namespace,
				sync: 'OutOfSync',
				revision: hostileText('argo-revision'),
				deployments: [
					{revision: hostileText('argo-history'), agoMs: 2 * day},
					{revision: commitSha('argo-hostile#1'), agoMs: hour},
				],
				operation: {phase: 'Failed', message: hostileText('argo-operation')},
			}),
			kustomization('flux-hostile', namespace, {
				state: 'failed',
				message: hostileText('flux-condition'),
				source: fluxSystemSource('GitRepository', 'flux-system'),
			}),
		]);

		git = makeSandbox();
		stateHome = join(git.root, 'state');
		const repo = WorkRepo.create(git);
		const settings = withoutNamespace(configMap('web-settings', namespace, {NOTE: hostileYamlText('git-value')}));
		repo.commit('first', {'apps/web/configmap.yaml': stringify(settings)});
		// Commit subjects and authors as a repository can hold them (git keeps ESC, C1 and bidi characters).
		const hostileCommit = (label: string, version: string) => {
			writeFileSync(
				join(repo.dir, 'apps/web/configmap.yaml'),
				stringify({...settings, data: {...(settings['data'] as Record<string, string>), VERSION: version}}),
			);
			repo.git('add', '--all');
			repo.git(
				'commit',
				'--quiet',
				'--author',
				`${hostileText(`author-${label}`)} <${label}@example.com>`,
				'-m',
				hostileText(`subject-${label}`),
			);
		};
		hostileCommit('old', '1');
		repo.commit('tool', {'apps/tool/kustomization.yaml': stringify({resources: []})});
		hostileCommit('head', '2');

		const app = (name: string, path: string, branch = 'main') => ({name, repo: repo.dir, branch, path, namespace});
		mkdirSync(join(git.root, 'configs'));
		config = join(git.root, 'configs', 'driftwatch.yaml');
		await writeFile(
			config,
			stringify({apps: [app('web', 'apps/web'), app('tool', 'apps/tool'), app('gone', 'apps/web', hostileText('branch'))]}),
		);

		// A renderer that fails with escape sequences in its stderr, raw. (kubectl quotes what it prints, older kustomize
		// and helm builds do not.)
		toolDir = join(git.root, 'tools');
		mkdirSync(toolDir);
		writeFileSync(join(toolDir, 'kubectl'), `#!/bin/sh\ncat >&2 <<'EOF'\nError: ${hostileText('tool-stderr')}\nEOF\nexit 1\n`, {
			mode: 0o755,
		});

		// An audit log someone else wrote to (or a cluster's names and errors in it).
		await new AuditLog(join(stateHome, 'driftwatch', 'audit.log')).append({
			time: '2026-01-02T03:04:05.000Z',
			user: hostileText('audit-user'),
			context: hostileText('audit-context'),
			namespace,
			app: 'argo-hostile',
			kind: 'Application',
			action: 'rollback',
			params: {to: hostileText('audit-param')},
			result: 'failed',
			error: hostileText('audit-error'),
		});
	});
	after(async () => {
		await backend?.close();
		git?.cleanup();
	});

	test('status: the table shows the operation message, condition message and revision as escapes', async () => {
		const run = await driftwatch(['status', '-n', namespace]);
		assert.equal(run.code, 1, run.stderr);
		assertClean(run, 'status');
		for (const label of ['argo-operation', 'flux-condition', 'argo-revision']) assertShownEscaped(run.stdout, label, 'status');
		// One table row per app: no field starts a line of its own.
		assert.equal(run.stdout.trim().split('\n').length, 1 + 5, run.stdout);
	});

	test('status --json: the same strings to a JSON reader, every control character a \\u escape', async () => {
		const run = await driftwatch(['status', '--json', '-n', namespace]);
		assert.equal(run.code, 1, run.stderr);
		assertClean(run, 'status --json');
		const apps = (
			JSON.parse(run.stdout) as {apps: Array<{name: string; revision: string; message: string; operation: {message: string} | null}>}
		).apps;
		const argo = apps.find(app => app.name === 'argo-hostile');
		assert.equal(argo?.revision, hostileText('argo-revision'));
		assert.equal(argo?.operation?.message, hostileText('argo-operation'));
		assert.ok(apps.find(app => app.name === 'flux-hostile')?.message.includes(hostileText('flux-condition')));
		for (const shown of ['\\u001b]52;c;', '\\u009b2J', '\\u202eevil', '\\u2066live'])
			assert.ok(run.stdout.includes(shown), `${shown} in:\n${run.stdout}`);
	});

	test('sync: the plan and the result (with the commit subject) show escapes', async () => {
		const plan = await driftwatch(['sync', 'web']);
		assert.equal(plan.code, 2, plan.stderr);
		assertClean(plan, 'sync plan');
		const run = await driftwatch(['sync', 'web', '--yes']);
		assert.equal(run.code, 0, run.stderr);
		assertClean(run, 'sync --yes');
		assertShownEscaped(run.stdout, 'subject-head', 'sync result');
		assert.equal(run.stdout.split('\n').length, 2, `one result line:\n${run.stdout}`);
	});

	test('rollback without --to: the targets show commit subjects, authors and Argo CD revisions as escapes', async () => {
		const native = await driftwatch(['rollback', 'web']);
		assert.equal(native.code, 2, native.stderr);
		assertClean(native, 'rollback web');
		for (const label of ['subject-old', 'author-old']) assertShownEscaped(native.stderr, label, 'rollback web targets');

		const argo = await driftwatch(['rollback', 'argo-hostile']);
		assert.equal(argo.code, 2, argo.stderr);
		assertClean(argo, 'rollback argo-hostile');
		assertShownEscaped(argo.stderr, 'argo-history', 'rollback argo-hostile targets');
	});

	test('diff: the diff text from Git and the cluster, with its +/- lines', async () => {
		await serverSideApply(kc, configMap('web-settings', namespace, {NOTE: hostileYamlText('live-value')}), 'driftwatch');
		const run = await driftwatch(['diff', 'web']);
		assert.equal(run.code, 1, run.stderr);
		assertClean(run, 'diff web');
		assert.match(run.stdout, /^--- .*ConfigMap\/hostile-cli\/web-settings$/m);
		assert.match(run.stdout, /^-.*live-value/m);
		assert.match(run.stdout, /^\+.*git-value/m);
	});

	test("diff: a tool's stderr and a git error are one escaped line each", async () => {
		const tool = await driftwatch(['diff', 'tool'], {PATH: `${toolDir}:${git.env['PATH']}`});
		assert.equal(tool.code, 2, tool.stdout + tool.stderr);
		assertClean(tool, 'diff tool');
		assertShownEscaped(tool.stderr, 'tool-stderr', 'diff tool');

		const gone = await driftwatch(['diff', 'gone']);
		assert.equal(gone.code, 2, gone.stdout + gone.stderr);
		assertClean(gone, 'diff gone');
		assert.match(gone.stderr, /branch{\\x1b\]52;c;/);
	});

	test('log: audit entries show escapes; --json reads back as the entries stored', async () => {
		const run = await driftwatch(['log']);
		assert.equal(run.code, 0, run.stderr);
		assertClean(run, 'log');
		for (const label of ['audit-user', 'audit-context', 'audit-param', 'audit-error']) assertShownEscaped(run.stdout, label, 'log');

		const json = await driftwatch(['log', '--json']);
		assert.equal(json.code, 0, json.stderr);
		assertClean(json, 'log --json');
		const stored = await readFile(join(stateHome, 'driftwatch', 'audit.log'), 'utf8');
		const parse = (text: string) =>
			text
				.trim()
				.split('\n')
				.map(line => JSON.parse(line) as unknown);
		assert.deepEqual(parse(json.stdout), parse(stored));
	});
});
