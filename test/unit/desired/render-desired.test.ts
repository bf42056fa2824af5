import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {accessSync, constants, mkdirSync, readdirSync} from 'node:fs';
import {delimiter, join} from 'node:path';
import {DesiredRenderCache} from '../../../source/core/desired/render-cache.js';
import {renderDesired} from '../../../source/core/desired/render-desired.js';
import type {DesiredSource, RenderedDesired} from '../../../source/core/desired/types.js';
import {GitRepos} from '../../../source/core/git/git-repos.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {makeSandbox, WorkRepo, type Sandbox} from '../git/git-fixture.js';

function onPath(command: string): boolean {
	return (process.env.PATH ?? '').split(delimiter).some(dir => {
		try {
			accessSync(join(dir, command), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

function names(objects: readonly KubeObject[]): string[] {
	return objects.map(object => `${object.kind}/${object.metadata?.namespace ?? '-'}/${object.metadata?.name}`);
}

function objectsOf(result: RenderedDesired): KubeObject[] {
	assert.ok(result.ok, JSON.stringify(result));
	return result.objects;
}

function messageOf(result: RenderedDesired): string {
	assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result)}`);
	return result.message;
}

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/acme/${name}:1.0
`;

describe('renderDesired: real repositories', () => {
	let sandbox: Sandbox;
	let work: WorkRepo;
	let server: string;
	let git: GitRepos;
	let first: string;
	let second: string;

	const source = (overrides: Partial<DesiredSource> = {}): DesiredSource => ({
		repoUrl: server,
		revision: first,
		trackedRef: 'main',
		path: 'apps/web',
		namespace: 'shop',
		...overrides,
	});

	before(() => {
		sandbox = makeSandbox();
		work = WorkRepo.create(sandbox);
		first = work.commit('Add web, api and a broken app', {
			'apps/web/deploy.yaml': deployment('web', 1),
			'apps/web/nested/config.yaml':
				'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  mode: "0644"\n---\n# a comment-only document\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: edge\nspec:\n  ports: [{port: 80}]\n',
			'apps/web/README.md': '# not a manifest\n',
			'apps/web/nested/cluster/role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: web-reader\n',
			'kustomize/base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
			'kustomize/base/deploy.yaml': deployment('api', 1),
			'kustomize/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamePrefix: prod-\nnamespace: api-prod\n',
			'kustomize/broken/kustomization.yaml': 'resources:\n  - missing.yaml\n',
			'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
			'charts/web/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
			'broken/fine.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n',
			// Line 7 is indented one column less than the mapping it belongs to.
			'broken/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: "1"\n b: "2"\n',
		});
		second = work.commit('Scale web to 2', {'apps/web/deploy.yaml': deployment('web', 2)});
		server = work.pushToBare(sandbox);
		git = new GitRepos({env: sandbox.env, cacheDir: join(sandbox.root, 'clones')});
	});
	after(async () => {
		await git.stop();
		sandbox.cleanup();
	});

	test('a nested directory with multi-document files, at a commit and at a branch', async () => {
		const atCommit = objectsOf(await renderDesired(git, [source()]));
		assert.deepEqual(names(atCommit), ['Deployment/shop/web', 'ClusterRole/-/web-reader', 'ConfigMap/shop/web-config', 'Service/edge/web']);
		assert.equal(atCommit[0]!.spec.replicas, 1);
		assert.equal((atCommit[2] as {data?: {mode?: string}}).data?.mode, '0644', 'a quoted value stays a string');
		const atBranch = objectsOf(await renderDesired(git, [source({revision: 'main'})]));
		assert.equal(atBranch[0]!.spec.replicas, 2);
		const abbreviated = objectsOf(await renderDesired(git, [source({revision: second.slice(0, 10)})]));
		assert.equal(abbreviated[0]!.spec.replicas, 2);
	});

	test('without recursion only the top-level files count; overrideNamespace moves every namespaced object', async () => {
		assert.deepEqual(names(objectsOf(await renderDesired(git, [source({recurse: false})]))), ['Deployment/shop/web']);
		const moved = objectsOf(await renderDesired(git, [source({namespace: 'tenant', overrideNamespace: true})]));
		assert.deepEqual(names(moved), [
			'Deployment/tenant/web',
			'ClusterRole/-/web-reader',
			'ConfigMap/tenant/web-config',
			'Service/tenant/web',
		]);
	});

	test('several sources are concatenated in order', async () => {
		const objects = objectsOf(
			await renderDesired(git, [source({recurse: false}), source({revision: 'main', path: 'apps/web/nested/cluster'})]),
		);
		assert.deepEqual(names(objects), ['Deployment/shop/web', 'ClusterRole/-/web-reader']);
	});

	test('a kustomize overlay reaches ../base in the same repository', async () => {
		// No kubectl is a broken test machine, not a reason to skip.
		assert.ok(onPath('kubectl'), 'kubectl is on PATH: kustomize directories are built with it');
		// A kustomize directory is a unit even where plain directories do not recurse (Argo CD's default).
		const objects = objectsOf(await renderDesired(git, [source({path: 'kustomize/overlays/prod', namespace: 'ignored', recurse: false})]));
		assert.deepEqual(names(objects), ['Deployment/api-prod/prod-api']);
		const message = messageOf(await renderDesired(git, [source({path: 'kustomize/broken'})]));
		assert.match(
			message,
			new RegExp(`^${regexpEscape(server)} at ${first.slice(0, 8)}: kustomize/broken: kubectl kustomize: .*missing\\.yaml`),
		);
		assert.doesNotMatch(message, /driftwatch-tree-|\n/, 'temporary paths are shown as repository paths');
	});

	test('malformed YAML names the repository, the repo-relative file and the line', async () => {
		const message = messageOf(await renderDesired(git, [source({path: 'broken'})]));
		assert.match(
			message,
			new RegExp(`^${regexpEscape(server)} at ${first.slice(0, 8)}: broken/bad\\.yaml:7: All mapping items must start at the same column$`),
		);
		assert.doesNotMatch(message, /\n/);
	});

	test('an unknown revision or path says so; the first failing source is the answer', async () => {
		assert.equal(
			messageOf(await renderDesired(git, [source({revision: 'no-such-branch'})])),
			`revision no-such-branch not found in ${server}`,
		);
		assert.equal(
			messageOf(await renderDesired(git, [source({revision: 'f'.repeat(40)})])),
			`revision ${'f'.repeat(40)} not found in ${server}`,
		);
		assert.equal(
			messageOf(await renderDesired(git, [source(), source({path: 'apps/nope'})])),
			`${server} at ${first.slice(0, 8)}: path apps/nope does not exist in the repository`,
		);
	});

	test('a chart without helm on the search path names the chart directory', async () => {
		const message = messageOf(
			await renderDesired(git, [source({path: 'charts/web', helm: {releaseName: 'web', namespace: 'shop'}})], {
				searchPath: join(sandbox.root, 'no-tools'),
			}),
		);
		assert.equal(message, `${server} at ${first.slice(0, 8)}: charts/web: Helm chart but helm is not installed`);
	});

	test('an unreachable repository is one line with its credentials hidden', async () => {
		const url = 'http://deploy:s3cret-token@127.0.0.1:1/fleet.git';
		const message = messageOf(await renderDesired(git, [source({repoUrl: url, revision: 'main'})]));
		assert.doesNotMatch(message, /s3cret/);
		assert.match(message, /127\.0\.0\.1/);
		assert.doesNotMatch(message, /\n/);
	});

	test('temporary trees are removed after rendering, also when rendering fails', async () => {
		const previous = process.env.TMPDIR;
		const scratch = join(sandbox.root, 'tmp');
		mkdirSync(scratch);
		process.env.TMPDIR = scratch;
		try {
			objectsOf(await renderDesired(git, [source()]));
			messageOf(await renderDesired(git, [source({path: 'broken'})]));
		} finally {
			if (previous === undefined) delete process.env.TMPDIR;
			else process.env.TMPDIR = previous;
		}
		assert.deepEqual(readdirSync(scratch), []);
	});
});

describe('DesiredRenderCache', () => {
	let sandbox: Sandbox;
	let work: WorkRepo;
	let server: string;
	let git: GitRepos;

	before(() => {
		sandbox = makeSandbox();
		work = WorkRepo.create(sandbox);
		work.commit('Add web', {'web/deploy.yaml': deployment('web', 1)});
		server = work.pushToBare(sandbox);
		git = new GitRepos({env: sandbox.env, cacheDir: join(sandbox.root, 'clones')});
	});
	after(async () => {
		await git.stop();
		sandbox.cleanup();
	});

	const web = (revision: string): DesiredSource => ({repoUrl: server, revision, trackedRef: 'main', path: 'web', namespace: 'shop'});

	test('the same commit is rendered once; its objects are frozen snapshots', async () => {
		const cache = new DesiredRenderCache();
		const [once] = objectsOf(await cache.render(git, [web('main')]));
		const [again] = objectsOf(await cache.render(git, [web('main')]));
		assert.equal(again, once, 'the cached object itself, not a new render');
		assert.ok(Object.isFrozen(once) && Object.isFrozen(once!.spec.template.spec.containers[0]));
		assert.throws(() => {
			once!.spec.replicas = 5;
		}, TypeError);
		// Without the cache every call renders anew.
		const [uncachedA] = objectsOf(await renderDesired(git, [web('main')]));
		const [uncachedB] = objectsOf(await renderDesired(git, [web('main')]));
		assert.notEqual(uncachedA, uncachedB);
		// Other options are another render.
		const [otherNamespace] = objectsOf(await cache.render(git, [{...web('main'), namespace: 'other'}]));
		assert.equal(otherNamespace!.metadata?.namespace, 'other');
		assert.equal(cache.size, 2);
	});

	test('a branch is not cached by name: a new commit on it renders the new content', async () => {
		const cache = new DesiredRenderCache();
		const [before] = objectsOf(await cache.render(git, [web('main')]));
		assert.equal(before!.spec.replicas, 1);
		work.commit('Scale web', {'web/deploy.yaml': deployment('web', 3)});
		work.git('push', '--quiet', server, 'main');
		await git.refresh(server);
		const [after] = objectsOf(await cache.render(git, [web('main')]));
		assert.equal(after!.spec.replicas, 3);
	});

	test('failures are not kept, and the oldest renders make room for new ones', async () => {
		const cache = new DesiredRenderCache(1);
		messageOf(await cache.render(git, [{...web('main'), path: 'missing'}]));
		assert.equal(cache.size, 0);
		const [first] = objectsOf(await cache.render(git, [web('main')]));
		objectsOf(await cache.render(git, [{...web('main'), namespace: 'b'}]));
		assert.equal(cache.size, 1);
		const [rendered] = objectsOf(await cache.render(git, [web('main')]));
		assert.notEqual(rendered, first, 'evicted, so rendered again');
	});

	test('an aborted signal rejects with its reason', async () => {
		const controller = new AbortController();
		controller.abort(new Error('app closed'));
		await assert.rejects(new DesiredRenderCache().render(git, [web('main')], {signal: controller.signal}), /app closed/);
	});
});

function regexpEscape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
