// The live monitor under server trouble: dropped watches, a server that goes
// away and comes back on the same port, expired resourceVersions (410),
// failing requests and latency. All but the server-side timeout test need the
// sandbox's fault injection, and are skipped on a backend without it.
import assert from 'node:assert/strict';
import {after, before, describe, test, type TestContext} from 'node:test';
import {ResourceWatcher} from '../../source/core/kube/watcher.js';
import type {SourcePhase} from '../../source/core/kube/source-state.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {projectApplication, applicationType} from '../../source/core/controllers/argocd/projection.js';
import {argoCdProvider} from '../../source/core/controllers/argocd/apps.js';
import type {Sandbox} from '../../source/sandbox/sandbox.js';
import {type TestBackend, faultsOf, sandboxOrSkip} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {deleteObject} from '../../source/demo/rest.js';
import {argoApp, kustomization, setStatus, type ObjectRef} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {findApp, type Monitors, recordPhases, untilAllLive, untilApp, untilSnapshot} from './support/live.js';
import {fluxSystemSource, prepareCluster, putAll, sharedFluxSources} from './support/seed.js';

const namespace = 'resilience';
const appsPath = '/apis/argoproj.io/v1alpha1/applications';
const argoKey = 'argoproj.io/applications';
/** Quick reconnects, so a test does not wait out the 5 s backoff cap. */
const timing = {backoff: {initialMs: 50, maxMs: 400}};

const appRef = (name: string): ObjectRef => ({apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace, name});
const rowRef = (name: string) => ({kind: 'Application', namespace, name});

describe('live monitor: resilience to server faults', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let monitors: Monitors;
	let monitor: LiveMonitor;

	/** The sandbox, or skip on the real kube-apiserver: fault injection is sandbox-only. */
	function faults(t: TestContext): Sandbox | null {
		return sandboxOrSkip(t, backend, "needs the sandbox backend's fault injection");
	}

	/** Write a new health message to app `name`, and wait until the monitor shows it. */
	async function changeArrives(target: LiveMonitor, name: string, message: string, timeoutMs = 5000) {
		await setStatus(backend.kubeConfig(), appRef(name), {health: {status: 'Progressing', message}});
		return untilApp(target, rowRef(name), app => app.message === message, timeoutMs);
	}

	before(async () => {
		fixture = await startIntegration();
		({backend, monitors} = fixture);
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [namespace]);
		await sharedFluxSources(kc);
		await putAll(kc, [
			argoApp('steady', namespace),
			argoApp('moving', namespace),
			argoApp('gone-while-away', namespace),
			argoApp('gone-while-compacted', namespace),
			kustomization('infra', namespace, {source: fluxSystemSource('GitRepository', 'flux-system')}),
		]);
	});
	after(async () => {
		await fixture?.close();
	});

	describe('one monitor over every provider', () => {
		before(async () => {
			monitor = monitors.open({batchMs: 20, timing});
			await untilAllLive(monitor);
			await untilApp(monitor, {kind: 'Kustomization', namespace, name: 'infra'});
		});
		after(async () => monitors.close(monitor));

		test('after dropped watches, a change made afterwards still arrives (resumed, not relisted)', async t => {
			const server = faults(t);
			if (!server) return;
			server.clearRequests();
			server.faults.dropWatches();
			// Written while the watches are down or reconnecting: the resumed watch must deliver them.
			await deleteObject(backend.kubeConfig(), appRef('gone-while-away'));
			await changeArrives(monitor, 'moving', 'after the drop');
			await untilSnapshot(
				monitor,
				snapshot => !findApp(snapshot, 'Application', namespace, 'gone-while-away'),
				'the app deleted meanwhile gone',
			);
			await untilAllLive(monitor);
			const argo = server.requests.filter(request => request.path === appsPath);
			assert.ok(
				argo.some(request => request.verb === 'watch' && /resourceVersion=\d+/.test(request.query)),
				'the watch resumed from its resourceVersion',
			);
			assert.deepEqual(
				argo.filter(request => request.verb === 'list'),
				[],
				'no relist was needed',
			);
		});

		test('a stopped server makes every source disconnected, keeping apps; after start() on the same port all is live and changes arrive', async t => {
			const server = faults(t);
			if (!server) return;
			const port = server.port;
			const appsBefore = monitor.store.getSnapshot().apps.length;
			await server.stop();
			try {
				const down = await untilSnapshot(
					monitor,
					snapshot => snapshot.sources.length > 0 && snapshot.sources.every(source => source.phase === 'disconnected') && snapshot,
					'every source disconnected',
				);
				assert.equal(down.apps.length, appsBefore, 'the apps are kept while disconnected');
				assert.ok(findApp(down, 'Application', namespace, 'steady'));
				for (const source of down.sources) {
					assert.ok(source.lastUpdated !== null && source.lastUpdated <= Date.now(), `${source.key} keeps when it was last updated`);
					assert.match(source.message, /connection refused|connection lost/, source.key);
				}
			} finally {
				await server.start();
			}
			assert.equal(server.port, port);
			await untilAllLive(monitor, 5000);
			await changeArrives(monitor, 'moving', 'after the restart');
		});

		test('relist after 410: with the history compacted, dropped watches relist and the change arrives', async t => {
			const server = faults(t);
			if (!server) return;
			server.faults.compactHistory();
			server.clearRequests();
			server.faults.dropWatches();
			// Deleted while away: the relist must replace what was listed before, not merge into it.
			await deleteObject(backend.kubeConfig(), appRef('gone-while-compacted'));
			await changeArrives(monitor, 'moving', 'after compaction');
			await untilSnapshot(
				monitor,
				snapshot => !findApp(snapshot, 'Application', namespace, 'gone-while-compacted'),
				'the app deleted meanwhile gone',
			);
			await untilAllLive(monitor);
			const argo = server.requests.filter(request => request.path === appsPath);
			assert.ok(
				argo.some(request => request.verb === 'list' && request.status === 200),
				`a new list request; saw ${JSON.stringify(argo.map(request => request.verb))}`,
			);
		});
	});

	test('server-side watch timeouts: each watch resumes where it ended, stays live, and changes keep arriving', async () => {
		const sandbox = faultsOf(backend);
		const short = monitors.open({batchMs: 20, timing: {...timing, watchTimeoutSeconds: 1}, providers: [argoCdProvider]});
		try {
			await untilAllLive(short);
			const phases = recordPhases(short);
			sandbox?.clearRequests();
			const watches = () => sandbox?.requests.filter(request => request.path === appsPath && request.verb === 'watch').length ?? 0;
			// The server ends each stream after 1 s: let one end. Only the sandbox logs
			// requests, so elsewhere time passing is all there is to wait for.
			if (sandbox)
				await waitFor(
					() => watches() >= 1,
					5000,
					() => `a resumed watch; saw ${watches()}`,
				);
			else await new Promise(resolve => setTimeout(resolve, 1300));
			await changeArrives(short, 'steady', 'after server-side timeouts');
			phases.stop();
			assert.deepEqual(phases.phases(argoKey), ['live'], 'never left live');
			if (sandbox) {
				const argo = sandbox.requests.filter(request => request.path === appsPath);
				assert.ok(
					argo.filter(request => request.verb === 'watch').every(request => /resourceVersion=\d+/.test(request.query)),
					'each resumed from a resourceVersion',
				);
				assert.deepEqual(
					argo.filter(request => request.verb === 'list'),
					[],
					'no relist',
				);
			}
		} finally {
			await monitors.close(short);
		}
	});

	// Nothing else talks to the server here, so injected failures hit the requests under test.
	describe('failing requests and latency', () => {
		test('failing watch requests (failNext 3 × 500) make a source stale, then it recovers and relists after 410', async t => {
			const server = faults(t);
			if (!server) return;
			// One source only, so the three failures hit its requests.
			const single = monitors.open({batchMs: 20, timing, providers: [argoCdProvider]});
			try {
				await untilAllLive(single);
				const phases = recordPhases(single);
				server.faults.compactHistory();
				server.clearRequests();
				server.faults.failNext(3, 500);
				server.faults.dropWatches();
				await waitFor(
					() => phases.phases(argoKey).includes('stale'),
					5000,
					() => `stale; phases ${phases.phases(argoKey).join(' → ')}`,
				);
				await untilAllLive(single);
				await changeArrives(single, 'steady', 'after the failures');
				phases.stop();
				const seen = phases.phases(argoKey);
				assert.deepEqual(
					seen.slice(seen.indexOf('stale')).filter(phase => phase !== 'disconnected'),
					['stale', 'live'],
					seen.join(' → '),
				);
				const argo = server.requests.filter(request => request.path === appsPath);
				// The session's CRD watch was dropped too, so its reconnect may take some of the three.
				assert.equal(server.requests.filter(request => request.status === 500).length, 3);
				assert.ok(
					argo.some(request => request.status === 500),
					'the apps watch hit a failure',
				);
				assert.ok(
					argo.some(request => request.verb === 'list' && request.status === 200),
					'relisted after the 410',
				);
			} finally {
				await monitors.close(single);
			}
		});

		test('a list that fails (failNext 3 × 500) makes the watcher stale, then it lists and goes live', async t => {
			const server = faults(t);
			if (!server) return;
			const phases: SourcePhase[] = [];
			const watcher = new ResourceWatcher({
				kc: backend.kubeConfig(),
				type: applicationType,
				namespace,
				project: projectApplication,
				reloginHint: '',
				timing,
				onChange: () => {
					if (phases.at(-1) !== watcher.state.phase) phases.push(watcher.state.phase);
				},
			});
			server.clearRequests();
			// A watcher's first request is its list.
			server.faults.failNext(3, 500);
			watcher.start();
			try {
				await waitFor(
					() => watcher.state.phase === 'live' && watcher.items.size >= 2,
					5000,
					() => `live; phases ${phases.join(' → ')}, state ${JSON.stringify(watcher.state)}`,
				);
				assert.deepEqual(phases, ['stale', 'live']);
				const lists = server.requests.filter(request => request.path.endsWith('/applications') && request.verb === 'list');
				assert.deepEqual(
					lists.map(request => request.status),
					[500, 500, 500, 200],
				);
				assert.ok([...watcher.items.keys()].includes(`${namespace}/steady`));
			} finally {
				await watcher.stop();
			}
		});

		test('latency on every request breaks nothing: a new monitor settles, changes arrive, detail loads', async t => {
			const server = faults(t);
			if (!server) return;
			server.faults.setLatency(150);
			const slow = monitors.open({batchMs: 20, timing});
			try {
				assert.equal(await slow.settled(10_000), true);
				await untilAllLive(slow, 5000);
				assert.ok(findApp(slow.store.getSnapshot(), 'Application', namespace, 'steady'));
				await changeArrives(slow, 'moving', 'under latency', 5000);
				let error: string | null = 'not loaded';
				const stop = slow.watchDetail(`${backend.adminContext}/Application/${namespace}/steady`, state => {
					if (!state.loading) error = state.error;
				});
				try {
					await waitFor(
						() => error === null,
						5000,
						() => `detail loaded; error ${error}`,
					);
				} finally {
					stop();
				}
			} finally {
				server.faults.setLatency(0);
				await monitors.close(slow);
			}
		});
	});
});
