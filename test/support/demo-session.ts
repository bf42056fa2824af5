// The demo's estate (sandbox, Git repositories, seeded objects) and a session on it (the live monitor and the
// simulated controllers), for one describe block: started in its `before`, closed in its `after`.
import {after, before} from 'node:test';
import {AuditLog} from '../../source/core/actions/audit-log.js';
import type {AppSummary} from '../../source/core/apps/model.js';
import {stopOffThread} from '../../source/core/util/off-thread.js';
import {startDemoEstate, startDemoSession, type DemoEstate, type DemoSession} from '../../source/demo/demo-estate.js';
import {waitFor} from './wait-for.js';

export type DemoFixture = {
	readonly estate: DemoEstate;
	readonly session: DemoSession;
	/** The app's row once the monitor lists it. */
	app(kind: string, name: string): Promise<AppSummary>;
};

/** Call inside a describe: the estate and session are there from its `before` on. */
export function demoSessionFixture(options: {readonly: boolean; appTimeoutMs?: number}): DemoFixture {
	let estate: DemoEstate | undefined;
	let session: DemoSession | undefined;
	before(async () => {
		estate = await startDemoEstate();
		session = startDemoSession(estate, {audit: new AuditLog(`${estate.repo.root}/audit.log`), readonly: options.readonly});
	});
	after(async () => {
		await session?.close();
		await stopOffThread();
		await estate?.close();
	});
	return {
		get estate() {
			if (!estate) throw new Error('the demo estate starts in before()');
			return estate;
		},
		get session() {
			if (!session) throw new Error('the demo session starts in before()');
			return session;
		},
		app: (kind, name) =>
			waitFor(
				() => session?.monitor.store.getSnapshot().apps.find(row => row.kind === kind && row.name === name),
				options.appTimeoutMs ?? 60_000,
				() => `${kind} ${name}`,
			),
	};
}
