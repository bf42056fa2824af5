import {mkdirSync, mkdtempSync, writeFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {KubeConfig} from '@kubernetes/client-node';
import {KubeConfigError, loadKubeConfig, selectContext} from '../../../source/core/kube/kubeconfig.js';
import {loadDefaultKubeConfig, readKubeConfigFile} from '../../../source/core/kube/kubeconfig-file.js';

const dir = mkdtempSync(join(tmpdir(), 'driftwatch-kubeconfig-file-'));
after(() => rmSync(dir, {recursive: true, force: true}));

function file(name: string, text: string): string {
	const path = join(dir, name);
	mkdirSync(join(path, '..'), {recursive: true});
	writeFileSync(path, text);
	return path;
}

/** Load as the CLI does without --kubeconfig, with KUBECONFIG set to these files. */
function withKubeconfigList<T>(files: string[], run: () => T): T {
	const saved = process.env['KUBECONFIG'];
	process.env['KUBECONFIG'] = files.join(delimiter);
	try {
		return run();
	} finally {
		if (saved === undefined) delete process.env['KUBECONFIG'];
		else process.env['KUBECONFIG'] = saved;
	}
}

const first = `apiVersion: v1
kind: Config
current-context: one
clusters:
- name: shared
  cluster: {server: https://first.example:6443/}
- name: c1
  cluster: {server: https://c1.example}
users:
- name: shared-user
  user: {token: first-token}
contexts:
- name: one
  context: {cluster: c1, user: shared-user}
- name: both
  context: {cluster: shared, user: shared-user, namespace: from-first}
`;

const second = `apiVersion: v1
kind: Config
current-context: two
clusters:
- name: shared
  cluster: {server: https://second.example:6443}
- name: c2
  cluster: {server: https://c2.example}
users:
- name: shared-user
  user: {token: second-token}
- name: u2
  user: {token: u2-token}
contexts:
- name: two
  context: {cluster: c2, user: u2}
- name: both
  context: {cluster: c2, user: u2, namespace: from-second}
`;

describe('kubeconfig reader', () => {
	test('KUBECONFIG list: the first file wins for each name and for current-context; later files add new names', () => {
		const a = file('merge/a.yaml', first);
		const b = file('merge/b.yaml', second);
		const loaded = withKubeconfigList([a, b], () => loadKubeConfig({}));
		assert.equal(loaded.context, 'one');
		assert.deepEqual(loaded.contexts, ['one', 'both', 'two']);
		const both = selectContext(loaded.kc, 'both');
		assert.equal(both.namespace, 'from-first');
		assert.equal(both.kc.getCurrentCluster()?.server, 'https://first.example:6443', "trailing slash dropped, first file's cluster");
		assert.equal(both.kc.getCurrentUser()?.token, 'first-token');
		const two = selectContext(loaded.kc, 'two');
		assert.equal(two.kc.getCurrentCluster()?.server, 'https://c2.example');
		assert.equal(two.kc.getCurrentUser()?.token, 'u2-token');
		// In the other order the other file wins.
		const reversed = withKubeconfigList([b, a], () => loadKubeConfig({}));
		assert.equal(reversed.context, 'two');
		assert.equal(selectContext(reversed.kc, 'both').namespace, 'from-second');
	});

	test('a file without current-context leaves it to the next file that has one', () => {
		const bare = file('merge/bare.yaml', first.replace('current-context: one\n', ''));
		const b = file('merge/b2.yaml', second);
		assert.equal(withKubeconfigList([bare, b], () => loadKubeConfig({})).context, 'two');
	});

	test("relative certificate, key and token-file paths are read from the kubeconfig's own folder, not the working directory", () => {
		file('certs/token', 'token-from-file');
		const path = file(
			'certs/config',
			`apiVersion: v1
kind: Config
current-context: c
clusters:
- name: c
  cluster: {server: https://x.example, certificate-authority: ca.crt, insecure-skip-tls-verify: false}
users:
- name: u
  user: {client-certificate: sub/client.crt, client-key: /abs/client.key, token-file: token}
contexts:
- name: c
  context: {cluster: c, user: u}
`,
		);
		const kc = readKubeConfigFile(path);
		assert.equal(kc.getCurrentCluster()?.caFile, join(dir, 'certs', 'ca.crt'));
		assert.equal(kc.getCurrentUser()?.certFile, join(dir, 'certs', 'sub', 'client.crt'));
		assert.equal(kc.getCurrentUser()?.keyFile, '/abs/client.key');
		assert.equal(kc.getCurrentUser()?.token, 'token-from-file');
	});

	test('a missing --kubeconfig file is one line naming it', () => {
		const path = join(dir, 'nowhere.yaml');
		assert.throws(
			() => loadKubeConfig({path}),
			(error: unknown) => {
				assert.ok(error instanceof KubeConfigError);
				assert.equal(error.message, `kubeconfig ${path}: no such file`);
				return true;
			},
		);
	});

	test('a file of the KUBECONFIG list that does not exist is skipped, as kubectl skips it', () => {
		const a = file('missing/a.yaml', first);
		const absent = join(dir, 'missing', 'absent.yaml');
		const loaded = withKubeconfigList([absent, a], () => loadKubeConfig({}));
		assert.equal(loaded.context, 'one');
		assert.deepEqual(loaded.contexts, ['one', 'both']);
	});

	test('a KUBECONFIG naming no file that exists is one line naming the variable and its value', () => {
		const absent = join(dir, 'missing', 'absent.yaml');
		assert.throws(
			() => withKubeconfigList([absent], () => loadKubeConfig({})),
			(error: unknown) => {
				assert.ok(error instanceof KubeConfigError);
				assert.match(error.message, new RegExp(`^KUBECONFIG=${absent}: no such file \\(unset it to use ~/\\.kube/config`));
				return true;
			},
		);
		const other = join(dir, 'missing', 'other.yaml');
		assert.throws(() => withKubeconfigList([absent, other], () => loadKubeConfig({})), {
			message: /^KUBECONFIG=.*absent\.yaml.*other\.yaml: none of these files exists/,
		});
	});

	test('a kubeconfig that cannot be read says why in words, naming the file', () => {
		const folder = join(dir, 'missing');
		assert.throws(() => loadKubeConfig({path: folder}), {message: `kubeconfig ${folder}: is a directory, not a file`});
		assert.throws(() => withKubeconfigList([folder], () => loadKubeConfig({})), {
			message: `kubeconfig ${folder}: is a directory, not a file`,
		});
	});

	test('no KUBECONFIG and no ~/.kube/config: one line saying where it looked, suggesting the demo', () => {
		const home = join(dir, 'empty-home');
		mkdirSync(home, {recursive: true});
		assert.throws(
			() => loadDefaultKubeConfig({HOME: home, USERPROFILE: home}),
			(error: unknown) => {
				assert.ok(error instanceof KubeConfigError);
				assert.equal(
					error.message,
					`no kubeconfig found: KUBECONFIG is not set and ${join(home, '.kube', 'config')} does not exist; pass --kubeconfig PATH, or try "driftwatch demo" (no cluster needed)`,
				);
				return true;
			},
		);
	});

	test('malformed YAML is one line naming the file', () => {
		const path = file('bad/config', 'apiVersion: v1\ncontexts:\n  - name: a\n   context: {cluster: x\n');
		assert.throws(
			() => loadKubeConfig({path}),
			(error: unknown) => {
				assert.ok(error instanceof KubeConfigError);
				assert.ok(error.message.startsWith(`kubeconfig ${path}: `), error.message);
				assert.doesNotMatch(error.message, /\n/);
				return true;
			},
		);
	});

	test('an entry missing a required field names it', () => {
		const path = file('bad/no-server', 'clusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: x\n  context: {cluster: c}\n');
		assert.throws(() => loadKubeConfig({path}), {message: `kubeconfig ${path}: clusters[0].cluster.server is missing`});
	});

	test('an empty file says there are no contexts', () => {
		const path = file('bad/empty', '');
		assert.throws(() => loadKubeConfig({path}), {message: `kubeconfig ${path}: no contexts defined (is the file empty?)`});
	});

	test('without KUBECONFIG, ~/.kube/config is read', () => {
		const home = join(dir, 'home');
		file('home/.kube/config', second);
		const kc = loadDefaultKubeConfig({HOME: home, USERPROFILE: home});
		assert.equal(kc.getCurrentContext(), 'two');
		assert.equal(kc.getCurrentCluster()?.server, 'https://c2.example');
	});

	test('reads the same entries as the client library', () => {
		const path = file(
			'same/config',
			`apiVersion: v1
kind: Config
current-context: c
clusters:
- name: c
  cluster: {server: https://x.example/, certificate-authority-data: Q0E=, insecure-skip-tls-verify: true, tls-server-name: api.internal, proxy-url: socks5://proxy:1080}
users:
- name: u
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
    username: alice
    password: secret
    as: bob
    exec: {apiVersion: client.authentication.k8s.io/v1, command: plugin, args: [a]}
    auth-provider: {name: oidc, config: {id-token: t}}
contexts:
- name: c
  context: {cluster: c, user: u, namespace: ns}
`,
		);
		const ours = readKubeConfigFile(path);
		const library = new KubeConfig();
		library.loadFromFile(path);
		const present = (object: object | null) =>
			Object.fromEntries(Object.entries(object ?? {}).filter(([, value]) => value !== undefined && value !== null));
		assert.deepEqual(present(ours.getCurrentCluster()), present(library.getCurrentCluster()));
		assert.deepEqual(present(ours.getCurrentUser()), present(library.getCurrentUser()));
		assert.deepEqual(present(ours.getContextObject('c')), present(library.getContextObject('c')));
	});

	test('a client library KubeConfig is accepted where a kubeconfig is expected', () => {
		const library = new KubeConfig();
		library.loadFromString(second);
		const loaded = selectContext(library, 'both');
		assert.equal(loaded.namespace, 'from-second');
		assert.equal(loaded.kc.getCurrentCluster()?.server, 'https://c2.example');
		assert.equal(library.getCurrentContext(), 'two');
	});
});
