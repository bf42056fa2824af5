// Container logs through pods/log, as the API server answers them: on both backends the errors the API server
// itself gives (ambiguous or unknown container, forbidden) and a pod on no node (204, no log); on the sandbox,
// which stands in for the kubelet, the log text itself: tail, previous, follow, and a broken follow reconnecting.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {requestJson} from '../../source/core/kube/http.js';
import type {LogPod} from '../../source/core/kube/pod-containers.js';
import {podsOf} from '../../source/core/logs/log-pods.js';
import {noLogText, type PodLogNotice, readPodLog, streamPodLog} from '../../source/core/logs/pod-log.js';
import {sandboxOrSkip, startBackend, type TestBackend} from '../support/backend.js';
import {crashLoopStatus, patchPodStatus, selectingDeployment, testPod, type TestPodOptions} from '../support/test-pods.js';
import {waitFor} from '../support/wait-for.js';

const namespace = 'logs';

const pod = (name: string, options: TestPodOptions = {}) => testPod(name, namespace, {image: 'busybox', ...options});

describe('pod logs', () => {
	let backend: TestBackend;
	const create = (object: unknown, path = `/api/v1/namespaces/${namespace}/pods`) =>
		requestJson(backend.kubeConfig(), path, {method: 'POST', body: JSON.stringify(object)});

	before(async () => {
		backend = await startBackend();
		await create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}, '/api/v1/namespaces');
		await create(pod('unscheduled'));
		await create(pod('three', {init: ['setup'], containers: ['app', 'proxy']}));
	});
	after(() => backend.close());

	test('a pod on no node has no log: the server answers without one, and the reader says why in one line', async () => {
		const read = await readPodLog(backend.kubeConfig(), {namespace, pod: 'unscheduled', container: 'app'}, {});
		assert.deepEqual(read.lines, []);
		assert.deepEqual(read.notice, {kind: 'no-log', text: noLogText({namespace, pod: 'unscheduled', container: 'app'})});
		assert.equal(read.notice.text, 'no log: pod unscheduled is not on a node (not scheduled), so no kubelet has a log for app');
	});

	test('a container the pod does not have, or none named in a pod of several: the API server names the choices', async () => {
		const kc = backend.kubeConfig();
		const unknown = await readPodLog(kc, {namespace, pod: 'three', container: 'nope'}, {});
		assert.deepEqual(unknown.notice, {kind: 'error', text: 'container nope is not valid for pod three'});
		const none = await readPodLog(kc, {namespace, pod: 'three', container: ''}, {});
		assert.deepEqual(none.notice, {
			kind: 'error',
			text: 'a container name must be specified for pod three, choose one of: [setup app proxy]',
		});
		const missing = await readPodLog(kc, {namespace, pod: 'gone', container: 'app'}, {});
		assert.deepEqual(missing.notice, {kind: 'error', text: 'pods "gone" not found'});
	});

	test('a user who may read pods but not pods/log is told so', async () => {
		const context = await backend.addUser('no-logs', [{verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods']}]);
		const read = await readPodLog(backend.kubeConfig(context), {namespace, pod: 'unscheduled', container: 'app'}, {});
		assert.equal(read.notice?.kind, 'forbidden');
		assert.match(read.notice.text, /cannot get resource "pods\/log" in API group "" in the namespace "logs"/);
	});

	test("a workload's pods are found by its selector, the failing one first, containers init first", async () => {
		const kc = backend.kubeConfig();
		await create(selectingDeployment('web', namespace, {app: 'web'}, 'busybox'), `/apis/apps/v1/namespaces/${namespace}/deployments`);
		await create(pod('web-a', {labels: {app: 'web'}}));
		await create(pod('web-b', {labels: {app: 'web'}, init: ['setup']}));
		await patchPodStatus(kc, namespace, 'web-b', crashLoopStatus(4, 1, {image: 'busybox'}));
		const pods = await podsOf(kc, {kind: 'Deployment', namespace, name: 'web'});
		assert.deepEqual(
			pods.map((found: LogPod) => [
				found.name,
				found.failing,
				found.containers.map(container => `${container.name}:${container.restarts}:${container.hasPrevious}`),
			]),
			[
				['web-b', true, ['setup:0:false', 'app:4:true']],
				['web-a', false, ['app:0:false']],
			],
		);
	});

	test('sandbox kubelet: the last lines, the previous instance, and its absence', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		const kc = backend.kubeConfig();
		await create(pod('crashy', {node: 'node-1'}));
		const ref = {namespace, pod: 'crashy', container: 'app'};
		const none = await readPodLog(kc, ref, {previous: true});
		assert.deepEqual(none.notice, {kind: 'error', text: 'previous terminated container "app" in pod "crashy" not found'});
		sandbox.podLogs.append(
			ref,
			Array.from({length: 250}, (_, index) => `line ${index + 1}`),
		);
		const tail = await readPodLog(kc, ref, {});
		assert.equal(tail.lines.length, 200);
		assert.equal(tail.lines[0], 'line 51');
		assert.equal(tail.lines.at(-1), 'line 250');
		assert.deepEqual((await readPodLog(kc, ref, {tailLines: 2})).lines, ['line 249', 'line 250']);

		sandbox.podLogs.restart(ref);
		sandbox.podLogs.append(ref, ['panic: cannot reach the database']);
		await patchPodStatus(kc, namespace, 'crashy', crashLoopStatus(1, 2, {image: 'busybox'}));
		assert.deepEqual((await readPodLog(kc, ref, {})).lines, ['panic: cannot reach the database']);
		assert.deepEqual((await readPodLog(kc, ref, {previous: true, tailLines: 1})).lines, ['line 250']);
	});

	test('sandbox kubelet: blank lines are kept exactly, read and followed (a stack trace has them)', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		await create(pod('tracing', {node: 'node-1'}));
		const ref = {namespace, pod: 'tracing', container: 'app'};
		const trace = ['Traceback (most recent call last):', '', '  File "app.py", line 3', '', '', 'ValueError: boom', ''];
		sandbox.podLogs.append(ref, trace);
		assert.deepEqual((await readPodLog(backend.kubeConfig(), ref, {})).lines, trace);
		const lines: string[] = [];
		const stop = streamPodLog(backend.kubeConfig(), ref, {follow: true}, {lines: batch => lines.push(...batch), notice: () => {}});
		try {
			await waitFor(
				() => lines.length === trace.length,
				5000,
				() => JSON.stringify(lines),
			);
			sandbox.podLogs.append(ref, ['', 'during handling', '']);
			await waitFor(
				() => lines.length === trace.length + 3,
				5000,
				() => JSON.stringify(lines),
			);
			assert.deepEqual(lines, [...trace, '', 'during handling', '']);
		} finally {
			stop();
		}
	});

	test('sandbox kubelet: follow gets new lines; a broken stream says so, reconnects and shows nothing twice', async t => {
		const sandbox = sandboxOrSkip(t, backend, 'pods/log text needs a kubelet');
		if (!sandbox) return;
		await create(pod('chatty', {node: 'node-1'}));
		const ref = {namespace, pod: 'chatty', container: 'app'};
		sandbox.podLogs.append(ref, ['starting', 'listening on :8080']);
		const lines: string[] = [];
		const notices: PodLogNotice[] = [];
		const stop = streamPodLog(
			backend.kubeConfig(),
			ref,
			{follow: true},
			{lines: batch => lines.push(...batch), notice: notice => notices.push(notice)},
		);
		try {
			await waitFor(
				() => lines.length === 2,
				5000,
				() => JSON.stringify(lines),
			);
			sandbox.podLogs.append(ref, ['GET /healthz 200']);
			await waitFor(
				() => lines.length === 3,
				5000,
				() => JSON.stringify(lines),
			);
			sandbox.faults.dropWatches('/api/v1/namespaces/logs/pods/chatty/log');
			await waitFor(
				() => notices.some(notice => notice.kind === 'broken'),
				5000,
				() => JSON.stringify(notices),
			);
			await waitFor(
				() => notices.some(notice => notice.kind === 'reconnected'),
				5000,
				() => JSON.stringify(notices),
			);
			sandbox.podLogs.append(ref, ['GET /orders 500']);
			await waitFor(
				() => lines.length === 4,
				5000,
				() => JSON.stringify(lines),
			);
			assert.deepEqual(lines, ['starting', 'listening on :8080', 'GET /healthz 200', 'GET /orders 500']);
			assert.deepEqual(
				notices.map(notice => notice.kind),
				['opened', 'broken', 'reconnected'],
			);
		} finally {
			stop();
		}
	});
});
