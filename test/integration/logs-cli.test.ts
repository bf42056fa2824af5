// `driftwatch logs APP` as a user runs it: the real launcher in a child process, an Argo CD app managing a
// Deployment whose pods the test writes (a crash-looping one among them). On both backends: a pod on no node
// says so in one line (exit 1), a container the pod lacks is the API server's error (exit 2). On the sandbox,
// which stands in for the kubelet: the failing pod's log by default, --previous, --tail, terminal escapes shown
// as text, and --controller with the application-controller's lines about this app only.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {argoApp} from '../support/fixtures.js';
import {sandboxOrSkip, type TestBackend} from '../support/backend.js';
import {type CliRun, runCli} from '../support/cli.js';
import {crashLoopStatus, runningPodStatus, selectingDeployment, testPod, type TestPodOptions} from '../support/test-pods.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {prepareCluster, put} from './support/seed.js';

const namespace = 'logs-cli';

/** The shop's pods: those of the Deployment web unless labelled otherwise. */
const pod = (name: string, options: TestPodOptions & {namespace?: string}) =>
	testPod(name, options.namespace ?? namespace, {labels: {app: 'web'}, ...options});

const crashStatus = crashLoopStatus(7, 1, {message: 'back-off 5m0s restarting failed container=app'});

const runningStatus = runningPodStatus();

describe('driftwatch logs APP', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;

	function logs(args: readonly string[]): Promise<CliRun> {
		return runCli(['logs', ...args, '--kubeconfig', backend.kubeconfigPath], fixture.gitSandbox.env);
	}

	before(async () => {
		fixture = await startIntegration();
		backend = fixture.backend;
		kc = fixture.kc;
		await prepareCluster(kc, [namespace, 'argocd']);
		await put(
			kc,
			argoApp('shop', 'argocd', {
				sync: 'Synced',
				health: 'Degraded',
				destinationNamespace: namespace,
				resources: [
					{group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'web'},
					{version: 'v1', kind: 'Pod', namespace, name: 'pending'},
				],
			}),
		);
		await put(kc, selectingDeployment('web', namespace, {app: 'web'}));
		await put(kc, pod('web-7d9f-ok', {node: 'node-1', status: runningStatus}));
		await put(kc, pod('web-7d9f-crash', {node: 'node-2', status: crashStatus}));
		await put(kc, pod('pending', {labels: {app: 'batch'}}));
	});
	after(() => fixture.close());

	test('a pod on no node: one line saying there is no log and why, exit 1', async () => {
		const run = await logs(['shop', '--resource', 'pod/pending']);
		assert.equal(run.code, 1, run.stderr);
		assert.equal(run.stdout, '');
		assert.match(run.stderr, /^==> pod\/pending -n logs-cli -c app\n/);
		assert.match(run.stderr, /driftwatch: no log: pod pending is not on a node \(not scheduled\), so no kubelet has a log for app\n$/);
	});

	test('a container the pod does not have: exit 2 naming the ones it has', async () => {
		const run = await logs(['shop', '--resource', 'deploy/web', '-c', 'sidecar']);
		assert.equal(run.code, 2);
		assert.equal(run.stderr, 'driftwatch: container sidecar is not valid for pod web-7d9f-crash, choose one of: [app]\n');
	});

	test('a resource the flag cannot name is a usage error', async () => {
		const run = await logs(['shop', '--resource', 'configmap/settings']);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /^driftwatch: --resource: configmap has no logs/);
	});

	test('sandbox: the failing pod by default, its previous crash, the tail, escapes shown as text', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		const ref = {namespace, pod: 'web-7d9f-crash', container: 'app'};
		sandbox.podLogs.append(ref, ['starting shop-web 1.4', 'connecting to postgres:5432', 'panic: dial tcp: connection refused']);
		sandbox.podLogs.restart(ref);
		sandbox.podLogs.append(ref, ['starting shop-web 1.4', 'connecting to postgres:5432', '\u001b]52;c;aGk=\u0007\u001b[2Jclear']);
		sandbox.podLogs.append({...ref, pod: 'web-7d9f-ok'}, ['GET /healthz 200']);

		const current = await logs(['shop']);
		assert.equal(current.code, 0, current.stderr);
		assert.equal(current.stderr, '==> pod/web-7d9f-crash -n logs-cli -c app\n');
		assert.equal(current.stdout, 'starting shop-web 1.4\nconnecting to postgres:5432\n\\x1b]52;c;aGk=\\x07\\x1b[2Jclear\n');

		const previous = await logs(['shop', '--previous', '--tail', '1']);
		assert.equal(previous.code, 0, previous.stderr);
		assert.equal(previous.stdout, 'panic: dial tcp: connection refused\n');

		const healthy = await logs(['shop', '--resource', 'pod/web-7d9f-ok', '--previous']);
		assert.equal(healthy.code, 2);
		assert.match(healthy.stderr, /driftwatch: previous terminated container "app" in pod "web-7d9f-ok" not found\n$/);
	});

	test('sandbox: blank lines in the log are printed as they are', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		await put(kc, pod('web-trace', {node: 'node-1', status: runningStatus, labels: {app: 'trace'}}));
		sandbox.podLogs.append({namespace, pod: 'web-trace', container: 'app'}, [
			'Traceback (most recent call last):',
			'',
			'  File "app.py"',
			'',
			'ValueError',
		]);
		const run = await logs(['shop', '--resource', 'pod/web-trace']);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stdout, 'Traceback (most recent call last):\n\n  File "app.py"\n\nValueError\n');
	});

	test("sandbox: --controller prints the application-controller's lines about this app only", async t => {
		const sandbox = sandboxOrSkip(t, backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		await put(
			kc,
			pod('argocd-application-controller-0', {
				namespace: 'argocd',
				node: 'node-1',
				labels: {'app.kubernetes.io/name': 'argocd-application-controller'},
				containers: ['argocd-application-controller'],
				status: runningPodStatus('argocd-application-controller'),
			}),
		);
		sandbox.podLogs.append({namespace: 'argocd', pod: 'argocd-application-controller-0', container: 'argocd-application-controller'}, [
			'time="2026-12-07T01:00:00Z" level=info msg="Reconciliation completed" application=argocd/shop dedup_ms=0',
			'time="2026-12-07T01:00:01Z" level=info msg="Reconciliation completed" application=argocd/shopping',
			'{"application":"shop","app-namespace":"argocd","level":"warning","msg":"Degraded: web","time":"2026-12-07T01:00:02Z"}',
			'{"application":"other","level":"info","msg":"ok","time":"2026-12-07T01:00:03Z"}',
		]);
		const run = await logs(['shop', '--controller']);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(
			run.stdout,
			[
				'[application-controller] time="2026-12-07T01:00:00Z" level=info msg="Reconciliation completed" application=argocd/shop dedup_ms=0',
				'[application-controller] 2026-12-07T01:00:02Z warning Degraded: web application=shop app-namespace=argocd',
				'',
			].join('\n'),
		);
	});
});
