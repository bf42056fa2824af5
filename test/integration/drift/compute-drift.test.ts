// The drift engine against a real API server over HTTPS: server-side apply dry runs against live objects
// written by other tools, as `kubectl diff --server-side` would compare them.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {computeDrift} from '../../../source/core/drift/compute-drift.js';
import type {DriftInput, DriftReport, DriftResource} from '../../../source/core/drift/types.js';
import {Discovery} from '../../../source/core/kube/discovery.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {startBackend, type TestBackend} from '../../support/backend.js';
import {ensureNamespace} from '../../support/fixtures.js';
import {changedLines, configMap, create, deployment, edit, getLiveObject, secret, service, serverSideApply} from './support.js';

const fieldManager = 'driftwatch';

function resourceNamed(report: DriftReport, kind: string, name: string): DriftResource {
	const found = report.resources.find(resource => resource.ref.kind === kind && resource.ref.name === name);
	assert.ok(
		found,
		`no ${kind}/${name} in the report: ${report.resources.map(resource => `${resource.ref.kind}/${resource.ref.name}`).join(', ')}`,
	);
	return found;
}

describe('drift engine on a live API server', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let namespaceCount = 0;

	/** A fresh namespace per test: tests must not see each other's objects. */
	async function freshNamespace(): Promise<string> {
		const namespace = `drift-${process.pid}-${++namespaceCount}`;
		await ensureNamespace(kc, namespace);
		return namespace;
	}

	function drift(desired: KubeObject[], tracked: DriftInput['tracked'] = [], context?: string, signal?: AbortSignal): Promise<DriftReport> {
		const client = context ? backend.kubeConfig(context) : kc;
		return computeDrift({kc: client, discovery: new Discovery(client), desired, tracked, fieldManager, ...(signal ? {signal} : {})});
	}

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
	});
	after(async () => {
		await backend?.close();
	});

	test('objects exactly as in Git are Synced with no diffs, whoever applied them', async () => {
		const namespace = await freshNamespace();
		const desired = [
			deployment('web', namespace),
			service('web', namespace),
			configMap('settings', namespace, {LOG_LEVEL: 'info'}),
			secret('credentials', namespace, {password: 'correct horse'}),
		];
		await serverSideApply(kc, desired[0]!);
		await serverSideApply(kc, desired[1]!);
		await create(kc, desired[2]!);
		await serverSideApply(kc, desired[3]!, fieldManager);

		const report = await drift(desired);
		assert.deepEqual(report.errors, []);
		assert.equal(report.status, 'Synced');
		assert.deepEqual(
			report.resources.map(resource => [resource.ref.kind, resource.change]),
			[
				['Deployment', 'unchanged'],
				['Service', 'unchanged'],
				['ConfigMap', 'unchanged'],
				['Secret', 'unchanged'],
			],
		);
		for (const resource of report.resources) {
			assert.equal(resource.diff?.hunks.length, 0, `${resource.ref.kind} has hunks`);
			assert.equal(resource.diff?.text(), '');
		}
	});

	test('fields the server defaults are not drift', async () => {
		const namespace = await freshNamespace();
		const desired = [deployment('api', namespace), service('api', namespace)];
		for (const object of desired) await create(kc, object);
		// The live objects do carry the defaults Git leaves out: otherwise this test would prove nothing.
		const live = await getLiveObject(kc, desired[0]!);
		assert.equal(live.spec.revisionHistoryLimit, 10);
		assert.equal(live.spec.strategy.type, 'RollingUpdate');
		const container = live.spec.template.spec.containers[0];
		assert.equal(container.terminationMessagePath, '/dev/termination-log');
		assert.equal(container.imagePullPolicy, 'IfNotPresent');
		assert.equal((await getLiveObject(kc, desired[1]!)).spec.sessionAffinity, 'None');

		const report = await drift(desired);
		assert.equal(report.status, 'Synced', report.resources.map(resource => resource.diff?.text()).join('\n'));
	});

	test('values holding DEL or C1 control characters are compared (an apply body is YAML, which may not hold them raw)', async () => {
		const namespace = await freshNamespace();
		const odd = configMap('odd', namespace, {banner: 'bell\u007f and csi\u009b2J and next\u0085line'});
		const report = await drift([odd]);
		assert.deepEqual(report.errors, []);
		assert.equal(resourceNamed(report, 'ConfigMap', 'odd').change, 'added');
		await serverSideApply(kc, odd, fieldManager);
		assert.equal((await drift([odd])).status, 'Synced');
	});

	test('a live change made with kubectl edit shows as drift on exactly that field', async () => {
		const namespace = await freshNamespace();
		const desired = [deployment('web', namespace, {replicas: 2}), configMap('settings', namespace, {LOG_LEVEL: 'info', MODE: 'fast'})];
		for (const object of desired) await serverSideApply(kc, object);
		await edit(kc, desired[0]!, {spec: {replicas: 5}});
		await edit(kc, desired[1]!, {data: {MODE: 'slow'}});

		const report = await drift(desired);
		assert.equal(report.status, 'OutOfSync');
		const web = resourceNamed(report, 'Deployment', 'web');
		assert.equal(web.change, 'modified');
		assert.deepEqual(changedLines(web.diff!.text()), ['-  replicas: 5', '+  replicas: 2']);
		const settings = resourceNamed(report, 'ConfigMap', 'settings');
		assert.deepEqual(changedLines(settings.diff!.text()), ['-  MODE: slow', '+  MODE: fast']);
		assert.match(web.diff!.text(), new RegExp(`^--- live/Deployment/${namespace}/web\\n\\+\\+\\+ desired/Deployment/${namespace}/web\\n`));
	});

	test('a changed Secret value shows as a masked change and no value appears anywhere', async () => {
		const namespace = await freshNamespace();
		const values = ['s3cr3t-live-value', 's3cr3t-git-value', 'unchanged-user'];
		await serverSideApply(kc, secret('db', namespace, {password: values[0]!, username: values[2]!}));
		const desired = secret('db', namespace, {password: values[1]!, username: values[2]!});

		const report = await drift([desired]);
		assert.equal(report.status, 'OutOfSync');
		const db = resourceNamed(report, 'Secret', 'db');
		assert.equal(db.change, 'modified');
		const text = db.diff!.text();
		// Equal values mask equally (username unchanged); the changed password changes its mask. Git's value is
		// numbered first, as Argo CD numbers the target before the live object.
		assert.deepEqual(changedLines(text), ['-  password: ++++++++++++', '+  password: ++++++++']);
		const everything = JSON.stringify(report) + text + report.errors.join('\n');
		for (const value of values) {
			for (const form of [value, Buffer.from(value).toString('base64')])
				assert.ok(!everything.includes(form), `"${form}" appears in the report`);
		}
	});

	test('objects in Git but missing live are added; tracked objects no longer in Git would be pruned', async () => {
		const namespace = await freshNamespace();
		const kept = configMap('kept', namespace, {a: '1'});
		const leftover = configMap('leftover', namespace, {old: 'value'});
		for (const object of [kept, leftover]) await serverSideApply(kc, object, fieldManager);
		const fresh = configMap('fresh', namespace, {b: '2'});
		const inNewNamespace = configMap('elsewhere', `${namespace}-new`, {c: '3'});
		const ref = (name: string) => ({group: '', kind: 'ConfigMap', namespace, name});

		const report = await drift([kept, fresh, inNewNamespace], [ref('kept'), ref('leftover'), ref('already-gone')]);
		assert.equal(report.status, 'OutOfSync');
		assert.deepEqual(report.errors, []);
		assert.deepEqual(
			report.resources.map(resource => [resource.ref.name, resource.change]),
			[
				['kept', 'unchanged'],
				['fresh', 'added'],
				['elsewhere', 'added'],
				['leftover', 'removed'],
			],
		);
		const added = resourceNamed(report, 'ConfigMap', 'fresh').diff!;
		assert.equal(added.leftText, '');
		assert.match(added.text(), /^--- \/dev\/null\n/);
		assert.ok(changedLines(added.text()).includes('+  b: "2"'), added.text());
		const removed = resourceNamed(report, 'ConfigMap', 'leftover').diff!;
		assert.equal(removed.rightText, '');
		assert.ok(changedLines(removed.text()).includes('-  old: value'), removed.text());
	});

	test('a cluster-scoped object is compared without a namespace, even when rendering gave it one', async () => {
		const namespace = await freshNamespace();
		// A renderer that does not know the kind gives it the app's namespace; the cluster says it has none.
		const desired = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace, namespace: 'apps', labels: {team: 'shop'}}};
		await edit(kc, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}, {metadata: {labels: {team: 'shop'}}});

		const report = await drift([desired], [{group: '', kind: 'Namespace', namespace: '', name: namespace}]);
		assert.deepEqual(report.errors, []);
		assert.deepEqual(
			report.resources.map(resource => [resource.ref, resource.change]),
			[[{group: '', kind: 'Namespace', namespace: '', name: namespace}, 'unchanged']],
		);
		assert.equal(report.status, 'Synced');
	});

	test('a Secret written with stringData matches the same value stored as data', async () => {
		const namespace = await freshNamespace();
		await serverSideApply(kc, secret('token', namespace, {token: 'abc-123-xyz'}));
		const desired: KubeObject = {
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {name: 'token', namespace},
			type: 'Opaque',
			stringData: {token: 'abc-123-xyz'},
		};

		const report = await drift([desired]);
		assert.equal(report.status, 'Synced', resourceNamed(report, 'Secret', 'token').diff?.text());
	});

	test('tracking labels and annotations are not drift, in either direction', async () => {
		const namespace = await freshNamespace();
		// Live carries Argo CD and Flux tracking it got from another tool; Git carries our own label, live lacks it.
		const live = configMap('shared', namespace, {key: 'value'});
		live.metadata!.labels = {'app.kubernetes.io/instance': 'shop', 'kustomize.toolkit.fluxcd.io/name': 'apps'};
		live.metadata!.annotations = {'argocd.argoproj.io/tracking-id': 'shop:/ConfigMap:x/shared'};
		await serverSideApply(kc, live);
		const desired = configMap('shared', namespace, {key: 'value'});
		desired.metadata!.labels = {'driftwatch.dev/app': 'shop'};

		const report = await drift([desired]);
		assert.equal(report.status, 'Synced', resourceNamed(report, 'ConfigMap', 'shared').diff?.text());
	});

	test('an unknown kind and a forbidden kind are errors of those objects only', async () => {
		const namespace = await freshNamespace();
		const settings = configMap('settings', namespace, {a: '1'});
		const web = deployment('web', namespace);
		for (const object of [settings, web]) await serverSideApply(kc, object, fieldManager);
		const widget = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w', namespace}, spec: {size: 3}};
		const context = await backend.addUser('drift-configmaps-only', [
			{verbs: ['get', 'patch'], apiGroups: [''], resources: ['configmaps']},
			{verbs: ['get'], apiGroups: ['apps'], resources: ['deployments']},
		]);

		const report = await drift([settings, web, widget], [], context);
		assert.equal(resourceNamed(report, 'ConfigMap', 'settings').change, 'unchanged');
		assert.equal(resourceNamed(report, 'ConfigMap', 'settings').error, null);
		const forbidden = resourceNamed(report, 'Deployment', 'web');
		assert.equal(forbidden.diff, null);
		assert.match(forbidden.error ?? '', /^server-side apply dry run: .*forbidden/);
		const unknown = resourceNamed(report, 'Widget', 'w');
		assert.equal(unknown.change, 'added');
		assert.match(unknown.error ?? '', /kind not served by this cluster/);
		assert.equal(report.errors.length, 2);
		assert.ok(
			report.errors.some(line => line.startsWith(`Deployment/${namespace}/web: `)),
			report.errors.join('\n'),
		);
		// Widget cannot exist live, so the app is out of sync whatever the Deployment holds.
		assert.equal(report.status, 'OutOfSync');
		const withoutWidget = await drift([settings, web], [], context);
		assert.equal(withoutWidget.status, 'Unknown');
	});

	test('a 5 000-line ConfigMap diff computes', async () => {
		const namespace = await freshNamespace();
		const lines = (edited: boolean) =>
			Object.fromEntries(
				Array.from({length: 5000}, (_, index) => [
					`key-${String(index).padStart(4, '0')}`,
					edited && index % 50 === 0 ? `edited ${index}` : `value ${index}`,
				]),
			);
		await serverSideApply(kc, configMap('big', namespace, lines(false)));
		const report = await drift([configMap('big', namespace, lines(true))]);
		const big = resourceNamed(report, 'ConfigMap', 'big');
		assert.equal(big.change, 'modified');
		const changed = changedLines(big.diff!.text());
		assert.equal(changed.length, 200);
		assert.ok(changed.includes('+  key-0050: edited 50'));
	});

	test('an aborted computation rejects and reports nothing', async () => {
		const namespace = await freshNamespace();
		const desired = Array.from({length: 20}, (_, index) => configMap(`c${index}`, namespace, {index: String(index)}));
		const controller = new AbortController();
		const pending = drift(desired, [], undefined, controller.signal);
		controller.abort();
		await assert.rejects(pending, {name: 'AbortError'});
		await assert.rejects(drift(desired, [], undefined, AbortSignal.abort()), {name: 'AbortError'});
	});
});
