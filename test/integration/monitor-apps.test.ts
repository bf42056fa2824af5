// A live monitor over a real API server shows every app state the fixtures
// offer as the list must show it, keeps same-named apps apart, honours the
// namespace scope and switches scope and context without leftovers.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {AppSummary, HealthStatus, OperationPhase, SyncStatus} from '../../source/core/apps/model.js';
import type {MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import type {TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {
	argoApp,
	argoStates,
	fluxHead,
	fluxPrevious,
	gitRepository,
	helmChart,
	helmRelease,
	kustomization,
	markDeleting,
	type KustomizationState,
} from '../support/fixtures.js';
import {findApp, type Monitors, untilAllLive, untilSnapshot} from './support/live.js';
import {fluxSystemSource, kebab, prepareCluster, put, putAll, sharedFluxSources} from './support/seed.js';

const argoNs = 'states-argo';
const fluxNs = 'states-flux';
const teamA = 'states-team-a';
const teamB = 'states-team-b';

type Expected = {
	sync: SyncStatus;
	health: HealthStatus;
	stateLabel: string;
	message: RegExp;
	operation?: {phase: OperationPhase; message: RegExp} | null;
};

const synced = /^successfully synced \(all tasks run\)$/;
const argoExpected: Record<keyof typeof argoStates, Expected> = {
	syncedHealthy: {sync: 'Synced', health: 'Healthy', stateLabel: '', message: /^$/, operation: {phase: 'Succeeded', message: synced}},
	outOfSync: {sync: 'OutOfSync', health: 'Healthy', stateLabel: '', message: /^$/, operation: {phase: 'Succeeded', message: synced}},
	degraded: {
		sync: 'Synced',
		health: 'Degraded',
		stateLabel: '',
		message: /^Deployment "checkout" exceeded its progress deadline$/,
		operation: {phase: 'Succeeded', message: synced},
	},
	progressing: {
		sync: 'Synced',
		health: 'Progressing',
		stateLabel: '',
		message: /^Waiting for rollout to finish: 1 of 3/,
		operation: {phase: 'Succeeded', message: synced},
	},
	missing: {sync: 'OutOfSync', health: 'Missing', stateLabel: '', message: /^$/, operation: {phase: 'Succeeded', message: synced}},
	suspended: {
		sync: 'Synced',
		health: 'Suspended',
		stateLabel: '',
		message: /^Deployment is paused$/,
		operation: {phase: 'Succeeded', message: synced},
	},
	unknown: {
		sync: 'Unknown',
		health: 'Unknown',
		stateLabel: '',
		message: /^Failed to load target state: .*authentication required$/,
		operation: {phase: 'Succeeded', message: synced},
	},
	// `.operation` set, the controller has not started it: Running with no message yet, as Argo CD's UI shows it.
	operationPending: {
		sync: 'OutOfSync',
		health: 'Healthy',
		stateLabel: 'Syncing',
		message: /^Sync requested, waiting for the controller/,
		operation: {phase: 'Running', message: /^$/},
	},
	operationRunning: {
		sync: 'OutOfSync',
		health: 'Progressing',
		stateLabel: 'Syncing',
		message: /^waiting for healthy state of apps\/Deployment\/checkout$/,
		operation: {phase: 'Running', message: /^waiting for healthy state/},
	},
	operationSucceeded: {sync: 'Synced', health: 'Healthy', stateLabel: '', message: /^$/, operation: {phase: 'Succeeded', message: synced}},
	operationFailed: {
		sync: 'OutOfSync',
		health: 'Healthy',
		stateLabel: 'Sync failed',
		message: /^one or more objects failed to apply/,
		operation: {phase: 'Failed', message: /^one or more objects failed to apply/},
	},
	operationError: {
		sync: 'OutOfSync',
		health: 'Healthy',
		stateLabel: 'Sync error',
		message: /^one or more synchronization tasks are not valid$/,
		operation: {phase: 'Error', message: /^one or more synchronization tasks are not valid$/},
	},
	operationTerminating: {
		sync: 'OutOfSync',
		health: 'Healthy',
		stateLabel: 'Terminating',
		message: /^one or more tasks are running$/,
		operation: {phase: 'Terminating', message: /^one or more tasks are running$/},
	},
	// Being deleted, no sync asked: the delete is the operation, Running, not the last sync's Succeeded.
	deleting: {
		sync: 'Synced',
		health: 'Healthy',
		stateLabel: 'Deleting',
		message: /^Deleting the app and its resources$/,
		operation: {phase: 'Running', message: /^Deleting the app and its resources$/},
	},
};

const applied = (revision: string) => new RegExp(`^Applied revision: ${revision.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const kustomizationExpected: Record<KustomizationState, Expected & {revision: string}> = {
	ready: {sync: 'Synced', health: 'Healthy', stateLabel: '', message: applied(fluxHead), revision: fluxHead},
	// Ready, but applied the commit before the one the source offers.
	lagging: {sync: 'OutOfSync', health: 'Healthy', stateLabel: '', message: applied(fluxPrevious), revision: fluxPrevious},
	suspended: {sync: 'Synced', health: 'Suspended', stateLabel: 'Suspended', message: applied(fluxHead), revision: fluxHead},
	stalled: {
		sync: 'Synced',
		health: 'Degraded',
		stateLabel: 'Stalled',
		message: /^InvalidCELExpression: invalid CEL expression/,
		revision: fluxHead,
	},
	failed: {
		sync: 'Synced',
		health: 'Degraded',
		stateLabel: '',
		message: /^HealthCheckFailed: health check failed after 5m0.02s/,
		revision: fluxHead,
	},
	dependency: {
		sync: 'Synced',
		health: 'Progressing',
		stateLabel: 'Waiting on dependency',
		message: new RegExp(`^DependencyNotReady: dependency '${fluxNs}/ready' is not ready$`),
		revision: fluxHead,
	},
	reconciling: {
		sync: 'OutOfSync',
		health: 'Progressing',
		stateLabel: '',
		message: /^Progressing: Running health checks for revision main@sha1:/,
		revision: fluxPrevious,
	},
	'missing-source': {
		sync: 'Unknown',
		health: 'Degraded',
		stateLabel: '',
		message: /^ArtifactFailed: Source 'GitRepository\/flux-system\/gone' not found$/,
		revision: fluxHead,
	},
	'source-not-ready': {
		sync: 'Unknown',
		health: 'Degraded',
		stateLabel: '',
		message: /^ArtifactFailed: Source artifact not found/,
		revision: fluxHead,
	},
};

type HelmReleaseState = NonNullable<Parameters<typeof helmRelease>[2]>['state'] & string;
/** Each release state, the chart version its generated HelmChart offers (null: no chart), and what the list shows. */
const helmReleaseExpected: Record<HelmReleaseState, Expected & {chart: string | null}> = {
	ready: {
		chart: '1.4.0',
		sync: 'Synced',
		health: 'Healthy',
		stateLabel: '',
		message: /^Helm upgrade succeeded for release .*\/ready\.v4 with chart ready@1\.4\.0$/,
	},
	// The chart offers 1.5.0 while 1.4.0 runs.
	lagging: {chart: '1.5.0', sync: 'OutOfSync', health: 'Healthy', stateLabel: '', message: /^Helm upgrade succeeded/},
	suspended: {chart: '1.4.0', sync: 'Synced', health: 'Suspended', stateLabel: 'Suspended', message: /^Helm upgrade succeeded/},
	stalled: {
		chart: '1.4.0',
		sync: 'Synced',
		health: 'Degraded',
		stateLabel: 'Stalled',
		message: /^RetriesExceeded: Failed to upgrade after 3 attempt\(s\)$/,
	},
	failed: {
		chart: '1.4.0',
		sync: 'Synced',
		health: 'Degraded',
		stateLabel: '',
		message: /^ReconcileError: failed to get last release revision/,
	},
	dependency: {
		chart: '1.4.0',
		sync: 'Synced',
		health: 'Progressing',
		stateLabel: 'Waiting on dependency',
		message: new RegExp(`^DependencyNotReady: dependency '${fluxNs}/ready' is not ready$`),
	},
	reconciling: {
		chart: '1.4.0',
		sync: 'Synced',
		health: 'Progressing',
		stateLabel: '',
		message: /^Progressing: Running 'upgrade' action with timeout of 5m0s$/,
	},
	// The HelmChart is not there (yet): nothing to compare with.
	'missing-source': {
		chart: null,
		sync: 'Unknown',
		health: 'Degraded',
		stateLabel: '',
		message: /^ArtifactFailed: HelmChart 'flux-system\/states-flux-missing-source' is not ready/,
	},
	'source-not-ready': {
		chart: null,
		sync: 'Unknown',
		health: 'Degraded',
		stateLabel: '',
		message: /^ArtifactFailed: HelmChart 'flux-system\/states-flux-source-not-ready' is not ready/,
	},
	// An upgrade to 1.5.0 failed and was rolled back to 1.4.0.
	'upgrade-failed': {
		chart: '1.5.0',
		sync: 'OutOfSync',
		health: 'Degraded',
		stateLabel: '',
		message: /^RollbackSucceeded: Helm rollback to previous release/,
	},
};

function kustomizationSource(state: KustomizationState) {
	if (state === 'missing-source') return fluxSystemSource('GitRepository', 'gone');
	if (state === 'source-not-ready') return fluxSystemSource('GitRepository', 'broken');
	return fluxSystemSource('GitRepository', 'flux-system');
}

function assertShows(app: AppSummary | undefined, want: Expected, label: string) {
	assert.ok(app, `${label} is not listed`);
	assert.deepEqual(
		{sync: app.sync, health: app.health, stateLabel: app.stateLabel},
		{sync: want.sync, health: want.health, stateLabel: want.stateLabel},
		label,
	);
	assert.match(app.message, want.message, `${label} message`);
	if (want.operation === undefined) return;
	if (want.operation === null) {
		assert.equal(app.operation, null, `${label} operation`);
		return;
	}
	assert.equal(app.operation?.phase, want.operation.phase, `${label} operation phase`);
	assert.match(app.operation.message, want.operation.message, `${label} operation message`);
}

const inNamespace = (snapshot: MonitorSnapshot, namespace: string) => snapshot.apps.filter(app => app.namespace === namespace);

describe('live monitor: app states', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let monitors: Monitors;
	let monitor: LiveMonitor;
	const argoObjects = new Map<string, {status?: {sync?: {revision?: string}}}>();

	before(async () => {
		fixture = await startIntegration();
		({backend, monitors} = fixture);
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [argoNs, fluxNs, teamA, teamB]);
		await sharedFluxSources(kc);
		await put(kc, gitRepository('broken', 'flux-system', {ready: false, artifact: false}));
		await Promise.all(
			Object.entries(argoStates).map(async ([key, state]) => {
				const object = await put(kc, argoApp(kebab(key), argoNs, state));
				argoObjects.set(key, object);
				if (key === 'deleting') await markDeleting(kc, object);
			}),
		);
		await putAll(kc, [
			...Object.keys(kustomizationExpected).map(state => {
				const name = state as KustomizationState;
				return kustomization(name, fluxNs, {
					state: name,
					source: kustomizationSource(name),
					...(name === 'dependency' ? {dependsOn: ['ready']} : {}),
				});
			}),
			...Object.entries(helmReleaseExpected).flatMap(([state, want]) => [
				helmRelease(state, fluxNs, {
					state: state as HelmReleaseState,
					version: '1.4.0',
					...(state === 'upgrade-failed' ? {targetVersion: '1.5.0'} : {}),
					...(state === 'dependency' ? {dependsOn: ['ready']} : {}),
				}),
				...(want.chart === null ? [] : [helmChart(state, fluxNs, state, want.chart)]),
			]),
			// Same names in two namespaces, in different states.
			argoApp('twin', teamA, argoStates.degraded),
			argoApp('twin', teamB, argoStates.syncedHealthy),
			kustomization('twin', teamA, {state: 'stalled', source: fluxSystemSource('GitRepository', 'flux-system')}),
			kustomization('twin', teamB, {state: 'ready', source: fluxSystemSource('GitRepository', 'flux-system')}),
		]);
		monitor = monitors.open({batchMs: 20});
		const total = Object.keys(argoStates).length + Object.keys(kustomizationExpected).length + Object.keys(helmReleaseExpected).length;
		await untilSnapshot(
			monitor,
			snapshot =>
				inNamespace(snapshot, argoNs).length + inNamespace(snapshot, fluxNs).length === total &&
				snapshot.sources.every(source => source.phase === 'live'),
			`all ${total} apps listed`,
		);
	});
	after(async () => {
		await fixture?.close();
	});

	describe('Argo CD Applications', () => {
		for (const [key, want] of Object.entries(argoExpected)) {
			test(`${key}: ${want.sync}/${want.health}${want.stateLabel ? ` "${want.stateLabel}"` : ''}, operation ${want.operation?.phase ?? 'none'}`, () => {
				const app = findApp(monitor.store.getSnapshot(), 'Application', argoNs, kebab(key));
				assertShows(app, want, key);
				assert.equal(app!.provider, 'argocd');
				assert.equal(app!.id, `${backend.adminContext}/Application/${argoNs}/${kebab(key)}`);
				assert.equal(app!.revision, argoObjects.get(key)?.status?.sync?.revision);
				assert.match(app!.revision, /^[0-9a-f]{40}$/);
			});
		}
	});

	describe('Flux Kustomizations (sources in flux-system)', () => {
		for (const [state, want] of Object.entries(kustomizationExpected)) {
			test(`${state}: ${want.sync}/${want.health}${want.stateLabel ? ` "${want.stateLabel}"` : ''}`, () => {
				const app = findApp(monitor.store.getSnapshot(), 'Kustomization', fluxNs, state);
				assertShows(app, {...want, operation: null}, state);
				assert.equal(app!.provider, 'flux');
				assert.equal(app!.revision, want.revision);
			});
		}
	});

	describe('Flux HelmReleases (HelmCharts in flux-system)', () => {
		for (const [state, want] of Object.entries(helmReleaseExpected)) {
			test(`${state}: ${want.sync}/${want.health}${want.stateLabel ? ` "${want.stateLabel}"` : ''}`, () => {
				const app = findApp(monitor.store.getSnapshot(), 'HelmRelease', fluxNs, state);
				assertShows(app, {...want, operation: null}, state);
				// The chart version that runs, whatever the source offers.
				assert.equal(app!.revision, '1.4.0');
				if (want.chart !== null) assert.equal(app!.source?.revision, want.chart);
			});
		}
	});

	test('two apps with the same name in different namespaces are two apps', () => {
		const snapshot = monitor.store.getSnapshot();
		const twins = snapshot.apps.filter(app => app.name === 'twin');
		assert.equal(twins.length, 4, twins.map(app => app.id).join(', '));
		assert.equal(new Set(twins.map(app => app.id)).size, 4);
		assertShows(findApp(snapshot, 'Application', teamA, 'twin'), argoExpected.degraded, 'Application team-a/twin');
		assertShows(findApp(snapshot, 'Application', teamB, 'twin'), argoExpected.syncedHealthy, 'Application team-b/twin');
		assertShows(findApp(snapshot, 'Kustomization', teamA, 'twin'), kustomizationExpected.stalled, 'Kustomization team-a/twin');
		assertShows(findApp(snapshot, 'Kustomization', teamB, 'twin'), kustomizationExpected.ready, 'Kustomization team-b/twin');
	});

	test('-n scope shows only that namespace, while Flux sources in flux-system still resolve sync', async () => {
		const scoped = monitors.open({namespace: fluxNs, batchMs: 20});
		try {
			await untilAllLive(scoped);
			const want = Object.keys(kustomizationExpected).length + Object.keys(helmReleaseExpected).length;
			const snapshot = await untilSnapshot(scoped, current => current.apps.length === want && current, `${want} apps of ${fluxNs}`);
			assert.deepEqual([...new Set(snapshot.apps.map(app => app.namespace))], [fluxNs]);
			assert.equal(snapshot.namespace, fluxNs);
			// Sync needs the GitRepository / HelmCharts of flux-system, outside the scope.
			assert.equal(findApp(snapshot, 'Kustomization', fluxNs, 'ready')?.sync, 'Synced');
			assert.equal(findApp(snapshot, 'Kustomization', fluxNs, 'lagging')?.sync, 'OutOfSync');
			assert.equal(findApp(snapshot, 'HelmRelease', fluxNs, 'lagging')?.sync, 'OutOfSync');
			assert.equal(findApp(snapshot, 'Kustomization', fluxNs, 'ready')?.source?.revision, fluxHead);
		} finally {
			await monitors.close(scoped);
		}
	});

	test("setNamespace switches cleanly: the old namespace's apps are gone, the new one's in", async () => {
		const switching = monitors.open({namespace: teamA, batchMs: 20});
		const published: MonitorSnapshot[] = [];
		const unsubscribe = switching.store.subscribe(() => published.push(switching.store.getSnapshot()));
		try {
			await untilSnapshot(
				switching,
				snapshot => snapshot.apps.length === 2 && snapshot.apps.every(app => app.namespace === teamA),
				`the 2 apps of ${teamA}`,
			);
			const before = published.length;
			switching.setNamespace(teamB);
			const after = await untilSnapshot(
				switching,
				snapshot => snapshot.apps.length === 2 && snapshot.apps.every(app => app.namespace === teamB) && snapshot,
				`the 2 apps of ${teamB}`,
			);
			assert.equal(after.namespace, teamB);
			assert.equal(findApp(after, 'Application', teamB, 'twin')?.health, 'Healthy');
			// Never a mix: every snapshot since the switch is for the new namespace only.
			for (const snapshot of published.slice(before)) {
				assert.equal(snapshot.namespace, teamB);
				assert.deepEqual(
					snapshot.apps.filter(app => app.namespace !== teamB),
					[],
				);
			}

			switching.setNamespace(null);
			await untilSnapshot(
				switching,
				snapshot =>
					snapshot.namespace === null &&
					snapshot.apps.some(app => app.namespace === teamA) &&
					snapshot.apps.some(app => app.namespace === argoNs),
				'all namespaces again',
			);
		} finally {
			unsubscribe();
			await monitors.close(switching);
		}
	});

	test('setContext switches cleanly to the viewer context; an unknown context is a notice', async () => {
		const switching = monitors.open({namespace: teamB, batchMs: 20});
		const published: MonitorSnapshot[] = [];
		const unsubscribe = switching.store.subscribe(() => published.push(switching.store.getSnapshot()));
		try {
			await untilSnapshot(switching, snapshot => snapshot.apps.length === 2, `the 2 apps of ${teamB}`);
			assert.ok(switching.store.getSnapshot().contexts.includes(backend.viewerContext));
			const before = published.length;
			switching.setContext(backend.viewerContext);
			const after = await untilSnapshot(
				switching,
				snapshot => snapshot.context === backend.viewerContext && snapshot.apps.length === 2 && snapshot,
				"the viewer context's apps",
			);
			for (const app of after.apps) assert.ok(app.id.startsWith(`${backend.viewerContext}/`), app.id);
			for (const snapshot of published.slice(before)) {
				assert.equal(snapshot.context, backend.viewerContext);
				assert.deepEqual(
					snapshot.apps.filter(app => app.context !== backend.viewerContext),
					[],
				);
			}

			switching.setContext('no-such-context');
			const noticed = await untilSnapshot(switching, snapshot => (snapshot.notice ? snapshot : undefined), 'a notice');
			assert.match(noticed.notice!, /unknown context "no-such-context"/);
			assert.equal(noticed.context, backend.viewerContext);
			assert.equal(noticed.apps.length, 2);
		} finally {
			unsubscribe();
			await monitors.close(switching);
		}
	});
});
