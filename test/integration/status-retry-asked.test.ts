// A real kube-apiserver answers 429 "storage is (re)initializing" (details.retryAfterSeconds: 1) while a type's
// watch cache starts — right after its CRD is created, or the server restarted — and 429 with the same details
// when it throttles. kubectl's client retries such answers; a one-shot `driftwatch status` must too, and say what
// the server said only if it lasts. The sandbox injects the answer (the real server cannot be made to give it on
// cue), so these run on the sandbox backend only.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {classifyApiError} from '../../source/core/kube/api-error.js';
import {requestJson} from '../../source/core/kube/http.js';
import {startBackend, sandboxOrSkip, type TestBackend} from '../support/backend.js';
import {runCli} from '../support/cli.js';
import {argoApp} from '../support/fixtures.js';
import {waitForAsync} from '../support/wait-for.js';
import {prepareCluster, putAll} from './support/seed.js';

const namespace = 'retry-asked';
const appsPath = '/apis/argoproj.io/v1alpha1/applications';
const initializing = 'storage is (re)initializing';

describe('status when the server asks to be asked again', () => {
	let backend: TestBackend;

	before(async () => {
		backend = await startBackend();
		await prepareCluster(backend.kubeConfig(), [namespace]);
		await putAll(backend.kubeConfig(), [argoApp('web', namespace)]);
	});
	after(async () => {
		await backend?.close();
	});

	test('a CRD just created: its list answers 404 (not served yet) or 429 with retryAfterSeconds (its cache starting), then the list', async () => {
		// What the real kube-apiserver does, and what driftwatch's waiting relies on: the 429 says when to ask again.
		const kc = backend.kubeConfig();
		const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
		const name = 'retryprobes.retry.driftwatch.test';
		const crd = {
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: {name},
			spec: {
				group: 'retry.driftwatch.test',
				scope: 'Namespaced',
				names: {plural: 'retryprobes', singular: 'retryprobe', kind: 'RetryProbe', listKind: 'RetryProbeList'},
				versions: [
					{
						name: 'v1',
						served: true,
						storage: true,
						schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}},
					},
				],
			},
		};
		await requestJson(kc, `${crdPath}/${name}`, {method: 'DELETE'}).catch(() => {});
		await waitForAsync(
			async () =>
				requestJson(kc, `${crdPath}/${name}`).then(
					() => false,
					() => true,
				),
			30_000,
			() => "an earlier run's CRD gone",
		);
		await requestJson(kc, crdPath, {method: 'POST', body: JSON.stringify(crd)});
		try {
			const answers: string[] = [];
			// Asked again at once: the window is a few milliseconds long on a real server.
			await waitForAsync(
				async () => {
					try {
						await requestJson(kc, '/apis/retry.driftwatch.test/v1/retryprobes');
						return true;
					} catch (error) {
						const problem = classifyApiError(error);
						answers.push(`${problem.code} ${problem.retryAfterSeconds ?? '-'} ${problem.message}`);
						return false;
					}
				},
				10_000,
				() => `the new type listed (answers: ${answers.slice(-5).join('; ')})`,
				0,
			);
			for (const answer of answers) assert.match(answer, /^(404 - |429 [1-9]\d* storage is \(re\)initializing)/, answers.join('\n'));
		} finally {
			await requestJson(kc, `${crdPath}/${name}`, {method: 'DELETE'}).catch(() => {});
		}
	});

	test('a 429 with retryAfterSeconds, twice: status waits it out and lists the apps, exit 0', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'injects the 429 through the sandbox');
		if (!sandbox) return;
		sandbox.faults.failNext(2, 429, initializing, {path: appsPath, retryAfterSeconds: 1});
		const run = await runCli(['status', '--json', '--kubeconfig', backend.kubeconfigPath]);
		assert.equal(run.code, 0, run.stderr);
		assert.deepEqual(
			(JSON.parse(run.stdout) as {apps: {name: string}[]}).apps.map(app => app.name),
			['web'],
		);
		assert.equal(run.stderr, '');
		sandbox.faults.clearFailures();
	});

	test('when it lasts, status gives up after about ten seconds with what the server said, exit 2', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'injects the 429 through the sandbox');
		if (!sandbox) return;
		sandbox.faults.failNext('until-cleared', 429, initializing, {path: appsPath, retryAfterSeconds: 1});
		try {
			const started = Date.now();
			const run = await runCli(['status', '--kubeconfig', backend.kubeconfigPath]);
			assert.equal(run.code, 2, run.stdout);
			assert.match(run.stderr, /^driftwatch: context \S+: Argo CD apps: stale — storage is \(re\)initializing\n$/);
			assert.ok(Date.now() - started >= 10_000, 'it waited as long as it said it would');
		} finally {
			sandbox.faults.clearFailures();
		}
	});

	test('a 500 without retryAfterSeconds is reported at once, as before', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'injects the 500 through the sandbox');
		if (!sandbox) return;
		sandbox.faults.failNext('until-cleared', 500, 'etcdserver: request timed out', {path: appsPath});
		try {
			const started = Date.now();
			const run = await runCli(['status', '--kubeconfig', backend.kubeconfigPath]);
			assert.equal(run.code, 2, run.stdout);
			assert.match(run.stderr, /Argo CD apps: stale — etcdserver: request timed out/);
			assert.ok(Date.now() - started < 10_000, 'no wait for an answer that did not ask for one');
		} finally {
			sandbox.faults.clearFailures();
		}
	});
});
