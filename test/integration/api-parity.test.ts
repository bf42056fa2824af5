// What a real kube-apiserver answers where the sandbox used to answer
// differently, pinned on whichever backend this run uses (`npm test`: the
// sandbox; `npm run test:cluster`: the real server), so the sandbox cannot
// drift from the real behaviour again. Raw HTTPS, so status codes, content
// types and bodies are seen exactly as sent.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from '../../source/core/kube/http.js';
import {allCrds, installCrds} from '../../source/sandbox/crds.js';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {call, until, watchEvents} from './support/raw-api.js';

const namespace = 'parity';
const applications = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications`;
const kustomizations = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${namespace}/kustomizations`;
const configMaps = `/api/v1/namespaces/${namespace}/configmaps`;
const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const merge = 'application/merge-patch+json';

const application = (name: string) => ({
	apiVersion: 'argoproj.io/v1alpha1',
	kind: 'Application',
	metadata: {name},
	spec: {project: 'default'},
});
const configMap = (name: string) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data: {key: 'value'}});
const deployment = (name: string) => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name, labels: {listed: 'yes'}},
	spec: {
		selector: {matchLabels: {app: name}},
		template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:1.0'}]}},
	},
});

describe(`API parity with a real kube-apiserver (${backendName()})`, () => {
	let backend: TestBackend;
	let admin: KubeConfig;

	before(async () => {
		backend = await startBackend();
		admin = backend.kubeConfig();
		await requestJson(admin, '/api/v1/namespaces', {
			method: 'POST',
			body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}),
		});
		await installCrds(admin, allCrds);
	});

	after(async () => {
		await backend?.close();
	});

	test('deleting an object without finalizers answers a success Status naming it; Services answer the object', async () => {
		const created = await call(admin, 'POST', configMaps, {body: configMap('gone')});
		const deleted = await call(admin, 'DELETE', `${configMaps}/gone`);
		assert.equal(deleted.status, 200);
		assert.deepEqual(deleted.body, {
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Success',
			details: {name: 'gone', kind: 'configmaps', uid: created.body.metadata.uid},
		});

		const app = await call(admin, 'POST', applications, {body: application('gone')});
		const deletedApp = await call(admin, 'DELETE', `${applications}/gone`);
		assert.deepEqual(deletedApp.body.details, {name: 'gone', group: 'argoproj.io', kind: 'applications', uid: app.body.metadata.uid});
		assert.equal(deletedApp.body.status, 'Success');

		const services = `/api/v1/namespaces/${namespace}/services`;
		await call(admin, 'POST', services, {body: {apiVersion: 'v1', kind: 'Service', metadata: {name: 'gone'}, spec: {ports: [{port: 80}]}}});
		const deletedService = await call(admin, 'DELETE', `${services}/gone`);
		assert.equal(deletedService.status, 200);
		assert.equal(deletedService.body.kind, 'Service');
		assert.equal(deletedService.body.metadata.name, 'gone');
	});

	test('an object with a finalizer is only marked on delete, and the answer is the object', async () => {
		await call(admin, 'POST', applications, {body: {...application('held'), metadata: {name: 'held', finalizers: ['example.com/hold']}}});
		const deleted = await call(admin, 'DELETE', `${applications}/held`);
		assert.equal(deleted.status, 200);
		assert.equal(deleted.body.kind, 'Application');
		assert.match(deleted.body.metadata.deletionTimestamp, /^\d{4}-\d\d-\d\dT/);
		assert.equal(deleted.body.metadata.generation, 2);
		await call(admin, 'PATCH', `${applications}/held`, {body: {metadata: {finalizers: null}}, contentType: merge});
		assert.equal((await call(admin, 'GET', `${applications}/held`)).status, 404);
	});

	test('without a status subresource (Argo CD Application) a status write is a new generation; with one (Flux) it is not', async () => {
		const created = await call(admin, 'POST', applications, {body: application('gen')});
		assert.equal(created.body.metadata.generation, 1);
		const labelled = await call(admin, 'PATCH', `${applications}/gen`, {body: {metadata: {labels: {team: 'a'}}}, contentType: merge});
		assert.equal(labelled.body.metadata.generation, 1);
		const status = await call(admin, 'PATCH', `${applications}/gen`, {body: {status: {sync: {status: 'Synced'}}}, contentType: merge});
		assert.deepEqual(status.body.status, {sync: {status: 'Synced'}});
		assert.equal(status.body.metadata.generation, 2);
		assert.equal((await call(admin, 'GET', `${applications}/gen/status`)).status, 404);

		const kustomization = {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			metadata: {name: 'gen'},
			spec: {interval: '1m'},
		};
		await call(admin, 'POST', kustomizations, {body: kustomization});
		const viaStatus = await call(admin, 'PATCH', `${kustomizations}/gen/status`, {
			body: {status: {observedGeneration: 1}},
			contentType: merge,
		});
		assert.equal(viaStatus.body.metadata.generation, 1);
		const viaMain = await call(admin, 'PATCH', `${kustomizations}/gen`, {body: {status: {observedGeneration: 9}}, contentType: merge});
		assert.equal(viaMain.body.metadata.generation, 1);
		assert.deepEqual(viaMain.body.status, {observedGeneration: 1});
	});

	test('ConfigMaps carry no generation', async () => {
		const created = await call(admin, 'POST', configMaps, {body: configMap('plain')});
		assert.equal(created.body.metadata.generation, undefined);
		const changed = await call(admin, 'PATCH', `${configMaps}/plain`, {body: {data: {key: 'other'}}, contentType: merge});
		assert.equal(changed.body.metadata.generation, undefined);
	});

	test('a custom resource must name its kind (400); another kind fails validation (422); a built-in kind defaults it', async () => {
		const noKind = await call(admin, 'POST', applications, {body: {metadata: {name: 'nokind'}, spec: {}}});
		assert.equal(noKind.status, 400);
		assert.equal(
			noKind.body.message,
			`the object provided is unrecognized (must be of type Application): Object 'Kind' is missing in '{"metadata":{"name":"nokind"},"spec":{}}' ({"metadata":{"name":"nokind"}, ...)`,
		);
		const noVersion = await call(admin, 'POST', applications, {body: {kind: 'Application', metadata: {name: 'noversion'}}});
		assert.equal(noVersion.status, 400);
		assert.equal(noVersion.body.message, 'the API version in the data () does not match the expected API version (argoproj.io/v1alpha1)');

		const wrongKind = await call(admin, 'POST', applications, {body: {...application('wrong'), kind: 'AppProject'}});
		assert.equal(wrongKind.status, 422);
		assert.equal(
			wrongKind.body.message,
			'AppProject.argoproj.io "wrong" is invalid: kind: Invalid value: "AppProject": must be Application',
		);
		assert.deepEqual(wrongKind.body.details.causes, [
			{reason: 'FieldValueInvalid', message: 'Invalid value: "AppProject": must be Application', field: 'kind'},
		]);

		assert.equal((await call(admin, 'POST', configMaps, {body: {metadata: {name: 'untyped'}}})).status, 201);
		const secretAsConfigMap = await call(admin, 'POST', configMaps, {body: {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'secret'}}});
		assert.equal(secretAsConfigMap.status, 400);
		assert.match(secretAsConfigMap.body.message, /^Secret in version "v1" cannot be handled as a ConfigMap: /);
	});

	test('a custom resource is replaced only with its resourceVersion', async () => {
		await call(admin, 'POST', applications, {body: application('replace')});
		const unconditional = await call(admin, 'PUT', `${applications}/replace`, {body: application('replace')});
		assert.equal(unconditional.status, 422);
		assert.equal(
			unconditional.body.message,
			'applications.argoproj.io "replace" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
		);
	});

	test('an unknown API group is a plain-text 404; an unknown version of a built-in group a NotFound Status', async () => {
		for (const path of [
			'/apis/nosuch.example.com/v1/things',
			'/apis/nosuch.example.com',
			'/apis/argoproj.io/v1alpha1/nosuch',
			'/nonsense',
		]) {
			const reply = await call(admin, 'GET', path);
			assert.equal(reply.status, 404, path);
			assert.equal(reply.text, '404 page not found\n', path);
			assert.match(reply.contentType, /^text\/plain/, path);
		}
		const builtIn = await call(admin, 'GET', '/apis/apps/v9/deployments');
		assert.equal(builtIn.status, 404);
		assert.equal(builtIn.body.kind, 'Status');
		assert.equal(builtIn.body.message, 'the server could not find the requested resource');
		// A custom kind without a status subresource: /status is an object it cannot find.
		await call(admin, 'POST', applications, {body: application('sub')});
		const subresource = await call(admin, 'GET', `${applications}/sub/status`);
		assert.equal(subresource.status, 404);
		assert.equal(subresource.body.message, 'applications.argoproj.io "sub" not found');
	});

	test('a new CRD is answered before it is Established; it becomes Established a moment later', async () => {
		const crd = {
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: {name: 'gizmos.parity.example.com'},
			spec: {
				group: 'parity.example.com',
				scope: 'Namespaced',
				names: {plural: 'gizmos', kind: 'Gizmo'},
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
		const created = await call(admin, 'POST', crdPath, {body: crd});
		assert.equal(created.status, 201);
		assert.deepEqual(created.body.status, {conditions: null, acceptedNames: {plural: '', kind: ''}, storedVersions: ['v1']});
		assert.equal(created.body.spec.names.singular, 'gizmo');
		assert.equal(created.body.spec.names.listKind, 'GizmoList');
		const established = await until(async () => {
			const current = await call(admin, 'GET', `${crdPath}/gizmos.parity.example.com`);
			const conditions = (current.body.status.conditions ?? []) as Array<{type: string; status: string}>;
			return conditions.some(condition => condition.type === 'Established' && condition.status === 'True') && current;
		}, 'the CRD to be Established');
		assert.equal(established.body.status.acceptedNames.kind, 'Gizmo');
	});

	test('watching a custom kind from before it was served is an in-stream 410 Expired', async () => {
		const stream = await watchEvents(admin, `${applications}?watch=true&resourceVersion=1&timeoutSeconds=5`);
		assert.equal(stream.status, 200);
		assert.equal(stream.events.length, 1);
		assert.equal(stream.events[0]?.type, 'ERROR');
		assert.equal(stream.events[0]?.object.code, 410);
		assert.equal(stream.events[0]?.object.reason, 'Expired');
		assert.match(stream.events[0]?.object.message, /^too old resource version: 1 \(\d+\)$/);
	});

	test('watch bookmarks: one marking the end of the initial state, none when a short timeoutSeconds ends', async () => {
		await call(admin, 'POST', configMaps, {body: configMap('watched')});
		const initial = await watchEvents(
			admin,
			`${configMaps}?watch=true&allowWatchBookmarks=true&timeoutSeconds=2&fieldSelector=metadata.name%3Dwatched`,
		);
		assert.deepEqual(
			initial.events.map(event => event.type),
			['ADDED', 'BOOKMARK'],
		);
		assert.deepEqual(initial.events[1]?.object.metadata.annotations, {'k8s.io/initial-events-end': 'true'});

		const resourceVersion = (await call(admin, 'GET', configMaps)).body.metadata.resourceVersion;
		const quiet = await watchEvents(
			admin,
			`${configMaps}?watch=true&allowWatchBookmarks=true&timeoutSeconds=2&resourceVersion=${resourceVersion}`,
		);
		assert.deepEqual(quiet.events, []);

		const unmatched = await call(admin, 'GET', `${configMaps}?watch=true&sendInitialEvents=true&timeoutSeconds=2`);
		assert.equal(unmatched.status, 422);
		assert.equal(
			unmatched.body.message,
			'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
		);
	});

	test('a deleted namespace stays Terminating (no namespace controller) and takes no new objects', async () => {
		await call(admin, 'POST', '/api/v1/namespaces', {body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'parity-doomed'}}});
		await call(admin, 'POST', '/api/v1/namespaces/parity-doomed/configmaps', {body: configMap('inside')});
		const deleted = await call(admin, 'DELETE', '/api/v1/namespaces/parity-doomed');
		assert.equal(deleted.status, 200);
		assert.equal(deleted.body.kind, 'Namespace');
		assert.equal(deleted.body.status.phase, 'Terminating');
		const still = await call(admin, 'GET', '/api/v1/namespaces/parity-doomed');
		assert.equal(still.status, 200);
		assert.equal(still.body.status.phase, 'Terminating');
		assert.deepEqual(still.body.spec.finalizers, ['kubernetes']);
		assert.equal((await call(admin, 'GET', '/api/v1/namespaces/parity-doomed/configmaps/inside')).status, 200);
		const late = await call(admin, 'POST', '/api/v1/namespaces/parity-doomed/configmaps', {body: configMap('late')});
		assert.equal(late.status, 403);
		assert.equal(
			late.body.message,
			'configmaps "late" is forbidden: unable to create new content in namespace parity-doomed because it is being terminated',
		);
	});

	test('no credentials is system:anonymous: 403 everywhere but the public paths', async () => {
		const list = await call(admin, 'GET', configMaps, {anonymous: true});
		assert.equal(list.status, 403);
		assert.equal(
			list.body.message,
			`configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "${namespace}"`,
		);
		const discovery = await call(admin, 'GET', '/apis', {anonymous: true});
		assert.equal(discovery.status, 403);
		assert.equal(discovery.body.message, 'forbidden: User "system:anonymous" cannot get path "/apis"');
		assert.equal((await call(admin, 'GET', '/version', {anonymous: true})).status, 200);
		assert.equal((await call(admin, 'GET', '/healthz', {anonymous: true})).text, 'ok');
	});

	test('apply and patch failures: the real status codes and messages', async () => {
		const path = `${configMaps}/applied`;
		const apply = (body: unknown, query: string) =>
			call(admin, 'PATCH', `${path}${query}`, {body, contentType: 'application/apply-patch+yaml'});
		const noManager = await apply(configMap('applied'), '');
		assert.equal(noManager.status, 422);
		assert.equal(
			noManager.body.message,
			'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
		);

		assert.equal((await apply({...configMap('applied'), data: {a: '1', b: '2'}}, '?fieldManager=one')).status, 201);
		const one = await apply({...configMap('applied'), data: {a: '2'}}, '?fieldManager=two');
		assert.equal(one.status, 409);
		assert.equal(one.body.message, 'Apply failed with 1 conflict: conflict with "one": .data.a');
		assert.deepEqual(one.body.details.causes, [{reason: 'FieldManagerConflict', message: 'conflict with "one"', field: '.data.a'}]);
		const two = await apply({...configMap('applied'), data: {a: '2', b: '3'}}, '?fieldManager=two');
		assert.equal(two.body.message, 'Apply failed with 2 conflicts: conflicts with "one":\n- .data.a\n- .data.b');

		const failedTest = await call(admin, 'PATCH', path, {
			body: [{op: 'test', path: '/data/a', value: 'no'}],
			contentType: 'application/json-patch+json',
		});
		assert.equal(failedTest.status, 422);
		assert.deepEqual(
			{message: failedTest.body.message, details: failedTest.body.details},
			{message: 'the server rejected our request due to an error in our request', details: {}},
		);
		const notAList = await call(admin, 'PATCH', path, {body: {op: 'remove'}, contentType: 'application/json-patch+json'});
		assert.equal(notAList.status, 400);
		assert.equal(notAList.body.message, 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
		// Replacing a missing key of an existing map adds it.
		const replaced = await call(admin, 'PATCH', path, {
			body: [{op: 'replace', path: '/data/c', value: '3'}],
			contentType: 'application/json-patch+json',
		});
		assert.equal(replaced.status, 200);
		assert.equal(replaced.body.data.c, '3');
	});

	test('an invalid name is a 422 quoting the validation regex; causes carry a reason', async () => {
		const reply = await call(admin, 'POST', configMaps, {body: configMap('Bad_Name')});
		assert.equal(reply.status, 422);
		const message =
			"Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
		assert.equal(reply.body.message, `ConfigMap "Bad_Name" is invalid: metadata.name: ${message}`);
		assert.deepEqual(reply.body.details, {
			name: 'Bad_Name',
			kind: 'ConfigMap',
			causes: [{reason: 'FieldValueInvalid', message, field: 'metadata.name'}],
		});
	});

	test('list items of built-in kinds carry no apiVersion/kind, custom resources keep theirs; watch events always carry them', async () => {
		await call(admin, 'POST', configMaps, {body: {...configMap('listed'), metadata: {name: 'listed', labels: {listed: 'yes'}}}});
		await call(admin, 'POST', applications, {body: {...application('listed'), metadata: {name: 'listed', labels: {listed: 'yes'}}}});
		const deployments = `/apis/apps/v1/namespaces/${namespace}/deployments`;
		await call(admin, 'POST', deployments, {body: deployment('listed')});

		for (const [path, listKind, apiVersion] of [
			[configMaps, 'ConfigMapList', 'v1'],
			[deployments, 'DeploymentList', 'apps/v1'],
			['/api/v1/configmaps', 'ConfigMapList', 'v1'],
		] as const) {
			const list = await call(admin, 'GET', `${path}?labelSelector=listed`);
			assert.equal(list.body.kind, listKind, path);
			assert.equal(list.body.apiVersion, apiVersion, path);
			assert.equal(list.body.items.length, 1, path);
			assert.equal(Object.hasOwn(list.body.items[0], 'kind'), false, path);
			assert.equal(Object.hasOwn(list.body.items[0], 'apiVersion'), false, path);
		}
		const apps = await call(admin, 'GET', `${applications}?labelSelector=listed`);
		assert.equal(apps.body.kind, 'ApplicationList');
		assert.deepEqual(
			apps.body.items.map((item: {kind: string; apiVersion: string}) => [item.kind, item.apiVersion]),
			[['Application', 'argoproj.io/v1alpha1']],
		);
		// A deletecollection answers with the list of what it deleted, shaped the same way.
		const deleted = await call(admin, 'DELETE', `${configMaps}?labelSelector=listed`);
		assert.equal(deleted.body.kind, 'ConfigMapList');
		assert.deepEqual(
			deleted.body.items.map((item: {kind?: string; metadata: {name: string}}) => [item.kind, item.metadata.name]),
			[[undefined, 'listed']],
		);

		const events = await watchEvents(admin, `${deployments}?watch=true&labelSelector=listed&timeoutSeconds=1`);
		assert.deepEqual(
			events.events.map(event => [event.type, event.object.kind, event.object.apiVersion]),
			[['ADDED', 'Deployment', 'apps/v1']],
		);
		const appEvents = await watchEvents(admin, `${applications}?watch=true&labelSelector=listed&timeoutSeconds=1`);
		assert.deepEqual(
			appEvents.events.map(event => [event.type, event.object.kind, event.object.apiVersion]),
			[['ADDED', 'Application', 'argoproj.io/v1alpha1']],
		);
	});

	test("a Secret's stringData is written into data (base64, over data) and never stored or returned", async () => {
		const secrets = `/api/v1/namespaces/${namespace}/secrets`;
		const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
		const secret = (name: string, fields: Record<string, unknown>) => ({apiVersion: 'v1', kind: 'Secret', metadata: {name}, ...fields});

		const created = await call(admin, 'POST', secrets, {
			body: secret('folded', {data: {token: base64('from-data'), kept: base64('kept')}, stringData: {token: 'from-string', user: 'admin'}}),
		});
		assert.equal(created.status, 201);
		assert.deepEqual(
			[created.body.data, created.body.stringData, created.body.type],
			[{token: base64('from-string'), kept: base64('kept'), user: base64('admin')}, undefined, 'Opaque'],
		);
		const read = await call(admin, 'GET', `${secrets}/folded`);
		assert.deepEqual([read.body.data, read.body.stringData], [created.body.data, undefined]);

		const updated = await call(admin, 'PUT', `${secrets}/folded`, {
			body: secret('folded', {data: {kept: base64('kept')}, stringData: {user: 'root'}}),
		});
		assert.equal(updated.status, 200);
		assert.deepEqual([updated.body.data, updated.body.stringData], [{kept: base64('kept'), user: base64('root')}, undefined]);

		const patched = await call(admin, 'PATCH', `${secrets}/folded`, {body: {stringData: {patched: 'yes'}}, contentType: merge});
		assert.deepEqual(
			[patched.body.data, patched.body.stringData],
			[{kept: base64('kept'), user: base64('root'), patched: base64('yes')}, undefined],
		);

		const apply = (query: string, stringData: Record<string, string>) =>
			call(admin, 'PATCH', `${secrets}/applied?fieldManager=applier${query}`, {
				body: secret('applied', {stringData}),
				contentType: 'application/apply-patch+yaml',
			});
		const applied = await apply('', {user: 'ssa'});
		assert.equal(applied.status, 201);
		assert.deepEqual([applied.body.data, applied.body.stringData], [{user: base64('ssa')}, undefined]);
		// The applier owns stringData.user, not data.user: applying other stringData leaves data.user alone.
		const reapplied = await apply('', {password: 'second'});
		assert.deepEqual([reapplied.body.data, reapplied.body.stringData], [{user: base64('ssa'), password: base64('second')}, undefined]);
		assert.deepEqual(
			reapplied.body.metadata.managedFields.map((entry: {manager: string; fieldsV1: unknown}) => [entry.manager, entry.fieldsV1]),
			[['applier', {'f:stringData': {'f:password': {}}}]],
		);
		const dryRun = await apply('&dryRun=All&force=true', {user: 'dry'});
		assert.equal(dryRun.status, 200);
		assert.deepEqual([dryRun.body.data, dryRun.body.stringData], [{user: base64('dry'), password: base64('second')}, undefined]);
		assert.deepEqual((await call(admin, 'GET', `${secrets}/applied`)).body.data, reapplied.body.data);
	});

	test('apps/v1 discovery lists controllerrevisions', async () => {
		const appsV1 = await call(admin, 'GET', '/apis/apps/v1');
		const names = (appsV1.body.resources as Array<{name: string}>).map(resource => resource.name);
		assert.ok(names.includes('controllerrevisions'), names.join(', '));
	});
});
