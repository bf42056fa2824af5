// An idle list is quiet: time labels move on one shared minute tick, so a screen of rows with different ages draws
// at most one frame a minute, and none when no label changes. The clock is injected: no test waits a minute.
import assert from 'node:assert/strict';
import {afterEach, describe, mock, test} from 'node:test';
import {manualClock, minuteClock} from '../../source/ui/hooks/use-coarse-clock.js';
import {makeApp} from './fixtures.js';
import {mountApp, rowOf, type Mounted} from '../support/app-harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const minute = 60_000;
const day = 24 * 60 * minute;

describe('idle frames', () => {
	test('40 rows with ages at different seconds move together: one frame per minute tick', async () => {
		const clock = manualClock();
		const start = clock.now();
		// Each row's next label change falls at a different second of the minute: per-row timers drew 40 frames.
		const apps = Array.from({length: 40}, (_, index) =>
			makeApp({
				name: `app-${String(index).padStart(2, '0')}`,
				lastChange: new Date(start - (index + 1) * minute - index * 1_400).toISOString(),
			}),
		);
		mounted = await mountApp({apps, sources: [], updatedAt: start - 3 * day}, {clock, height: 50});
		const ui = mounted;
		assert.match(rowOf(ui.frame(), 'app-00')!, / 1m /);
		assert.match(rowOf(ui.frame(), 'app-39')!, / 40m /);
		const before = ui.frames.length;
		clock.advance(minute);
		const frame = await ui.until(text => / 2m /.test(rowOf(text, 'app-00') ?? ''), 'ages one minute older');
		assert.match(rowOf(frame, 'app-39')!, / 41m /);
		assert.equal(ui.frames.length - before, 1, 'one frame for all 40 labels');
	});

	test('ticks that change no label write no frame', async () => {
		const clock = manualClock();
		// No change times and an old update: nothing on screen depends on the minute.
		const apps = [makeApp({name: 'frontend', lastChange: null}), makeApp({name: 'infra', lastChange: null})];
		mounted = await mountApp({apps, sources: [], updatedAt: clock.now() - 3 * day - 1_000}, {clock});
		const ui = mounted;
		assert.match(ui.frame(), /updated \d{4}-\d\d-\d\d \d\d:\d\dZ/);
		const before = ui.frames.length;
		for (let tick = 0; tick < 30; tick++) clock.advance(minute);
		// A visible change after the ticks: its frame is the first one since, or the ticks drew frames too.
		ui.monitor.store.update(current => ({...current, apps: [...current.apps, makeApp({name: 'zz-new', lastChange: null})]}));
		await ui.until(text => rowOf(text, 'zz-new') !== undefined, 'the new row');
		assert.equal(ui.frames.length - before, 1, 'only the change drew a frame');
	});

	test('the wall clock ticks once per minute, on the minute boundary', () => {
		mock.timers.enable({apis: ['setTimeout', 'Date'], now: Date.UTC(2026, 0, 1, 12, 0, 30)});
		try {
			const clock = minuteClock();
			let ticks = 0;
			const unsubscribe = clock.subscribe(() => ticks++);
			mock.timers.tick(29_999);
			assert.equal(ticks, 0, 'not before the boundary');
			mock.timers.tick(100);
			assert.equal(ticks, 1, 'at 12:01:00');
			for (let step = 0; step < 10; step++) mock.timers.tick(minute);
			assert.equal(ticks, 11, 'once a minute after that');
			unsubscribe();
			for (let step = 0; step < 10; step++) mock.timers.tick(minute);
			assert.equal(ticks, 11, 'nothing once nobody listens');
		} finally {
			mock.timers.reset();
		}
	});
});
