import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {mergeContextTimelines} from '../../../source/core/monitor/multi-context-monitor.js';
import type {TimelineEntry} from '../../../source/core/timeline/timeline.js';

// The all-apps timeline of several contexts: one list, newest first, each entry and problem with its context.

const warning = (context: string, time: string): TimelineEntry => ({
	time,
	kind: 'event',
	appId: null,
	app: '',
	context,
	text: 'Warning ProgressDeadlineExceeded Deployment/checkout: Deployment does not have minimum availability.',
	who: 'deployment-controller',
	tone: 'bad',
});

describe('the all-apps timeline of several contexts', () => {
	test('the same warning in two clusters at the same second, no app owning it: two entries, one per context', () => {
		const at = '2026-12-07T03:00:00Z';
		const merged = mergeContextTimelines(
			[
				{loading: false, entries: [warning('prod-eu', at)], problems: []},
				{loading: false, entries: [warning('prod-us', at)], problems: []},
			],
			['prod-eu', 'prod-us'],
		);
		assert.deepEqual(
			merged.entries.map(entry => entry.context),
			['prod-eu', 'prod-us'],
		);
	});

	test('newest first; an entry twice from one context is kept once; problems name their context; loading while any is', () => {
		const merged = mergeContextTimelines(
			[
				{loading: false, entries: [warning('prod-eu', '2026-12-07T03:00:00Z'), warning('prod-eu', '2026-12-07T03:00:00Z')], problems: []},
				{loading: true, entries: [warning('prod-us', '2026-12-07T03:05:00Z')], problems: ['commits of web: repository unreachable']},
			],
			['prod-eu', 'prod-us'],
		);
		assert.deepEqual(
			merged.entries.map(entry => `${entry.context} ${entry.time}`),
			['prod-us 2026-12-07T03:05:00Z', 'prod-eu 2026-12-07T03:00:00Z'],
		);
		assert.deepEqual(merged.problems, ['prod-us: commits of web: repository unreachable']);
		assert.equal(merged.loading, true);
	});
});
