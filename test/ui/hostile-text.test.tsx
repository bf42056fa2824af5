// The hostile corpus (escape sequences, C1 controls, bidi overrides) in every field the TUI shows from a cluster, a
// repository or a tool, walked through the list, the detail, the diff and the confirmation with Ink's own renderer
// and colour off: no frame carries a control character, and the fields are there to read as escapes.
import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ActionPlan, ActionRequest} from '../../source/core/actions/types.js';
import type {AppDetail} from '../../source/core/apps/detail.js';
import {render} from 'ink-testing-library';
import {App} from '../../source/ui/app.js';
import {Line} from '../../source/ui/components/line.js';
import {UiContext, uiSettings} from '../../source/ui/style/ui-context.js';
import {assertNoControls, assertShownEscaped, hostileText} from '../support/hostile-text.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {drifted, notCompared, readyDrift, reportOf} from './drift-fixtures.js';
import {liveSource, makeApp} from './fixtures.js';
import {renderTty, type TtyRender} from './tty.js';

let current: TtyRender | undefined;
afterEach(() => {
	current?.unmount();
	current = undefined;
});

const sha = 'abc1234def5678900000000000000000deadbeef';
const commit = (subject: string, author: string) => ({
	hash: sha,
	subject,
	author,
	authorEmail: 'a@example.com',
	date: new Date(Date.now() - 3_600_000).toISOString(),
});

const argo = makeApp({
	name: 'argo-app',
	namespace: 'shop',
	kind: 'Application',
	sync: 'OutOfSync',
	health: 'Degraded',
	revision: hostileText('list-revision'),
	message: hostileText('list-message'),
	operation: {phase: 'Failed', message: hostileText('list-operation')},
});
const flux = makeApp({name: 'flux-app', namespace: 'shop', message: hostileText('flux-message')});

const detail: AppDetail = {
	conditions: [
		{type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: hostileText('condition'), lastTransitionTime: undefined},
	],
	operation: {
		phase: 'Failed',
		message: hostileText('operation'),
		startedAt: null,
		finishedAt: null,
		revision: hostileText('operation-revision'),
		initiatedBy: 'admin',
	},
	history: [
		{id: '3', revision: hostileText('history-revision'), deployedAt: null, note: 'apps/web', commit: null},
		{id: '2', revision: sha, deployedAt: null, note: 'apps/web', commit: commit('Bump web', hostileText('history-author'))},
	],
	resources: [
		{
			group: 'apps',
			version: 'v1',
			kind: 'Deployment',
			namespace: 'shop',
			name: 'web',
			sync: 'OutOfSync',
			health: {status: 'Degraded', message: hostileText('health')},
		},
	],
};

const report = reportOf(
	[
		drifted('ConfigMap', 'shop', 'web-settings', {data: {NOTE: hostileText('live-value')}}, {data: {NOTE: 'plain'}}),
		notCompared('Secret', 'shop', 'credentials', hostileText('not-compared')),
	],
	{warnings: [hostileText('render-warning')]},
);
const drift = readyDrift(report, {
	rendered: {revision: sha, commit: commit(hostileText('rendered-subject'), 'Ada')},
	disagreement: hostileText('disagreement'),
});

function plan(request: ActionRequest): ActionPlan {
	return {
		request,
		app: argo,
		context: 'prod-eu',
		production: false,
		title: `${request.kind === 'rollback' ? 'Roll back' : 'Sync'} Application shop/${argo.name}`,
		effects: [`apply ${hostileText('effect')}`],
		warnings: [hostileText('warning')],
		refusal: null,
		...(request.kind === 'rollback' && !request.params?.to
			? {choices: [{id: '3', label: hostileText('choice-label'), detail: hostileText('choice-detail')}]}
			: {}),
		diff: async () => report,
	};
}

test('list, detail, diff and confirmation: no control character in any frame, every field shown as escapes', async () => {
	const monitor = createStaticMonitor(
		{
			context: 'prod-eu',
			apps: [argo, flux],
			sources: [liveSource('Argo CD apps'), {...liveSource('Flux kustomizations'), phase: 'forbidden', message: hostileText('source')}],
			updatedAt: Date.now(),
		},
		{[argo.id]: detail},
		{[argo.id]: drift},
		{available: {[argo.id]: ['sync', 'rollback']}, plan, outcome: () => ({ok: false, message: hostileText('outcome')})},
	);
	const ui = renderTty(<App monitor={monitor} options={{ascii: false, color: false, externalDiff: null}} />, {columns: 220, rows: 60});
	current = ui;
	/** Press `keys`, wait for the screen, and check that each of `labels` is on it as escapes. */
	const step = async (keys: string, until: (frame: string) => boolean, what: string, labels: readonly string[] = []) => {
		if (keys) ui.write(keys);
		const frame = await waitFor(
			() => until(ui.lastFrame()) && ui.lastFrame(),
			2000,
			() => `${what}; last frame:\n${ui.lastFrame()}`,
		);
		for (const label of labels) assertShownEscaped(frame, label, what);
		return frame;
	};

	await step('', frame => frame.includes('argo-app'), 'list', ['source', 'list-message', 'flux-message']);
	const detailLabels = [
		'list-revision',
		'rendered-subject',
		'disagreement',
		'render-warning',
		'not-compared',
		'operation-revision',
		'operation',
		'condition',
		'health',
		'history-revision',
		'history-author',
	];
	await step('\r', frame => frame.includes('Resources (1)'), 'detail', detailLabels);
	await step(']', frame => frame.includes('> ~ ConfigMap shop/web-settings'), 'drifted resource selected');
	const diff = await step('d', frame => frame.includes('live-value'), 'diff', ['not-compared']);
	// The diff line keeps its marker; its bidi override (YAML leaves it raw) is shown as an escape.
	assert.match(diff, /^- {2}NOTE: "live-value\{.*\\u202eevil\\u202c/m);
	await step('q', frame => frame.includes('Resources (1)'), 'back to the detail');
	await step('\u001B', frame => frame.includes('argo-app'), 'list again');
	await step('S', frame => frame.includes('Context') && !/preparing/.test(frame), 'sync dialog', ['effect', 'warning']);
	await step('d', frame => frame.includes('live-value'), "the plan's diff");
	await step('\u001B', frame => frame.includes('What will happen'), 'back to the dialog');
	await step('\u001B', frame => frame.includes('nothing was sent'), 'cancelled');
	await step('B', frame => frame.includes('which one'), 'rollback picker', ['choice-label']);
	await step('\r', frame => frame.includes('What will happen') && !/preparing/.test(frame), 'rollback confirmation', ['effect', 'warning']);
	await step('y', frame => frame.includes('Roll back Application shop/argo-app: outcome'), 'failed on the row', ['outcome']);

	assert.ok(ui.frames.length > 10, 'frames were recorded');
	for (const frame of ui.frames) assertNoControls(frame, 'frame');
});

test('Line, which draws every text on screen, shows a control character a caller let through as an escape', () => {
	const instance = render(
		<UiContext value={uiSettings({ascii: false, color: false})}>
			<Line segments={[{text: 'raw: '}, {text: hostileText('uncleaned')}]} />
		</UiContext>,
	);
	const frame = instance.lastFrame() ?? '';
	instance.unmount();
	assertNoControls(frame, 'Line');
	assertShownEscaped(frame, 'uncleaned', 'Line');
	assert.equal(frame.split('\n').length, 1, 'one line: the carriage return is a space');
});
