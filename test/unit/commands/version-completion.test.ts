// `driftwatch --version`, `driftwatch version` and `driftwatch completion SHELL` as a user runs them; the bash
// script is loaded into a real bash and asked what it completes, as the shell does on Tab.
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {assertOneLineError, repoRoot, runCli} from '../../support/cli.js';

const packageVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {version: string}).version;
const versionLine = new RegExp(
	`^driftwatch ${packageVersion.replaceAll('.', '\\.')} \\(Node\\.js ${process.version.replaceAll('.', '\\.')}, ${process.platform}-${process.arch}\\)\n$`,
);

/** What bash offers on Tab after `words` (the last one is the word being completed). */
function bashCompletes(script: string, words: readonly string[]): string[] {
	const quoted = words.map(word => `'${word}'`).join(' ');
	const program = `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _driftwatch; printf '%s\\n' "\${COMPREPLY[@]}"`;
	return execFileSync('bash', ['--norc', '--noprofile', '-c', program], {encoding: 'utf8'})
		.split('\n')
		.filter(line => line !== '');
}

describe('driftwatch --version', () => {
	for (const args of [['--version'], ['version'], ['status', '--version']]) {
		test(`${args.join(' ')} prints driftwatch's version and Node's on one line`, async () => {
			const run = await runCli(args);
			assert.equal(run.code, 0, run.stderr);
			assert.match(run.stdout, versionLine);
			assert.equal(run.stderr, '');
		});
	}

	test('version takes no arguments', async () => {
		assertOneLineError(await runCli(['version', 'extra']), /version takes no arguments/);
	});
});

describe('driftwatch completion', () => {
	test('bash: a script bash loads, completing subcommands, flags and the shells', async () => {
		const run = await runCli(['completion', 'bash']);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stderr, '');
		assert.match(run.stdout, /^complete -o default -F _driftwatch driftwatch$/m);
		execFileSync('bash', ['-n'], {input: run.stdout});
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 's']), ['status', 'sandbox', 'sync', 'suspend']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', '--kubeconfig', 'kc', 're']), ['refresh', 'resume', 'reconcile']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 'te']), ['terminate']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 'sync', 'web', '--wa']), ['--wait']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 'status', '--j']), ['--json']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 'sync', '--no-']), ['--no-color', '--no-prune']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 'completion', '']), ['bash', 'zsh', 'fish']);
		// Nothing to guess after a flag's value or once the subcommand has its argument.
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', '--context', '']), []);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', 'completion', 'bash', '']), []);
	});

	test('bash: after --kubeconfig it offers files', async () => {
		const run = await runCli(['completion', 'bash']);
		assert.deepEqual(bashCompletes(run.stdout, ['driftwatch', '--kubeconfig', join(repoRoot, 'package.j')]), [
			join(repoRoot, 'package.json'),
		]);
	});

	test('zsh: a completion function for driftwatch naming every subcommand and flag', async () => {
		const run = await runCli(['completion', 'zsh']);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, /^#compdef driftwatch\n/);
		assert.match(run.stdout, /compdef _driftwatch driftwatch/);
		for (const word of ['status', 'diff', 'sync', 'completion', '--kubeconfig', '--all-namespaces', '--no-prune']) {
			assert.ok(run.stdout.includes(`'${word}:`), `${word} is offered`);
		}
		assert.match(run.stdout, /status --names --timeout \d+s/);
		if (existsSync('/bin/zsh') || existsSync('/usr/bin/zsh')) execFileSync('zsh', ['-n'], {input: run.stdout});
	});

	test('fish: complete lines for driftwatch naming every subcommand and flag', async () => {
		const run = await runCli(['completion', 'fish']);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, /^complete -c driftwatch -n __fish_use_subcommand -a status -d 'print every app once'$/m);
		assert.match(run.stdout, /^complete -c driftwatch -s n -l namespace -x /m);
		assert.match(run.stdout, /^complete -c driftwatch -l kubeconfig -r -F /m);
		assert.match(
			run.stdout,
			/__fish_seen_subcommand_from diff tree events timeline logs sync refresh rollback suspend resume reconcile terminate' -a '\(__driftwatch_apps\)'/,
		);
		if (existsSync('/usr/bin/fish')) execFileSync('fish', ['--no-execute'], {input: run.stdout});
	});

	test('an unknown shell, or none, is one line and exit 2', async () => {
		assertOneLineError(await runCli(['completion', 'tcsh']), /no completion for "tcsh": driftwatch completion bash\|zsh\|fish/);
		assertOneLineError(await runCli(['completion']), /completion needs SHELL; usage: driftwatch completion bash\|zsh\|fish/);
	});
});

describe('an old Node.js', () => {
	// The machine's own node, when it is older than 22 (the project's Node 22 comes from node_modules).
	const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
		path => existsSync(path) && Number(execFileSync(path, ['-p', 'process.versions.node'], {encoding: 'utf8'}).split('.')[0]) < 22,
	);
	test('gets one line naming the Node.js found, and exit 2', {skip: oldNode === undefined && 'no Node.js older than 22 here'}, async () => {
		const run = await new Promise<{code: number | null; stdout: string; stderr: string}>(resolve => {
			execFile(oldNode!, [join(repoRoot, 'bin/driftwatch.js'), 'status'], (error, stdout, stderr) => {
				resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
			});
		});
		const version = execFileSync(oldNode!, ['--version'], {encoding: 'utf8'}).trim();
		assert.equal(run.code, 2);
		assert.equal(run.stdout, '');
		assert.equal(run.stderr, `driftwatch needs Node.js 22 or newer (found ${version}); or use the standalone binary\n`);
	});
});
