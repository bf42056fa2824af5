// `driftwatch sync|terminate APP --yes --wait` as a user runs them: the real launcher in a child process on the test
// backend, and the test in the controller's place, answering on the Application's status as Argo CD does. --wait
// returns once the controller answered: exit 0 done, 1 failed, 2 no answer in --timeout; `terminate` without a
// running operation, or on an app that is not Argo CD's, is one line and exit 2.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {argoApplication} from '../../source/demo/argo-objects.js';
import {jsonPatch} from '../../source/demo/rest.js';
import {startBackend, type TestBackend} from '../support/backend.js';
import {assertOneLineError, type CliRun, runCli} from '../support/cli.js';
import {
	createWithStatus,
	ensureNamespace,
	getObject,
	gitRepository,
	installGitOpsCrds,
	kustomization,
	refOf,
	setStatus,
	waitForObject,
} from '../support/fixtures.js';

const namespace = 'action-wait';

describe('driftwatch ACTION APP --wait, and driftwatch terminate APP', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let count = 0;

	function driftwatch(args: readonly string[]): Promise<CliRun> {
		return runCli([...args, '--kubeconfig', backend.kubeconfigPath], {}, {timeoutMs: 60_000});
	}

	/** An Argo CD app from a chart (its revision needs no Git lookup), out of sync, auto-sync off. */
	function chartApp(extra: Partial<Parameters<typeof argoApplication>[0]> = {}): Promise<KubeObject> {
		return createWithStatus(
			kc,
			argoApplication({name: `web-${++count}`, namespace, chart: 'web', autoSync: false, sync: 'OutOfSync', history: 1, ...extra}),
		);
	}

	/** The controller picks the requested operation up and ends it: `.operation` goes, operationState says how. */
	async function endOperation(run: Promise<CliRun>, app: KubeObject, phase: 'Succeeded' | 'Failed', message: string): Promise<void> {
		await waitForObject(kc, refOf(app), current => current['operation'] !== undefined, {describe: 'the sync request', whileRunning: run});
		const now = new Date().toISOString();
		await jsonPatch(kc, refOf(app), [{op: 'remove', path: '/operation'}]);
		await setStatus(kc, app, {operationState: {phase, message, startedAt: now, finishedAt: now, operation: {sync: {}}}});
	}

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		await installGitOpsCrds(kc);
		await ensureNamespace(kc, namespace);
	});
	after(async () => {
		await backend?.close();
	});

	test('sync --wait: progress on stderr, exit 0 once the operation Succeeded, its message on stdout', async () => {
		const app = await chartApp();
		const name = app.metadata!.name!;
		const run = driftwatch(['sync', `${namespace}/${name}`, '--yes', '--wait']);
		await endOperation(run, app, 'Succeeded', 'successfully synced (all tasks run)');
		const done = await run;
		assert.equal(done.code, 0, done.stderr);
		assert.equal(done.stdout, `Sync Application ${namespace}/${name}: successfully synced (all tasks run)\n`);
		assert.match(done.stderr, new RegExp(`^Sync Application ${namespace}/${name}: sync requested: .*; waiting for the controller$`, 'm'));
	});

	test('sync --wait: exit 1 when the operation Failed, the controller message in the one problem line', async () => {
		const app = await chartApp();
		const name = app.metadata!.name!;
		const run = driftwatch(['sync', `${namespace}/${name}`, '--yes', '--wait']);
		await endOperation(run, app, 'Failed', 'one or more objects failed to apply');
		const done = await run;
		assert.equal(done.code, 1, done.stderr);
		assert.equal(done.stdout, '');
		assert.match(
			done.stderr,
			new RegExp(`^driftwatch: Sync Application ${namespace}/${name} failed: one or more objects failed to apply$`, 'm'),
		);
	});

	test('sync --wait --timeout 2s: no controller answers, exit 2 saying how long it waited; the request was sent', async () => {
		const app = await chartApp();
		const name = app.metadata!.name!;
		const done = await driftwatch(['sync', `${namespace}/${name}`, '--yes', '--wait', '--timeout', '2s']);
		assert.equal(done.code, 2, done.stderr);
		assert.equal(done.stdout, '');
		assert.match(
			done.stderr,
			new RegExp(`^driftwatch: Sync Application ${namespace}/${name}: no answer from the controller within 2s \\(last: running\\)$`, 'm'),
		);
		assert.notEqual((await getObject(kc, refOf(app)))['operation'], undefined, 'the sync request stays for the controller');
	});

	test('sync without --wait returns once the request is accepted: exit 0 while the operation is still pending', async () => {
		const app = await chartApp();
		const name = app.metadata!.name!;
		const done = await driftwatch(['sync', `${namespace}/${name}`, '--yes']);
		assert.equal(done.code, 0, done.stderr);
		assert.match(done.stdout, new RegExp(`^Sync Application ${namespace}/${name}: sync requested: `));
		assert.notEqual((await getObject(kc, refOf(app)))['operation'], undefined);
	});

	test('terminate --wait: the running operation is marked Terminating; exit 0 once the controller ended it', async () => {
		const app = await chartApp({operation: {phase: 'Running', message: 'waiting for healthy state of apps/Deployment/web'}});
		const name = app.metadata!.name!;
		const run = driftwatch(['terminate', `${namespace}/${name}`, '--yes', '--wait']);
		const terminating = await waitForObject(kc, refOf(app), current => current.status?.operationState?.phase === 'Terminating', {
			describe: 'the terminate request',
			whileRunning: run,
		});
		await jsonPatch(kc, refOf(app), [{op: 'remove', path: '/operation'}]);
		await setStatus(kc, app, {
			operationState: {
				...terminating.status.operationState,
				phase: 'Failed',
				message: 'Operation terminated',
				finishedAt: new Date().toISOString(),
			},
		});
		const done = await run;
		assert.equal(done.code, 0, done.stderr);
		assert.equal(done.stdout, `Terminate the operation of Application ${namespace}/${name}: Operation terminated\n`);
	});

	test('reconcile --wait on a Flux Kustomization: exit 0 once the controller handled the request and Ready is True', async () => {
		await createWithStatus(kc, gitRepository('deploy', namespace));
		const app = await createWithStatus(kc, kustomization('cart', namespace, {source: {kind: 'GitRepository', name: 'deploy'}}));
		const run = driftwatch(['reconcile', `ks/${namespace}/cart`, '--yes', '--wait']);
		const requested = await waitForObject(
			kc,
			refOf(app),
			current => current.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'] !== undefined,
			{describe: 'the reconcile request', whileRunning: run},
		);
		// The controller's answer: the request handled, Ready as it was (True).
		await setStatus(kc, app, {lastHandledReconcileAt: requested.metadata!.annotations!['reconcile.fluxcd.io/requestedAt']});
		const done = await run;
		assert.equal(done.code, 0, done.stderr);
		assert.match(done.stdout, new RegExp(`^Reconcile Kustomization ${namespace}/cart: `));
	});

	test('terminate without a running operation: one line, exit 2, nothing written', async () => {
		const app = await chartApp();
		const name = app.metadata!.name!;
		const done = await driftwatch(['terminate', `${namespace}/${name}`, '--yes']);
		assertOneLineError(
			done,
			new RegExp(`^driftwatch: Terminate the operation of Application ${namespace}/${name}: no operation is in progress$`),
		);
		assert.equal((await getObject(kc, refOf(app))).status?.operationState?.phase, 'Succeeded');
	});

	test('terminate on a Flux app: one line saying Flux has none, exit 2', async () => {
		await createWithStatus(kc, gitRepository('flux-system', namespace));
		await createWithStatus(kc, kustomization('shop', namespace));
		const done = await driftwatch(['terminate', `ks/${namespace}/shop`, '--yes']);
		assertOneLineError(done, /: Flux has no terminate action$/);
	});
});
