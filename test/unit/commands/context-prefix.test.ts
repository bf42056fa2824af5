import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {splitContextPrefix} from '../../../source/commands/app-session.js';
import {notLiveRows} from '../../../source/ui/state/selectors.js';
import {appId, type AppSummary} from '../../../source/core/apps/model.js';
import type {SourceState} from '../../../source/core/kube/source-state.js';

describe('CONTEXT:APP', () => {
	const contexts = ['prod-eu', 'arn:aws:eks:eu-west-1:1234:cluster/prod', 'arn:aws:eks:eu-west-1:1234:cluster/prod:blue'];

	test('a known context before the colon is split off; APP as given otherwise', () => {
		assert.deepEqual(splitContextPrefix('prod-eu:shop/web', contexts), {context: 'prod-eu', app: 'shop/web'});
		assert.deepEqual(splitContextPrefix('staging:shop/web', contexts), {context: null, app: 'staging:shop/web'});
		assert.deepEqual(splitContextPrefix('web', contexts), {context: null, app: 'web'});
	});

	test('context names holding colons: the longest that fits', () => {
		assert.deepEqual(splitContextPrefix('arn:aws:eks:eu-west-1:1234:cluster/prod:web', contexts), {
			context: 'arn:aws:eks:eu-west-1:1234:cluster/prod',
			app: 'web',
		});
		assert.deepEqual(splitContextPrefix('arn:aws:eks:eu-west-1:1234:cluster/prod:blue:web', contexts), {
			context: 'arn:aws:eks:eu-west-1:1234:cluster/prod:blue',
			app: 'web',
		});
	});
});

describe('rows not live, per context', () => {
	const row = (context: string, kind = 'Application'): AppSummary =>
		({id: appId(context, kind, 'argocd', 'web'), provider: 'argocd', kind, context, name: 'web', namespace: 'argocd'}) as AppSummary;
	const source = (context: string | undefined, key: string, kind: string | undefined, phase: SourceState['phase']): SourceState => ({
		key,
		label: key,
		...(kind ? {kind} : {}),
		...(context ? {context} : {}),
		phase,
		lastUpdated: null,
		message: '',
	});

	test("a context's unread source marks only that context's rows of its kind", () => {
		const notLive = notLiveRows([
			source('east', 'argoproj.io/applications', 'Application', 'live'),
			source('west', 'argoproj.io/applications', 'Application', 'disconnected'),
		]);
		assert.equal(notLive(row('west')), true);
		assert.equal(notLive(row('east')), false);
		assert.equal(notLive(row('west', 'Kustomization')), false);
	});

	test('a context whose discovery fails: all its cluster rows; one context as before (no context on sources)', () => {
		const blind = notLiveRows([
			source('west', 'discovery', undefined, 'unauthorized'),
			source('east', 'argoproj.io/applications', 'Application', 'live'),
		]);
		assert.equal(blind(row('west', 'Kustomization')), true);
		assert.equal(blind(row('east')), false);
		const single = notLiveRows([source(undefined, 'argoproj.io/applications', 'Application', 'stale')]);
		assert.equal(single(row('prod-eu')), true);
		assert.equal(single(row('prod-eu', 'Kustomization')), false);
	});

	test('Git apps: not live while every source of their context is unread (its server does not answer), else live', () => {
		const gitApp = (context: string): AppSummary => ({...row(context, 'App'), provider: 'git'}) as AppSummary;
		const westDown = notLiveRows([
			source('west', 'argoproj.io/applications', 'Application', 'disconnected'),
			source('west', 'kustomize.toolkit.fluxcd.io/kustomizations', 'Kustomization', 'disconnected'),
			source('east', 'argoproj.io/applications', 'Application', 'live'),
		]);
		assert.equal(westDown(gitApp('west')), true);
		assert.equal(westDown(gitApp('east')), false);
		// One type unread (forbidden to list, a stale watch) says nothing of the server answering the Git app's reads.
		const westPartly = notLiveRows([
			source('west', 'argoproj.io/applications', 'Application', 'stale'),
			source('west', 'kustomize.toolkit.fluxcd.io/kustomizations', 'Kustomization', 'live'),
		]);
		assert.equal(westPartly(gitApp('west')), false);
		assert.equal(notLiveRows([source(undefined, 'argoproj.io/applications', 'Application', 'disconnected')])(gitApp('prod')), true);
	});
});
