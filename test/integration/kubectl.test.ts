// The everyday kubectl commands a person tries against the demo's API server,
// run with the real kubectl on whichever backend this run uses (`npm test`:
// the sandbox; `npm run test:cluster`: a real kube-apiserver), so the sandbox
// answers them as the real server does: typed creates (sent as protobuf),
// server-printed columns (Tables), scale, label, delete and watch.
import assert from 'node:assert/strict';
import {execFile, type ChildProcess} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {kubectlPath, startKubectl, type Kubectl} from '../support/kubectl.js';
import {until as eventually} from './support/raw-api.js';

const namespace = 'kubectl-everyday';

/** The header line and the line of `name` of a kubectl table, with the columns' spacing collapsed to single spaces. */
function tableLines(output: string, name: string): {header: string; row: string} {
	const lines = output.split('\n').map(line => line.trim().replace(/\s{2,}/g, '  '));
	const row = lines.find(line => line.split('  ')[0] === name);
	assert.ok(row, `no row for ${name} in:\n${output}`);
	return {header: lines[0] ?? '', row};
}

/** The cells of `line` (a header or a row). */
const cells = (line: string) => line.split('  ');

const widgetCrd = {
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: 'gadgets.everyday.example.com'},
	spec: {
		group: 'everyday.example.com',
		scope: 'Namespaced',
		names: {plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList'},
		versions: [
			{
				name: 'v1',
				served: true,
				storage: true,
				schema: {
					openAPIV3Schema: {
						type: 'object',
						properties: {
							spec: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
							status: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
						},
					},
				},
				subresources: {status: {}, scale: {specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas'}},
				additionalPrinterColumns: [
					{name: 'Size', type: 'integer', jsonPath: '.spec.size'},
					{name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status'},
					{name: 'Owner', type: 'string', jsonPath: '.spec.owner', priority: 1},
					{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'},
				],
			},
		],
	},
};

const plainCrd = {
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: 'plains.everyday.example.com'},
	spec: {
		group: 'everyday.example.com',
		scope: 'Namespaced',
		names: {plural: 'plains', singular: 'plain', kind: 'Plain', listKind: 'PlainList'},
		versions: [
			{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}},
		],
	},
};

describe(`kubectl's everyday commands (${backendName()})`, () => {
	let backend: TestBackend;

	let runner: Kubectl;
	const kubectl = (args: string[]) => runner.run(args);
	const succeeds = (...args: string[]) => runner.succeeds(...args);
	const manifest = (name: string, object: unknown) => runner.manifest(name, object);

	before(async () => {
		backend = await startBackend();
		runner = await startKubectl(backend.kubeconfigPath, {namespace});
		const created = await kubectl(['create', 'namespace', namespace]);
		assert.equal(created.code, 0, created.stderr);
		assert.equal(created.stdout.trim(), `namespace/${namespace} created`);
	});
	after(async () => {
		await backend?.close();
		await runner?.close();
	});

	test('get namespace prints NAME STATUS AGE', async () => {
		const {header, row} = tableLines(await succeeds('get', 'namespace', namespace), namespace);
		assert.deepEqual(cells(header), ['NAME', 'STATUS', 'AGE']);
		assert.deepEqual(cells(row).slice(0, 2), [namespace, 'Active']);
		assert.match(cells(row)[2] ?? '', /^\d+s$/);
	});

	test('create configmap from literals and from a file; get prints NAME DATA AGE', async () => {
		assert.equal(
			(await succeeds('create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3')).trim(),
			'configmap/settings created',
		);
		const file = join(runner.dir, 'motd.txt');
		await writeFile(file, 'hello\nworld\n');
		assert.equal((await succeeds('create', 'configmap', 'motd', `--from-file=${file}`)).trim(), 'configmap/motd created');
		const output = await succeeds('get', 'configmaps');
		assert.deepEqual(cells(tableLines(output, 'settings').header), ['NAME', 'DATA', 'AGE']);
		assert.deepEqual(cells(tableLines(output, 'settings').row).slice(0, 2), ['settings', '2']);
		assert.deepEqual(cells(tableLines(output, 'motd').row).slice(0, 2), ['motd', '1']);
		assert.equal(await succeeds('get', 'configmap', 'motd', '-o', 'jsonpath={.data.motd\\.txt}'), 'hello\nworld\n');
		assert.equal(await succeeds('get', 'configmap', 'settings', '-o', 'jsonpath={.data.mode}/{.data.level}'), 'fast/3');
	});

	test('create secret generic stores the value; get prints NAME TYPE DATA AGE', async () => {
		assert.equal(
			(await succeeds('create', 'secret', 'generic', 'token', '--from-literal=value=not-a-real-token')).trim(),
			'secret/token created',
		);
		const {header, row} = tableLines(await succeeds('get', 'secret', 'token'), 'token');
		assert.deepEqual(cells(header), ['NAME', 'TYPE', 'DATA', 'AGE']);
		assert.deepEqual(cells(row).slice(0, 3), ['token', 'Opaque', '1']);
		const stored = await succeeds('get', 'secret', 'token', '-o', 'jsonpath={.data.value}');
		assert.equal(Buffer.from(stored, 'base64').toString('utf8'), 'not-a-real-token');
	});

	test('create serviceaccount; get prints NAME AGE', async () => {
		assert.equal((await succeeds('create', 'serviceaccount', 'robot')).trim(), 'serviceaccount/robot created');
		const {header, row} = tableLines(await succeeds('get', 'serviceaccount', 'robot'), 'robot');
		assert.deepEqual(cells(header), ['NAME', 'AGE']);
		assert.equal(cells(row)[0], 'robot');
	});

	test('create deployment; get prints its columns, -o wide the containers, images and selector', async () => {
		const created = await succeeds('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=8080');
		assert.equal(created.trim(), 'deployment.apps/web created');
		const plain = tableLines(await succeeds('get', 'deployments'), 'web');
		assert.deepEqual(cells(plain.header), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
		// No controllers run on either server: nothing becomes ready.
		assert.deepEqual(cells(plain.row).slice(0, 4), ['web', '0/2', '0', '0']);
		const wide = tableLines(await succeeds('get', 'deployment', 'web', '-o', 'wide'), 'web');
		assert.deepEqual(cells(wide.header), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
		assert.deepEqual(cells(wide.row).slice(5), ['nginx', 'nginx:1.27', 'app=web']);
		const port = await succeeds('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].ports[0].containerPort}');
		assert.equal(port, '8080');
	});

	test('scale changes the desired replicas', async () => {
		assert.equal((await succeeds('scale', 'deployment', 'web', '--replicas=3')).trim(), 'deployment.apps/web scaled');
		assert.equal(await succeeds('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'), '3');
		assert.deepEqual(cells(tableLines(await succeeds('get', 'deployment', 'web'), 'web').row).slice(0, 2), ['web', '0/3']);
		// A precondition that does not hold is refused, and nothing changes.
		const refused = await kubectl(['scale', 'deployment', 'web', '--current-replicas=5', '--replicas=1']);
		assert.notEqual(refused.code, 0);
		assert.match(refused.stderr, /Expected replicas to be 5, was 3/);
		assert.equal(await succeeds('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'), '3');
	});

	test('describe deployment shows the desired replicas and the pod template', async () => {
		const output = await succeeds('describe', 'deployment', 'web');
		assert.match(output, /^Name:\s+web$/m);
		assert.match(output, /^Replicas:\s+3 desired/m);
		assert.match(output, /^\s+Image:\s+nginx:1\.27$/m);
	});

	test('label and annotate; get --show-labels and -l select by them', async () => {
		assert.equal((await succeeds('label', 'configmap', 'settings', 'tier=backend')).trim(), 'configmap/settings labeled');
		assert.equal((await succeeds('annotate', 'configmap', 'settings', 'owner=team-a')).trim(), 'configmap/settings annotated');
		const labelled = tableLines(await succeeds('get', 'configmap', 'settings', '--show-labels'), 'settings');
		assert.deepEqual(cells(labelled.header), ['NAME', 'DATA', 'AGE', 'LABELS']);
		assert.equal(cells(labelled.row)[3], 'tier=backend');
		assert.equal((await succeeds('get', 'configmaps', '-l', 'tier=backend', '-o', 'name')).trim(), 'configmap/settings');
		assert.equal(await succeeds('get', 'configmap', 'settings', '-o', 'jsonpath={.metadata.annotations.owner}'), 'team-a');
	});

	test('get -o yaml prints the whole object', async () => {
		const output = await succeeds('get', 'configmap', 'settings', '-o', 'yaml');
		assert.match(output, /^apiVersion: v1$/m);
		assert.match(output, /^kind: ConfigMap$/m);
		assert.match(output, /^ {2}mode: fast$/m);
		assert.match(output, /^ {4}tier: backend$/m);
	});

	test('delete by label, by file and by name', async () => {
		assert.equal((await succeeds('delete', 'configmaps', '-l', 'tier=backend')).trim(), 'configmap "settings" deleted');
		const path = await manifest('note.yaml', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'note', namespace}, data: {text: 'x'}});
		assert.equal((await succeeds('create', '-f', path)).trim(), 'configmap/note created');
		assert.equal((await succeeds('delete', '-f', path)).trim(), 'configmap "note" deleted');
		assert.equal((await succeeds('delete', 'serviceaccount', 'robot')).trim(), 'serviceaccount "robot" deleted');
		const names = await succeeds('get', 'configmaps,serviceaccounts', '-o', 'name');
		assert.doesNotMatch(names, /configmap\/settings|configmap\/note|serviceaccount\/robot/);
		assert.match(names, /^configmap\/motd$/m);
	});

	test("a custom kind prints its CRD's printer columns, the priority ones only with -o wide", async () => {
		await succeeds('create', '-f', await manifest('gadget-crd.yaml', widgetCrd));
		await succeeds('create', '-f', await manifest('plain-crd.yaml', plainCrd));
		const established = (name: string) => ['get', `crd/${name}`, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}'];
		await eventually(
			async () => (await kubectl(established(widgetCrd.metadata.name))).stdout === 'True',
			'the gadget CRD to be Established',
		);
		await eventually(async () => (await kubectl(established(plainCrd.metadata.name))).stdout === 'True', 'the plain CRD to be Established');
		const gadget = {
			apiVersion: 'everyday.example.com/v1',
			kind: 'Gadget',
			metadata: {name: 'g1', namespace},
			spec: {size: 4, owner: 'team-a', replicas: 1},
		};
		await eventually(
			async () => (await kubectl(['create', '-f', await manifest('g1.yaml', gadget)])).code === 0,
			'the gadget kind to be served',
		);
		await succeeds(
			'patch',
			'gadget',
			'g1',
			'--subresource=status',
			'--type=merge',
			'-p',
			'{"status":{"conditions":[{"type":"Ready","status":"True"}]}}',
		);

		const plain = tableLines(await succeeds('get', 'gadgets'), 'g1');
		assert.deepEqual(cells(plain.header), ['NAME', 'SIZE', 'READY', 'AGE']);
		assert.deepEqual(cells(plain.row).slice(0, 3), ['g1', '4', 'True']);
		const wide = tableLines(await succeeds('get', 'gadget', 'g1', '-o', 'wide'), 'g1');
		assert.deepEqual(cells(wide.header), ['NAME', 'SIZE', 'READY', 'OWNER', 'AGE']);
		assert.deepEqual(cells(wide.row).slice(0, 4), ['g1', '4', 'True', 'team-a']);

		// Without printer columns a custom kind prints its name and age.
		await eventually(
			async () =>
				(
					await kubectl([
						'create',
						'-f',
						await manifest('p1.yaml', {apiVersion: 'everyday.example.com/v1', kind: 'Plain', metadata: {name: 'p1', namespace}}),
					])
				).code === 0,
			'the plain kind to be served',
		);
		assert.deepEqual(cells(tableLines(await succeeds('get', 'plains'), 'p1').header), ['NAME', 'AGE']);

		// The CRD's scale subresource serves kubectl scale too.
		assert.equal((await succeeds('scale', 'gadget', 'g1', '--replicas=5')).trim(), 'gadget.everyday.example.com/g1 scaled');
		assert.equal(await succeeds('get', 'gadget', 'g1', '-o', 'jsonpath={.spec.replicas}'), '5');
	});

	test('get -w prints the rows, then a line for each change', async () => {
		await succeeds('create', 'configmap', 'watched', '--from-literal=a=1');
		let output = '';
		const watcher: ChildProcess = execFile(kubectlPath, ['--namespace', namespace, 'get', 'configmaps', '-w', '--output-watch-events'], {
			env: runner.env,
		});
		watcher.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		try {
			await eventually(() => /^ADDED\s+watched\s+1\s/m.test(output), `the ADDED row (output so far: ${JSON.stringify(output)})`);
			assert.deepEqual(
				cells(
					output
						.split('\n')[0]
						?.trim()
						.replace(/\s{2,}/g, '  ') ?? '',
				),
				['EVENT', 'NAME', 'DATA', 'AGE'],
			);
			// The watch opens a moment after the list is printed: change until the change is seen.
			let round = 0;
			await eventually(
				async () => {
					round++;
					await succeeds('patch', 'configmap', 'watched', '--type=merge', '-p', JSON.stringify({data: {a: '1', [`b${round}`]: 'x'}}));
					return /^MODIFIED\s+watched\s+\d+\s/m.test(output);
				},
				`a MODIFIED row (output so far: ${JSON.stringify(output)})`,
			);
			await succeeds('delete', 'configmap', 'watched');
			await eventually(() => /^DELETED\s+watched\s/m.test(output), `the DELETED row (output so far: ${JSON.stringify(output)})`);
			// Column headers come once, with the first event.
			assert.equal(output.match(/^EVENT\s/gm)?.length, 1);
		} finally {
			// kubectl may have exited already (an error): then there is no exit event left to wait for.
			if (watcher.exitCode === null && watcher.signalCode === null) {
				const exited = new Promise(resolve => watcher.once('exit', resolve));
				watcher.kill();
				await exited;
			}
		}
	});
});
