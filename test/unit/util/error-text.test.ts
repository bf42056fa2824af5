import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {errorText, firstLine, joinedLines, redactCredentials} from '../../../source/core/util/error-text.js';

describe('errorText', () => {
	test('one line, the first that says something, of an Error or anything thrown', () => {
		assert.equal(errorText(new Error('cannot fetch\n  at stack frame')), 'cannot fetch');
		assert.equal(errorText('\n  plain string  \nsecond'), 'plain string');
		assert.equal(errorText(42), '42');
	});

	test('a password or token in a URL is hidden, the host stays', () => {
		const error = new Error("fatal: unable to access 'https://user:s3cret@git.example/repo.git/': 403");
		assert.equal(errorText(error), "fatal: unable to access 'https://***@git.example/repo.git/': 403");
		assert.equal(redactCredentials('ssh://git:tok@host/x and https://a@b/c'), 'ssh://***@host/x and https://***@b/c');
	});

	test('multiline keeps every line, still redacted', () => {
		assert.equal(errorText(new Error('one https://u:p@h/\ntwo'), {multiline: true}), 'one https://***@h/\ntwo');
	});

	test('firstLine trims and skips leading blank lines', () => {
		assert.equal(firstLine('\n\n  first \nsecond'), 'first');
	});
});

describe('joinedLines', () => {
	test('every non-blank line in one, credentials hidden, cut at the limit', () => {
		assert.equal(joinedLines('first\n\n  second https://u:p@h/x  \nthird'), 'first second https://***@h/x third');
		assert.equal(joinedLines('abcdef\nghij', 6), 'abcde…');
	});
});
