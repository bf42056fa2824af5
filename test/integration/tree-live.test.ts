// A resource tree follows the cluster by itself: the owned children's watches report a pod that starts
// crash-looping, a pod added and a pod deleted, and every open tree shares one watch per kind and namespace,
// stopped when the last tree closes. Runs on the sandbox and on a real kube-apiserver (which keeps ownerReferences
// but runs no controllers: the test writes the ReplicaSet and Pods itself).
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {loadKubeConfig} from '../../source/core/kube/kubeconfig.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {OwnedWatches} from '../../source/core/tree/owned-watches.js';
import {findNode, type ResourceTree, type TreeNode} from '../../source/core/tree/resource-tree.js';
import type {TreeState} from '../../source/core/tree/tree-follower.js';
import {requestJson} from '../../source/core/kube/http.js';
import {createObject, getObject, listObjects} from '../../source/demo/rest.js';
import {podStatus} from '../../source/demo/workloads.js';
import {argoApp, createTrees, deploymentWithPods, pod, setStatus} from '../support/fixtures.js';
import {keys, rowOf, showApp} from '../support/app-harness.js';
import {waitFor} from '../support/wait-for.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {untilAllLive, untilApp} from './support/live.js';
import {prepareCluster, putAll} from './support/seed.js';

const namespace = 'tree-live';

function nodes(tree: ResourceTree | null, kind: string): TreeNode[] {
	const found: TreeNode[] = [];
	const visit = (node: TreeNode) => {
		if (node.ref?.kind === kind) found.push(node);
		for (const child of node.children) visit(child);
	};
	if (tree) visit(tree.root);
	return found;
}

describe('resource tree: live', () => {
	let fixture: Integration;
	let monitor: LiveMonitor;
	let appId: string;

	before(async () => {
		fixture = await startIntegration();
		const kc = fixture.kc;
		await prepareCluster(kc, [namespace]);
		await createTrees(kc, [
			deploymentWithPods('api', namespace, {replicas: 1}),
			deploymentWithPods('billing', namespace, {replicas: 2, ready: 1, state: 'stuck'}),
		]);
		await putAll(kc, [
			argoApp('billing', namespace, {
				health: 'Degraded',
				healthMessage: 'Deployment "billing" exceeded its progress deadline',
				destinationNamespace: namespace,
				resources: [{group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'billing', status: 'Synced'}],
			}),
			argoApp('orders', namespace, {
				destinationNamespace: namespace,
				resources: [{group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'api', status: 'Synced'}],
			}),
		]);
		monitor = fixture.monitors.open({batchMs: 20});
		await untilAllLive(monitor);
		appId = (await untilApp(monitor, {kind: 'Application', namespace, name: 'orders'})).id;
	});

	after(async () => {
		await fixture?.close();
	});

	test('a pod that starts crash-looping, a pod added and one deleted show up without asking', async () => {
		const kc = fixture.kc;
		const states: TreeState[] = [];
		const stop = monitor.watchTree(appId, state => states.push(state));
		const until = (check: (tree: ResourceTree) => boolean, what: string) =>
			waitFor(
				() => {
					const tree = states.at(-1)?.tree;
					return tree && check(tree) ? tree : undefined;
				},
				10_000,
				() => `${what}; last tree: ${JSON.stringify(states.at(-1))?.slice(0, 1500)}`,
			);
		try {
			const first = await until(tree => nodes(tree, 'Pod').length === 1, 'Deployment → ReplicaSet → Pod');
			const [replicaSet] = nodes(first, 'ReplicaSet');
			const [running] = nodes(first, 'Pod');
			assert.equal(running!.health?.status, 'Healthy');
			assert.ok(findNode(first, 'apps/Deployment/tree-live/api')?.children.includes(replicaSet!));

			// Its container starts crash-looping: the kubelet's status write, done here by hand.
			const name = running!.ref!.name;
			await setStatus(
				kc,
				{apiVersion: 'v1', kind: 'Pod', namespace, name},
				podStatus({name, image: 'ghcr.io/acme/api:1.0.0', containerName: 'api', state: 'crashloop'}, new Date().toISOString()),
			);
			const crashing = await until(tree => nodes(tree, 'Pod')[0]?.health?.status === 'Degraded', 'the pod turns Degraded');
			assert.equal(crashing.worstPath.at(-1), `/Pod/${namespace}/${name}`);

			// A second pod the ReplicaSet made, then the first one deleted.
			const owner = (await getObject(kc, {
				apiVersion: 'apps/v1',
				kind: 'ReplicaSet',
				namespace,
				name: replicaSet!.ref!.name,
			})) as KubeObject;
			const second = pod('api-second', namespace, 'running');
			await createObject(kc, {
				...second,
				metadata: {
					...second.metadata,
					ownerReferences: [
						{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true},
					],
				},
			});
			await until(tree => nodes(tree, 'Pod').some(node => node.ref?.name === 'api-second'), 'the new pod appears');
			// At once (no kubelet runs here to end a graceful deletion).
			await requestJson(kc, `/api/v1/namespaces/${namespace}/pods/${name}`, {method: 'DELETE', query: {gracePeriodSeconds: 0}});
			const after = await until(tree => !nodes(tree, 'Pod').some(node => node.ref?.name === name), 'the deleted pod goes');
			assert.deepEqual(
				nodes(after, 'Pod').map(node => node.ref?.name),
				['api-second'],
			);
		} finally {
			stop();
		}
		// The pods still there on the server are what the tree last showed.
		const pods = await listObjects(kc, 'v1', 'Pod', namespace);
		assert.deepEqual(
			pods.map(object => object.metadata?.name).filter(name => name?.startsWith('api')),
			['api-second'],
		);
	});

	test('in the TUI at 80x24, a Degraded app: Enter, t, and the cursor is on its crash-looping pod', async () => {
		const ui = showApp(monitor, {width: 80, height: 24});
		try {
			await ui.until(text => Boolean(rowOf(text, 'billing')), 'billing listed');
			ui.press('/billing');
			await ui.until(text => rowOf(text, 'orders') === undefined, 'filtered to billing');
			ui.press(keys.enter);
			await ui.until(text => text.includes('enter open'), 'filter kept');
			ui.press(keys.enter);
			await ui.until(text => text.includes('Resources (1)'), 'detail');
			ui.press('t');
			const frame = await ui.until(text => /^>.*Pod\/billing-\w+-\w+ +Degraded back-off/m.test(text), 'the crash-looping pod selected');
			assert.match(frame, /▾ ✗ Deployment\/billing/);
		} finally {
			ui.unmount();
		}
	});

	test('every open tree shares one watch per kind and namespace; the last one to close stops them', async () => {
		const loaded = loadKubeConfig({path: fixture.backend.kubeconfigPath, context: fixture.backend.adminContext});
		const watches = new OwnedWatches({kc: loaded.kc, reloginHint: 'log in again'});
		try {
			const first = watches.lease(() => {});
			const second = watches.lease(() => {});
			first.cover([namespace]);
			second.cover([namespace, namespace]);
			// ReplicaSets, Jobs and Pods in tree-live: three watches for both trees.
			assert.equal(watches.watcherCount, 3);
			await waitFor(
				() => first.settled() && second.settled(),
				10_000,
				() => 'both leases listed',
			);
			assert.deepEqual(
				[...first.objects()].map(object => object.ref.kind).sort(),
				[...second.objects()].map(object => object.ref.kind).sort(),
			);
			first.release();
			assert.equal(watches.watcherCount, 3, 'still used by the second tree');
			second.cover(['default']);
			assert.equal(watches.watcherCount, 3, 'the second tree moved to another namespace');
			second.release();
			assert.equal(watches.watcherCount, 0);
		} finally {
			await watches.stop();
		}
	});
});
