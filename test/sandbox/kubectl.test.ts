// The real kubectl against the sandbox: the verbs people will try on it. The
// everyday commands (typed creates sent as protobuf, printed columns, scale,
// label, delete, watch) run on both backends in test/integration/kubectl.test.ts.
import assert from 'node:assert/strict';
import {execFile, type ChildProcess} from 'node:child_process';
import {after, before, describe, test} from 'node:test';
import {kubectlPath, startKubectl, type Kubectl} from '../support/kubectl.js';
import {eventually, startHarness, widgetCrd, widgetsPath, type Harness} from './harness.js';

describe('kubectl against the sandbox', () => {
	let harness: Harness;

	let runner: Kubectl;
	const kubectl = (args: string[]) => runner.run(args);
	const succeeds = (args: string[]) => runner.succeeds(...args);
	const manifest = (name: string, object: unknown) => runner.manifest(name, object);

	before(async () => {
		harness = await startHarness();
		runner = await startKubectl(harness.kubeconfigPath);
	});
	after(async () => {
		await harness.close();
		await runner?.close();
	});

	test('get lists the built-in namespaces', async () => {
		const names = await succeeds(['get', 'namespaces', '-o', 'name']);
		assert.match(names, /^namespace\/default$/m);
		assert.match(names, /^namespace\/kube-system$/m);
	});

	test('create -f registers a CRD and creates a custom resource', async () => {
		assert.match(await succeeds(['create', '-f', await manifest('crd.yaml', widgetCrd)]), /widgets.example.com created/);
		// As on a real server, the kind is served once the CRD is Established, a moment after the create.
		// (Polled with get: `kubectl wait` errors out instead of waiting while .status.conditions is still null.)
		const established = ['get', 'crd/widgets.example.com', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}'];
		await eventually(async () => (await kubectl(established)).stdout === 'True', 10_000, 'the CRD to be Established');
		const created = await succeeds([
			'create',
			'-f',
			await manifest('w1.yaml', {
				apiVersion: 'example.com/v1',
				kind: 'Widget',
				metadata: {name: 'w1', namespace: 'default'},
				spec: {size: 1},
			}),
		]);
		assert.match(created, /widget.example.com\/w1 created/);
		const stored = await harness.call('GET', `${widgetsPath()}/w1`);
		assert.deepEqual(stored.body.spec, {size: 1});
		assert.match(await succeeds(['get', 'widgets']), /^w1\s/m);
		assert.match(await succeeds(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}']), /^1$/);
	});

	test('apply --server-side creates and then updates, owned by kubectl', async () => {
		const path = await manifest('w2.yaml', {
			apiVersion: 'example.com/v1',
			kind: 'Widget',
			metadata: {name: 'w2', namespace: 'default'},
			spec: {size: 2},
		});
		assert.match(await succeeds(['apply', '--server-side', '-f', path]), /w2 serverside-applied/);
		await manifest('w2.yaml', {
			apiVersion: 'example.com/v1',
			kind: 'Widget',
			metadata: {name: 'w2', namespace: 'default'},
			spec: {size: 22},
		});
		await succeeds(['apply', '--server-side', '-f', path]);
		const stored = await harness.call('GET', `${widgetsPath()}/w2`);
		assert.equal(stored.body.spec.size, 22);
		assert.equal(stored.body.metadata.generation, 2);
		assert.deepEqual(
			stored.body.metadata.managedFields.map((entry: {manager: string; operation: string}) => `${entry.manager}/${entry.operation}`),
			['kubectl/Apply'],
		);
	});

	test('patch --type=merge changes spec; patch --subresource=status changes only status', async () => {
		assert.match(await succeeds(['patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"size":5}}']), /w1 patched/);
		await succeeds(['patch', 'widget', 'w1', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Ready"}}']);
		const stored = await harness.call('GET', `${widgetsPath()}/w1`);
		assert.equal(stored.body.spec.size, 5);
		assert.deepEqual(stored.body.status, {phase: 'Ready'});
		assert.equal(stored.body.metadata.generation, 2);
	});

	test('get -w prints the ADDED line, then a MODIFIED line when the object changes', async () => {
		let output = '';
		const watcher: ChildProcess = execFile(kubectlPath, ['get', 'widget', 'w1', '-w', '--output-watch-events'], {env: runner.env});
		watcher.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		try {
			await eventually(() => /^ADDED\s+w1\s/m.test(output), 15_000, `kubectl's ADDED line (output so far: ${JSON.stringify(output)})`);
			// kubectl prints ADDED from a GET, then opens the watch (from version 0, skipping its first
			// event): a change before the watch is open would be folded into that skipped event.
			await eventually(
				() => harness.sandbox.requests.some(request => request.verb === 'watch' && request.path === widgetsPath()),
				15_000,
				"kubectl's watch request",
			);
			assert.doesNotMatch(output, /MODIFIED/);
			await harness.call('PATCH', `${widgetsPath()}/w1`, {body: {spec: {size: 6}}, contentType: 'application/merge-patch+json'});
			await eventually(
				() => /^MODIFIED\s+w1\s/m.test(output),
				15_000,
				`kubectl's MODIFIED line (output so far: ${JSON.stringify(output)})`,
			);
		} finally {
			// kubectl may have exited already (an error): then there is no exit event left to wait for.
			if (watcher.exitCode === null && watcher.signalCode === null) {
				const exited = new Promise(resolve => watcher.once('exit', resolve));
				watcher.kill();
				await exited;
			}
		}
	});

	test('delete removes the object; the viewer context is refused with the server message', async () => {
		const refused = await kubectl(['--context', 'sandbox-viewer', 'delete', 'widget', 'w2']);
		assert.notEqual(refused.code, 0);
		assert.match(
			refused.stderr,
			/Forbidden.*User "viewer" cannot delete resource "widgets" in API group "example.com" in the namespace "default"/,
		);
		assert.match(await succeeds(['delete', 'widget', 'w2']), /"w2" deleted/);
		assert.equal((await harness.call('GET', `${widgetsPath()}/w2`)).status, 404);
	});
	test('logs reads pods/log as from a kubelet: the tail, the default container, --previous not found', async () => {
		await succeeds([
			'create',
			'-f',
			await manifest('logged.yaml', {
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {name: 'logged', namespace: 'default'},
				spec: {
					nodeName: 'node-1',
					containers: [
						{name: 'app', image: 'busybox'},
						{name: 'proxy', image: 'busybox'},
					],
				},
			}),
		]);
		harness.sandbox.podLogs.append({namespace: 'default', pod: 'logged', container: 'app'}, ['one', 'two', 'three']);
		assert.equal(await succeeds(['logs', 'logged', '-c', 'app', '--tail', '2']), 'two\nthree\n');
		// Without -c kubectl picks the first container itself (and says so); the API's own 400 is tested in pod-logs.
		const defaulted = await kubectl(['logs', 'logged']);
		assert.equal(defaulted.stdout, 'one\ntwo\nthree\n');
		assert.match(defaulted.stderr, /Defaulted container "app" out of: app, proxy/);
		const previous = await kubectl(['logs', 'logged', '-c', 'app', '--previous']);
		assert.match(previous.stderr, /previous terminated container "app" in pod "logged" not found/);
	});
});
