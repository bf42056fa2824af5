// The user's own Argo CD health checks (Lua in argocd-cm) decide the health driftwatch shows, and a change to
// argocd-cm shows without a restart: for a native app's live objects and for an Argo CD app's resources.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import type {ManagedResource} from '../../source/core/apps/detail.js';
import type {DetailState} from '../../source/core/monitor/monitor.js';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {defaultConfig} from '../../source/core/native/config-types.js';
import {argoResourceOf} from '../../source/demo/argo-objects.js';
import {deleteObject, isHttpError} from '../../source/demo/rest.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {argoApp, ensureNamespace, refOf} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, deployment, edit, serverSideApply} from './drift/support.js';
import {type Monitors, untilApp} from './support/live.js';
import {prepareCluster, put} from './support/seed.js';

const nativeNs = `lua-native-${process.pid}`;
const gitopsNs = `lua-gitops-${process.pid}`;
const workloadNs = `lua-workloads-${process.pid}`;

/** A check that reads the object: Degraded, naming the replicas it wants. */
const wantsReplicas =
	'hs = {}\nhs.status = "Degraded"\nhs.message = "custom check: " .. obj.metadata.name .. " wants " .. obj.spec.replicas .. " replicas"\nreturn hs\n';
const healthyByUser = 'return {status = "Healthy", message = "checked by the platform team"}\n';

function argocdCm(namespace: string, data: Record<string, string>): KubeObject {
	return configMap('argocd-cm', namespace, data);
}

async function remove(kc: KubeConfig, object: KubeObject): Promise<void> {
	try {
		await deleteObject(kc, refOf(object));
	} catch (error) {
		if (!isHttpError(error, 404)) throw error;
	}
}

/** Follow an app's detail; wait for a resource's health to satisfy a check. */
function followDetail(monitor: LiveMonitor, appId: string) {
	let latest: DetailState | null = null;
	const stop = monitor.watchDetail(appId, state => {
		latest = state;
	});
	const resourceHealth = (kind: string, name: string) =>
		latest?.detail?.resources.find((resource: ManagedResource) => resource.kind === kind && resource.name === name)?.health ?? null;
	const until = (kind: string, name: string, check: (health: ManagedResource['health']) => boolean, what: string, timeoutMs = 10_000) =>
		waitFor(
			() => {
				const health = resourceHealth(kind, name);
				return health && check(health) ? health : undefined;
			},
			timeoutMs,
			() => `${what}; ${kind}/${name} shows ${JSON.stringify(resourceHealth(kind, name))} (detail error: ${latest?.error ?? 'none'})`,
		);
	return {stop, until};
}

/** The longest the event loop went without running a 10 ms timer, while `during` runs. */
async function longestStall<T>(during: () => Promise<T>): Promise<{result: T; stallMs: number}> {
	let last = Date.now();
	let stallMs = 0;
	const ticker = setInterval(() => {
		const now = Date.now();
		stallMs = Math.max(stallMs, now - last);
		last = now;
	}, 10);
	try {
		return {result: await during(), stallMs};
	} finally {
		clearInterval(ticker);
	}
}

describe('argocd-cm Lua health checks in the live monitor', () => {
	let fixture: Integration;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let git: GitRepos;
	let monitors: Monitors;

	before(async () => {
		fixture = await startIntegration();
		({kc, gitSandbox: sandbox, git, monitors} = fixture);
		await prepareCluster(kc, [nativeNs, gitopsNs, workloadNs]);
		await ensureNamespace(kc, 'argocd');
	});
	after(async () => {
		await fixture?.close();
	});

	test('a native app: the Deployment is judged by the argocd-cm script, live as the script changes, and a looping script is cut off', async () => {
		const web = deployment('web', nativeNs, {replicas: 3});
		const repo = WorkRepo.create(sandbox, 'lua-native');
		repo.commit('web', {'apps/web/deployment.yaml': stringify(web)});
		await serverSideApply(
			kc,
			{...web, metadata: {...web.metadata, labels: {...web.metadata?.labels, [NATIVE_TRACKING_LABEL]: 'web'}}},
			'driftwatch',
		);
		const settings = argocdCm('argocd', {});
		await remove(kc, settings);
		const config = {
			...defaultConfig(),
			apps: [{name: 'web', repo: repo.dir, branch: 'main', path: 'apps/web', namespace: nativeNs, context: null, prune: false, line: 1}],
		};
		// Scoped to the app's namespace: Argo CD's settings are then looked for in `argocd`.
		const monitor = monitors.open({config, git, namespace: nativeNs, batchMs: 50, driftRecheckMs: 10 * 60_000});
		const ref = {kind: 'Git', namespace: nativeNs, name: 'web'};

		// No controller runs on a test server: the built-in rule sees a rollout that never started.
		const row = await untilApp(monitor, ref, app => app.sync === 'Synced' && app.health === 'Progressing', 20_000);
		const detail = followDetail(monitor, row.id);
		try {
			await detail.until('Deployment', 'web', health => health?.status === 'Progressing', 'built-in rule');

			await put(kc, argocdCm('argocd', {'resource.customizations.health.apps_Deployment': wantsReplicas}));
			await untilApp(monitor, ref, app => app.health === 'Degraded', 10_000);
			const degraded = await detail.until('Deployment', 'web', health => health?.status === 'Degraded', 'the argocd-cm script');
			assert.deepEqual(degraded, {status: 'Degraded', message: 'custom check: web wants 3 replicas'});

			// The block form, with a glob over the group's kinds, replaces the per-kind key.
			await edit(kc, settings, {
				data: {
					'resource.customizations.health.apps_Deployment': null,
					'resource.customizations': stringify({'apps/*': {'health.lua': healthyByUser}}),
				},
			});
			await untilApp(monitor, ref, app => app.health === 'Healthy', 10_000);
			assert.deepEqual(await detail.until('Deployment', 'web', health => health?.status === 'Healthy', 'the block-form script'), {
				status: 'Healthy',
				message: 'checked by the platform team',
			});

			// A script that never ends: reported on the resource, and the monitor does not freeze meanwhile.
			const {result: looping, stallMs} = await longestStall(async () => {
				await edit(kc, settings, {data: {'resource.customizations': stringify({'apps/*': {'health.lua': 'while true do end\n'}})}});
				return detail.until('Deployment', 'web', health => health?.status === 'Unknown', 'the looping script reported');
			});
			assert.match(looping!.message, /^health check timed out: the Lua script for apps\/\* in argocd-cm ran longer than 100 ms/);
			assert.equal((await untilApp(monitor, ref, app => app.health === 'Unknown')).health, 'Unknown');
			assert.ok(stallMs < 1000, `the event loop stalled ${stallMs} ms`);

			// Fixed again: the new script runs.
			await edit(kc, settings, {data: {'resource.customizations': stringify({'apps/*': {'health.lua': healthyByUser}})}});
			await detail.until('Deployment', 'web', health => health?.status === 'Healthy', 'the fixed script');

			// Without argocd-cm the built-in rule decides again.
			await remove(kc, settings);
			await untilApp(monitor, ref, app => app.health === 'Progressing', 10_000);
			await detail.until('Deployment', 'web', health => health?.status === 'Progressing', 'built-in rule again');
		} finally {
			detail.stop();
			await monitors.close(monitor);
		}
	});

	test('an Argo CD app: its resources are judged by the argocd-cm of the Argo CD that runs it, and follow its changes', async () => {
		const api = await put(kc, deployment('api', workloadNs, {replicas: 2}));
		const app = argoApp('shop', gitopsNs, {destinationNamespace: workloadNs, resources: [argoResourceOf(api)]});
		// Argo CD installed in its own namespace (not `argocd`), as its Applications report.
		app.status = {...app.status, controllerNamespace: gitopsNs};
		await put(kc, app);
		const decoy = await put(
			kc,
			argocdCm('argocd', {'resource.customizations.health.apps_Deployment': 'return {status = "Suspended", message = "another Argo CD"}'}),
		);
		const settings = await put(
			kc,
			argocdCm(gitopsNs, {
				'resource.customizations.health.apps_Deployment':
					'hs = {status = "Degraded", message = string.format("%s: %d replicas wanted", obj.metadata.name, obj.spec.replicas)}\nreturn hs\n',
				'resource.customizations.useOpenLibs.apps_Deployment': 'true',
			}),
		);
		const monitor = monitors.open({detailPollMs: 200, batchMs: 50});
		try {
			const row = await untilApp(monitor, {kind: 'Application', namespace: gitopsNs, name: 'shop'}, () => true, 10_000);
			const detail = followDetail(monitor, row.id);
			try {
				assert.deepEqual(
					await detail.until('Deployment', 'api', health => health?.status === 'Degraded', "the script of the app's own Argo CD"),
					{status: 'Degraded', message: 'api: 2 replicas wanted'},
				);
				await edit(kc, settings, {data: {'resource.customizations.health.apps_Deployment': healthyByUser}});
				assert.deepEqual(await detail.until('Deployment', 'api', health => health?.status === 'Healthy', 'the changed script'), {
					status: 'Healthy',
					message: 'checked by the platform team',
				});
				// A script error is the resource's health message.
				await edit(kc, settings, {data: {'resource.customizations.health.apps_Deployment': 'return {status = obj.status.nothing.here}\n'}});
				const failing = await detail.until('Deployment', 'api', health => health?.status === 'Unknown', 'the failing script');
				assert.match(failing!.message, /^<string>:1: attempt to index a nil value/);
			} finally {
				detail.stop();
			}
		} finally {
			await monitors.close(monitor);
			await remove(kc, decoy);
		}
	});
});
