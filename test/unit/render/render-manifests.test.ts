import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {chmod, mkdir, mkdtemp, rm, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {renderManifests} from '../../../source/core/render/render-manifests.js';
import {helmTemplateArgs} from '../../../source/core/render/helm.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

let root: string;
let counter = 0;

async function tree(files: Record<string, string>): Promise<string> {
	const dir = join(root, `case-${counter++}`);
	await mkdir(dir, {recursive: true});
	for (const [path, text] of Object.entries(files)) {
		await mkdir(dirname(join(dir, path)), {recursive: true});
		await writeFile(join(dir, path), text);
	}
	return dir;
}

function names(objects: KubeObject[]): string[] {
	return objects.map(object => `${object.kind}/${object.metadata?.namespace ?? '-'}/${object.metadata?.name}`);
}

before(async () => {
	root = await mkdtemp(join(tmpdir(), 'driftwatch-render-'));
});

after(async () => {
	await rm(root, {recursive: true, force: true});
});

describe('plain manifests', () => {
	test('nested files, multi-document YAML, JSON and List kinds become objects in a stable order', async () => {
		const dir = await tree({
			'b.yaml':
				'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\n# only a comment\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: other\n',
			'a.json': JSON.stringify({
				apiVersion: 'v1',
				kind: 'List',
				items: [{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'from-list'}}],
			}),
			'nested/deep/ns.yml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n',
			'nested/role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n',
			'README.md': 'not a manifest',
			'.github/workflow.yaml': 'on: push\n',
		});
		const result = await renderManifests(dir, {namespace: 'apps'});
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.renderer, 'plain');
		assert.deepEqual(names(result.objects), [
			'ConfigMap/apps/from-list',
			'ConfigMap/apps/b',
			'Service/other/svc',
			'Namespace/-/team',
			'ClusterRole/-/reader',
		]);
	});

	test('values are read as Kubernetes reads them: 0644 is octal, timestamps stay strings', async () => {
		const dir = await tree({
			'cm.yaml':
				'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    at: 2024-01-01T00:00:00Z\n    time: 12:30\nmode: 0644\n',
		});
		const result = await renderManifests(dir);
		assert.ok(result.ok);
		const [secret] = result.objects;
		assert.equal(secret?.mode, 420);
		assert.deepEqual(secret?.metadata?.annotations, {at: '2024-01-01T00:00:00Z', time: '12:30'});
		assert.equal(secret?.metadata?.namespace, undefined, 'no namespace option, none added');
	});

	test('malformed YAML names the file relative to the directory and the line', async () => {
		const dir = await tree({
			'good.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n',
			'apps/broken.yaml':
				'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n  labels: {}\n',
		});
		const result = await renderManifests(dir);
		assert.equal(result.ok, false);
		assert.ok(!result.ok);
		assert.equal(result.error.kind, 'yaml');
		assert.equal(result.error.file, join('apps', 'broken.yaml'));
		assert.ok(result.error.line !== undefined && result.error.line >= 9 && result.error.line <= 11, `line ${result.error.line}`);
		assert.ok(result.error.message.length > 0);
	});

	test('a document that is not a Kubernetes object is an error at its line', async () => {
		const dir = await tree({'values.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nreplicas: 3\n'});
		const result = await renderManifests(dir);
		assert.ok(!result.ok);
		assert.deepEqual([result.error.kind, result.error.file, result.error.line], ['yaml', 'values.yaml', 6]);
	});

	test('a key repeated in a mapping is an error at the repeated key, in small and in large files', async () => {
		const small = await renderManifests(
			await tree({'dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: "1"\n  y: "2"\n  x: "3"\n'}),
		);
		assert.ok(!small.ok);
		assert.deepEqual(
			[small.error.kind, small.error.file, small.error.line, small.error.message],
			['yaml', 'dup.yaml', 8, 'Map keys must be unique'],
		);
		// Large enough to be parsed in the worker thread: the same error comes back.
		const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', 'data:'];
		for (let index = 0; index < 30_000; index++) lines.push(`  k${index}: v${index}`);
		lines.push('  k17: again');
		const large = await renderManifests(await tree({'dup.yaml': `${lines.join('\n')}\n`}));
		assert.ok(!large.ok);
		assert.deepEqual([large.error.kind, large.error.line, large.error.message], ['yaml', lines.length, 'Map keys must be unique']);
		// Equal as YAML values, not as text: 1 and "1" are different keys.
		const distinct = await renderManifests(
			await tree({'keys.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nmode:\n  1: a\n  "1": b\n'}),
		);
		assert.ok(distinct.ok, JSON.stringify(distinct));
	});

	test('a ConfigMap of 40 000 keys is read whole, every key and value in order', async () => {
		const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many', 'data:'];
		for (let index = 0; index < 40_000; index++) lines.push(`  key-${String(index).padStart(5, '0')}: "value ${index}"`);
		const result = await renderManifests(await tree({'many.yaml': `${lines.join('\n')}\n`}));
		assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
		const data = result.objects[0]?.data as Record<string, string>;
		assert.equal(Object.keys(data).length, 40_000);
		assert.equal(data['key-00000'], 'value 0');
		assert.equal(data['key-39999'], 'value 39999');
		assert.equal(Object.keys(data)[12_345], 'key-12345');
	});

	test('an object over 4 MB is an error naming file, line and size; smaller ones beside it are not the problem', async () => {
		const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n';
		const huge = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: ${'x'.repeat(4_100_000)}\n`;
		const result = await renderManifests(await tree({'apps/big.yaml': `${small}---\n${huge}`}));
		assert.ok(!result.ok);
		assert.deepEqual([result.error.kind, result.error.file, result.error.line], ['too-large', join('apps', 'big.yaml'), 6]);
		assert.equal(result.error.message, 'a document of 4.1 MB, more than driftwatch renders (4 MB per object)');
		// Many objects in one file are fine however large the file, up to the per-file limit.
		const many = Array.from(
			{length: 3},
			(_, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: part-${index}\ndata:\n  blob: ${'y'.repeat(2_000_000)}\n`,
		).join('---\n');
		const parts = await renderManifests(await tree({'parts.yaml': many}));
		assert.ok(parts.ok, JSON.stringify(!parts.ok && parts.error));
		assert.deepEqual(names(parts.objects), ['ConfigMap/-/part-0', 'ConfigMap/-/part-1', 'ConfigMap/-/part-2']);
	});

	test('a file over 64 MB is refused by its size, without being read', async () => {
		const dir = await tree({'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'zz-huge.yaml': ''});
		// Sparse: 65 MB on paper, no data on disk.
		await truncate(join(dir, 'zz-huge.yaml'), 65_000_000);
		const result = await renderManifests(dir);
		assert.ok(!result.ok);
		assert.deepEqual(
			[result.error.kind, result.error.file, result.error.message],
			['too-large', 'zz-huge.yaml', '65 MB, more than driftwatch renders (64 MB per file)'],
		);
	});

	test('a directory without objects is empty, a missing one says so', async () => {
		const empty = await renderManifests(await tree({'notes.txt': 'x', 'blank.yaml': '---\n'}));
		assert.ok(!empty.ok);
		assert.equal(empty.error.kind, 'empty');
		const missing = await renderManifests(join(root, 'does-not-exist'));
		assert.ok(!missing.ok);
		assert.match(missing.error.message, /does not exist/);
	});
});

const BASE = {
	'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - namespace.yaml\n',
	'base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
	'base/deployment.yaml': [
		'apiVersion: apps/v1',
		'kind: Deployment',
		'metadata:',
		'  name: web',
		'spec:',
		'  selector:',
		'    matchLabels: {app: web}',
		'  template:',
		'    metadata:',
		'      labels: {app: web}',
		'    spec:',
		'      containers:',
		'        - name: web',
		'          image: nginx:1.25',
		'',
	].join('\n'),
};

describe('kustomize (real kubectl kustomize)', () => {
	test('an overlay patches its base; objects without a namespace get the default', async () => {
		// namePrefix leaves Namespace objects alone, as kustomize does.
		const dir = await tree({
			...BASE,
			'overlays/prod/kustomization.yaml': [
				'resources:',
				'  - ../../base',
				'namePrefix: prod-',
				'images:',
				'  - name: nginx',
				'    newTag: "1.27"',
				'',
			].join('\n'),
		});
		const result = await renderManifests(join(dir, 'overlays/prod'), {namespace: 'shop'});
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.renderer, 'kustomize');
		assert.deepEqual(names(result.objects).sort(), ['Deployment/shop/prod-web', 'Namespace/-/shop']);
		const deployment = result.objects.find(object => object.kind === 'Deployment');
		assert.equal(deployment?.spec.template.spec.containers[0].image, 'nginx:1.27');
	});

	test('a nested kustomize directory inside plain manifests is built as a unit', async () => {
		const dir = await tree({...BASE, 'extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n'});
		const result = await renderManifests(dir, {namespace: 'shop'});
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.renderer, 'plain');
		assert.deepEqual(names(result.objects).sort(), ['ConfigMap/shop/extra', 'Deployment/shop/web', 'Namespace/-/shop']);
	});

	test("a broken kustomization is a renderer failure carrying kubectl's message", async () => {
		const dir = await tree({'kustomization.yaml': 'resources:\n  - missing.yaml\n'});
		const result = await renderManifests(dir);
		assert.ok(!result.ok);
		assert.equal(result.error.kind, 'renderer-failed');
		assert.match(result.error.message, /missing\.yaml/);
	});

	test('without kubectl on PATH the app says the renderer is missing', async () => {
		const dir = await tree({...BASE, 'emptybin/.keep': ''});
		const result = await renderManifests(join(dir, 'base'), {searchPath: join(dir, 'emptybin')});
		assert.ok(!result.ok);
		assert.deepEqual(result.error, {kind: 'renderer-missing', message: 'kustomize directory but kubectl is not installed', file: '.'});
	});
});

const CHART = {
	'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
	'chart/values.yaml': 'replicas: 1\n',
	'chart/values-prod.yaml': 'replicas: 3\n',
	'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
};

describe('helm', () => {
	test('without helm on PATH a chart is renderer-missing, not guessed at', async () => {
		const dir = await tree({...CHART, 'emptybin/.keep': ''});
		const result = await renderManifests(join(dir, 'chart'), {
			searchPath: join(dir, 'emptybin'),
			helm: {releaseName: 'web', namespace: 'shop'},
		});
		assert.ok(!result.ok);
		assert.equal(result.error.kind, 'renderer-missing');
		assert.match(result.error.message, /helm is not installed/);
	});

	test('helm template is called with release, chart, namespace, CRDs, values files in order and inline values last', () => {
		assert.deepEqual(
			helmTemplateArgs('/repo/chart', {
				releaseName: 'web',
				namespace: 'shop',
				valuesFiles: ['values-prod.yaml', '/abs/extra.yaml'],
				values: {replicas: 5},
			}),
			[
				'template',
				'web',
				'/repo/chart',
				'--namespace',
				'shop',
				'--include-crds',
				'--values',
				'/repo/chart/values-prod.yaml',
				'--values',
				'/abs/extra.yaml',
				'--values',
				'-',
			],
		);
	});

	// helm cannot run here: a stand-in executable on a private PATH records the real invocation (arguments and
	// stdin) so the spawn path, stdin hand-off and output parsing are exercised end to end.
	test('the helm process receives the arguments and inline values on stdin, and its output is parsed', async () => {
		const dir = await tree({...CHART});
		const bin = join(dir, 'bin');
		await mkdir(bin);
		await writeFile(
			join(bin, 'helm'),
			[
				'#!/bin/sh',
				'printf \'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: helm-call\\ndata:\\n  args: "%s"\\n  stdin: |\\n\' "$*"',
				'/bin/sed "s/^/    /"',
				'',
			].join('\n'),
		);
		await chmod(join(bin, 'helm'), 0o755);
		const chart = join(dir, 'chart');
		const result = await renderManifests(chart, {
			searchPath: bin,
			helm: {releaseName: 'web', namespace: 'shop', valuesFiles: ['values-prod.yaml'], values: {replicas: 5}},
		});
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.renderer, 'helm');
		const [call] = result.objects;
		assert.equal(call?.metadata?.namespace, 'shop');
		const data = call?.data as Record<string, string>;
		assert.equal(data.args, `template web ${chart} --namespace shop --include-crds --values ${join(chart, 'values-prod.yaml')} --values -`);
		assert.equal(data.stdin, 'replicas: 5\n');
	});
});
