import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {finishPendingActions} from '../../../source/commands/pending-actions.js';
import type {ActionProgress} from '../../../source/core/actions/progress-types.js';
import {appId, type AppSummary} from '../../../source/core/apps/model.js';
import {createStaticMonitor} from '../../support/static-monitor.js';

const id = appId('prod', 'Git', 'shop', 'web');
const web = {id, kind: 'Git', namespace: 'shop', name: 'web'} as AppSummary;
const progress = (phase: ActionProgress['phase'], message = ''): ActionProgress => ({
	action: 'sync',
	label: 'Sync',
	phase,
	message,
	startedAt: 1,
	finishedAt: phase === 'sending' ? null : 2,
});

describe('quitting the TUI while an action is still sending', () => {
	test('nothing sending: returns at once, says nothing', async () => {
		const lines: string[] = [];
		const monitor = createStaticMonitor({apps: [web], actions: {[id]: progress('waiting')}});
		assert.equal(await finishPendingActions(monitor, line => lines.push(line)), 0);
		assert.deepEqual(lines, []);
	});

	test('says what is still running, waits for it, then says how it ended (exit 1 when it failed)', async () => {
		const lines: string[] = [];
		const monitor = createStaticMonitor({apps: [web], actions: {[id]: progress('sending')}});
		const done = finishPendingActions(monitor, line => lines.push(line));
		assert.deepEqual(lines, [
			'driftwatch: Sync Git shop/web is still sending its requests; waiting for it to finish (Ctrl-C again stops it where it is)',
		]);
		monitor.store.update(current => ({...current, actions: {[id]: progress('failed', 'ConfigMap/shop/c1: forbidden (1 of 2 applied)')}}));
		assert.equal(await done, 1);
		assert.equal(lines.at(-1), 'driftwatch: Sync Git shop/web: failed — ConfigMap/shop/c1: forbidden (1 of 2 applied)');
	});
});
