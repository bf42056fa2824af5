// @kubernetes/client-node 2.x against the sandbox, through the kubeconfig it writes.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {
	ApiException,
	CoreV1Api,
	CustomObjectsApi,
	KubernetesObjectApi,
	PatchStrategy,
	makeInformer,
	setHeaderOptions,
	type KubernetesObject,
} from '@kubernetes/client-node';
import {eventually, startHarness, widgetCrd, type Harness} from './harness.js';

type Widget = KubernetesObject & {spec?: {size?: number}; status?: {phase?: string}};

const widgetRef = {group: 'example.com', version: 'v1', namespace: 'team', plural: 'widgets'};

describe('client-node against the sandbox', () => {
	let harness: Harness;
	let objects: KubernetesObjectApi;
	let custom: CustomObjectsApi;

	before(async () => {
		harness = await startHarness();
		const kc = harness.kubeConfig();
		objects = KubernetesObjectApi.makeApiClient(kc);
		custom = kc.makeApiClient(CustomObjectsApi);
	});
	after(() => harness.close());

	test('an unregistered custom resource is an ApiException 404', async () => {
		await assert.rejects(
			custom.listNamespacedCustomObject({...widgetRef, namespace: 'default'}),
			(error: unknown) => error instanceof ApiException && error.code === 404,
		);
	});

	test('KubernetesObjectApi creates, reads, lists, patches, replaces and deletes built-in and custom kinds', async () => {
		await objects.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team'}});
		// client-node sends a CRD through its typed model, where the schema flag is x_kubernetes_preserve_unknown_fields: spelled
		// as in YAML it would be dropped, and the server (a real one too) would then prune every field of the widgets.
		const schema = {openAPIV3Schema: {type: 'object', x_kubernetes_preserve_unknown_fields: true}};
		await objects.create({
			...widgetCrd,
			spec: {...widgetCrd.spec, versions: widgetCrd.spec.versions.map(version => ({...version, schema}))},
		});
		// As on a real server, the kind is served only once the CRD is Established, a moment after the create, and
		// listed once its watch cache has started (429 "storage is (re)initializing" until then).
		await eventually(async () => {
			const crd = await objects.read({apiVersion: widgetCrd.apiVersion, kind: widgetCrd.kind, metadata: widgetCrd.metadata});
			return ((crd as {status?: {conditions?: Array<{type: string; status: string}>}}).status?.conditions ?? []).some(
				condition => condition.type === 'Established' && condition.status === 'True',
			);
		});
		await eventually(async () =>
			objects.list('example.com/v1', 'Widget').then(
				() => true,
				() => false,
			),
		);
		const created = await objects.create<Widget>({
			apiVersion: 'example.com/v1',
			kind: 'Widget',
			metadata: {name: 'w1', namespace: 'team', labels: {app: 'one'}},
			spec: {size: 1},
		});
		assert.equal(created.metadata?.generation, 1);

		const listed = await objects.list<Widget>('example.com/v1', 'Widget', 'team', undefined, undefined, undefined, undefined, 'app=one');
		assert.deepEqual(
			listed.items.map(item => item.metadata?.name),
			['w1'],
		);

		const patched = await objects.patch<Widget>(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w1', namespace: 'team'}, spec: {size: 2}},
			undefined,
			undefined,
			undefined,
			undefined,
			PatchStrategy.MergePatch,
		);
		assert.equal(patched.spec?.size, 2);
		assert.equal(patched.metadata?.generation, 2);

		const replaced = await objects.replace<Widget>({...patched, spec: {size: 3}});
		assert.equal(replaced.spec?.size, 3);
		await assert.rejects(
			objects.replace<Widget>({...patched, spec: {size: 4}}),
			(error: unknown) => error instanceof ApiException && error.code === 409,
		);

		await objects.delete({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w1', namespace: 'team'}});
		await assert.rejects(
			objects.read({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w1', namespace: 'team'}}),
			(error: unknown) => error instanceof ApiException && error.code === 404,
		);
	});

	test('server-side apply through KubernetesObjectApi: dry run stores nothing, then apply, then force', async () => {
		const spec: Widget = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'ssa', namespace: 'team'}, spec: {size: 1}};
		const dry = await objects.patch<Widget>(spec, undefined, 'All', 'driftwatch', false, PatchStrategy.ServerSideApply);
		assert.equal(dry.spec?.size, 1);
		await assert.rejects(
			objects.read({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'ssa', namespace: 'team'}}),
			(error: unknown) => error instanceof ApiException && error.code === 404,
		);

		await objects.patch(spec, undefined, undefined, 'driftwatch', false, PatchStrategy.ServerSideApply);
		const other = {...spec, spec: {size: 9}};
		await assert.rejects(
			objects.patch(other, undefined, undefined, 'someone-else', false, PatchStrategy.ServerSideApply),
			(error: unknown) => error instanceof ApiException && error.code === 409,
		);
		const forced = await objects.patch<Widget>(other, undefined, undefined, 'someone-else', true, PatchStrategy.ServerSideApply);
		assert.equal(forced.spec?.size, 9);
	});

	test('CustomObjectsApi writes status through the status subresource', async () => {
		await custom.createNamespacedCustomObject({
			...widgetRef,
			body: {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'st'}, spec: {size: 1}},
		});
		const updated = (await custom.patchNamespacedCustomObjectStatus(
			{...widgetRef, name: 'st', body: {status: {phase: 'Ready'}}},
			setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
		)) as Widget;
		assert.equal(updated.status?.phase, 'Ready');
		assert.equal(updated.metadata?.generation, 1);
		const list = (await custom.listNamespacedCustomObject(widgetRef)) as {items: Widget[]; metadata: {resourceVersion: string}};
		assert.ok(list.items.some(item => item.metadata?.name === 'st' && item.status?.phase === 'Ready'));
		assert.match(list.metadata.resourceVersion, /^\d+$/);
	});

	test('an informer lists, then follows adds and updates', async () => {
		const kc = harness.kubeConfig();
		const core = kc.makeApiClient(CoreV1Api);
		const informer = makeInformer(kc, '/api/v1/namespaces/team/configmaps', () => core.listNamespacedConfigMap({namespace: 'team'}));
		const seen: string[] = [];
		informer.on('add', object => seen.push(`add ${object.metadata?.name}`));
		informer.on('update', object => seen.push(`update ${object.metadata?.name}`));
		await core.createNamespacedConfigMap({namespace: 'team', body: {metadata: {name: 'before'}, data: {a: '1'}}});
		await informer.start();
		try {
			await eventually(() => seen.includes('add before'), 5000, 'the listed config map');
			await core.createNamespacedConfigMap({namespace: 'team', body: {metadata: {name: 'after'}}});
			await core.patchNamespacedConfigMap(
				{namespace: 'team', name: 'before', body: {data: {a: '2'}}},
				setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
			);
			await eventually(
				() => seen.includes('add after') && seen.includes('update before'),
				5000,
				`informer events (seen: ${seen.join(', ')})`,
			);
		} finally {
			await informer.stop();
		}
	});
});
