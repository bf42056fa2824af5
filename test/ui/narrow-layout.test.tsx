// What a narrow terminal must still show: the OutOfSync count in the summary line, a STATUS column saying why a
// row is not fine, and the `? help` hint — at 60, 80 and 120 columns, with a fleet in every health state.
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ActionKind} from '../../source/core/actions/types.js';
import type {AppSummary, HealthStatus} from '../../source/core/apps/model.js';
import {liveSource, makeApp} from './fixtures.js';
import {mountApp, rowOf, type Mounted} from '../support/app-harness.js';

const healths: HealthStatus[] = ['Healthy', 'Degraded', 'Progressing', 'Suspended', 'Missing', 'Unknown'];

/** Argo CD apps (five action keys in the footer) in every health state, ten of them OutOfSync; long names. */
function estate(): AppSummary[] {
	return Array.from({length: 33}, (_, index) =>
		makeApp({
			name: index === 0 ? 'api-gateway' : `checkout-service-${String(index).padStart(2, '0')}`,
			kind: 'Application',
			namespace: 'flux-system',
			health: index < 21 ? 'Healthy' : healths[index % healths.length]!,
			sync: index % 3 === 0 && index < 30 ? 'OutOfSync' : 'Synced',
			message: index === 0 ? 'Deployment "grafana" exceeded its progress deadline' : '',
			...(index === 0 ? {health: 'Degraded' as const} : {}),
		}),
	);
}

const argoActions = (apps: readonly AppSummary[]): Record<string, ActionKind[]> =>
	Object.fromEntries(apps.map(app => [app.id, ['sync', 'refresh', 'hard-refresh', 'rollback', 'enable-auto-sync']]));

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

async function mountAt(width: number): Promise<Mounted> {
	const apps = estate();
	mounted = await mountApp(
		{context: 'prod-eu', contexts: ['prod-eu'], apps, sources: [liveSource('Argo CD apps')], updatedAt: Date.now()},
		{width, height: 24, actions: {available: argoActions(apps)}},
	);
	return mounted;
}

const outOfSync = (apps: readonly AppSummary[]) => apps.filter(app => app.sync === 'OutOfSync').length;

describe('narrow terminals', () => {
	for (const width of [60, 80, 120]) {
		test(`at ${width} columns: the OutOfSync count, the STATUS column and "? help" are all on screen`, async () => {
			const app = await mountAt(width);
			const frame = await app.until(text => text.includes('api-gateway'), 'the list');
			const lines = frame.split('\n');
			for (const line of lines) assert.ok([...line].length <= width, `line wider than ${width}: ${line}`);
			const summary = lines.find(line => /^33 apps/.test(line));
			assert.ok(summary, frame);
			assert.match(summary, new RegExp(`${outOfSync(estate())} OutOfSync`), `summary line: ${summary}`);
			assert.match(lines.find(line => line.includes('NAME'))!, /STATUS$/, 'STATUS heading');
			assert.match(rowOf(frame, 'api-gat\\S*')!, /Degraded|Deployment "gr/, 'the status of a broken row');
			assert.match(lines.at(-1)!, /\? help/, `footer: ${lines.at(-1)}`);
			assert.match(lines.at(-1)!, /S sync/, 'the first action key stays too');
		});
	}

	test('at 120 columns the summary keeps every health word; narrower, the words go before the OutOfSync count does', async () => {
		const wide = await mountAt(120);
		const summary = (await wide.until(text => text.includes('33 apps'))).split('\n').find(line => line.startsWith('33 apps'))!;
		assert.match(summary, /Healthy .* Degraded .* OutOfSync/);
		wide.unmount();
		mounted = undefined;
		const narrow = await mountAt(80);
		const short = (await narrow.until(text => text.includes('33 apps'))).split('\n').find(line => line.startsWith('33 apps'))!;
		assert.doesNotMatch(short, /Healthy/);
		assert.match(short, /✓ \d+ .*✗ \d+ .*OutOfSync$/);
	});
});
