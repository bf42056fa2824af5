// The external diff runner with the real GNU diff, as KUBECTL_EXTERNAL_DIFF users run it.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {externalDiffCommand, isInteractiveDiff, pagerCommand, runExternalDiff} from '../../../source/core/diff/external-diff.js';
import {unifiedDiff} from '../../../source/core/diff/unified.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function configMap(name: string, data: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'shop'}, data};
}

const namespaceObject: KubeObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team'}};

const modified = unifiedDiff(configMap('web', {LOG_LEVEL: 'debug'}), configMap('web', {LOG_LEVEL: 'info'}), {
	kind: 'ConfigMap',
	namespace: 'shop',
	name: 'web',
});
const added = unifiedDiff(null, configMap('extra', {a: '1'}), {kind: 'ConfigMap', namespace: 'shop', name: 'extra'});
const removed = unifiedDiff(namespaceObject, null, {kind: 'Namespace', namespace: '', name: 'team'});
const unchanged = unifiedDiff(configMap('same', {a: '1'}), configMap('same', {a: '1'}), {
	kind: 'ConfigMap',
	namespace: 'shop',
	name: 'same',
});

/** The file paths diff names in its ---/+++ lines. */
function pathsIn(output: string): string[] {
	return output
		.split('\n')
		.filter(line => /^(---|\+\+\+) /.test(line))
		.map(line => line.slice(4).split('\t')[0]!);
}

describe('externalDiffCommand', () => {
	test('DRIFTWATCH_DIFF wins over KUBECTL_EXTERNAL_DIFF', () => {
		assert.equal(externalDiffCommand({DRIFTWATCH_DIFF: 'meld', KUBECTL_EXTERNAL_DIFF: 'diff -u'}), 'meld');
		assert.equal(externalDiffCommand({KUBECTL_EXTERNAL_DIFF: 'diff -u'}), 'diff -u');
	});

	test('empty (or blank) counts as unset', () => {
		assert.equal(externalDiffCommand({DRIFTWATCH_DIFF: '', KUBECTL_EXTERNAL_DIFF: 'diff -u'}), 'diff -u');
		assert.equal(externalDiffCommand({DRIFTWATCH_DIFF: '  ', KUBECTL_EXTERNAL_DIFF: ''}), null);
		assert.equal(externalDiffCommand({}), null);
	});
});

describe('runExternalDiff with diff -u -N -r', () => {
	test('differences are exit 1 without an error; files are LIVE-*/MERGED-* Kind.namespace.name.yaml', async () => {
		const result = await runExternalDiff('diff -u -N -r', [modified, added, removed]);
		assert.equal(result.error, null);
		assert.equal(result.exitCode, 1);
		const paths = pathsIn(result.output);
		assert.ok(
			paths.some(path => /\/LIVE-[^/]+\/ConfigMap\.shop\.web\.yaml$/.test(path)),
			paths.join('\n'),
		);
		assert.ok(
			paths.some(path => /\/MERGED-[^/]+\/ConfigMap\.shop\.web\.yaml$/.test(path)),
			paths.join('\n'),
		);
		// Cluster-scoped: no namespace in the name.
		assert.ok(
			paths.some(path => /\/LIVE-[^/]+\/Namespace\.team\.yaml$/.test(path)),
			paths.join('\n'),
		);
		assert.match(result.output, /^- {2}LOG_LEVEL: debug$/m);
		assert.match(result.output, /^\+ {2}LOG_LEVEL: info$/m);
		// The object missing live is all additions; the one Git lacks all removals (-N: absent = empty).
		assert.match(result.output, /^\+ {2}name: extra$/m);
		assert.match(result.output, /^- {2}name: team$/m);
		// Both directories are gone afterwards.
		assert.ok(paths.length >= 6);
		for (const path of paths) assert.equal(existsSync(path), false, `${path} left behind`);
	});

	test('no differences: exit 0 and no output', async () => {
		const result = await runExternalDiff('diff -u -N -r', [unchanged]);
		assert.deepEqual(result, {exitCode: 0, output: '', error: null});
	});

	test('the command is split on whitespace and run without a shell', async () => {
		const result = await runExternalDiff('echo $HOME  |  x', [unchanged]);
		assert.equal(result.error, null);
		assert.match(result.output, /^\$HOME \| x \S+\/LIVE-\S+ \S+\/MERGED-\S+\n$/);
	});

	test('a missing program is one error naming it and the variable', async () => {
		const result = await runExternalDiff('no-such-diff-tool -u', [modified]);
		assert.equal(result.exitCode, null);
		assert.equal(result.error, 'DRIFTWATCH_DIFF: program "no-such-diff-tool" not found');
		const fromKubectl = await runExternalDiff('no-such-diff-tool', [modified], {variable: 'KUBECTL_EXTERNAL_DIFF'});
		assert.equal(fromKubectl.error, 'KUBECTL_EXTERNAL_DIFF: program "no-such-diff-tool" not found');
	});

	test("exit codes above 1 are failures, with the tool's first stderr line", async () => {
		const result = await runExternalDiff('diff --no-such-option', [modified]);
		assert.equal(result.exitCode, 2);
		assert.match(result.error ?? '', /^DRIFTWATCH_DIFF: "diff" exited with code 2: .*no-such-option/);
	});

	test('the tool gets the environment it is given', async () => {
		const result = await runExternalDiff('printenv DIFF_PROBE', [unchanged], {env: {PATH: process.env.PATH, DIFF_PROBE: 'probe-value'}});
		// printenv with extra operands prints each variable that exists; the directories are not variables.
		assert.match(result.output, /^probe-value$/m);
	});
});

describe('interactive tools and printing tools', () => {
	test('editors and windows get the terminal; anything else prints and is paged; DRIFTWATCH_DIFF_INTERACTIVE decides otherwise', () => {
		for (const command of ['vimdiff', 'nvim -d', '/usr/bin/meld', 'kdiff3', 'code --wait --diff'])
			assert.equal(isInteractiveDiff(command, {}), true, command);
		for (const command of ['diff -u -N', 'colordiff -u', 'difft', 'delta', '/usr/bin/diff -u'])
			assert.equal(isInteractiveDiff(command, {}), false, command);
		assert.equal(isInteractiveDiff('my-diff-ui', {DRIFTWATCH_DIFF_INTERACTIVE: '1'}), true);
		assert.equal(isInteractiveDiff('vimdiff', {DRIFTWATCH_DIFF_INTERACTIVE: '0'}), false);
	});

	test('the pager is $PAGER, else less -R', () => {
		assert.equal(pagerCommand({PAGER: 'most'}), 'most');
		assert.equal(pagerCommand({PAGER: '  '}), 'less -R');
		assert.equal(pagerCommand({}), 'less -R');
	});
});
