// What a live monitor shows users with less than admin rights: what they may
// read, a clear per-source 'forbidden' for what they may not, 'unauthorized'
// with a re-login hint for credentials the server rejects.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {parse, stringify} from 'yaml';
import type {MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import {type TestBackend, faultsOf, sandboxOrSkip} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {argoApp, kustomization} from '../support/fixtures.js';
import {type Monitors, sourceByKey, untilAllLive, untilApp, untilSnapshot, untilSourcePhase} from './support/live.js';
import {fluxSystemSource, prepareCluster, putAll, sharedFluxSources} from './support/seed.js';

const namespace = 'rbac';
const readVerbs = ['get', 'list', 'watch'];
const argoOnlyRules = [{verbs: readVerbs, apiGroups: ['argoproj.io'], resources: ['applications']}];
const fluxKeys = [
	'kustomize.toolkit.fluxcd.io/kustomizations',
	'helm.toolkit.fluxcd.io/helmreleases',
	'source.toolkit.fluxcd.io/gitrepositories',
];

type KubeconfigYaml = {
	users: Array<{name: string; user: Record<string, unknown>}>;
	contexts: Array<{name: string; context: {user: string}}>;
};

describe('live monitor: permissions and credentials', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let monitors: Monitors;
	let dir: string;

	/** A copy of the backend's kubeconfig with the user of `context` changed by `edit`. */
	async function kubeconfigCopy(
		name: string,
		context: string,
		edit: (user: Record<string, unknown>) => Record<string, unknown>,
	): Promise<string> {
		const config = parse(await readFile(backend.kubeconfigPath, 'utf8')) as KubeconfigYaml;
		const userName = config.contexts.find(entry => entry.name === context)?.context.user;
		const user = config.users.find(entry => entry.name === userName);
		assert.ok(user, `no user for context ${context}`);
		user.user = edit(user.user);
		const path = join(dir, name);
		await writeFile(path, stringify(config), {mode: 0o600});
		return path;
	}

	before(async () => {
		fixture = await startIntegration();
		({backend, monitors} = fixture);
		dir = mkdtempSync(join(tmpdir(), 'driftwatch-rbac-'));
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [namespace]);
		await sharedFluxSources(kc);
		await putAll(kc, [
			argoApp('storefront', namespace),
			argoApp('payments', namespace, {health: 'Degraded'}),
			kustomization('infra', namespace, {source: fluxSystemSource('GitRepository', 'flux-system')}),
		]);
	});
	after(async () => {
		await fixture?.close();
		if (dir) await rm(dir, {recursive: true, force: true});
	});

	test('a user who may read Argo CD apps but no Flux kinds sees the Argo apps and Flux as forbidden', async () => {
		const context = await backend.addUser('argo-reader', argoOnlyRules);
		const monitor = monitors.open({context, batchMs: 20});
		assert.equal(await monitor.settled(10_000), true);
		await untilApp(monitor, {kind: 'Application', namespace, name: 'payments'}, app => app.health === 'Degraded');
		await untilApp(monitor, {kind: 'Application', namespace, name: 'storefront'});
		for (const key of fluxKeys) {
			const state = await untilSourcePhase(monitor, key, 'forbidden', 10_000);
			const plural = key.split('/')[1]!;
			// Names the resource and the user, as the server said it.
			assert.match(
				state.message,
				new RegExp(`${plural}\\.[a-z.]+ is forbidden: User "[^"]*argo-reader" cannot (list|watch) resource "${plural}"`),
				state.message,
			);
		}
		const snapshot = monitor.store.getSnapshot();
		assert.equal(sourceByKey(snapshot, 'argoproj.io/applications')?.phase, 'live');
		assert.deepEqual(
			snapshot.apps.filter(app => app.provider === 'flux'),
			[],
			'no Flux apps',
		);
		assert.equal(snapshot.apps.filter(app => app.namespace === namespace).length, 2);
		await monitors.close(monitor);
	});

	test('a rejected token gives "unauthorized" with a hint to refresh the credentials', async () => {
		const path = await kubeconfigCopy('bad-token', backend.adminContext, () => ({token: 'not-a-valid-token'}));
		const monitor = monitors.open({kubeconfigPath: path, batchMs: 20});
		try {
			assert.equal(await monitor.settled(10_000), true);
			const snapshot = await untilSnapshot(
				monitor,
				current => current.sources.some(source => source.phase === 'unauthorized') && current,
				'an unauthorized source',
			);
			const state = snapshot.sources.find(source => source.phase === 'unauthorized')!;
			assert.match(state.message, /Unauthorized/);
			assert.match(
				state.message,
				new RegExp(
					`refresh the credentials of user ".+" in your kubeconfig \\(e\\.g\\. kubectl --context ${backend.adminContext} get ns\\)`,
				),
			);
			assert.deepEqual(snapshot.apps, []);
		} finally {
			await monitors.close(monitor);
		}
	});

	test('a login plugin whose token is rejected: the hint names the command to run again', async () => {
		const script = join(dir, 'login.mjs');
		await writeFile(
			script,
			`process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: {token: 'expired-token'}}));\n`,
		);
		const path = await kubeconfigCopy('exec-login', backend.adminContext, () => ({
			exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [script], interactiveMode: 'Never'},
		}));
		const monitor = monitors.open({kubeconfigPath: path, batchMs: 20});
		try {
			const snapshot = await untilSnapshot(
				monitor,
				current => current.sources.some(source => source.phase === 'unauthorized') && current,
				'an unauthorized source',
				10_000,
			);
			const state = snapshot.sources.find(source => source.phase === 'unauthorized')!;
			assert.ok(state.message.includes(`re-login: run \`${process.execPath} ${script}\` in a shell`), state.message);
		} finally {
			await monitors.close(monitor);
		}
	});

	test('credentials revoked while watching: the sources turn unauthorized, keeping what they showed', async t => {
		const sandbox = sandboxOrSkip(t, backend, "needs the sandbox backend's fault injection");
		if (!sandbox) return;
		const context = await backend.addUser('rotated', [{verbs: readVerbs, apiGroups: ['*'], resources: ['*']}]);
		const monitor = monitors.open({context, batchMs: 20, timing: {backoff: {initialMs: 50, maxMs: 400}}});
		try {
			await untilAllLive(monitor);
			await untilApp(monitor, {kind: 'Application', namespace, name: 'storefront'});
			// A new token for the user: the monitor still holds the old one.
			await backend.addUser('rotated', [{verbs: readVerbs, apiGroups: ['*'], resources: ['*']}]);
			sandbox.faults.dropWatches();
			const state = await untilSourcePhase(monitor, 'argoproj.io/applications', 'unauthorized');
			assert.match(state.message, /refresh the credentials of user "rotated"/);
			assert.ok(
				monitor.store.getSnapshot().apps.some(app => app.name === 'storefront'),
				'apps kept, marked by their source state',
			);
		} finally {
			await monitors.close(monitor);
		}
	});

	test('the viewer context sees everything the admin sees, read-only', async () => {
		const admin = monitors.open({batchMs: 20});
		const viewer = monitors.open({context: backend.viewerContext, batchMs: 20});
		const sandbox = faultsOf(backend);
		sandbox?.clearRequests();
		try {
			await untilAllLive(admin);
			await untilAllLive(viewer);
			const mine = (snapshot: MonitorSnapshot) => snapshot.apps.filter(app => app.namespace === namespace);
			const adminApps = await untilSnapshot(admin, snapshot => mine(snapshot).length === 3 && mine(snapshot), 'admin sees 3 apps');
			const viewerApps = await untilSnapshot(viewer, snapshot => mine(snapshot).length === 3 && mine(snapshot), 'viewer sees 3 apps');
			const strip = (apps: typeof adminApps) => apps.map(({id, context, ...rest}) => ({...rest, id: id.slice(context.length)}));
			assert.deepEqual(strip(viewerApps), strip(adminApps));
			for (const app of viewerApps) assert.equal(app.context, backend.viewerContext);

			let detailError: string | null = 'not loaded';
			const stop = viewer.watchDetail(viewerApps[0]!.id, state => {
				if (!state.loading) detailError = state.error;
			});
			await untilSnapshot(viewer, () => detailError === null, `viewer detail loads (error: ${detailError})`);
			stop();
			if (sandbox) {
				// driftwatch only ever read as the viewer.
				const verbs = new Set(sandbox.requests.filter(request => request.user === 'viewer').map(request => request.verb));
				assert.ok(verbs.size > 0);
				for (const verb of verbs) assert.ok(readVerbs.includes(verb), `viewer made a ${verb} request`);
			}
		} finally {
			await monitors.close(admin);
			await monitors.close(viewer);
		}
	});
});
