import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	compactLine,
	printableLine,
	terminalSafeJson,
	terminalSafeJsonText,
	visibleControls,
} from '../../../source/core/util/terminal-text.js';
import {assertNoControls, hostileParts, hostileText} from '../../support/hostile-text.js';

describe('visibleControls (multi-line text: a diff, a report)', () => {
	test('every escape sequence of the corpus is shown, none is sent', () => {
		assert.equal(visibleControls(hostileParts.clipboardWrite), '\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07');
		assert.equal(visibleControls(hostileParts.windowTitle), '\\x1b]0;pwned\\x1b\\');
		assert.equal(visibleControls(hostileParts.clearScreen), '\\x1b[2J\\x1b[H');
		assert.equal(visibleControls(hostileParts.cursorMoves), '\\x1b[5A\\x1b[3;1H');
		assert.equal(visibleControls(hostileParts.c1), '\\x9b2J\\x9d0;title\\x9c');
		assert.equal(visibleControls(hostileParts.bidi), '\\u202eevil\\u202c \\u2066live\\u2069');
		assert.equal(visibleControls(hostileParts.overwrite), 'ok\\x0dsafe\\x08\\x7f');
		assertNoControls(visibleControls(hostileText('all')), 'visibleControls');
	});

	test("newlines and tabs keep the text's shape; other text is untouched", () => {
		const diff = '--- live/ConfigMap/shop/web\n+++ git/ConfigMap/shop/web\n@@ -1 +1 @@\n-\tLOG: debug\n+\tLOG: info\n';
		assert.equal(visibleControls(diff), diff);
		assert.equal(visibleControls('naïve ✓ 日本 — “quoted”'), 'naïve ✓ 日本 — “quoted”');
	});

	test('showing twice is showing once: cleaned text stays as it is', () => {
		const once = visibleControls(hostileText('x'));
		assert.equal(visibleControls(once), once);
	});
});

describe('printableLine and compactLine (a field on one line)', () => {
	test('line breaks and tabs become spaces: a message cannot start a line of its own', () => {
		assert.equal(printableLine('applied\n  context:   staging\r\n\tdone'), 'applied   context:   staging done');
		assert.equal(compactLine('  applied\n  context:   staging\r\n\tdone  '), 'applied context: staging done');
	});

	test('the other controls are visible escapes', () => {
		assert.equal(
			compactLine(`sync failed: ${hostileParts.clearScreen}${hostileParts.bidi}`),
			'sync failed: \\x1b[2J\\x1b[H\\u202eevil\\u202c \\u2066live\\u2069',
		);
		assertNoControls(printableLine(hostileText('all')), 'printableLine');
	});
});

describe('terminalSafeJson', () => {
	test('escapes DEL, C1 and bidi characters too (JSON.stringify leaves them raw), and reads back the same', () => {
		const value = {message: hostileText('m'), revision: `abc${hostileParts.c1}`};
		assert.match(JSON.stringify(value), /[\u007F-\u009F\u202E]/u, 'JSON.stringify alone lets them through');
		const json = terminalSafeJson(value, 2);
		assertNoControls(json, 'terminalSafeJson');
		assert.ok(json.includes('\\u009b2J') && json.includes('\\u202eevil') && json.includes('\\u001b]52;c;'), json);
		assert.deepEqual(JSON.parse(json), value);
	});

	test('JSON Lines as stored keep their lines and read back the same', () => {
		const entries = [{error: hostileText('e')}, {error: 'plain'}];
		const stored = entries.map(entry => `${JSON.stringify(entry)}\n`).join('');
		const shown = terminalSafeJsonText(stored);
		assertNoControls(shown, 'terminalSafeJsonText');
		assert.deepEqual(
			shown
				.trim()
				.split('\n')
				.map(line => JSON.parse(line) as unknown),
			entries,
		);
		assert.equal(terminalSafeJsonText('{"a":"plain"}\n'), '{"a":"plain"}\n');
	});
});
