import {test} from 'node:test';
import assert from 'node:assert/strict';
import {appRowSegments} from '../../source/ui/components/app-row.js';
import {appColumns} from '../../source/ui/text/columns.js';
import {ageOf} from '../../source/ui/text/format.js';
import {unicodeGlyphs} from '../../source/ui/style/glyphs.js';
import {fitSegments} from '../../source/ui/components/line.js';
import {makeApp, manyApps} from './fixtures.js';

const rowText = (width: number, apps = manyApps(20)) =>
	apps.map(app =>
		appRowSegments(app, appColumns(width, apps), false, ageOf(app.lastChange, Date.now()).text, unicodeGlyphs, false)
			.map(s => s.text)
			.join(''),
	);

test('at 80 columns the status words and most of the message go, names and glyphs stay', () => {
	const columns = appColumns(80, manyApps(20));
	assert.equal(columns.healthWord, 0);
	assert.equal(columns.syncWord, 0);
	for (const row of rowText(80)) {
		assert.ok(row.length <= 80, row);
		assert.match(row, /^ {2}\S \S app-\d{3} /);
	}
});

test('wide terminals get sync and health words and a long message', () => {
	const columns = appColumns(160, manyApps(20));
	assert.ok(columns.healthWord > 0 && columns.syncWord > 0);
	assert.ok(columns.message >= 60);
});

test('very long names and namespaces shrink before anything overflows', () => {
	const apps = [makeApp({name: 'n'.repeat(80), namespace: 's'.repeat(60), revision: 'r'.repeat(50)})];
	for (const width of [80, 100, 120]) {
		for (const row of rowText(width, apps)) assert.ok(row.length <= width, `${width}: ${row.length}`);
	}
});

test('fitSegments cuts across segments and marks the cut', () => {
	const segments = [{text: 'abc'}, {text: 'def', tone: 'error' as const}, {text: 'ghi'}];
	assert.deepEqual(fitSegments(segments, 9, '…'), segments);
	assert.deepEqual(fitSegments(segments, 5, '…'), [{text: 'abc'}, {text: 'd…', tone: 'error'}]);
	assert.deepEqual(fitSegments(segments, 4, '~'), [{text: 'abc~'}]);
	assert.deepEqual(fitSegments(segments, 0, '…'), [{text: ''}]);
});
