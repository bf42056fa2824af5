import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {AppEventsState} from '../../source/core/monitor/app-events.js';
import type {TimelineState} from '../../source/core/monitor/timeline-follower.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';
import {collapsedEvent, liveEvents, minutesAgo} from './node-fixtures.js';
import {mixedReport, readyDrift} from './drift-fixtures.js';
import {keys, mountApp, type Mounted} from '../support/app-harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const apps = fleet();
const frontend = apps[0]!;
const event = collapsedEvent;

const frontendEvents: AppEventsState = liveEvents([
	event({type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container app', count: 5, lastTime: minutesAgo(1)}),
	event({
		reason: 'ScalingReplicaSet',
		message: 'Scaled up replica set frontend-web-7d9f to 3',
		subject: {apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'frontend-web'},
		source: 'deployment-controller',
	}),
]);

const timelineAll: TimelineState = {
	loading: false,
	problems: [],
	entries: [
		{
			time: minutesAgo(2),
			kind: 'transition',
			appId: frontend.id,
			app: 'Application/shop/frontend',
			text: 'health Healthy -> Degraded',
			who: '',
			tone: 'bad',
		},
		{
			time: minutesAgo(20),
			kind: 'action',
			appId: frontend.id,
			app: 'Application/shop/frontend',
			text: 'driftwatch sync ok',
			who: 'alice',
			tone: 'good',
		},
		{
			time: minutesAgo(40),
			kind: 'commit',
			appId: frontend.id,
			app: 'Application/shop/frontend',
			apps: ['Application/shop/frontend', 'Application/shop/frontend-canary'],
			text: 'commit 9f8e7d6 Raise the cache size',
			who: 'Bea Example',
			tone: 'normal',
		},
	],
};

const timelineFrontend: TimelineState = {
	loading: false,
	problems: [],
	entries: [
		{
			time: minutesAgo(5),
			kind: 'operation',
			appId: frontend.id,
			app: 'Application/shop/frontend',
			text: 'sync to abc1234 started',
			who: 'admin',
			tone: 'normal',
		},
		{
			time: minutesAgo(9),
			kind: 'commit',
			appId: frontend.id,
			app: 'Application/shop/frontend',
			text: 'commit abc1234 Bump web to 3 replicas',
			who: 'Alice Example',
			tone: 'normal',
		},
	],
};

async function mount(setup: Parameters<typeof mountApp>[1] = {}) {
	mounted = await mountApp(
		{context: 'prod-eu', contexts: ['prod-eu'], apps, sources: [liveSource('Argo CD apps')], updatedAt: Date.now()},
		{
			details: {[frontend.id]: frontendDetail()},
			feeds: {events: {[frontend.id]: frontendEvents}, timeline: {'*': timelineAll, [frontend.id]: timelineFrontend}},
			...setup,
		},
	);
	return mounted;
}

async function openDetail(ui: Mounted) {
	ui.press(keys.enter);
	await ui.until(frame => frame.includes('detail updated'), 'detail');
}

describe('events view', () => {
	test('e in the detail shows the app events newest first, Warnings marked, repeats counted; Esc goes back and stops following', async () => {
		const ui = await mount();
		await openDetail(ui);
		await ui.until(frame => /e events/.test(frame), 'the events key hinted in the detail');
		ui.press('e');
		const frame = await ui.until(frame => frame.includes('BackOff'), 'events');
		assert.match(frame, /Events Application shop\/frontend {2}2 events, 1 warning/);
		const lines = frame.split('\n');
		const backOff = lines.findIndex(line => line.includes('BackOff'));
		const scaling = lines.findIndex(line => line.includes('ScalingReplicaSet'));
		assert.ok(backOff >= 0 && backOff < scaling, 'newest first');
		assert.match(lines[backOff]!, /^⚠ +1m Warning BackOff {2}Pod\/frontend-web-7d9f {2}x5 {2}kubelet/);
		assert.match(lines[backOff + 1]!, /^ {6}Back-off restarting failed container app/);
		assert.match(lines[scaling]!, /^ +3m Normal ScalingReplicaSet {2}Deployment\/frontend-web {2}deployment-controller/);
		assert.deepEqual([...ui.monitor.watchingEvents], [frontend.id]);
		ui.press(keys.escape);
		await ui.until(frame => frame.includes('detail updated') && !frame.includes('BackOff'), 'back in the detail');
		assert.deepEqual([...ui.monitor.watchingEvents], []);
	});

	test('live: a new event published while the view is open shows at once', async () => {
		const ui = await mount();
		await openDetail(ui);
		ui.press('e');
		await ui.until(frame => frame.includes('BackOff'), 'events');
		ui.monitor.publishEvents(frontend.id, {
			...frontendEvents,
			events: [
				event({type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed', lastTime: minutesAgo(0)}),
				...frontendEvents.events,
			],
		});
		const frame = await ui.until(frame => frame.includes('Unhealthy'), 'the new event');
		assert.match(frame, /3 events, 2 warnings/);
	});

	test("with a resource picked in the detail (]), e shows that resource's events; a widens to the whole app", async () => {
		const ui = await mount({drifts: {[frontend.id]: readyDrift(mixedReport())}, height: 40});
		await openDetail(ui);
		await ui.until(frame => frame.includes('Deployment shop/frontend-web'), 'drifted resources');
		ui.press(']');
		ui.press('e');
		let frame = await ui.until(frame => frame.includes('Events Deployment/frontend-web'), 'scoped events');
		assert.match(frame, /1 event\b/);
		assert.ok(frame.includes('ScalingReplicaSet') && !frame.includes('BackOff'), frame);
		assert.match(frame, /a whole app/);
		ui.press('a');
		frame = await ui.until(frame => frame.includes('Events Application shop/frontend'), 'whole app');
		assert.ok(frame.includes('BackOff'));
	});

	test('a context that may not list events says forbidden', async () => {
		const ui = await mount({
			feeds: {
				events: {
					[frontend.id]: {
						...frontendEvents,
						events: [],
						source: {
							key: 'events',
							label: 'events',
							phase: 'forbidden',
							lastUpdated: null,
							message: 'events is forbidden: User "viewer" cannot list resource "events"',
						},
					},
				},
			},
		});
		await openDetail(ui);
		ui.press('e');
		const frame = await ui.until(frame => frame.includes('forbidden'), 'forbidden');
		assert.match(frame, /events forbidden: events is forbidden: User "viewer" cannot list resource "events"/);
		assert.match(frame, /This context may not list events/);
	});

	test('80x24, ASCII, no colour: the Warning reads from its mark and word, every line fits', async () => {
		const ui = await mount({width: 80, height: 24, options: {ascii: true, color: false}});
		await openDetail(ui);
		ui.press('e');
		const frame = await ui.until(frame => frame.includes('BackOff'), 'events');
		assert.match(frame, /^! +1m Warning BackOff/m);
		for (const line of frame.split('\n')) assert.ok([...line].length <= 80, line);
		assert.doesNotMatch(frame, /[^\x00-\x7F]/);
		assert.ok(frame.split('\n').length <= 23);
	});
});

describe('timeline view', () => {
	test('H in the list shows every app; in the detail that app; a switches between them', async () => {
		const ui = await mount();
		ui.press('H');
		// The title shows at once, the entries when the timeline answers (loading… until then).
		let frame = await ui.until(frame => frame.includes('Timeline all apps') && !frame.includes('loading'), 'all-apps timeline');
		assert.match(frame, /⚠ +2m change +frontend {2}health Healthy -> Degraded/);
		assert.match(frame, /20m action +frontend {2}driftwatch sync ok {2}by alice/);
		// A commit on a path two apps track: one line naming both.
		assert.match(frame, /40m commit +frontend, frontend-canary {2}commit 9f8e7d6 Raise the cache size {2}by Bea Example/);
		assert.deepEqual([...ui.monitor.watchingTimeline], ['*']);
		ui.press(keys.escape);
		await ui.until(frame => !frame.includes('Timeline'), 'back to the list');
		assert.deepEqual([...ui.monitor.watchingTimeline], []);

		await openDetail(ui);
		ui.press('H');
		frame = await ui.until(frame => frame.includes('Timeline Application shop/frontend') && !frame.includes('loading'), 'app timeline');
		assert.match(frame, /5m operation +sync to abc1234 started {2}by admin/);
		assert.match(frame, /9m commit +commit abc1234 Bump web to 3 replicas {2}by Alice Example/);
		ui.press('a');
		await ui.until(frame => frame.includes('Timeline all apps'), 'switched to all apps');
		ui.press('a');
		await ui.until(frame => frame.includes('Timeline Application shop/frontend'), 'back to the app');
		ui.press('q');
		await ui.until(frame => frame.includes('detail updated'), 'back in the detail');
	});

	test(':timeline in the palette opens it too', async () => {
		const ui = await mount();
		ui.press(':timeline');
		ui.press(keys.enter);
		await ui.until(frame => frame.includes('Timeline all apps'), 'timeline from the palette');
	});
});
