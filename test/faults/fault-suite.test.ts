// The fault suite (`npm run test:faults`): each fault injected under the real
// LiveMonitor with the real TUI mounted over it (or the real CLI in a child
// process), asserting no crash, what the screen says while faulted, full
// recovery within 5 s after the fault clears, no row missing, no ghost and
// nothing half-applied. Every case runs on the sandbox; the server kill,
// restart and pause cases also run on a real kube-apiserver when
// DRIFTWATCH_TEST_BACKEND=cluster. The `after` hook prints the table.
import assert from 'node:assert/strict';
import {after, before, describe} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import type {WatcherTiming} from '../../source/core/kube/watcher.js';
import {deleteObject} from '../../source/demo/rest.js';
import {startBackend, backendName, type TestBackend} from '../support/backend.js';
import {argoApp, setStatus, type ObjectRef} from '../support/fixtures.js';
import {assertNoControls, hostileYamlText} from '../support/hostile-text.js';
import {waitFor} from '../support/wait-for.js';
import {Monitors} from '../integration/support/live.js';
import {prepareCluster, putAll} from '../integration/support/seed.js';
import {cliCases} from './cli-cases.js';
import {
	describeSnapshot,
	faultCase,
	SilentIncompleteness,
	mountScreen,
	printFaultTable,
	recoveryBudgetMs,
	untilRecovered,
	type Measure,
	type Screen,
} from './support.js';

const namespaces = ['faults-a', 'faults-b'];
/** The rows every case starts from: three apps in each namespace. */
const baseline = namespaces.flatMap(namespace => ['one', 'two', 'three'].map(app => ({namespace, name: `${namespace}-${app}`})));
const appsPath = '/apis/argoproj.io/v1alpha1/applications';

const appRef = (namespace: string, name: string): ObjectRef => ({apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace, name});

/** A backend with the baseline apps, and per-case monitors with the TUI over them. */
class Scenario {
	readonly monitors: Monitors;
	constructor(readonly backend: TestBackend) {
		this.monitors = new Monitors(backend);
	}

	get kc(): KubeConfig {
		return this.backend.kubeConfig();
	}

	/** The baseline apps, exactly: extras a case added are deleted. */
	async seed(): Promise<void> {
		await prepareCluster(this.kc, namespaces);
		await putAll(
			this.kc,
			baseline.map(app => argoApp(app.name, app.namespace)),
		);
	}

	/**
	 * A monitor with product defaults (backoff, batching) and the TUI mounted over it, settled on the baseline;
	 * `timing` shortens what a case would otherwise wait tens of seconds for.
	 */
	async open(timing: Partial<WatcherTiming> = {}): Promise<Open> {
		const monitor = this.monitors.open({timing});
		const screen = mountScreen(monitor);
		const recovery = await untilRecovered(
			monitor,
			screen,
			baseline.map(app => app.name),
			[],
			30_000,
		);
		assert.ok(recovery.ok, `the baseline never showed: ${recovery.why}`);
		return {
			monitor,
			screen,
			guard: new SilentIncompleteness(
				monitor,
				screen,
				baseline.map(app => app.name),
			),
		};
	}

	/** Closes the monitor; a case that ran to the end also asserts the screen was never silently incomplete. */
	async close(open: Open): Promise<void> {
		open.guard.stop();
		open.screen.unmount();
		await this.monitors.close(open.monitor);
	}
}

type Open = {monitor: LiveMonitor; screen: Screen; guard: SilentIncompleteness};

function assertNeverSilentlyIncomplete(open: Open): void {
	assert.ok(open.guard.violations.length === 0, `silently incomplete: ${open.guard.violations[0]}`);
}

/** Wait until `check` holds on the monitor (the faulted state shown), recording when. */
async function untilShown(
	measure: Measure,
	monitor: LiveMonitor,
	screen: Screen,
	check: (frame: string) => boolean,
	what: string,
	timeoutMs = 15_000,
): Promise<string> {
	const frame = await waitFor(
		() => (check(screen.frame()) ? screen.frame() : undefined),
		timeoutMs,
		() => `${what}; ${describeSnapshot(monitor.store.getSnapshot())}\n${screen.frame()}`,
	);
	measure.detected();
	return frame;
}

/** After the fault cleared: full recovery, measured, within the budget; rows lost counted. */
async function assertRecovers(measure: Measure, open: Open, expected: readonly string[], gone: readonly string[] = []): Promise<void> {
	open.guard.expect(expected, gone);
	const recovery = await untilRecovered(open.monitor, open.screen, expected, gone);
	if (recovery.ok) measure.recovered();
	measure.rowsLost = recovery.missing.length + recovery.ghosts.length;
	assert.ok(recovery.ok, `not recovered in 15 s: ${recovery.why}`);
	assert.deepEqual(recovery.missing, [], 'no row missing');
	assert.deepEqual(recovery.ghosts, [], 'no ghost row');
	assert.ok(measure.recoveredMs! <= recoveryBudgetMs, `recovered in ${measure.recoveredMs} ms, over the ${recoveryBudgetMs} ms budget`);
	assertNeverSilentlyIncomplete(open);
}

/** A change written now shows on screen (the watch is really live again, not just labelled so). */
async function changeArrives(scenario: Scenario, monitor: LiveMonitor, screen: Screen, message: string): Promise<void> {
	const [first] = baseline;
	await setStatus(scenario.kc, appRef(first!.namespace, first!.name), {health: {status: 'Progressing', message}});
	await waitFor(
		() => screen.frame().includes(message) || monitor.store.getSnapshot().apps.some(app => app.message === message),
		recoveryBudgetMs,
		() => `the change "${message}" to show; ${describeSnapshot(monitor.store.getSnapshot())}`,
	);
}

const notAllLive = (frame: string) => !/● (all \d+ sources|source) live/.test(frame);

/** Server-level faults: run on whichever backend is given. */
function serverCases(label: string, scenario: () => Scenario) {
	faultCase(`${label}: server killed (SIGKILL) and restarted, same data`, async measure => {
		const s = scenario();
		await s.seed();
		const open = await s.open();
		try {
			measure.inject();
			await s.backend.stopServer({crash: true});
			const frame = await untilShown(measure, open.monitor, open.screen, notAllLive, 'the header to stop saying all sources are live');
			assert.ok(
				baseline.every(app => frame.includes(app.name)),
				'rows kept (last known) while the server is down',
			);
			await s.backend.startServer();
			measure.cleared();
			await assertRecovers(
				measure,
				open,
				baseline.map(app => app.name),
			);
			await changeArrives(s, open.monitor, open.screen, 'after a crash and restart');
		} finally {
			await s.close(open);
		}
	});

	faultCase(`${label}: server restarted with fresh data (new resourceVersion history)`, async measure => {
		const s = scenario();
		await s.seed();
		const open = await s.open();
		// On the new etcd one app is not recreated and a new one appears: the old must not stay as a ghost.
		const [dropped, ...kept] = baseline;
		const added = {namespace: 'faults-a', name: 'faults-a-new'};
		try {
			measure.inject();
			await s.backend.stopServer();
			await untilShown(measure, open.monitor, open.screen, notAllLive, 'the header to stop saying all sources are live');
			// Until the apps are written again the server truly has none: no expectation to hold the screen to.
			open.guard.expect([]);
			await s.backend.startServer({freshData: true});
			await prepareCluster(s.kc, namespaces);
			await putAll(
				s.kc,
				[...kept, added].map(app => argoApp(app.name, app.namespace)),
			);
			measure.cleared();
			await assertRecovers(
				measure,
				open,
				[...kept, added].map(app => app.name),
				[dropped!.name],
			);
		} finally {
			await s.close(open);
			// Later cases start from the baseline.
			await deleteObject(s.kc, appRef(added.namespace, added.name)).catch(() => {});
		}
	});

	faultCase(`${label}: hung TCP (server paused until the screen says so, then resumed)`, async measure => {
		const s = scenario();
		await s.seed();
		// The server check's product interval is 15 s (10 s to answer): the same check, asked every second here.
		const open = await s.open({serverCheckMs: 1000, serverCheckTimeoutMs: 1500});
		try {
			measure.inject();
			s.backend.pause();
			try {
				// Nothing answers, and the open watches fall silent rather than end: the screen must stop saying
				// its sources are live, and keep the rows as they were.
				const frame = await untilShown(measure, open.monitor, open.screen, notAllLive, 'the hang shown', 10_000);
				assert.ok(
					baseline.every(app => frame.includes(app.name)),
					`rows kept while the server hangs:\n${frame}`,
				);
				const sources = open.monitor.store.getSnapshot().sources;
				assert.ok(
					sources.some(source => source.phase === 'disconnected' && /no answer from the API server since/.test(source.message)),
					`a source says the server does not answer: ${JSON.stringify(sources)}`,
				);
			} finally {
				s.backend.resume();
			}
			measure.cleared();
			await assertRecovers(
				measure,
				open,
				baseline.map(app => app.name),
			);
			await changeArrives(s, open.monitor, open.screen, 'after a hang');
			measure.recovered();
			assert.ok(measure.recoveredMs! <= recoveryBudgetMs, `a change after the hang arrived ${measure.recoveredMs} ms after resume`);
		} finally {
			await s.close(open);
		}
	});
}

describe('fault suite', () => {
	const backends: TestBackend[] = [];
	let sandbox: Scenario;
	let cluster: Scenario | undefined;

	before(async () => {
		// The sandbox always (fault injection); a real server too when asked for.
		const sandboxBackend = await withBackend('sandbox');
		backends.push(sandboxBackend);
		sandbox = new Scenario(sandboxBackend);
		if (backendName() === 'cluster') {
			const clusterBackend = await withBackend('cluster');
			backends.push(clusterBackend);
			cluster = new Scenario(clusterBackend);
		}
	});
	after(async () => {
		printFaultTable();
		for (const scenario of [sandbox, cluster]) await scenario?.monitors.closeAll();
		await Promise.all(backends.map(async backend => backend.close()));
	});

	describe('the monitor and screen under API faults (sandbox)', () => {
		/** Inject a failing-request fault that the next reconnect meets, show it, clear it, recover. */
		async function requestFault(
			measure: Measure,
			inject: () => void,
			shown: (frame: string) => boolean,
			what: string,
			holdMs = 0,
			rowsKept = true,
		) {
			const s = sandbox;
			const server = s.backend.sandbox!;
			await s.seed();
			const open = await s.open();
			try {
				measure.inject();
				inject();
				server.faults.dropWatches();
				await untilShown(measure, open.monitor, open.screen, shown, what);
				const frame = open.screen.frame();
				if (rowsKept)
					assert.ok(
						baseline.every(app => frame.includes(app.name)),
						`rows kept while faulted:\n${frame}`,
					);
				// The fault lasts a while: the guard sees whether the screen then says what it lacks.
				if (holdMs > 0) await new Promise(resolve => setTimeout(resolve, holdMs));
				const held = open.screen.frame();
				measure.rowsLost = baseline.filter(app => !held.includes(app.name)).length;
				assertNeverSilentlyIncomplete(open);
				server.faults.clearFailures();
				server.faults.setLatency(0);
				measure.cleared();
				await assertRecovers(
					measure,
					open,
					baseline.map(app => app.name),
				);
				await changeArrives(s, open.monitor, open.screen, `after: ${what}`);
			} finally {
				server.faults.clearFailures();
				server.faults.setLatency(0);
				await s.close(open);
			}
		}

		faultCase('sandbox: watch dropped (TCP reset); an app deleted meanwhile', async measure => {
			const s = sandbox;
			await s.seed();
			const open = await s.open();
			const [deleted, ...kept] = baseline;
			try {
				measure.inject();
				s.backend.sandbox!.faults.dropWatches();
				await deleteObject(s.kc, appRef(deleted!.namespace, deleted!.name));
				measure.detected();
				measure.cleared();
				await assertRecovers(
					measure,
					open,
					kept.map(app => app.name),
					[deleted!.name],
				);
			} finally {
				await s.close(open);
			}
		});

		faultCase('sandbox: transient 401 on the apps list/watch (until cleared)', async measure => {
			await requestFault(
				measure,
				() => sandbox.backend.sandbox!.faults.failNext('until-cleared', 401, undefined, {path: appsPath}),
				frame => /unauthori[sz]ed|credentials/i.test(frame),
				'the header to say the credentials were refused',
				2000,
			);
		});

		faultCase('sandbox: transient 403 on the cluster-wide apps list (until cleared)', async measure => {
			// Rows of namespaces the fallback cannot cover may go, but then the header must say what is not covered.
			await requestFault(
				measure,
				() => sandbox.backend.sandbox!.faults.failNext('until-cleared', 403, undefined, {path: appsPath}),
				frame => notAllLive(frame),
				'the header to stop saying all sources are live',
				3000,
				false,
			);
		});

		faultCase('sandbox: 429 with Retry-After: 1 (3 times)', async measure => {
			await requestFault(
				measure,
				() => sandbox.backend.sandbox!.faults.failNext(3, 429, undefined, {path: appsPath, retryAfterSeconds: 1}),
				frame => notAllLive(frame),
				'the header to stop saying all sources are live',
			);
		});

		faultCase('sandbox: 500 on the apps list/watch (until cleared, 2 s)', async measure => {
			await requestFault(
				measure,
				() => sandbox.backend.sandbox!.faults.failNext('until-cleared', 500, undefined, {path: appsPath}),
				frame => notAllLive(frame),
				'the header to stop saying all sources are live',
				2000,
			);
		});

		faultCase('sandbox: 2 s latency on every request; a change made meanwhile arrives', async measure => {
			const s = sandbox;
			const server = s.backend.sandbox!;
			await s.seed();
			const open = await s.open();
			try {
				measure.inject();
				server.faults.setLatency(2000);
				server.faults.dropWatches();
				// Slow, not broken: rows stay, and a change made under latency still shows.
				await setStatus(s.kc, appRef(baseline[1]!.namespace, baseline[1]!.name), {
					health: {status: 'Degraded', message: 'changed under latency'},
				});
				await waitFor(
					() => open.screen.frame().includes('changed under latency'),
					15_000,
					() => `the change under latency; ${describeSnapshot(open.monitor.store.getSnapshot())}`,
				);
				measure.detected();
				server.faults.setLatency(0);
				measure.cleared();
				await assertRecovers(
					measure,
					open,
					baseline.map(app => app.name),
				);
			} finally {
				server.faults.setLatency(0);
				await s.close(open);
			}
		});

		faultCase('sandbox: escape sequences in app messages reach the screen only as visible escapes', async measure => {
			const s = sandbox;
			await s.seed();
			const open = await s.open();
			const [target] = baseline;
			try {
				measure.inject();
				await setStatus(s.kc, appRef(target!.namespace, target!.name), {health: {status: 'Degraded', message: hostileYamlText('message')}});
				const frame = await untilShown(
					measure,
					open.monitor,
					open.screen,
					current => current.includes('message{'),
					'the hostile message on screen',
				);
				assertNoControls(frame, 'the TUI frame');
				assert.match(frame, /message\{\\x1b\]52;c;/, 'shown as a visible escape');
				await setStatus(s.kc, appRef(target!.namespace, target!.name), {health: {status: 'Healthy', message: ''}});
				measure.cleared();
				await assertRecovers(
					measure,
					open,
					baseline.map(app => app.name),
				);
				assertNoControls(open.screen.frame(), 'the TUI frame after');
			} finally {
				await s.close(open);
			}
		});

		serverCases('sandbox', () => sandbox);
	});

	describe('the monitor and screen when the real kube-apiserver fails', {
		skip: backendName() !== 'cluster' && 'only with DRIFTWATCH_TEST_BACKEND=cluster',
	}, () => {
		serverCases('real server', () => cluster!);
	});

	cliCases();
});

async function withBackend(name: 'sandbox' | 'cluster'): Promise<TestBackend> {
	const previous = process.env['DRIFTWATCH_TEST_BACKEND'];
	process.env['DRIFTWATCH_TEST_BACKEND'] = name;
	try {
		return await startBackend();
	} finally {
		if (previous === undefined) delete process.env['DRIFTWATCH_TEST_BACKEND'];
		else process.env['DRIFTWATCH_TEST_BACKEND'] = previous;
	}
}
