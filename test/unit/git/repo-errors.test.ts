import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {createServer as createNetServer, type AddressInfo, type Socket} from 'node:net';
import {join} from 'node:path';
import {classifyGitError, GitError} from '../../../source/core/git/git-error.js';
import {findRepoState, GitRepos} from '../../../source/core/git/git-repos.js';
import {waitFor} from '../../support/wait-for.js';
import {makeSandbox, waitForRepo, WorkRepo, type Sandbox} from './git-fixture.js';

describe('GitRepos: per-repository errors', () => {
	let sandbox: Sandbox;
	let good: string;
	let server: Server;
	let protectedUrl: string;
	const requests: string[] = [];

	before(async () => {
		sandbox = makeSandbox();
		const work = WorkRepo.create(sandbox);
		work.commit('Initial', {'app/cm.yaml': 'kind: ConfigMap\n'});
		good = work.dir;
		// A git host that wants credentials nobody gave: every request gets a Basic challenge.
		server = createServer((request, response) => {
			requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
			response.writeHead(401, {'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain'});
			response.end('Unauthorized');
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		protectedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/team/app.git`;
	});
	after(() => {
		server.close();
		sandbox.cleanup();
	});

	test('a missing local path and a closed port are unreachable; the other repo keeps working', async () => {
		const repos = new GitRepos({env: sandbox.env});
		const missing = join(sandbox.root, 'does-not-exist');
		const closed = 'https://127.0.0.1:9/x.git';
		repos.track(missing, 'main');
		repos.track(closed, 'main');
		repos.track(good, 'main');
		const [a, b, ok] = await Promise.all([
			waitForRepo(repos, missing, 'main', s => s.error !== null),
			waitForRepo(repos, closed, 'main', s => s.error !== null),
			waitForRepo(repos, good, 'main', s => s.fetchedAt !== null),
		]);
		assert.equal(a.error?.kind, 'unreachable');
		assert.match(a.error?.message ?? '', /does not appear to be a git repository/);
		assert.equal(b.error?.kind, 'unreachable');
		assert.match(b.error?.message ?? '', /127\.0\.0\.1/);
		assert.equal(a.fetchedAt, null);
		assert.equal(ok.error, null);
		assert.ok(ok.headRevision);
		await assert.rejects(
			repos.readFiles(missing, 'main', ''),
			(error: unknown) => error instanceof GitError && error.kind === 'unreachable',
		);
		await repos.stop();
	});

	test('a server answering 401 is an auth error, without prompting', async () => {
		const repos = new GitRepos({env: sandbox.env});
		repos.track(protectedUrl, 'main');
		const state = await waitForRepo(repos, protectedUrl, 'main', s => s.error !== null);
		assert.equal(state.error?.kind, 'auth');
		assert.match(state.error?.message ?? '', /terminal prompts disabled|Authentication failed/);
		assert.ok(
			requests.some(line => line.startsWith('GET /team/app.git/info/refs')),
			'git really asked the server',
		);
		assert.equal(await repos.commit(protectedUrl, 'main'), null);
		await assert.rejects(repos.readFiles(protectedUrl, 'main', ''), (error: unknown) => error instanceof GitError && error.kind === 'auth');
		await repos.stop();
	});

	test('rejected credentials in the URL are an auth error that never shows the secret', async () => {
		const repos = new GitRepos({env: sandbox.env});
		const url = protectedUrl.replace('http://', 'http://deploy:s3cr3t-token@');
		repos.track(url, 'main');
		const state = await waitForRepo(repos, url, 'main', s => s.error !== null);
		assert.equal(state.error?.kind, 'auth');
		assert.doesNotMatch(state.error?.message ?? '', /s3cr3t/);
		assert.doesNotMatch(state.displayUrl, /s3cr3t/);
		assert.ok(
			requests.some(line => line.includes('Basic ')),
			'the credentials were offered and refused',
		);
		await repos.stop();
	});
});

describe('a server that accepts connections and never answers', () => {
	let sandbox: Sandbox;
	let silent: ReturnType<typeof createNetServer>;
	let url: string;
	const open = new Set<Socket>();
	let connections = 0;

	before(async () => {
		sandbox = makeSandbox();
		// Accepts connections and never says a word.
		silent = createNetServer(socket => {
			connections++;
			open.add(socket);
			socket.on('close', () => open.delete(socket));
			// Read (and ignore) the request, so the client's end of the connection is seen.
			socket.resume();
		});
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow.git`;
	});
	after(() => {
		for (const socket of open) socket.destroy();
		silent.close();
		sandbox.cleanup();
	});

	test('is unreachable after the fetch timeout, named with its URL, and git lets go of the connection', async () => {
		// The user's own curl stall limit is far longer: only ending git's helper with it closes the connection.
		const repos = new GitRepos({env: {...sandbox.env, GIT_HTTP_LOW_SPEED_LIMIT: '1', GIT_HTTP_LOW_SPEED_TIME: '600'}, fetchTimeoutMs: 300});
		try {
			repos.track(url, 'main');
			const state = await waitForRepo(repos, url, 'main', s => s.error !== null, 10_000);
			assert.equal(state.error?.kind, 'unreachable');
			assert.equal(state.error?.message, `${url} did not answer in 0.3 s`);
			assert.equal(state.fetching, false);
			// git's HTTP helper ended with it (its process group), so nothing holds the connection open.
			await waitFor(
				() => connections > 0 && open.size === 0,
				10_000,
				() => `${open.size} connections still open`,
			);
		} finally {
			await repos.stop();
		}
	});

	test('a fetch that runs past its overall deadline ends too, whatever the stall timeout', async () => {
		const repos = new GitRepos({env: sandbox.env, fetchTimeoutMs: 600_000, fetchDeadlineMs: 500});
		try {
			repos.track(url, 'main');
			const state = await waitForRepo(repos, url, 'main', s => s.error !== null, 10_000);
			assert.equal(state.error?.kind, 'unreachable');
			assert.equal(state.error?.message, `${url} did not finish fetching in 0.5 s`);
		} finally {
			await repos.stop();
		}
	});

	test('stop() ends a fetch in flight instead of waiting for its timeout', {timeout: 60_000}, async () => {
		const before = connections;
		const repos = new GitRepos({env: sandbox.env, fetchTimeoutMs: 600_000});
		repos.track(url, 'main');
		await waitFor(
			() => connections > before,
			10_000,
			() => 'git to connect',
		);
		// Resolving at all is the point: the fetch alone would wait ten minutes.
		await repos.stop();
		assert.equal(findRepoState(repos.getSnapshot(), url, 'main')?.fetching, false);
		assert.equal(findRepoState(repos.getSnapshot(), url, 'main')?.error, null, 'a stopped fetch is not an error of the repository');
		await waitFor(
			() => open.size === 0,
			10_000,
			() => `${open.size} connections still open`,
		);
	});
});

describe('classifyGitError', () => {
	test('an SSH key refusal is auth even though git also says it could not read from the remote', () => {
		const error = classifyGitError(
			new Error(
				'git@github.com: Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights',
			),
		);
		assert.deepEqual(error, {kind: 'auth', message: 'git@github.com: Permission denied (publickey).'});
	});

	test('an unknown host is unreachable; anything else is other, first fatal line', () => {
		assert.equal(
			classifyGitError("fatal: unable to access 'https://nope.invalid/x.git/': Could not resolve host: nope.invalid").kind,
			'unreachable',
		);
		assert.deepEqual(classifyGitError('warning: x\nfatal: bad object abc'), {kind: 'other', message: 'bad object abc'});
	});
});
