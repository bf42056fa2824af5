import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {GitRepos} from '../../../source/core/git/git-repos.js';
import {gitCacheRoot, repoCacheDir} from '../../../source/core/git/git-setup.js';
import {makeSandbox, waitForRepo, WorkRepo, type Sandbox} from './git-fixture.js';

describe('GitRepos: cloning, polling, per-repo state', () => {
	let sandbox: Sandbox;
	let work: WorkRepo;
	let bare: string;
	let first: string;

	before(() => {
		sandbox = makeSandbox();
		work = WorkRepo.create(sandbox);
		first = work.commit('Add guestbook', {'apps/guestbook/deploy.yaml': 'kind: Deployment\n'});
		bare = work.pushToBare(sandbox);
	});
	after(() => sandbox.cleanup());

	test('clones a local working repository into the XDG cache and reports its branch head', async () => {
		const repos = new GitRepos({env: sandbox.env});
		const untrack = repos.track(work.dir, 'main');
		const state = await waitForRepo(repos, work.dir, 'main', s => s.fetchedAt !== null);
		assert.equal(state.headRevision, first);
		assert.equal(state.error, null);
		assert.equal(state.fetching, false);
		const clone = repoCacheDir(join(sandbox.cacheHome, 'driftwatch', 'repos'), work.dir);
		assert.equal(gitCacheRoot(sandbox.env), join(sandbox.cacheHome, 'driftwatch', 'repos'));
		assert.ok(existsSync(join(clone, 'HEAD')), 'bare clone under $XDG_CACHE_HOME/driftwatch/repos');
		untrack();
		assert.equal(repos.getSnapshot().repos.length, 0, 'untracked repos leave the snapshot');
		await repos.stop();
	});

	test('clones a bare repository, resolving HEAD to the default branch and a tag to its commit', async () => {
		work.git('tag', '-a', 'v1', '-m', 'release 1');
		work.git('push', '--quiet', bare, 'refs/tags/v1');
		const repos = new GitRepos({env: sandbox.env});
		repos.track(bare, 'HEAD');
		repos.track(bare, 'v1');
		const head = await waitForRepo(repos, bare, 'HEAD', s => s.fetchedAt !== null);
		const tag = await waitForRepo(repos, bare, 'v1', s => s.fetchedAt !== null);
		assert.equal(head.headRevision, first);
		assert.equal(tag.headRevision, first, 'annotated tag peeled to its commit');
		await repos.stop();
	});

	test('the poller picks up a new commit pushed to the server without any call', async () => {
		const repos = new GitRepos({env: sandbox.env, pollSeconds: 0.2});
		const seen: number[] = [];
		repos.subscribe(() => seen.push(repos.getSnapshot().repos.length));
		repos.track(bare, 'main');
		repos.start();
		await waitForRepo(repos, bare, 'main', s => s.headRevision === first);
		const second = work.commit('Scale guestbook', {'apps/guestbook/deploy.yaml': 'kind: Deployment\nspec: {replicas: 2}\n'});
		work.git('push', '--quiet', bare, 'main');
		const state = await waitForRepo(repos, bare, 'main', s => s.headRevision === second);
		assert.equal(state.error, null);
		assert.ok(seen.length > 0, 'subscribers are notified');
		await repos.stop();
	});

	test('refresh() on demand fetches now', async () => {
		const repos = new GitRepos({env: sandbox.env, pollSeconds: 3600});
		repos.track(work.dir, 'main');
		await waitForRepo(repos, work.dir, 'main', s => s.fetchedAt !== null);
		const next = work.commit('Add redis', {'apps/redis/sts.yaml': 'kind: StatefulSet\n'});
		await repos.refresh(work.dir);
		assert.equal(repos.getSnapshot().repos[0]?.headRevision, next);
		await repos.stop();
	});

	test('an unknown branch is an unknown-ref error on that ref only', async () => {
		const repos = new GitRepos({env: sandbox.env});
		repos.track(bare, 'main');
		repos.track(bare, 'no-such-branch');
		const bad = await waitForRepo(repos, bare, 'no-such-branch', s => s.error !== null);
		const good = await waitForRepo(repos, bare, 'main', s => s.fetchedAt !== null);
		assert.equal(bad.error?.kind, 'unknown-ref');
		assert.match(bad.error?.message ?? '', /no-such-branch not found/);
		assert.equal(bad.headRevision, null);
		assert.equal(good.error, null);
		assert.ok(good.headRevision);
		await repos.stop();
	});
});
