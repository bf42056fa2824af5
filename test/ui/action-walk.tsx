// Every action screen in one walk, for the frame-size, NO_COLOR and ASCII checks: the confirmation (with
// a warning, the prune switch and the plan's diff), the rollback picker, a refusal, and progress on the row.
import type {AppSummary} from '../../source/core/apps/model.js';
import {App, type UiOptions} from '../../source/ui/app.js';
import {createStaticMonitor, type StaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';
import {planner} from './action-fixtures.js';
import {mixedReport} from './drift-fixtures.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';
import {renderTty, type TtyRender} from './tty.js';

const sgr = /\u001B\[[\d;]*m/g;

export function mountActions(
	size: {columns: number; rows: number},
	options: Partial<UiOptions> = {},
): {ui: TtyRender; monitor: StaticMonitor; apps: AppSummary[]} {
	const apps = fleet();
	const [frontend, , infra] = apps;
	const plans = planner(apps, {
		context: 'arn:aws:eks:eu-west-1:123456789012:cluster/production-main',
		production: true,
		diff: mixedReport(),
		refusal: request =>
			request.kind === 'reconcile' ? 'Kustomization flux-system/infra is suspended: resume it first — “flux resume”' : null,
	});
	const monitor = createStaticMonitor(
		{
			context: 'arn:aws:eks:eu-west-1:123456789012:cluster/production-main',
			production: true,
			apps,
			sources: [liveSource('Argo CD apps')],
			updatedAt: Date.now(),
		},
		{[frontend!.id]: frontendDetail()},
		{},
		{
			available: {[frontend!.id]: ['sync', 'refresh', 'rollback'], [infra!.id]: ['reconcile', 'suspend']},
			plan: plans,
			outcome: () => ({ok: false, message: 'the Application changed since it was reviewed (resourceVersion 41 → 42): nothing was sent'}),
		},
	);
	const ui = renderTty(<App monitor={monitor} options={{ascii: false, color: false, externalDiff: null, ...options}} />, size);
	return {ui, monitor, apps};
}

function plain(frame: string): string {
	return frame.replace(sgr, '');
}

export async function walkActions(ui: TtyRender, monitor: StaticMonitor): Promise<void> {
	const step = async (keys: string, until: (frame: string) => boolean, what: string) => {
		ui.write(keys);
		await waitFor(
			() => until(plain(ui.lastFrame())),
			2000,
			() => `${what}; last frame:\n${plain(ui.lastFrame())}`,
		);
	};

	await waitFor(() => plain(ui.lastFrame()).includes('frontend'));
	await step('S', frame => frame.includes('Context') && !/preparing/.test(frame), 'sync dialog');
	await step('G', frame => /runs it on/.test(frame), 'dialog bottom');
	await step('p', frame => /: on/.test(frame), 'prune on');
	await step('d', frame => /modified Deployment|Diff of/.test(frame), 'plan diff');
	await step('n', frame => frame.includes('@@'), 'a hunk');
	await step('z', frame => frame.includes('replicas'), 'whole file');
	await step('\u001B', frame => /^Sync Application shop\/frontend/m.test(frame), 'back to the dialog');
	await step('\u001B', frame => frame.includes('nothing was sent'), 'cancelled');
	await step('B', frame => frame.includes('which one'), 'rollback picker');
	await step('jj', frame => /^> 5 /m.test(frame), 'last target');
	await step('\r', frame => frame.includes('Context') && !frame.includes('which one') && !/preparing/.test(frame), 'rollback confirmation');
	await step('G', frame => /runs it on/.test(frame), 'rollback confirmation read to the end');
	await step('y', frame => /Roll failed|x Roll|✗ Roll/.test(frame), 'failed on the row');
	await waitFor(() => monitor.calls.runAction.length === 1);
	await step('\r', frame => frame.includes('Action'), 'detail with the action');
	await step('x', frame => !frame.includes('(x dismisses)'), 'dismissed');
	await step('\u001B', frame => /^> /m.test(frame), 'list');
	await step('j', frame => /^> .*infra/m.test(frame), 'on infra');
	await step('r', frame => frame.includes('Cannot run'), 'refused');
	await step('\u001B', frame => /^> /m.test(frame), 'closed');
}
