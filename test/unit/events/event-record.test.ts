import assert from 'node:assert/strict';
import {test} from 'node:test';
import {collapseEvents, eventsAbout, mergeEventViews, readEvent} from '../../../source/core/events/event-record.js';

// One Event as a real kube-apiserver serves it through each API: same uid, fields renamed.
const coreView = {
	apiVersion: 'v1',
	kind: 'Event',
	metadata: {name: 'web-7d9f.17a', namespace: 'shop', uid: 'u-1', creationTimestamp: '2026-12-07T01:00:00Z'},
	involvedObject: {apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-7d9f'},
	reason: 'BackOff',
	message: 'Back-off restarting failed container app',
	source: {component: 'kubelet'},
	firstTimestamp: '2026-12-07T01:00:00Z',
	lastTimestamp: '2026-12-07T01:20:00Z',
	count: 7,
	type: 'Warning',
	eventTime: null,
	reportingComponent: '',
};
const v1View = {
	apiVersion: 'events.k8s.io/v1',
	kind: 'Event',
	metadata: coreView.metadata,
	eventTime: null,
	regarding: coreView.involvedObject,
	reason: 'BackOff',
	note: 'Back-off restarting failed container app',
	type: 'Warning',
	deprecatedSource: {component: 'kubelet'},
	deprecatedFirstTimestamp: '2026-12-07T01:00:00Z',
	deprecatedLastTimestamp: '2026-12-07T01:20:00Z',
	deprecatedCount: 7,
};

test('both API views of one event read alike and merge into one record', () => {
	const fromCore = readEvent(coreView);
	const fromV1 = readEvent(v1View);
	assert.deepEqual(fromCore, fromV1);
	assert.deepEqual(fromCore, {
		key: 'u-1',
		namespace: 'shop',
		name: 'web-7d9f.17a',
		type: 'Warning',
		reason: 'BackOff',
		message: 'Back-off restarting failed container app',
		subject: {apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-7d9f'},
		source: 'kubelet',
		count: 7,
		firstTime: '2026-12-07T01:00:00Z',
		lastTime: '2026-12-07T01:20:00Z',
	});
	assert.equal(mergeEventViews([fromCore], [fromV1]).length, 1);
});

test('an events.k8s.io series says how often and when last; reportingController names the writer', () => {
	const record = readEvent({
		metadata: {name: 'podinfo.1', namespace: 'flux-system', uid: 'u-2'},
		eventTime: '2026-12-07T01:00:00.000000Z',
		series: {count: 12, lastObservedTime: '2026-12-07T01:30:00.000000Z'},
		regarding: {kind: 'Kustomization', namespace: 'flux-system', name: 'podinfo'},
		reason: 'ReconciliationSucceeded',
		note: 'Reconciliation finished in 1s',
		type: 'Normal',
		reportingController: 'kustomize-controller',
	});
	assert.equal(record.count, 12);
	assert.equal(record.firstTime, '2026-12-07T01:00:00.000000Z');
	assert.equal(record.lastTime, '2026-12-07T01:30:00.000000Z');
	assert.equal(record.source, 'kustomize-controller');
	assert.equal(record.message, 'Reconciliation finished in 1s');
});

test('repeats written as separate objects collapse: counts add up, first and last time span them; newest first', () => {
	const base = {...coreView, count: 1};
	const events = [
		readEvent({
			...base,
			metadata: {...base.metadata, uid: 'a', name: 'a'},
			firstTimestamp: '2026-12-07T01:00:00Z',
			lastTimestamp: '2026-12-07T01:00:00Z',
		}),
		readEvent({
			...base,
			metadata: {...base.metadata, uid: 'b', name: 'b'},
			firstTimestamp: '2026-12-07T01:05:00Z',
			lastTimestamp: '2026-12-07T01:10:00Z',
			count: 4,
		}),
		readEvent({
			...base,
			metadata: {...base.metadata, uid: 'c', name: 'c'},
			type: 'Normal',
			reason: 'Pulled',
			message: 'image pulled',
			lastTimestamp: '2026-12-07T01:30:00Z',
		}),
	];
	const collapsed = collapseEvents(events);
	assert.deepEqual(
		collapsed.map(event => [event.reason, event.count, event.objects, event.firstTime, event.lastTime]),
		[
			['Pulled', 1, 1, '2026-12-07T01:00:00Z', '2026-12-07T01:30:00Z'],
			['BackOff', 5, 2, '2026-12-07T01:00:00Z', '2026-12-07T01:10:00Z'],
		],
	);
});

test('events about given objects only', () => {
	const pod = readEvent(coreView);
	const other = readEvent({
		...coreView,
		metadata: {...coreView.metadata, uid: 'x'},
		involvedObject: {kind: 'Pod', namespace: 'shop', name: 'other'},
	});
	assert.deepEqual(eventsAbout([pod, other], [{kind: 'Pod', namespace: 'shop', name: 'web-7d9f'}]), [pod]);
});
