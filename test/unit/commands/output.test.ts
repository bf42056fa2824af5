// The CLI's writer: colour on a terminal is the only escape sequence that reaches it raw.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {colorize} from '../../../source/commands/diff.js';
import {outputTo} from '../../../source/commands/output.js';
import {assertNoControls, hostileText} from '../../support/hostile-text.js';

function recorder() {
	const chunks: string[] = [];
	return {output: outputTo({isTTY: true, write: (chunk: string) => chunks.push(chunk) > 0}), written: () => chunks.join('')};
}

test("a coloured diff: red and green lines, and the content's own escape sequences shown, not sent", () => {
	const {output, written} = recorder();
	const diff = `--- live/ConfigMap/shop/web\n+++ git/ConfigMap/shop/web\n@@ -1 +1 @@\n-  NOTE: ${hostileText('live')}\n+  NOTE: plain\n`;
	output.painted(colorize(diff));
	const text = written();
	assert.ok(text.includes('\u001B[31m-  NOTE: live{\\x1b]52;c;'), text);
	assert.ok(text.includes('\u001B[32m+  NOTE: plain\u001B[0m\n'), text);
	// Without the colours driftwatch adds, nothing a terminal acts on is left.
	assertNoControls(text.replace(/\u001B\[(?:0|1|31|32|36)m/g, ''), 'painted diff');
	assert.equal(text.replace(/\u001B\[(?:0|1|31|32|36)m/g, '').split('\n').length, diff.split('\n').length, 'the diff keeps its lines');
});

test('lines: each entry is one line, whatever line breaks it holds', () => {
	const {output, written} = recorder();
	output.lines(['Sync Git shop/web', `  warning: ${'done\n  context:   staging\r'}`]);
	assert.equal(written(), 'Sync Git shop/web\n  warning: done   context:   staging \n');
});
