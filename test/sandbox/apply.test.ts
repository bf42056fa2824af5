import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {stringify} from 'yaml';
import {startHarness, widgetCrd, widgetsPath, type Harness} from './harness.js';

const applyType = 'application/apply-patch+yaml';

type ManagedEntry = {manager: string; operation: string; fieldsV1: Record<string, unknown>; subresource?: string};

function managers(object: {metadata: {managedFields?: ManagedEntry[]}}): string[] {
	return (object.metadata.managedFields ?? [])
		.map(entry => `${entry.manager}/${entry.operation}${entry.subresource ? `/${entry.subresource}` : ''}`)
		.sort();
}

function ownedBy(object: {metadata: {managedFields?: ManagedEntry[]}}, manager: string): unknown {
	return object.metadata.managedFields?.find(entry => entry.manager === manager && entry.operation === 'Apply')?.fieldsV1;
}

describe('sandbox server-side apply', () => {
	let harness: Harness;
	const path = `${widgetsPath()}/applied`;
	const apply = (config: unknown, query: string) =>
		harness.call('PATCH', `${path}?${query}`, {body: typeof config === 'string' ? config : stringify(config), contentType: applyType});

	before(async () => {
		harness = await startHarness();
		await harness.installCrd(widgetCrd);
	});
	after(() => harness.close());

	test('apply creates a missing object (YAML body) and records the manager as owner of its fields', async () => {
		const created = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied', labels: {app: 'x'}}, spec: {size: 1, color: 'red'}},
			'fieldManager=alice',
		);
		assert.equal(created.status, 201);
		assert.equal(created.body.metadata.generation, 1);
		assert.deepEqual(created.body.spec, {size: 1, color: 'red'});
		assert.deepEqual(managers(created.body), ['alice/Apply']);
		// The schema keeps unknown fields, so spec is a map the applier owns itself too (`.`), as on a real server.
		assert.deepEqual(ownedBy(created.body, 'alice'), {
			'f:metadata': {'f:labels': {'f:app': {}}},
			'f:spec': {'.': {}, 'f:color': {}, 'f:size': {}},
		});
	});

	test('apply needs a fieldManager (422 Invalid PatchOptions), and apiVersion/kind in the body (400)', async () => {
		const noManager = await apply({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 1}}, '');
		assert.equal(noManager.status, 422);
		assert.equal(
			noManager.body.message,
			'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
		);
		const noKind = await apply({metadata: {name: 'applied'}, spec: {size: 1}}, 'fieldManager=alice');
		assert.equal(noKind.status, 400);
	});

	test('re-applying updates fields and drops the ones the manager no longer applies; JSON bodies work too', async () => {
		const updated = await apply(
			JSON.stringify({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied', labels: {app: 'x'}}, spec: {size: 2}}),
			'fieldManager=alice',
		);
		assert.equal(updated.status, 200);
		assert.deepEqual(updated.body.spec, {size: 2});
		assert.equal(updated.body.metadata.generation, 2);
		assert.deepEqual(ownedBy(updated.body, 'alice'), {'f:metadata': {'f:labels': {'f:app': {}}}, 'f:spec': {'.': {}, 'f:size': {}}});
	});

	test('another manager setting a different value is a 409 Conflict naming the owner and field', async () => {
		const conflict = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 3, shape: 'round'}},
			'fieldManager=bob',
		);
		assert.equal(conflict.status, 409);
		assert.equal(conflict.body.reason, 'Conflict');
		// An apply manager is named alone; an update manager "using" its API version (see below).
		assert.equal(conflict.body.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.size');
		assert.deepEqual(conflict.body.details.causes, [
			{reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.size'},
		]);
		const unchanged = await harness.call('GET', path);
		assert.equal(unchanged.body.spec.size, 2);
		assert.equal(unchanged.body.spec.shape, undefined);
	});

	test('the same value is shared without conflict; force takes a field over', async () => {
		const shared = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 2}},
			'fieldManager=carol',
		);
		assert.equal(shared.status, 200);
		assert.deepEqual(managers(shared.body), ['alice/Apply', 'carol/Apply']);

		const forced = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 3, shape: 'round'}},
			'fieldManager=bob&force=true',
		);
		assert.equal(forced.status, 200);
		assert.deepEqual(forced.body.spec, {size: 3, shape: 'round'});
		assert.deepEqual(ownedBy(forced.body, 'bob'), {'f:spec': {'.': {}, 'f:shape': {}, 'f:size': {}}});
		// Alice keeps her label but lost .spec.size; carol had the same value as alice and lost it too. Both still
		// own the spec map itself (`{}`), which bob's apply did not change — as on a real server.
		assert.deepEqual(ownedBy(forced.body, 'alice'), {'f:metadata': {'f:labels': {'f:app': {}}}, 'f:spec': {}});
		assert.deepEqual(ownedBy(forced.body, 'carol'), {'f:spec': {}});
	});

	test('a non-apply write takes ownership of what it changes, without conflicts', async () => {
		const patched = await harness.call('PATCH', `${path}?fieldManager=editor`, {
			body: {spec: {shape: 'square'}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(patched.status, 200);
		const editor = patched.body.metadata.managedFields.find((entry: ManagedEntry) => entry.manager === 'editor');
		assert.equal(editor.operation, 'Update');
		assert.deepEqual(editor.fieldsV1, {'f:spec': {'f:shape': {}}});
		assert.deepEqual(ownedBy(patched.body, 'bob'), {'f:spec': {'.': {}, 'f:size': {}}});
		// Bob applying his old value for shape now conflicts with the editor.
		const conflict = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 3, shape: 'round'}},
			'fieldManager=bob',
		);
		assert.equal(conflict.status, 409);
		assert.match(conflict.body.message, /conflict with "editor"/);
	});

	test('apply ignores .status on the main resource and can apply to /status', async () => {
		const main = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 3}, status: {ready: true}},
			'fieldManager=bob&force=true',
		);
		assert.equal(main.body.status, undefined);
		const status = await harness.call('PATCH', `${path}/status?fieldManager=controller`, {
			body: stringify({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, status: {ready: true}}),
			contentType: applyType,
		});
		assert.equal(status.status, 200);
		assert.deepEqual(status.body.status, {ready: true});
		assert.ok(managers(status.body).includes('controller/Apply/status'));
		assert.equal(status.body.metadata.generation, main.body.metadata.generation);
	});

	test('dryRun=All apply answers with the result but stores nothing and sends no watch event', async () => {
		const before = await harness.call('GET', path);
		const watch = await harness.watch(`${widgetsPath()}?watch=true&resourceVersion=${before.body.metadata.resourceVersion}`);
		try {
			const dryUpdate = await apply(
				{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {size: 50}},
				'fieldManager=bob&dryRun=All',
			);
			assert.equal(dryUpdate.status, 200);
			assert.equal(dryUpdate.body.spec.size, 50);
			assert.equal(dryUpdate.body.metadata.resourceVersion, before.body.metadata.resourceVersion);
			const dryCreate = await harness.call('PATCH', `${widgetsPath()}/dry?fieldManager=bob&dryRun=All`, {
				body: stringify({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'dry'}, spec: {size: 1}}),
				contentType: applyType,
			});
			assert.equal(dryCreate.status, 201);
			assert.equal(dryCreate.body.metadata.name, 'dry');
			const dryConflict = await apply(
				{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied'}, spec: {shape: 'hex'}},
				'fieldManager=zed&dryRun=All',
			);
			assert.equal(dryConflict.status, 409);

			// A real write afterwards is the first and only event the watch sees.
			await harness.call('PATCH', path, {body: {metadata: {labels: {marker: 'real'}}}, contentType: 'application/merge-patch+json'});
			const after = await harness.call('GET', path);
			assert.equal(after.body.spec.size, 3);
			assert.equal((await harness.call('GET', `${widgetsPath()}/dry`)).status, 404);
			const deadline = Date.now() + 5000;
			while (watch.events.length === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10));
			assert.equal(watch.events.length, 1);
			assert.equal(watch.events[0]?.type, 'MODIFIED');
			assert.equal(watch.events[0]?.object.metadata.labels.marker, 'real');
			assert.equal(Number(after.body.metadata.resourceVersion), Number(before.body.metadata.resourceVersion) + 1);
		} finally {
			watch.close();
		}
	});

	test('apply with a stale resourceVersion in the body is a 409', async () => {
		const stale = await apply(
			{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'applied', resourceVersion: '1'}, spec: {size: 3}},
			'fieldManager=bob',
		);
		assert.equal(stale.status, 409);
	});
});
