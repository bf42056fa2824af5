// `driftwatch tree APP` as scripts run it, against the test backend (the sandbox, or a real kube-apiserver in
// `npm run test:cluster`). Neither runs controllers, so the test writes the owned objects itself with the
// ownerReferences a Deployment, ReplicaSet, CronJob and Job controller would set: what the tree follows.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {startBackend, type TestBackend} from '../support/backend.js';
import {runCli} from '../support/cli.js';
import {argoApp, createTrees, deploymentWithPods, kustomization, pod} from '../support/fixtures.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {TreeNodeJson} from '../../source/core/tree/tree-text.js';
import type {ObjectTree, OwnerReference} from '../../source/demo/tree.js';
import {fluxSystemSource, prepareCluster, putAll, sharedFluxSources} from './support/seed.js';

const namespace = 'tree-cli';
const readVerbs = ['get', 'list', 'watch'];

function cronJobTree(): ObjectTree {
	const cronJob: KubeObject = {
		apiVersion: 'batch/v1',
		kind: 'CronJob',
		metadata: {name: 'nightly', namespace},
		spec: {
			schedule: '0 3 * * *',
			jobTemplate: {spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'report', image: 'ghcr.io/acme/report:1'}]}}}},
		},
	};
	const job = (owner: OwnerReference): KubeObject => ({
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name: 'nightly-2901', namespace, ownerReferences: [owner]},
		spec: {
			template: {
				// No selector or labels: the server sets both from the Job's own uid.
				spec: {restartPolicy: 'Never', containers: [{name: 'report', image: 'ghcr.io/acme/report:1'}]},
			},
		},
	});
	return {
		root: cronJob,
		children: owner => [
			{
				root: job(owner),
				children: jobOwner => [
					{
						root: {
							...pod('nightly-2901-x7k2p', namespace, 'completed'),
							metadata: {...pod('nightly-2901-x7k2p', namespace, 'completed').metadata, ownerReferences: [jobOwner]},
						},
					},
				],
			},
		],
	};
}

/** The web Deployment with its current ReplicaSet (one pod crash-looping) and an old one scaled to zero. */
function webTree(): ObjectTree {
	const tree = deploymentWithPods('web', namespace, {replicas: 2, ready: 1, state: 'stuck'});
	return {
		...tree,
		children: owner => [
			...(tree.children?.(owner) ?? []),
			{
				root: {
					apiVersion: 'apps/v1',
					kind: 'ReplicaSet',
					metadata: {name: 'web-5c8f6d7b9a', namespace, ownerReferences: [owner], labels: {'app.kubernetes.io/name': 'web'}},
					spec: {
						replicas: 0,
						selector: {matchLabels: {'app.kubernetes.io/name': 'web', 'pod-template-hash': '5c8f6d7b9a'}},
						template: {
							metadata: {labels: {'app.kubernetes.io/name': 'web', 'pod-template-hash': '5c8f6d7b9a'}},
							spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:0.9.0'}]},
						},
					},
					status: {replicas: 0, observedGeneration: 1},
				},
			},
		],
	};
}

function find(node: TreeNodeJson, predicate: (node: TreeNodeJson) => boolean): TreeNodeJson | undefined {
	if (predicate(node)) return node;
	for (const child of node.children) {
		const found = find(child, predicate);
		if (found) return found;
	}
	return undefined;
}

describe('driftwatch tree', () => {
	let backend: TestBackend;
	let noPods: string;

	before(async () => {
		backend = await startBackend();
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [namespace]);
		const web = webTree();
		await createTrees(kc, [web, cronJobTree()]);
		await sharedFluxSources(kc);
		await putAll(kc, [
			kustomization('shop-ks', namespace, {source: fluxSystemSource('GitRepository', 'flux-system'), inventory: [web.root]}),
			argoApp('shop', namespace, {
				health: 'Degraded',
				healthMessage: 'Deployment "web" exceeded its progress deadline',
				destinationNamespace: namespace,
				resources: [
					{version: 'v1', kind: 'Service', namespace, name: 'web', status: 'Synced'},
					{group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'web', status: 'Synced'},
					{group: 'batch', version: 'v1', kind: 'CronJob', namespace, name: 'nightly', status: 'Synced'},
				],
			}),
		]);
		// Everything a tree reads, but pods.
		noPods = await backend.addUser('tree-no-pods', [
			{verbs: readVerbs, apiGroups: ['argoproj.io', 'apps', 'batch'], resources: ['*']},
			{verbs: readVerbs, apiGroups: [''], resources: ['services', 'namespaces']},
		]);
	});

	after(async () => {
		await backend?.close();
	});

	test('prints the owner chains under the managed resources, old ReplicaSets folded; exit 1 for the crash-looping pod', async () => {
		const run = await runCli(['tree', 'shop', '-n', namespace, '--kubeconfig', backend.kubeconfigPath, '--ascii']);
		assert.equal(run.code, 1, run.stderr);
		const lines = run.stdout.trimEnd().split('\n');
		assert.match(lines[0]!, /^Application\/tree-cli\/shop {2}Degraded/);
		const names = lines.map(line => line.replace(/(\w\/\S+) {2}.*$/, '$1'));
		assert.deepEqual(names.slice(1, 5), [
			'|-- CronJob/tree-cli/nightly',
			'|   `-- Job/tree-cli/nightly-2901',
			'|       `-- Pod/tree-cli/nightly-2901-x7k2p',
			'|-- Deployment/tree-cli/web',
		]);
		assert.ok(
			lines.some(line => /^\| {3}(\||`)-- ReplicaSet\/tree-cli\/web-\w+ {2}/.test(line)),
			run.stdout,
		);
		assert.ok(
			lines.some(line => /-- Pod\/tree-cli\/web-\w+-\w+ {2}Degraded.*CrashLoopBackOff|back-off/i.test(line)),
			run.stdout,
		);
		assert.ok(
			lines.some(line => line.includes('`-- 1 old ReplicaSet (0 replicas)')),
			run.stdout,
		);
		assert.ok(!run.stdout.includes('web-5c8f6d7b9a'), 'the folded ReplicaSet is one line');
		assert.match(lines.at(-1)!, /^`-- Service\/tree-cli\/web/);
	});

	test('--json gives the structure with every node’s ref and health', async () => {
		const run = await runCli(['tree', 'shop', '-n', namespace, '--kubeconfig', backend.kubeconfigPath, '--json']);
		assert.equal(run.code, 1, run.stderr);
		const root = JSON.parse(run.stdout) as TreeNodeJson;
		assert.deepEqual([root.kind, root.namespace, root.name, root.health], ['Application', namespace, 'shop', 'Degraded']);
		const job = find(root, node => node.kind === 'Job');
		assert.deepEqual(job && [job.group, job.version, job.name, job.children.map(child => child.kind)], [
			'batch',
			'v1',
			'nightly-2901',
			['Pod'],
		]);
		const crashing = find(root, node => node.kind === 'Pod' && node.health === 'Degraded');
		assert.ok(crashing, run.stdout);
		const folded = find(root, node => node.label.includes('old ReplicaSet'));
		assert.deepEqual(
			folded?.children.map(child => [child.kind, child.name]),
			[['ReplicaSet', 'web-5c8f6d7b9a']],
		);
	});

	test('a context that may not list pods shows those branches as forbidden', async () => {
		const run = await runCli(['tree', 'shop', '-n', namespace, '--kubeconfig', backend.kubeconfigPath, '--context', noPods, '--json']);
		assert.equal(run.code, 1, run.stderr);
		const root = JSON.parse(run.stdout) as TreeNodeJson;
		assert.equal(
			find(root, node => node.kind === 'Pod'),
			undefined,
		);
		const job = find(root, node => node.kind === 'Job');
		assert.deepEqual(
			job?.children.map(child => [child.label, child.problem]),
			[['Pods', `forbidden: cannot list pods in ${namespace}`]],
		);
		// ReplicaSets may be listed: the Deployment's branch is there, only its pods are not.
		assert.ok(find(root, node => node.kind === 'ReplicaSet'));
	});

	test('a Flux Kustomization: its inventory with what each entry owns', async () => {
		const run = await runCli(['tree', 'ks/tree-cli/shop-ks', '--kubeconfig', backend.kubeconfigPath, '--json']);
		assert.equal(run.code, 1, run.stderr);
		const root = JSON.parse(run.stdout) as TreeNodeJson;
		assert.deepEqual([root.group, root.kind, root.name], ['kustomize.toolkit.fluxcd.io', 'Kustomization', 'shop-ks']);
		assert.deepEqual(
			root.children.map(child => [child.kind, child.name]),
			[['Deployment', 'web']],
		);
		assert.ok(
			find(root.children[0]!, node => node.kind === 'Pod' && node.health === 'Degraded'),
			run.stdout,
		);
	});

	test('an app that does not exist is one line on stderr and exit 2', async () => {
		const run = await runCli(['tree', 'nope', '-n', namespace, '--kubeconfig', backend.kubeconfigPath]);
		assert.equal(run.code, 2);
		assert.equal(run.stdout, '');
		assert.match(run.stderr, /nope/);
	});
});
