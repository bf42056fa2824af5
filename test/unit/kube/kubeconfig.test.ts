import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {KubeConfigError, loadKubeConfig, reloginHint, selectContext} from '../../../source/core/kube/kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'driftwatch-kubeconfig-'));

function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const twoContexts = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster: {server: https://127.0.0.1:6443}
users:
- name: u1
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: aws
      args: [eks, get-token, --cluster-name, prod]
contexts:
- name: dev
  context: {cluster: c1, user: u1, namespace: shop}
- name: prod
  context: {cluster: c1, user: u1}
- name: broken
  context: {cluster: nowhere, user: u1}
`;

describe('loadKubeConfig', () => {
	test('reads the current context and its namespace', () => {
		const loaded = loadKubeConfig({path: file('ok.yaml', twoContexts)});
		assert.equal(loaded.context, 'dev');
		assert.equal(loaded.namespace, 'shop');
		assert.deepEqual(loaded.contexts, ['dev', 'prod', 'broken']);
	});

	test('--context picks another context; namespace defaults to default', () => {
		const loaded = loadKubeConfig({path: file('ok2.yaml', twoContexts), context: 'prod'});
		assert.equal(loaded.context, 'prod');
		assert.equal(loaded.namespace, 'default');
		assert.equal(loaded.kc.getCurrentCluster()?.server, 'https://127.0.0.1:6443');
	});

	test('an unknown context is one clear line naming it and the known ones', () => {
		assert.throws(
			() => loadKubeConfig({path: file('ok3.yaml', twoContexts), context: 'staging'}),
			(error: unknown) => {
				assert.ok(error instanceof KubeConfigError);
				assert.match(error.message, /unknown context "staging" \(known: dev, prod, broken\)/);
				assert.doesNotMatch(error.message, /\n/);
				return true;
			},
		);
	});

	test('a context naming a missing cluster is reported', () => {
		assert.throws(() => loadKubeConfig({path: file('ok4.yaml', twoContexts), context: 'broken'}), /names cluster "nowhere"/);
	});

	test('broken YAML names the file', () => {
		const path = file('bad.yaml', 'apiVersion: v1\nclusters: [\n  - {name: x\n');
		assert.throws(
			() => loadKubeConfig({path}),
			(error: unknown) => {
				assert.ok(error instanceof KubeConfigError);
				assert.ok(error.message.startsWith(`kubeconfig ${path}:`), error.message);
				return true;
			},
		);
	});

	test('a missing file is named', () => {
		assert.throws(() => loadKubeConfig({path: join(dir, 'absent.yaml')}), /absent\.yaml: no such file/);
	});

	test('selecting a context gives a private copy: the original keeps its context', () => {
		const loaded = loadKubeConfig({path: file('ok5.yaml', twoContexts)});
		const other = selectContext(loaded.kc, 'prod');
		assert.equal(other.kc.getCurrentContext(), 'prod');
		assert.equal(loaded.kc.getCurrentContext(), 'dev');
	});

	test('the re-login hint names the exec command, never runs it', () => {
		const loaded = loadKubeConfig({path: file('ok6.yaml', twoContexts)});
		assert.equal(reloginHint(loaded.kc), 're-login: run `aws eks get-token --cluster-name prod` in a shell');
	});
});
