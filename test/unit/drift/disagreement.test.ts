// When the controller's sync word and the local drift disagree, the row says so; when they only seem to, it must not.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {disagreementOf} from '../../../source/core/drift/drift-disagreement.js';
import type {DriftReport} from '../../../source/core/drift/types.js';

const deployed = '492b683accaec2db8000685b5cfaac63affda0df';
const newer = '0f82e687e0aaabcf471197e87fcdeccb954e9a02';
const matches: DriftReport = {status: 'Synced', resources: [], errors: [], warnings: []};
const rendered = {revision: deployed, commit: null};

describe('controller and local drift', () => {
	test('OutOfSync while live matches the deployed revision and the source offers a newer commit: they agree', () => {
		// A suspended Kustomization whose GitRepository fetched a new commit (seen with the real Flux controllers).
		assert.equal(disagreementOf({label: 'Flux', sync: 'OutOfSync', offeredRevision: `main@sha1:${newer}`}, matches, rendered), null);
	});

	test('OutOfSync while live matches the very commit the source offers: a disagreement, said as one', () => {
		assert.match(
			disagreementOf({label: 'Flux', sync: 'OutOfSync', offeredRevision: `main@sha1:${deployed}`}, matches, rendered) ?? '',
			/^Flux says OutOfSync, but live matches Git at 492b683 here/,
		);
	});

	test('no commit offered (an Argo CD target such as HEAD): as before, the possible explanations are named', () => {
		assert.match(
			disagreementOf({label: 'Argo CD', sync: 'OutOfSync', offeredRevision: 'HEAD'}, matches, rendered) ?? '',
			/a newer target revision may explain it/,
		);
	});
});
