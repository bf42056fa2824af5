import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {emptySnapshot, type MonitorSnapshot} from '../../../source/core/monitor/monitor.js';
import {statusJson, statusOutcome} from '../../../source/core/status/status-report.js';
import {statusTable} from '../../../source/core/status/status-table.js';
import {makeApp} from '../../ui/fixtures.js';

function app(name: string, change: Partial<AppSummary> = {}): AppSummary {
	return makeApp({
		name,
		kind: 'Application',
		namespace: 'argocd',
		context: 'dev',
		deploysInto: ['shop'],
		revision: 'a'.repeat(40),
		message: '',
		lastChange: null,
		...change,
	});
}

function snapshot(apps: AppSummary[], change: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
	return {
		...emptySnapshot,
		context: 'dev',
		apps,
		sources: [{key: 'argoproj.io/applications', label: 'Argo CD apps', phase: 'live', lastUpdated: 1, message: ''}],
		...change,
	};
}

describe('status --json contract', () => {
	test('has exactly the documented keys, operation null or {phase, message}', () => {
		const json = statusJson([app('a'), app('b', {operation: {phase: 'Running', message: 'syncing'}})]);
		assert.deepEqual(
			Object.keys(json.apps[0]!).sort(),
			['context', 'health', 'id', 'kind', 'message', 'name', 'namespace', 'operation', 'provider', 'revision', 'sync'].sort(),
		);
		assert.equal(json.apps[0]!.operation, null);
		assert.deepEqual(json.apps[1]!.operation, {phase: 'Running', message: 'syncing'});
		assert.equal(json.apps[0]!.id, 'dev/Application/argocd/a');
	});
});

describe('status exit code', () => {
	test('0 when all are Synced and Healthy, Suspended counts as fine', () => {
		assert.equal(statusOutcome(snapshot([app('a'), app('b', {health: 'Suspended', sync: 'OutOfSync'})]), 'https://x').exitCode, 0);
	});

	test('1 when any app is OutOfSync or not Healthy', () => {
		assert.equal(statusOutcome(snapshot([app('a'), app('b', {sync: 'OutOfSync'})]), 'https://x').exitCode, 1);
		assert.equal(statusOutcome(snapshot([app('a', {health: 'Progressing'})]), 'https://x').exitCode, 1);
	});

	test('2 with one line naming the server when it cannot be reached', () => {
		const outcome = statusOutcome(
			snapshot([], {
				sources: [
					{key: 'discovery', label: 'API discovery', phase: 'disconnected', lastUpdated: null, message: 'connection refused 127.0.0.1:9'},
				],
			}),
			'https://127.0.0.1:9',
		);
		assert.equal(outcome.exitCode, 2);
		assert.deepEqual(outcome.problems, [
			'cannot reach https://127.0.0.1:9 (context dev): API discovery: disconnected — connection refused 127.0.0.1:9',
		]);
	});

	test('2, saying so, when there is nothing to watch: no Argo CD or Flux and no native apps', () => {
		const notice = 'no Argo CD or Flux resources found in this cluster (their CRDs are not installed)';
		const outcome = statusOutcome(snapshot([], {sources: [], notice}), 'https://x');
		assert.equal(outcome.exitCode, 2);
		assert.match(outcome.problems[0]!, /^context dev: nothing to watch — no Argo CD or Flux resources found .* no Git apps are configured/);
		const native = app('web', {provider: 'git', kind: 'Git'});
		assert.equal(
			statusOutcome(snapshot([native], {sources: [], notice}), 'https://x').exitCode,
			0,
			'native apps alone are something to watch',
		);
	});

	test('a forbidden type is a warning; the readable apps still decide the code', () => {
		const outcome = statusOutcome(
			snapshot([app('a')], {
				sources: [
					{key: 'argoproj.io/applications', label: 'Argo CD apps', phase: 'live', lastUpdated: 1, message: ''},
					{
						key: 'kustomize.toolkit.fluxcd.io/kustomizations',
						label: 'Flux kustomizations',
						phase: 'forbidden',
						lastUpdated: null,
						message: 'cannot list',
					},
				],
			}),
			'https://x',
		);
		assert.equal(outcome.exitCode, 0);
		assert.match(outcome.problems[0]!, /^warning: Flux kustomizations: forbidden/);
	});
});

describe('status while a source covers some namespaces only', () => {
	const partial = {
		key: 'argoproj.io/applications',
		label: 'Argo CD apps',
		phase: 'partial' as const,
		lastUpdated: 1,
		message: 'only namespaces argocd, team-a: listing in all namespaces is forbidden (retrying)',
		coveredNamespaces: ['argocd', 'team-a'],
	};

	test('exit 1 (never "all fine") with one warning line naming what is covered, even when every app shown is fine', () => {
		const outcome = statusOutcome(snapshot([app('a')], {sources: [partial]}), 'https://x');
		assert.equal(outcome.exitCode, 1);
		assert.deepEqual(outcome.problems, [
			'warning: Argo CD apps: partial — only namespaces argocd, team-a: listing in all namespaces is forbidden (retrying)',
		]);
	});

	test('--json gets a partial key naming the source and the only namespaces read; without one the keys stay as they were', () => {
		const json = statusJson(
			[app('a')],
			[
				partial,
				{key: 'kustomize.toolkit.fluxcd.io/kustomizations', label: 'Flux kustomizations', phase: 'live', lastUpdated: 1, message: ''},
			],
		);
		assert.deepEqual(json.partial, [
			{source: 'argoproj.io/applications', label: 'Argo CD apps', onlyNamespaces: ['argocd', 'team-a'], message: partial.message},
		]);
		assert.deepEqual(Object.keys(statusJson([app('a')], [{...partial, phase: 'live', message: ''}])), ['apps']);
	});
});

describe('status table', () => {
	test('a message longer than the MESSAGE column ends in … (... in ASCII mode); a short one is left whole', () => {
		const long = `exceeded its progress deadline: ${'waiting for pods, '.repeat(6)}THE END`;
		const [, cut, whole] = statusTable([app('a', {message: long}), app('b', {message: 'short message'})]).split('\n');
		assert.match(cut!, /exceeded its progress deadline: waiting for pods,.*…$/);
		assert.doesNotMatch(cut!, /THE END/);
		assert.equal([...cut!.slice(cut!.indexOf('exceeded'))].length, 80, 'the cell is 80 characters, the mark included');
		assert.match(whole!, /short message$/);
		const [, asciiCut] = statusTable([app('a', {message: long})], {ascii: true}).split('\n');
		assert.match(asciiCut!, /[^.]\.\.\.$/);
	});

	test('shows short revisions and the state label', () => {
		const text = statusTable([app('guestbook', {health: 'Progressing', stateLabel: 'Syncing'})]);
		const [header, row] = text.split('\n');
		assert.match(header!, /^SYNC\s+HEALTH\s+KIND\s+NAMESPACE\s+NAME\s+REVISION\s+MESSAGE$/);
		assert.match(row!, /Synced\s+Progressing \(Syncing\)\s+Application\s+argocd\s+guestbook\s+aaaaaaa/);
	});
});
