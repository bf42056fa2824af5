import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {coarseAgo, oneLine, shortAge, shortKind, shortRevision, truncate, wrapText} from '../../source/ui/text/format.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('coarseAgo', () => {
	test('steps through just now, 10s, 30s, 1m, 5m… and never shows a ticking seconds count', () => {
		const cases: Array<[number, string]> = [
			[0, 'just now'],
			[9_999, 'just now'],
			[10 * s, '10s ago'],
			[29 * s, '10s ago'],
			[30 * s, '30s ago'],
			[59 * s, '30s ago'],
			[m, '1m ago'],
			[4 * m, '2m ago'],
			[5 * m, '5m ago'],
			[45 * m, '30m ago'],
			[90 * m, '1h ago'],
			[3 * d + h, '3d ago'],
		];
		for (const [elapsed, text] of cases) assert.equal(coarseAgo(elapsed).text, text, `${elapsed} ms`);
	});

	test('says exactly when the label next changes, so the UI can sleep until then', () => {
		assert.equal(coarseAgo(4 * s).validForMs, 6 * s);
		assert.equal(coarseAgo(12 * s).validForMs, 18 * s);
		assert.equal(coarseAgo(3 * m).validForMs, 2 * m);
		assert.equal(coarseAgo(2 * d + h).validForMs, d - h);
		// The label just after the boundary is different from the one before it.
		for (const elapsed of [1 * s, 15 * s, 40 * s, 70 * s, 7 * m, 50 * m, 5 * h, 30 * h, 3 * d]) {
			const now = coarseAgo(elapsed);
			assert.notEqual(coarseAgo(elapsed + now.validForMs).text, now.text, `${elapsed} ms`);
			assert.equal(coarseAgo(elapsed + now.validForMs - 1).text, now.text, `${elapsed} ms`);
		}
	});

	test('a clock slightly behind the cluster reads as just now', () => {
		assert.equal(coarseAgo(-5 * s).text, 'just now');
	});
});

describe('shortAge', () => {
	test('m/h/d cells, minute-coarse at best', () => {
		assert.equal(shortAge(20 * s).text, '<1m');
		assert.equal(shortAge(2 * m + 5 * s).text, '2m');
		assert.equal(shortAge(3 * h).text, '3h');
		assert.equal(shortAge(47 * h).text, '47h');
		assert.equal(shortAge(4 * d).text, '4d');
		assert.equal(shortAge(2 * m + 5 * s).validForMs, 55 * s);
	});
});

describe('shortRevision', () => {
	test('keeps the branch and shortens the sha of Flux revisions', () => {
		assert.equal(shortRevision('main@sha1:0123456789abcdef0123456789abcdef01234567'), 'main@0123456');
		assert.equal(shortRevision('refs/heads/release-1.2@sha1:abcdef0123456789'), 'release-1.2@abcdef0');
		assert.equal(shortRevision('v1.2.3@sha256:fedcba9876543210fedcba'), 'v1.2.3@fedcba9');
	});

	test('bare SHAs become 7 chars; versions and empty stay readable', () => {
		assert.equal(shortRevision('0123456789abcdef0123456789abcdef01234567'), '0123456');
		assert.equal(shortRevision('sha256:0123456789abcdef'), '0123456');
		assert.equal(shortRevision('1.4.2'), '1.4.2');
		assert.equal(shortRevision(''), '-');
	});
});

test('shortKind abbreviates the GitOps kinds', () => {
	assert.deepEqual(['Application', 'Kustomization', 'HelmRelease', 'GitRepository'].map(shortKind), ['App', 'Ks', 'HR', 'GitR']);
});

describe('oneLine', () => {
	test('cluster messages cannot break the layout or move the cursor', () => {
		assert.equal(oneLine('line one\nline two\ttab\u001B[2Jx\u202E', false), 'line one line two tab\\x1b[2Jx\\u202e');
	});

	test('ASCII mode replaces anything outside printable ASCII', () => {
		assert.equal(oneLine('waiting… for “pods” ✓', true), 'waiting? for ?pods? ?');
		assert.equal(oneLine('\u009B2J', true), '\\x9b2J', 'a C1 control is shown as its escape, not as ?');
	});
});

test('truncate marks the cut and never exceeds the width', () => {
	assert.equal(truncate('frontend-web', 8, '…'), 'fronten…');
	assert.equal(truncate('short', 8, '…'), 'short');
	assert.equal(truncate('abc', 0, '…'), '');
});

test('wrapText wraps on words, splits long words, and cuts the last line', () => {
	assert.deepEqual(wrapText('one two three four', 9, 5, '…'), ['one two', 'three', 'four']);
	assert.deepEqual(wrapText('https://example.com/very/long', 10, 5, '…'), ['https://ex', 'ample.com/', 'very/long']);
	assert.deepEqual(wrapText('aa bb cc dd ee', 5, 2, '…'), ['aa bb', 'cc d…']);
});
