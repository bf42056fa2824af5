import assert from 'node:assert/strict';
import {test} from 'node:test';
import {timelineLine} from '../../../source/commands/timeline.js';
import type {TimelineEntry} from '../../../source/core/timeline/timeline.js';

// `driftwatch timeline` lines: which app, and with several contexts read, which context, even for no one app.

const now = Date.parse('2026-12-07T03:12:00Z');
const entry = (fields: Partial<TimelineEntry>): TimelineEntry => ({
	time: '2026-12-07T03:00:00Z',
	kind: 'event',
	appId: null,
	app: '',
	text: 'Warning ProgressDeadlineExceeded Deployment/checkout: no minimum availability',
	who: '',
	tone: 'bad',
	...fields,
});

test('an entry names its app, across contexts as CONTEXT:APP; one about no app says - or CONTEXT:-', () => {
	assert.equal(
		timelineLine(entry({app: 'Application/argocd/web', context: 'prod-us'}), now, true),
		' 12m  event       prod-us:Application/argocd/web  Warning ProgressDeadlineExceeded Deployment/checkout: no minimum availability',
	);
	assert.match(timelineLine(entry({context: 'prod-us'}), now, true), /^ 12m {2}event {7}prod-us:- {2}Warning /);
	assert.match(timelineLine(entry({}), now, true), /^ 12m {2}event {7}- {2}Warning /);
});
