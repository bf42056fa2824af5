// What the row says after an action: the controller's answer, read from the rows the watches deliver.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {ActionProgressTracker} from '../../../source/core/monitor/progress-tracker.js';
import type {AppSummary} from '../../../source/core/apps/model.js';
import {makeApp} from '../../ui/fixtures.js';

function argo(overrides: Partial<AppSummary> = {}): AppSummary {
	return makeApp({
		name: 'shop',
		kind: 'Application',
		namespace: 'argocd',
		provider: 'argocd',
		operation: {phase: 'Succeeded', message: 'old sync'},
		lastChange: '2026-11-27T01:00:00Z',
		...overrides,
	});
}

describe('action progress', () => {
	test("an Argo CD sync waits through Running and ends with the controller's message; the old operation does not count", () => {
		const tracker = new ActionProgressTracker(() => {});
		const before = argo();
		tracker.started(before, 'sync');
		assert.equal(tracker.snapshot[before.id]?.phase, 'sending');
		tracker.sent(before, {ok: true, message: 'sync requested'});
		assert.equal(tracker.snapshot[before.id]?.phase, 'waiting', 'the previous Succeeded operation is not this one');
		tracker.observe([argo({operation: {phase: 'Running', message: 'waiting for healthy state of apps/Deployment/web'}})]);
		assert.equal(tracker.snapshot[before.id]?.phase, 'waiting');
		assert.match(tracker.snapshot[before.id]!.message, /waiting for healthy state/);
		tracker.observe([argo({operation: {phase: 'Failed', message: 'one or more objects failed to apply'}})]);
		assert.equal(tracker.snapshot[before.id]?.phase, 'failed');
		assert.equal(tracker.snapshot[before.id]?.message, 'one or more objects failed to apply');
		tracker.dismiss(before.id);
		assert.equal(tracker.snapshot[before.id], undefined);
	});

	test('an operation that ran and finished between two looks is still seen (its last-change time moved)', () => {
		const tracker = new ActionProgressTracker(() => {});
		const before = argo();
		tracker.started(before, 'sync');
		tracker.sent(before, {ok: true, message: 'sync requested'});
		tracker.observe([argo({operation: {phase: 'Succeeded', message: 'successfully synced'}, lastChange: '2026-11-27T02:00:00Z'})]);
		assert.equal(tracker.snapshot[before.id]?.phase, 'succeeded');
	});

	test('a Flux reconcile is done once the controller handled the request and Ready settled', () => {
		const tracker = new ActionProgressTracker(() => {});
		const before = makeApp({name: 'infra', provider: 'flux', lastHandledReconcileAt: 'a', health: 'Healthy'});
		tracker.started(before, 'reconcile');
		tracker.sent(before, {ok: true, message: 'reconcile requested'});
		tracker.observe([{...before}]);
		assert.equal(tracker.snapshot[before.id]?.phase, 'waiting', 'request not handled yet');
		tracker.observe([{...before, lastHandledReconcileAt: 'b', health: 'Progressing'}]);
		assert.equal(tracker.snapshot[before.id]?.phase, 'waiting', 'handled, still progressing');
		tracker.observe([{...before, lastHandledReconcileAt: 'b', health: 'Degraded', message: 'kustomize build failed'}]);
		assert.equal(tracker.snapshot[before.id]?.phase, 'failed');
		assert.equal(tracker.snapshot[before.id]?.message, 'kustomize build failed');
	});

	test('a refused or failed request is a failure at once; a refresh succeeds with its request', () => {
		const changes: number[] = [];
		const tracker = new ActionProgressTracker(() => changes.push(1));
		const app = argo();
		tracker.started(app, 'sync');
		tracker.sent(app, {ok: false, message: 'another operation is already in progress'});
		assert.equal(tracker.snapshot[app.id]?.phase, 'failed');
		tracker.started(app, 'refresh');
		tracker.sent(app, {ok: true, message: 'refresh requested'});
		assert.equal(tracker.snapshot[app.id]?.phase, 'succeeded');
		assert.ok(changes.length >= 4, 'every change is published');
	});
});
