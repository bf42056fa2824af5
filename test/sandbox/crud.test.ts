import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {crdPath, eventually, gadgetCrd, startHarness, widget, widgetCrd, widgetsPath, type Harness} from './harness.js';

describe('sandbox objects: CRDs, CRUD, generation, status, concurrency, patches', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
	});
	after(() => harness.close());

	test('custom resources of an unregistered kind are a plain-text 404 (no group serves the path)', async () => {
		const reply = await harness.call('GET', widgetsPath());
		assert.equal(reply.status, 404);
		assert.equal(reply.text, '404 page not found\n');
		assert.match(String(reply.headers['content-type']), /^text\/plain/);
		const create = await harness.call('POST', widgetsPath(), {body: widget('early')});
		assert.equal(create.status, 404);
	});

	test('creating a CRD establishes it and serves its custom resources', async () => {
		const created = await harness.installCrd(widgetCrd);
		assert.equal(created.status, 201);
		// The create is answered before the names are accepted and the kind established.
		assert.deepEqual(created.body.status, {conditions: null, acceptedNames: {plural: '', kind: ''}, storedVersions: ['v1']});
		const established = await harness.call('GET', `${crdPath}/widgets.example.com`);
		const conditions = established.body.status.conditions.map(
			(condition: {type: string; status: string}) => `${condition.type}=${condition.status}`,
		);
		assert.ok(conditions.includes('Established=True'));
		assert.ok(conditions.includes('NamesAccepted=True'));
		assert.equal(established.body.status.acceptedNames.kind, 'Widget');
		assert.equal((await harness.call('POST', crdPath, {body: widgetCrd})).body.reason, 'AlreadyExists');

		const w1 = await harness.call('POST', widgetsPath(), {body: widget('w1', {size: 1}, {tier: 'web'})});
		assert.equal(w1.status, 201);
		assert.equal(w1.body.metadata.namespace, 'default');
		assert.match(w1.body.metadata.uid, /^[0-9a-f-]{36}$/);
		assert.match(w1.body.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.match(w1.body.metadata.resourceVersion, /^\d+$/);
		assert.equal(w1.body.metadata.generation, 1);

		const got = await harness.call('GET', `${widgetsPath()}/w1`);
		assert.deepEqual(got.body, w1.body);
		const missing = await harness.call('GET', `${widgetsPath()}/nope`);
		assert.equal(missing.status, 404);
		assert.equal(missing.body.message, 'widgets.example.com "nope" not found');
		assert.deepEqual(missing.body.details, {name: 'nope', group: 'example.com', kind: 'widgets'});
	});

	test('create refuses duplicates (409 AlreadyExists), missing namespaces (404) and bad names (422)', async () => {
		const duplicate = await harness.call('POST', widgetsPath(), {body: widget('w1')});
		assert.equal(duplicate.status, 409);
		assert.equal(duplicate.body.reason, 'AlreadyExists');
		assert.equal(duplicate.body.message, 'widgets.example.com "w1" already exists');

		const noNamespace = await harness.call('POST', widgetsPath('ghost'), {body: widget('w1')});
		assert.equal(noNamespace.status, 404);
		assert.equal(noNamespace.body.message, 'namespaces "ghost" not found');

		const badName = await harness.call('POST', widgetsPath(), {body: widget('Not_Valid')});
		assert.equal(badName.status, 422);
		assert.equal(badName.body.reason, 'Invalid');
	});

	test('generateName gives a unique name with the prefix', async () => {
		const generated = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {generateName: 'gen-'}, spec: {}};
		const first = await harness.call('POST', widgetsPath(), {body: generated});
		const second = await harness.call('POST', widgetsPath(), {body: generated});
		assert.equal(first.status, 201);
		assert.match(first.body.metadata.name, /^gen-[a-z0-9]{5}$/);
		assert.notEqual(first.body.metadata.name, second.body.metadata.name);
	});

	test('list carries a resourceVersion and filters by label and field selectors, also across namespaces', async () => {
		await harness.call('POST', '/api/v1/namespaces', {body: {metadata: {name: 'other'}}});
		await harness.call('POST', widgetsPath('other'), {body: widget('w1', {size: 9}, {tier: 'db'})});
		await harness.call('POST', widgetsPath(), {body: widget('w2', {size: 2}, {tier: 'db'})});

		const all = await harness.call('GET', '/apis/example.com/v1/widgets');
		assert.equal(all.body.kind, 'WidgetList');
		assert.match(all.body.metadata.resourceVersion, /^\d+$/);
		const keys = all.body.items.map(
			(item: {metadata: {namespace: string; name: string}}) => `${item.metadata.namespace}/${item.metadata.name}`,
		);
		assert.ok(keys.includes('default/w1') && keys.includes('other/w1') && keys.includes('default/w2'));

		const names = async (query: string, path = '/apis/example.com/v1/widgets') =>
			(await harness.call('GET', `${path}?${query}`)).body.items
				.map((item: {metadata: {namespace: string; name: string}}) => `${item.metadata.namespace}/${item.metadata.name}`)
				.sort();
		assert.deepEqual(await names('labelSelector=tier%3Ddb'), ['default/w2', 'other/w1']);
		assert.deepEqual(await names('labelSelector=tier%20in%20(web)'), ['default/w1']);
		assert.deepEqual(await names('labelSelector=tier!%3Ddb,tier'), ['default/w1']);
		assert.deepEqual(await names('fieldSelector=metadata.name%3Dw1'), ['default/w1', 'other/w1']);
		assert.deepEqual(await names('fieldSelector=metadata.namespace%3Dother'), ['other/w1']);
		assert.deepEqual(await names('labelSelector=tier%3Ddb', widgetsPath()), ['default/w2']);

		const page = await harness.call('GET', '/apis/example.com/v1/widgets?limit=1');
		assert.equal(page.body.items.length, 1);
		assert.ok(page.body.metadata.continue);
		const rest = await harness.call('GET', `/apis/example.com/v1/widgets?limit=100&continue=${page.body.metadata.continue}`);
		assert.equal(rest.body.items.length, all.body.items.length - 1);

		assert.equal((await harness.call('GET', `${widgetsPath()}?labelSelector=${encodeURIComponent('tier in (')}`)).status, 400);
	});

	test('generation starts at 1 and grows only when something outside metadata and status changes', async () => {
		const path = `${widgetsPath()}/w1`;
		const labelled = await harness.call('PATCH', path, {
			body: {metadata: {labels: {extra: 'yes'}}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(labelled.body.metadata.generation, 1);
		const status = await harness.call('PATCH', `${path}/status`, {
			body: {status: {ready: true}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(status.body.metadata.generation, 1);
		const spec = await harness.call('PATCH', path, {body: {spec: {size: 3}}, contentType: 'application/merge-patch+json'});
		assert.equal(spec.body.metadata.generation, 2);
		const put = await harness.call('PUT', path, {body: {...spec.body, spec: {size: 4}}});
		assert.equal(put.status, 200);
		assert.equal(put.body.metadata.generation, 3);
		assert.ok(Number(put.body.metadata.resourceVersion) > Number(spec.body.metadata.resourceVersion));
	});

	test('with a status subresource, the main resource ignores .status and /status changes only .status', async () => {
		const path = `${widgetsPath()}/w2`;
		const created = await harness.call('POST', widgetsPath(), {body: {...widget('s1'), status: {ready: 'from-create'}}});
		assert.equal(created.body.status, undefined);

		const main = await harness.call('PATCH', path, {
			body: {spec: {size: 20}, status: {ready: 'via-main'}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(main.body.spec.size, 20);
		assert.equal(main.body.status, undefined);

		const viaStatus = await harness.call('PUT', `${path}/status`, {body: {...main.body, spec: {size: 999}, status: {ready: 'via-status'}}});
		assert.equal(viaStatus.status, 200);
		assert.deepEqual(viaStatus.body.status, {ready: 'via-status'});
		assert.equal(viaStatus.body.spec.size, 20);
		assert.equal(viaStatus.body.metadata.generation, main.body.metadata.generation);

		const read = await harness.call('GET', `${path}/status`);
		assert.deepEqual(read.body.status, {ready: 'via-status'});

		const keepsStatus = await harness.call('PUT', path, {body: {...read.body, spec: {size: 21}, status: {ready: 'overwrite?'}}});
		assert.deepEqual(keepsStatus.body.status, {ready: 'via-status'});
	});

	test('without a status subresource, .status is written through the main resource; cluster scope works', async () => {
		await harness.installCrd(gadgetCrd);
		const gadgets = '/apis/example.com/v1alpha1/gadgets';
		const created = await harness.call('POST', gadgets, {
			body: {apiVersion: 'example.com/v1alpha1', kind: 'Gadget', metadata: {name: 'g1'}, spec: {a: 1}, status: {phase: 'New'}},
		});
		assert.equal(created.status, 201);
		assert.equal(created.body.metadata.namespace, undefined);
		assert.deepEqual(created.body.status, {phase: 'New'});
		const patched = await harness.call('PATCH', `${gadgets}/g1`, {
			body: {status: {phase: 'Done'}},
			contentType: 'application/merge-patch+json',
		});
		assert.deepEqual(patched.body.status, {phase: 'Done'});
		// Without /status, status is an ordinary part of the object: changing it is a new generation.
		assert.equal(patched.body.metadata.generation, 2);
		assert.equal((await harness.call('GET', `${gadgets}/g1/status`)).status, 404);
		assert.equal((await harness.call('GET', `/apis/example.com/v1alpha1/namespaces/default/gadgets/g1`)).status, 404);
	});

	test('a write carrying a stale resourceVersion is a 409 Conflict', async () => {
		const path = `${widgetsPath()}/w1`;
		const current = await harness.call('GET', path);
		await harness.call('PATCH', path, {body: {spec: {size: 5}}, contentType: 'application/merge-patch+json'});
		const stalePut = await harness.call('PUT', path, {body: {...current.body, spec: {size: 6}}});
		assert.equal(stalePut.status, 409);
		assert.equal(stalePut.body.reason, 'Conflict');
		assert.match(stalePut.body.message, /^Operation cannot be fulfilled on widgets\.example\.com "w1": the object has been modified/);
		const stalePatch = await harness.call('PATCH', path, {
			body: {metadata: {resourceVersion: current.body.metadata.resourceVersion}, spec: {size: 7}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(stalePatch.status, 409);
		assert.equal((await harness.call('GET', path)).body.spec.size, 5);
	});

	test('merge patch merges maps, replaces lists and deletes with null', async () => {
		const path = `${widgetsPath()}/merge`;
		await harness.call('POST', widgetsPath(), {body: widget('merge', {a: 1, b: {c: 2, d: 3}, list: [1, 2]})});
		const patched = await harness.call('PATCH', path, {
			body: {spec: {a: null, b: {c: 20}, list: [3]}},
			contentType: 'application/merge-patch+json',
		});
		assert.deepEqual(patched.body.spec, {b: {c: 20, d: 3}, list: [3]});
		// Strategic merge patch is served as a merge patch for built-in kinds…
		await harness.call('POST', '/api/v1/namespaces/default/configmaps', {body: {metadata: {name: 'cm'}, data: {a: '1'}}});
		const strategic = await harness.call('PATCH', '/api/v1/namespaces/default/configmaps/cm', {
			body: {data: {b: '2'}},
			contentType: 'application/strategic-merge-patch+json',
		});
		assert.deepEqual(strategic.body.data, {a: '1', b: '2'});
		// …and refused for custom resources, as a real server does.
		const refused = await harness.call('PATCH', path, {body: {spec: {a: 1}}, contentType: 'application/strategic-merge-patch+json'});
		assert.equal(refused.status, 415);
	});

	test('JSON patch applies every operation; a failing test is a 422 Invalid and changes nothing', async () => {
		const path = `${widgetsPath()}/jp`;
		await harness.call('POST', widgetsPath(), {body: widget('jp', {items: ['a', 'b'], keep: 1, old: 'x', 'we/ird': 1})});
		const ops = [
			{op: 'test', path: '/spec/keep', value: 1},
			{op: 'add', path: '/spec/items/-', value: 'c'},
			{op: 'replace', path: '/spec/keep', value: 2},
			{op: 'move', from: '/spec/old', path: '/spec/new'},
			{op: 'copy', from: '/spec/new', path: '/spec/copied'},
			{op: 'remove', path: '/spec/items/0'},
			{op: 'remove', path: '/spec/we~1ird'},
		];
		const patched = await harness.call('PATCH', path, {body: ops, contentType: 'application/json-patch+json'});
		assert.equal(patched.status, 200);
		assert.deepEqual(patched.body.spec, {items: ['b', 'c'], keep: 2, new: 'x', copied: 'x'});

		const failing = await harness.call('PATCH', path, {
			body: [
				{op: 'replace', path: '/spec/keep', value: 3},
				{op: 'test', path: '/spec/keep', value: 100},
			],
			contentType: 'application/json-patch+json',
		});
		assert.equal(failing.status, 422);
		assert.equal(failing.body.kind, 'Status');
		assert.equal(failing.body.reason, 'Invalid');
		assert.equal((await harness.call('GET', path)).body.spec.keep, 2);

		const missingPath = await harness.call('PATCH', path, {
			body: [{op: 'remove', path: '/spec/nothing'}],
			contentType: 'application/json-patch+json',
		});
		assert.equal(missingPath.status, 422);
		const notAPatch = await harness.call('PATCH', path, {body: {spec: {}}, contentType: 'application/json-patch+json'});
		assert.equal(notAPatch.status, 400);
	});

	test('delete removes the object at once and answers a success Status naming it; a second delete is a 404', async () => {
		const path = `${widgetsPath()}/jp`;
		const uid = (await harness.call('GET', path)).body.metadata.uid;
		const deleted = await harness.call('DELETE', path);
		assert.equal(deleted.status, 200);
		assert.deepEqual(deleted.body, {
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Success',
			details: {name: 'jp', group: 'example.com', kind: 'widgets', uid},
		});
		assert.equal((await harness.call('GET', path)).status, 404);
		assert.equal((await harness.call('DELETE', path)).status, 404);
	});

	test('an object with finalizers is only marked on delete, and goes when its last finalizer is removed', async () => {
		const path = `${widgetsPath()}/held`;
		await harness.call('POST', widgetsPath(), {body: {...widget('held'), metadata: {name: 'held', finalizers: ['example.com/hold']}}});
		const deleted = await harness.call('DELETE', path);
		assert.equal(deleted.status, 200);
		assert.match(deleted.body.metadata.deletionTimestamp, /^\d{4}-\d\d-\d\dT/);
		assert.equal(deleted.body.metadata.generation, 2);
		const still = await harness.call('GET', path);
		assert.equal(still.status, 200);
		assert.equal(still.body.metadata.deletionTimestamp, deleted.body.metadata.deletionTimestamp);
		assert.equal((await harness.call('DELETE', path)).body.metadata.deletionTimestamp, deleted.body.metadata.deletionTimestamp);

		const adding = await harness.call('PATCH', path, {
			body: {metadata: {finalizers: ['example.com/hold', 'example.com/more']}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(adding.status, 422);
		const released = await harness.call('PATCH', path, {body: {metadata: {finalizers: null}}, contentType: 'application/merge-patch+json'});
		assert.equal(released.status, 200);
		assert.equal((await harness.call('GET', path)).status, 404);
	});

	test('dryRun=All on create, update, patch and delete answers fully and stores nothing', async () => {
		const before = await harness.call('GET', widgetsPath());
		const create = await harness.call('POST', `${widgetsPath()}?dryRun=All`, {body: widget('dry')});
		assert.equal(create.status, 201);
		assert.equal(create.body.metadata.name, 'dry');
		assert.ok(create.body.metadata.uid);
		assert.equal((await harness.call('GET', `${widgetsPath()}/dry`)).status, 404);
		const invalidDry = await harness.call('POST', `${widgetsPath()}?dryRun=All`, {body: widget('w1')});
		assert.equal(invalidDry.status, 409);

		const patch = await harness.call('PATCH', `${widgetsPath()}/w1?dryRun=All`, {
			body: {spec: {size: 100}},
			contentType: 'application/merge-patch+json',
		});
		assert.equal(patch.body.spec.size, 100);
		const put = await harness.call('PUT', `${widgetsPath()}/w1?dryRun=All`, {body: {...patch.body, spec: {size: 101}}});
		assert.equal(put.body.spec.size, 101);
		const remove = await harness.call('DELETE', `${widgetsPath()}/w1?dryRun=All`);
		assert.equal(remove.status, 200);

		const afterwards = await harness.call('GET', widgetsPath());
		assert.equal(afterwards.body.metadata.resourceVersion, before.body.metadata.resourceVersion);
		assert.deepEqual(afterwards.body.items, before.body.items);
	});

	test('malformed bodies are a 400 BadRequest Status, never a crash', async () => {
		const badJson = await harness.call('POST', widgetsPath(), {body: '{"metadata": ', contentType: 'application/json'});
		assert.equal(badJson.status, 400);
		assert.equal(badJson.body.reason, 'BadRequest');
		const badYaml = await harness.call('PATCH', `${widgetsPath()}/w1?fieldManager=t`, {
			body: 'a: [b\n c: :',
			contentType: 'application/apply-patch+yaml',
		});
		assert.equal(badYaml.status, 400);
		const notObject = await harness.call('POST', widgetsPath(), {body: '[1,2]'});
		assert.equal(notObject.status, 400);
		const noKind = await harness.call('POST', widgetsPath(), {body: {metadata: {name: 'k'}}});
		assert.equal(noKind.status, 400);
		assert.match(noKind.body.message, /^the object provided is unrecognized \(must be of type Widget\): Object 'Kind' is missing in/);
		// A custom resource claiming another kind fails validation instead.
		const wrongKind = await harness.call('POST', widgetsPath(), {body: {...widget('k'), kind: 'Gizmo'}});
		assert.equal(wrongKind.status, 422);
		assert.equal(wrongKind.body.message, 'Gizmo.example.com "k" is invalid: kind: Invalid value: "Gizmo": must be Widget');
		const unknownMedia = await harness.call('PATCH', `${widgetsPath()}/w1`, {body: '{}', contentType: 'text/plain'});
		assert.equal(unknownMedia.status, 415);
		assert.equal((await harness.call('GET', '/healthz')).status, 200);
	});

	test('namespaced kinds are written only inside a namespace; system namespaces cannot be deleted', async () => {
		assert.equal((await harness.call('POST', '/apis/example.com/v1/widgets', {body: widget('nowhere')})).status, 404);
		const refused = await harness.call('DELETE', '/api/v1/namespaces/default');
		assert.equal(refused.status, 403);
		assert.equal(refused.body.message, 'namespaces "default" is forbidden: this namespace may not be deleted');
	});

	test('a deleted namespace stays Terminating with what is in it (no namespace controller); deleting a CRD removes its kind and objects', async () => {
		const deleted = await harness.call('DELETE', '/api/v1/namespaces/other');
		assert.equal(deleted.status, 200);
		assert.equal(deleted.body.status.phase, 'Terminating');
		assert.match(deleted.body.metadata.deletionTimestamp, /^\d{4}-\d\d-\d\dT/);
		const still = await harness.call('GET', '/api/v1/namespaces/other');
		assert.equal(still.body.status.phase, 'Terminating');
		assert.deepEqual(still.body.spec.finalizers, ['kubernetes']);
		assert.deepEqual(
			(await harness.call('GET', widgetsPath('other'))).body.items.map((item: {metadata: {name: string}}) => item.metadata.name),
			['w1'],
		);
		const late = await harness.call('POST', widgetsPath('other'), {body: widget('late')});
		assert.equal(late.status, 403);
		assert.equal(
			late.body.message,
			'widgets.example.com "late" is forbidden: unable to create new content in namespace other because it is being terminated',
		);

		// As on a real server, the definition is marked, its objects removed, and then it goes: a moment later.
		assert.equal((await harness.call('DELETE', `${crdPath}/widgets.example.com`)).status, 200);
		await eventually(async () => (await harness.call('GET', widgetsPath())).status === 404, 5000, 'the widgets kind to go');
		await harness.installCrd(widgetCrd);
		assert.deepEqual((await harness.call('GET', widgetsPath())).body.items, []);
	});
});
