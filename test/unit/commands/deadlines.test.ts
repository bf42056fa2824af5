// --timeout's durations, and deadlines that follow progress instead of a fixed budget.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseDuration, timeoutFlag} from '../../../source/commands/options.js';
import {ProgressDeadline, untilDoneOrIdle} from '../../../source/core/util/progress-deadline.js';

describe('parseDuration', () => {
	test('reads the durations kubectl and Go write', () => {
		assert.equal(parseDuration('90s'), 90_000);
		assert.equal(parseDuration('2m'), 120_000);
		assert.equal(parseDuration('1h'), 3_600_000);
		assert.equal(parseDuration('1m30s'), 90_000);
		assert.equal(parseDuration('500ms'), 500);
		assert.equal(parseDuration('1.5s'), 1500);
		assert.equal(parseDuration(' 45s '), 45_000);
	});

	test('refuses what is not a duration: no unit, unknown unit, zero, negative, empty', () => {
		for (const text of ['90', 'soon', '2 m', '5d', '0s', '-5s', '', 's', '1h-2m']) assert.equal(parseDuration(text), null, text);
	});
});

describe('--timeout', () => {
	test('absent: the commands keep their own defaults', () => {
		assert.deepEqual(timeoutFlag(undefined), {ms: undefined});
	});

	test('a bad value: one line naming the flag, an example and what was given', () => {
		const result = timeoutFlag('forever');
		assert.ok('error' in result);
		assert.doesNotMatch(result.error, /\n/);
		assert.match(result.error, /^--timeout /);
		assert.match(result.error, /90s/);
		assert.match(result.error, /"forever"/);
	});

	test('a good value in ms', () => {
		assert.deepEqual(timeoutFlag('2m'), {ms: 120_000});
	});
});

describe('ProgressDeadline', () => {
	test('passes only after idleMs without new progress; each new value moves it', () => {
		const deadline = new ProgressDeadline(1000, 0, 0);
		assert.equal(deadline.passed(0, 999), false);
		assert.equal(deadline.passed(1, 1500), false, 'progress at 1500');
		assert.equal(deadline.passed(1, 2400), false, 'still within 1 s of the last progress');
		assert.equal(deadline.passed(1, 2500), true);
	});
});

describe('untilDoneOrIdle', () => {
	test('waits past idleMs as long as progress keeps coming, and is true once done', async () => {
		let progress = 0;
		const startedAt = Date.now();
		const ticker = setInterval(() => progress++, 20);
		try {
			const done = await untilDoneOrIdle({done: () => progress >= 30, progress: () => progress, idleMs: 200, pollMs: 5});
			assert.equal(done, true);
			assert.ok(Date.now() - startedAt > 200, 'it outlasted one idle period');
		} finally {
			clearInterval(ticker);
		}
	});

	test('gives up (false) when progress stands still for idleMs', async () => {
		const done = await untilDoneOrIdle({done: () => false, progress: () => 7, idleMs: 50, pollMs: 5});
		assert.equal(done, false);
	});

	test('an abort ends the wait', async () => {
		const controller = new AbortController();
		controller.abort();
		assert.equal(await untilDoneOrIdle({done: () => false, progress: () => 0, idleMs: 60_000, signal: controller.signal}), false);
	});
});
