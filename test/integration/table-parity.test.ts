// What a real kube-apiserver answers to reads that ask for a conversion in
// their Accept header — the Table `kubectl get` prints from, metadata-only
// lists — and to the scale subresource, pinned on whichever backend this run
// uses (`npm test`: the sandbox; `npm run test:cluster`: the real server).
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {call, watchEvents} from './support/raw-api.js';

const namespace = 'tables';
const configMaps = `/api/v1/namespaces/${namespace}/configmaps`;
const deployments = `/apis/apps/v1/namespaces/${namespace}/deployments`;
const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const gizmos = `/apis/tables.example.com/v1/namespaces/${namespace}/gizmos`;
/** What `kubectl get` sends. */
const kubectlTable = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const table = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const merge = 'application/merge-patch+json';

const columns = (reply: {body: any}) =>
	(reply.body.columnDefinitions as Array<{name: string; type: string; format: string; priority: number}>).map(
		({name, type, format, priority}) => ({name, type, format, priority}),
	);

const gizmoCrd = {
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: 'gizmos.tables.example.com'},
	spec: {
		group: 'tables.example.com',
		scope: 'Namespaced',
		names: {plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList'},
		versions: [
			{
				name: 'v1',
				served: true,
				storage: true,
				schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}},
				additionalPrinterColumns: [
					{name: 'Size', type: 'integer', jsonPath: '.spec.size'},
					{name: 'Ratio', type: 'number', jsonPath: '.spec.ratio'},
					{name: 'Tags', type: 'string', jsonPath: '.spec.tags'},
					{name: 'Count', type: 'string', jsonPath: '.spec.size'},
					{name: 'Missing', type: 'string', jsonPath: '.spec.nothing'},
					{name: 'Since', type: 'date', jsonPath: '.spec.since'},
					{
						name: 'Ready',
						type: 'string',
						jsonPath: '.status.conditions[?(@.type=="Ready")].status',
						priority: 1,
						description: 'Whether it is ready.',
					},
				],
			},
		],
	},
};

describe(`Table and metadata answers like a real kube-apiserver (${backendName()})`, () => {
	let backend: TestBackend;
	let admin: KubeConfig;

	before(async () => {
		backend = await startBackend();
		admin = backend.kubeConfig();
		const created = await call(admin, 'POST', '/api/v1/namespaces', {
			body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}},
		});
		assert.equal(created.status, 201, created.text);
		for (const [name, data] of [
			['alpha', {a: '1', b: '2'}],
			['beta', {c: '3'}],
		] as const) {
			const reply = await call(admin, 'POST', configMaps, {
				body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data, binaryData: {bin: 'AQI='}},
			});
			assert.equal(reply.status, 201, reply.text);
		}
	});

	after(async () => {
		await backend?.close();
	});

	test("a list asked for as kubectl asks is a Table: the kind's columns, a row of cells per object, each with its metadata", async () => {
		const reply = await call(admin, 'GET', configMaps, {accept: kubectlTable});
		assert.equal(reply.status, 200, reply.text);
		assert.equal(reply.body.kind, 'Table');
		assert.equal(reply.body.apiVersion, 'meta.k8s.io/v1');
		assert.match(reply.body.metadata.resourceVersion, /^\d+$/);
		assert.deepEqual(columns(reply), [
			{name: 'Name', type: 'string', format: 'name', priority: 0},
			{name: 'Data', type: 'string', format: '', priority: 0},
			{name: 'Age', type: 'string', format: '', priority: 0},
		]);
		const rows = reply.body.rows.filter((row: any) => ['alpha', 'beta'].includes(row.cells[0]));
		assert.deepEqual(
			rows.map((row: any) => row.cells.slice(0, 2)),
			[
				['alpha', 3],
				['beta', 2],
			],
		);
		for (const row of rows) {
			assert.match(row.cells[2], /^\d+s$/);
			assert.equal(row.object.kind, 'PartialObjectMetadata');
			assert.equal(row.object.apiVersion, 'meta.k8s.io/v1');
			assert.equal(row.object.metadata.namespace, namespace);
			assert.equal(row.object.data, undefined);
		}
	});

	test('includeObject: Object puts the whole object in the row, None nothing, anything else is a bad request', async () => {
		const whole = await call(admin, 'GET', `${configMaps}/alpha?includeObject=Object`, {accept: table});
		assert.equal(whole.body.rows.length, 1);
		assert.equal(whole.body.rows[0].object.kind, 'ConfigMap');
		assert.deepEqual(whole.body.rows[0].object.data, {a: '1', b: '2'});
		// A single object's Table carries that object's resourceVersion.
		assert.equal(whole.body.metadata.resourceVersion, whole.body.rows[0].object.metadata.resourceVersion);
		const none = await call(admin, 'GET', `${configMaps}/alpha?includeObject=None`, {accept: table});
		assert.equal(none.body.rows[0].object, null);
		const bad = await call(admin, 'GET', `${configMaps}?includeObject=Everything`, {accept: table});
		assert.equal(bad.status, 400);
		assert.match(bad.body.message, /^Unable to convert to Table as requested: includeObject: Invalid value: "Everything"/);
	});

	test('v1beta1 Tables are served; a Table of a version that does not exist is 406 unless JSON is acceptable too', async () => {
		const beta = await call(admin, 'GET', configMaps, {accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io'});
		assert.equal(beta.body.apiVersion, 'meta.k8s.io/v1beta1');
		const unknown = await call(admin, 'GET', configMaps, {accept: 'application/json;as=Table;v=v9;g=meta.k8s.io'});
		assert.equal(unknown.status, 406);
		assert.equal(unknown.body.reason, 'NotAcceptable');
		const fallback = await call(admin, 'GET', configMaps, {accept: 'application/json;as=Table;v=v9;g=meta.k8s.io,application/json'});
		assert.equal(fallback.body.kind, 'ConfigMapList');
	});

	test('a Deployment prints READY, UP-TO-DATE, AVAILABLE, AGE, and at priority 1 CONTAINERS, IMAGES, SELECTOR', async () => {
		const deployment = {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'web'},
			spec: {
				replicas: 2,
				selector: {matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['y', 'x']}]},
				template: {
					metadata: {labels: {app: 'web', tier: 'x'}},
					spec: {
						containers: [
							{name: 'main', image: 'nginx:1.27'},
							{name: 'side', image: 'busybox:1'},
						],
					},
				},
			},
		};
		assert.equal((await call(admin, 'POST', deployments, {body: deployment})).status, 201);
		const reply = await call(admin, 'GET', `${deployments}/web`, {accept: table});
		assert.deepEqual(
			columns(reply).map(column => [column.name, column.priority]),
			[
				['Name', 0],
				['Ready', 0],
				['Up-to-date', 0],
				['Available', 0],
				['Age', 0],
				['Containers', 1],
				['Images', 1],
				['Selector', 1],
			],
		);
		const cells = reply.body.rows[0].cells;
		assert.deepEqual(
			[...cells.slice(0, 4), ...cells.slice(5)],
			['web', '0/2', 0, 0, 'main,side', 'nginx:1.27,busybox:1', 'app=web,tier in (x,y)'],
		);
	});

	test('the scale subresource shows a Deployment as an autoscaling/v1 Scale, and a patch of it changes only the replicas', async () => {
		const discovery = await call(admin, 'GET', '/apis/apps/v1');
		const entry = discovery.body.resources.find((resource: {name: string}) => resource.name === 'deployments/scale');
		assert.deepEqual(
			{group: entry?.group, version: entry?.version, kind: entry?.kind},
			{group: 'autoscaling', version: 'v1', kind: 'Scale'},
		);
		const scale = await call(admin, 'GET', `${deployments}/web/scale`);
		assert.equal(scale.body.kind, 'Scale');
		assert.equal(scale.body.apiVersion, 'autoscaling/v1');
		assert.deepEqual(scale.body.spec, {replicas: 2});
		assert.deepEqual(scale.body.status, {replicas: 0, selector: 'app=web,tier in (x,y)'});
		const patched = await call(admin, 'PATCH', `${deployments}/web/scale`, {body: {spec: {replicas: 4}}, contentType: merge});
		assert.equal(patched.status, 200, patched.text);
		assert.deepEqual(patched.body.spec, {replicas: 4});
		const after = await call(admin, 'GET', `${deployments}/web`);
		assert.equal(after.body.spec.replicas, 4);
		assert.equal(after.body.spec.template.spec.containers.length, 2);
		const stale = await call(admin, 'PUT', `${deployments}/web/scale`, {
			body: {
				...patched.body,
				metadata: {...patched.body.metadata, resourceVersion: scale.body.metadata.resourceVersion},
				spec: {replicas: 1},
			},
		});
		assert.equal(stale.status, 409);
	});

	test("a custom kind's Table has its CRD's printer columns, with typed cells (null where the path finds nothing)", async () => {
		assert.equal((await call(admin, 'POST', crdPath, {body: gizmoCrd})).status, 201);
		const since = new Date(Date.now() - 40.5 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		const gizmo = {
			apiVersion: 'tables.example.com/v1',
			kind: 'Gizmo',
			metadata: {name: 'g1'},
			spec: {size: 3, ratio: 1.5, tags: ['a', 'b'], since},
			status: {conditions: [{type: 'Ready', status: 'True'}]},
		};
		const deadline = Date.now() + 20_000;
		// The kind is served once the CRD is Established, a moment after its create.
		while ((await call(admin, 'POST', gizmos, {body: gizmo})).status !== 201) {
			assert.ok(Date.now() < deadline, 'the gizmo kind was not served within 20 s');
			await new Promise(resolve => setTimeout(resolve, 100));
		}
		// Listed once its watch cache has started: 429 "storage is (re)initializing" until then.
		let reply = await call(admin, 'GET', gizmos, {accept: table});
		while (reply.status === 429) {
			assert.ok(Date.now() < deadline, 'the gizmo kind was not listed within 20 s');
			reply = await call(admin, 'GET', gizmos, {accept: table});
		}
		assert.deepEqual(columns(reply), [
			{name: 'Name', type: 'string', format: 'name', priority: 0},
			{name: 'Size', type: 'integer', format: '', priority: 0},
			{name: 'Ratio', type: 'number', format: '', priority: 0},
			{name: 'Tags', type: 'string', format: '', priority: 0},
			{name: 'Count', type: 'string', format: '', priority: 0},
			{name: 'Missing', type: 'string', format: '', priority: 0},
			{name: 'Since', type: 'date', format: '', priority: 0},
			{name: 'Ready', type: 'string', format: '', priority: 1},
		]);
		assert.equal(reply.body.columnDefinitions[1].description, 'Custom resource definition column (in JSONPath format): .spec.size');
		assert.equal(reply.body.columnDefinitions[7].description, 'Whether it is ready.');
		assert.deepEqual(reply.body.rows[0].cells, ['g1', 3, 1.5, '["a","b"]', '3', null, '40d', 'True']);
	});

	test('a watch asked for as a Table sends one-row Tables, the column definitions with the first event only', async () => {
		const created = await call(admin, 'POST', configMaps, {
			body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'watched'}, data: {n: '0'}},
		});
		for (const n of ['1', '2']) await call(admin, 'PATCH', `${configMaps}/watched`, {body: {data: {n}}, contentType: merge});
		// From the create's version: the server replays the two changes, then ends the watch after a second.
		const query = `watch=1&resourceVersion=${created.body.metadata.resourceVersion}&timeoutSeconds=1&fieldSelector=metadata.name%3Dwatched`;
		const {status, events} = await watchEvents(admin, `${configMaps}?${query}`, {accept: table});
		assert.equal(status, 200);
		assert.deepEqual(
			events.map(event => [event.type, event.object.kind, event.object.rows.length, event.object.columnDefinitions === null]),
			[
				['MODIFIED', 'Table', 1, false],
				['MODIFIED', 'Table', 1, true],
			],
		);
		assert.equal(events[1]?.object.rows[0].cells[0], 'watched');
	});

	test('metadata-only reads: PartialObjectMetadataList for a list, PartialObjectMetadata for one object, the other way round 406', async () => {
		const list = await call(admin, 'GET', configMaps, {accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io'});
		assert.equal(list.body.kind, 'PartialObjectMetadataList');
		const alpha = list.body.items.find((item: any) => item.metadata.name === 'alpha');
		assert.deepEqual([alpha.kind, alpha.apiVersion, alpha.data], ['PartialObjectMetadata', 'meta.k8s.io/v1', undefined]);
		const one = await call(admin, 'GET', `${configMaps}/alpha`, {accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io'});
		assert.deepEqual([one.body.kind, one.body.metadata.name], ['PartialObjectMetadata', 'alpha']);
		const mismatch = await call(admin, 'GET', configMaps, {
			accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json',
		});
		assert.equal(mismatch.status, 406);
		assert.match(mismatch.body.message, /^you requested PartialObjectMetadata, but the requested object is a list/);
	});
});
