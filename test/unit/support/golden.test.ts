// The golden-file helper itself: a changed or missing file fails, and only UPDATE_GOLDEN=1 writes one.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, describe, test} from 'node:test';
import {assertGolden, stabilize} from '../../support/golden.js';

describe('golden files', () => {
	const dir = mkdtempSync(join(tmpdir(), 'driftwatch-golden-'));
	const wanted = process.env['UPDATE_GOLDEN'];
	afterEach(() => {
		if (wanted === undefined) delete process.env['UPDATE_GOLDEN'];
		else process.env['UPDATE_GOLDEN'] = wanted;
	});
	after(() => rmSync(dir, {recursive: true, force: true}));

	test('the same text passes; one changed byte fails, naming the update command', () => {
		delete process.env['UPDATE_GOLDEN'];
		writeFileSync(join(dir, 'table.txt'), 'NAME  SYNC\nweb   Synced\n');
		assertGolden('table.txt', 'NAME  SYNC\nweb   Synced\n', dir);
		assert.throws(() => assertGolden('table.txt', 'NAME  SYNC\nweb   Synced \n', dir), /npm run test:golden:update/);
	});

	test('a missing file fails instead of being written by a plain run', () => {
		delete process.env['UPDATE_GOLDEN'];
		assert.throws(() => assertGolden('new.txt', 'text\n', dir), /new\.txt does not exist/);
		assert.throws(() => readFileSync(join(dir, 'new.txt')), /ENOENT/);
	});

	test('UPDATE_GOLDEN=1 writes the text as it is', () => {
		process.env['UPDATE_GOLDEN'] = '1';
		assertGolden('nested/plan.txt', 'Sync web\n', dir);
		assert.equal(readFileSync(join(dir, 'nested', 'plan.txt'), 'utf8'), 'Sync web\n');
	});

	test('stabilize replaces literal strings everywhere and patterns as given, in order', () => {
		const text = 'server https://127.0.0.1:43121 in /tmp/x/work at 0123abc (0123abc)';
		assert.equal(
			stabilize(text, [
				[/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>'],
				['/tmp/x', '<tmp>'],
				['0123abc', '<commit>'],
			]),
			'server https://127.0.0.1:<port> in <tmp>/work at <commit> (<commit>)',
		);
	});
});
