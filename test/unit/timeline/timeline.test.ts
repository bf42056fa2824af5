import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {auditEntries, detailEntries, fleetCommitEntries, mergeTimeline, transitionEntry} from '../../../source/core/timeline/timeline.js';
import {TransitionRecorder} from '../../../source/core/timeline/transitions.js';
import {makeApp} from '../../ui/fixtures.js';

function app(fields: Partial<AppSummary> = {}): AppSummary {
	return makeApp({
		name: 'web',
		kind: 'Application',
		namespace: 'argocd',
		context: 'ctx',
		deploysInto: ['shop'],
		revision: 'a'.repeat(40),
		message: '',
		lastChange: null,
		...fields,
	});
}

test('the recorder notes health, sync and revision changes after the first sight, not before', () => {
	const recorder = new TransitionRecorder();
	recorder.observe([app()], Date.parse('2026-12-07T01:00:00Z'));
	assert.deepEqual(recorder.transitions(), []);
	recorder.observe([app({health: 'Degraded', sync: 'OutOfSync', revision: 'b'.repeat(40)})], Date.parse('2026-12-07T01:01:00Z'));
	assert.deepEqual(
		recorder
			.transitions()
			.map(transitionEntry)
			.map(entry => [entry.time, entry.text, entry.tone]),
		[
			['2026-12-07T01:01:00.000Z', 'health Healthy -> Degraded', 'bad'],
			['2026-12-07T01:01:00.000Z', 'sync Synced -> OutOfSync', 'bad'],
			['2026-12-07T01:01:00.000Z', 'applied revision aaaaaaa -> bbbbbbb', 'normal'],
		],
	);
	recorder.clear();
	assert.deepEqual(recorder.transitions(), []);
	// Learning a state is no change; a spell of Unknown in between is left out of the change it hid.
	recorder.observe([app({health: 'Unknown', sync: 'Unknown'})], Date.parse('2026-12-07T02:00:00Z'));
	recorder.observe([app({health: 'Healthy', sync: 'Synced'})], Date.parse('2026-12-07T02:01:00Z'));
	recorder.observe([app({health: 'Unknown', sync: 'Synced'})], Date.parse('2026-12-07T02:02:00Z'));
	recorder.observe([app({health: 'Degraded', sync: 'Synced'})], Date.parse('2026-12-07T02:03:00Z'));
	assert.deepEqual(
		recorder
			.transitions()
			.map(transitionEntry)
			.map(entry => [entry.time, entry.text]),
		[['2026-12-07T02:03:00.000Z', 'health Healthy -> Degraded']],
	);
});

test('syncs from the detail say who started them; merged newest first, filtered by time and app', () => {
	const web = app();
	const syncs = detailEntries(web, {
		conditions: [],
		resources: [],
		operation: {
			phase: 'Failed',
			message: 'one or more objects failed',
			startedAt: '2026-12-07T01:10:00Z',
			finishedAt: '2026-12-07T01:11:00Z',
			revision: 'c'.repeat(40),
			initiatedBy: 'alice',
		},
		history: [{id: '3', revision: 'b'.repeat(40), deployedAt: '2026-12-07T00:30:00Z', note: 'apps/web', initiatedBy: 'automated sync'}],
	});
	const actions = auditEntries(
		[
			{
				time: '2026-12-07T01:05:00Z',
				user: 'bob',
				context: 'ctx',
				namespace: 'argocd',
				app: 'web',
				kind: 'Application',
				action: 'sync',
				params: {},
				result: 'ok',
			},
		],
		'ctx',
		[web],
	);
	const merged = mergeTimeline([syncs, actions], {sinceMs: Date.parse('2026-12-07T00:45:00Z'), appId: web.id});
	assert.deepEqual(
		merged.map(entry => [entry.kind, entry.text, entry.who, entry.tone]),
		[
			['operation', 'sync to ccccccc failed: one or more objects failed', 'alice', 'bad'],
			['operation', 'sync to ccccccc started', 'alice', 'normal'],
			['action', 'driftwatch sync ok', 'bob', 'good'],
		],
	);
	assert.equal(mergeTimeline([syncs]).at(-1)?.who, 'automated sync');
});

test('all apps: a commit several apps track is one entry naming them all; older than the window, none', () => {
	const commit = (hash: string, subject: string, date: string) => ({
		hash: hash.repeat(40),
		subject,
		author: 'Ada',
		authorEmail: 'ada@example.com',
		date,
	});
	const raise = commit('b', 'raise replicas', '2026-12-07T01:00:00Z');
	const green = app({id: 'ctx/Application/argocd/web-green', name: 'web-green'});
	const blue = app({id: 'ctx/Application/argocd/web-blue', name: 'web-blue'});
	const billing = app({id: 'ctx/Application/argocd/billing', name: 'billing'});
	const entries = fleetCommitEntries(
		[
			{app: green, commits: [raise, commit('a', 'first release', '2026-12-05T01:00:00Z')]},
			{app: blue, commits: [raise]},
			{app: billing, commits: [commit('c', 'tax table', '2026-12-07T02:00:00Z')]},
		],
		Date.parse('2026-12-06T00:00:00Z'),
	);
	assert.deepEqual(
		entries.map(entry => [entry.text, entry.appId, entry.app, entry.apps, entry.who]),
		[
			[
				'commit bbbbbbb raise replicas',
				blue.id,
				'Application/argocd/web-blue',
				['Application/argocd/web-blue', 'Application/argocd/web-green'],
				'Ada',
			],
			['commit ccccccc tax table', billing.id, 'Application/argocd/billing', undefined, 'Ada'],
		],
	);
});
