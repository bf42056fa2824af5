import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, existsSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {GitError} from '../../../source/core/git/git-error.js';
import {GitRepos} from '../../../source/core/git/git-repos.js';
import {makeSandbox, WorkRepo, type Sandbox} from './git-fixture.js';

describe('GitRepos: reading commits and files at a revision', () => {
	let sandbox: Sandbox;
	let work: WorkRepo;
	let server: string;
	let repos: GitRepos;
	const commits: string[] = [];

	before(() => {
		sandbox = makeSandbox();
		work = WorkRepo.create(sandbox);
		commits.push(
			work.commit(
				'Add web app',
				{
					'apps/web/kustomization.yaml': 'resources: [deploy.yaml]\n',
					'apps/web/deploy.yaml': 'kind: Deployment\nmetadata: {name: web}\n',
					'apps/web/config/settings.json': '{"replicas": 1}\n',
					'apps/web-extra/other.yaml': 'kind: ConfigMap\n',
					'base/common.yaml': 'kind: Namespace\n',
				},
				'2026-03-01T10:00:00+01:00',
			),
		);
		commits.push(
			work.commit(
				'Bump web to 2 replicas',
				{'apps/web/config/settings.json': '{"replicas": 2}\n', 'apps/web/config/deep/more.yaml': 'kind: Service\n'},
				'2026-03-02T11:30:00+01:00',
			),
		);
		commits.push(work.commit('Remove settings', {'apps/web/config/settings.json': null}, '2026-03-03T12:00:00+01:00'));
		chmodSync(join(work.dir, 'apps/web/deploy.yaml'), 0o755);
		commits.push(work.commit('Make it executable', {}, '2026-03-04T12:00:00+01:00'));
		server = work.pushToBare(sandbox);
		repos = new GitRepos({env: sandbox.env});
	});
	after(async () => {
		await repos.stop();
		sandbox.cleanup();
	});

	test('commit metadata for any revision: subject, author, date', async () => {
		const info = await repos.commit(server, commits[1]!);
		assert.deepEqual(info, {
			hash: commits[1],
			subject: 'Bump web to 2 replicas',
			author: 'Ada Lovelace',
			authorEmail: 'ada@example.com',
			date: '2026-03-02T11:30:00+01:00',
		});
		assert.equal((await repos.commit(server, 'main'))?.subject, 'Make it executable');
		assert.equal((await repos.commit(server, 'HEAD'))?.hash, commits[3], "'HEAD' is the remote's default branch");
		assert.equal(await repos.commit(server, 'f'.repeat(40)), null, 'a commit the repository does not have');
	});

	test('commitsBetween counts how far HEAD is ahead of the deployed revision', async () => {
		assert.equal(await repos.commitsBetween(server, commits[0]!, 'main'), 3);
		assert.equal(await repos.commitsBetween(server, commits[3]!, commits[3]!), 0);
		assert.equal(await repos.commitsBetween(server, 'e'.repeat(40), 'main'), null);
	});

	test('reads a nested directory at an older revision, recursively, without siblings sharing the prefix', async () => {
		const old = await repos.readFiles(server, commits[1]!, './apps/web/');
		assert.deepEqual(old.map(file => file.path).sort(), [
			'apps/web/config/deep/more.yaml',
			'apps/web/config/settings.json',
			'apps/web/deploy.yaml',
			'apps/web/kustomization.yaml',
		]);
		assert.equal(old.find(file => file.path.endsWith('settings.json'))?.content, '{"replicas": 2}\n');
		const oldest = await repos.readFiles(server, commits[0]!, 'apps/web/config');
		assert.deepEqual(oldest, [{path: 'apps/web/config/settings.json', content: '{"replicas": 1}\n'}]);
		const latest = await repos.readFiles(server, 'main', 'apps/web/config');
		assert.deepEqual(
			latest.map(file => file.path),
			['apps/web/config/deep/more.yaml'],
		);
		assert.deepEqual(await repos.readFiles(server, 'main', 'no/such/dir'), []);
	});

	test('a revision the repository lacks is an unknown-ref GitError; revisions and paths cannot escape', async () => {
		await assert.rejects(
			repos.readFiles(server, 'no-such-branch', 'apps'),
			(error: unknown) => error instanceof GitError && error.kind === 'unknown-ref',
		);
		const marker = join(sandbox.root, 'pwned');
		await assert.rejects(
			repos.readFiles(server, `--upload-pack=touch ${marker}`, 'apps'),
			(error: unknown) => error instanceof GitError && error.kind === 'unknown-ref',
		);
		assert.equal(existsSync(marker), false, 'a revision is never read as an option');
		await assert.rejects(repos.readFiles(server, 'main', 'apps/../../etc'), /leaves the repository/);
	});

	test('materializes a directory at a revision into a temp dir, and disposes it', async () => {
		const tree = await repos.materialize(server, commits[3]!, 'apps/web');
		assert.equal(tree.dir, join(tree.root, 'apps/web'));
		assert.equal(readFileSync(join(tree.dir, 'config/deep/more.yaml'), 'utf8'), 'kind: Service\n');
		assert.equal(existsSync(join(tree.dir, 'config/settings.json')), false, 'deleted at that revision');
		assert.equal(statSync(join(tree.dir, 'deploy.yaml')).mode & 0o111, 0o111, 'executable bit kept');
		assert.equal(existsSync(join(tree.root, 'base')), false, 'only the requested path');
		await tree.dispose();
		assert.equal(existsSync(tree.root), false);

		const whole = await repos.materialize(server, commits[0]!, 'apps/web', {wholeRepository: true});
		assert.equal(readFileSync(join(whole.dir, 'config/settings.json'), 'utf8'), '{"replicas": 1}\n');
		assert.equal(readFileSync(join(whole.root, 'base/common.yaml'), 'utf8'), 'kind: Namespace\n');
		await whole.dispose();
	});

	test('a deployed commit newer than the last fetch is fetched when asked for, at most every 5 s', async () => {
		let clock = 0;
		const fresh = new GitRepos({env: sandbox.env, now: () => clock});
		assert.equal((await fresh.commit(server, 'main'))?.subject, 'Make it executable');
		const pushed = work.commit('Hotfix', {'apps/web/deploy.yaml': 'kind: Deployment\n'});
		work.git('push', '--quiet', server, 'main');
		clock = 1000;
		assert.equal(await fresh.commit(server, pushed), null, 'just fetched: no new fetch yet');
		clock = 7000;
		assert.equal((await fresh.commit(server, pushed))?.subject, 'Hotfix');
		await fresh.stop();
	});
});
