// The demo's whole action set in one process, as a user could reach it from the TUI: `node --import tsx
// demo-actions.ts AUDIT_LOG` starts the demo estate and session, follows every app's drift, plans every action
// offered on every app (with its diff, and a rollback target when it asks for one) and runs what is not refused,
// then prints one JSON line: each app's drift error and each action's outcome.
import {AuditLog} from '../../../source/core/actions/audit-log.js';
import type {ActionKind, ActionRequest} from '../../../source/core/actions/types.js';
import type {AppDriftState} from '../../../source/core/drift/drift-state.js';
import {stopOffThread} from '../../../source/core/util/off-thread.js';
import {startDemoEstate, startDemoSession} from '../../../source/demo/demo-estate.js';
import {waitFor} from '../wait-for.js';

const [auditPath = ''] = process.argv.slice(2);
// Rollback before what would make it refuse (suspend), refresh after the sync it would interrupt.
const order: ActionKind[] = [
	'rollback',
	'sync',
	'reconcile',
	'refresh',
	'hard-refresh',
	'enable-auto-sync',
	'terminate',
	'suspend',
	'resume',
];

const estate = await startDemoEstate();
const session = startDemoSession(estate, {audit: new AuditLog(auditPath), readonly: false});
const {monitor} = session;
try {
	await monitor.settled(30_000);
	const apps = monitor.store.getSnapshot().apps;
	const drift: Record<string, string | null> = {};
	await Promise.all(
		apps.map(async app => {
			let latest: AppDriftState | null = null;
			const stop = monitor.watchDrift(app.id, state => (latest = state));
			try {
				const state = await waitFor(
					() => (latest && latest.phase !== 'pending' ? latest : undefined),
					120_000,
					() => `${app.name} drift`,
				);
				drift[`${app.namespace}/${app.name}`] = state.phase === 'error' ? state.error : null;
			} finally {
				stop();
			}
		}),
	);
	const actions: Array<{app: string; kind: ActionKind; ok: boolean | null; message: string}> = [];
	for (const app of apps) {
		const kinds = [...monitor.actionsFor(app.id)].sort((left, right) => order.indexOf(left) - order.indexOf(right));
		for (const kind of kinds) {
			const request: ActionRequest = {
				kind,
				appId: app.id,
				params: kind === 'rollback' && app.provider === 'git' ? {revertInGit: true} : {},
			};
			let plan = await monitor.planAction(request);
			const target = plan.choices?.at(-1);
			if (!plan.refusal && target) plan = await monitor.planAction({...request, params: {...request.params, to: target.id}});
			await plan.diff?.().catch(() => null);
			if (plan.refusal) {
				actions.push({app: `${app.namespace}/${app.name}`, kind, ok: null, message: plan.refusal});
				continue;
			}
			const outcome = await monitor.runAction(plan);
			actions.push({app: `${app.namespace}/${app.name}`, kind, ok: outcome.ok, message: outcome.message});
		}
	}
	process.stdout.write(`${JSON.stringify({drift, actions})}\n`);
} finally {
	await session.close();
	await stopOffThread();
	await estate.close();
}
process.exit(0);
