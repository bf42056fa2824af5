// Git over smart HTTP on 127.0.0.1: git's own git-http-backend run as a CGI
// program behind a Node HTTP server, over bare repositories in a temp
// directory. Flux's GitRepository admits only http(s):// or ssh:// URLs, and
// Argo CD's repo-server clones the same way, so both read from here; tests
// push to it with the git CLI and driftwatch pushes to it as a user would.
import {execFile, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

const backendCandidates = ['/usr/lib/git-core/git-http-backend', '/usr/libexec/git-core/git-http-backend'];

/** git-http-backend's path from `git --exec-path`, or a loud error with the command that installs it. */
export async function gitHttpBackend(): Promise<string> {
	let execPath = '';
	try {
		execPath = (await run('git', ['--exec-path'])).stdout.trim();
	} catch {
		throw new Error('git is not installed; install it with: sudo apt-get install -y git');
	}
	const found = [join(execPath, 'git-http-backend'), ...backendCandidates].find(path => existsSync(path));
	if (!found) throw new Error(`git-http-backend not found in ${execPath}; install it with: sudo apt-get install -y git`);
	return found;
}

export type GitServer = {
	/** http://127.0.0.1:PORT */
	baseUrl: string;
	/** Directory holding the bare repositories (NAME.git). */
	root: string;
	/** Create an empty bare repository NAME.git whose HEAD is `branch`; returns its clone URL. */
	createRepo(name: string, branch?: string): Promise<string>;
	url(name: string): string;
	/** From now on every push to NAME is refused by a pre-receive hook printing `reason`. */
	rejectPushes(name: string, reason: string): Promise<void>;
	acceptPushes(name: string): Promise<void>;
	/** The commit a branch of NAME points at on the server, or null. */
	branchTip(name: string, branch?: string): Promise<string | null>;
	stop(): Promise<void>;
};

/** Identity for commits made by tests and by driftwatch's git under test (no global git config needed). */
export const gitIdentityEnv: NodeJS.ProcessEnv = {
	GIT_AUTHOR_NAME: 'Driftwatch Test',
	GIT_AUTHOR_EMAIL: 'test@driftwatch.invalid',
	GIT_COMMITTER_NAME: 'Driftwatch Test',
	GIT_COMMITTER_EMAIL: 'test@driftwatch.invalid',
	GIT_CONFIG_NOSYSTEM: '1',
	GIT_TERMINAL_PROMPT: '0',
};

export async function startGitServer(): Promise<GitServer> {
	const backend = await gitHttpBackend();
	const root = await mkdtemp(join(tmpdir(), 'driftwatch-git-'));
	const server = createServer((request, response) => serveCgi(backend, root, request, response));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	const baseUrl = `http://127.0.0.1:${port}`;
	const repoDir = (name: string) => join(root, `${name}.git`);
	const hookPath = (name: string) => join(repoDir(name), 'hooks', 'pre-receive');
	return {
		baseUrl,
		root,
		url: name => `${baseUrl}/${name}.git`,
		async createRepo(name, branch = 'main') {
			await run('git', ['init', '--quiet', '--bare', `--initial-branch=${branch}`, repoDir(name)]);
			return `${baseUrl}/${name}.git`;
		},
		async rejectPushes(name, reason) {
			await mkdir(dirname(hookPath(name)), {recursive: true});
			await writeFile(hookPath(name), `#!/bin/sh\necho ${shellQuote(reason)} >&2\nexit 1\n`);
			await chmod(hookPath(name), 0o755);
		},
		async acceptPushes(name) {
			await rm(hookPath(name), {force: true});
		},
		async branchTip(name, branch = 'main') {
			try {
				return (await run('git', ['--git-dir', repoDir(name), 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])).stdout.trim();
			} catch {
				return null;
			}
		},
		async stop() {
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
			await rm(root, {recursive: true, force: true});
		},
	};
}

function shellQuote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** One request through git-http-backend (CGI/1.1: request in the environment and stdin, headers then body on stdout). */
function serveCgi(backend: string, root: string, request: IncomingMessage, response: ServerResponse): void {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const env: NodeJS.ProcessEnv = {
		PATH: process.env['PATH'],
		GIT_PROJECT_ROOT: root,
		GIT_HTTP_EXPORT_ALL: '1',
		// Pushes over HTTP are refused unless enabled (or a REMOTE_USER is set); these repositories are the tests' own.
		GIT_CONFIG_COUNT: '1',
		GIT_CONFIG_KEY_0: 'http.receivepack',
		GIT_CONFIG_VALUE_0: 'true',
		GIT_CONFIG_NOSYSTEM: '1',
		HOME: root,
		REQUEST_METHOD: request.method ?? 'GET',
		PATH_INFO: decodeURIComponent(url.pathname),
		QUERY_STRING: url.search.replace(/^\?/, ''),
		CONTENT_TYPE: request.headers['content-type'] ?? '',
		REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
		SERVER_PROTOCOL: 'HTTP/1.1',
		GATEWAY_INTERFACE: 'CGI/1.1',
	};
	if (request.headers['content-length']) env['CONTENT_LENGTH'] = request.headers['content-length'];
	if (request.headers['content-encoding']) env['HTTP_CONTENT_ENCODING'] = request.headers['content-encoding'];
	if (request.headers['git-protocol']) env['GIT_PROTOCOL'] = String(request.headers['git-protocol']);
	const cgi = spawn(backend, [], {env, stdio: ['pipe', 'pipe', 'pipe']});
	request.pipe(cgi.stdin);
	cgi.stdin.on('error', () => {});
	let stderr = '';
	cgi.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	let head = Buffer.alloc(0);
	let headersDone = false;
	cgi.stdout.on('data', (chunk: Buffer) => {
		if (headersDone) {
			response.write(chunk);
			return;
		}
		head = Buffer.concat([head, chunk]);
		const end = findHeaderEnd(head);
		if (end === null) return;
		headersDone = true;
		let status = 200;
		for (const line of head.subarray(0, end.index).toString('latin1').split(/\r?\n/)) {
			const colon = line.indexOf(':');
			if (colon <= 0) continue;
			const name = line.slice(0, colon).trim();
			const value = line.slice(colon + 1).trim();
			if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
			else response.setHeader(name, value);
		}
		response.writeHead(status);
		response.write(head.subarray(end.index + end.length));
	});
	cgi.on('close', code => {
		if (!headersDone) {
			if (!response.headersSent) response.writeHead(500, {'content-type': 'text/plain'});
			response.end(`git-http-backend exited ${String(code)} without a response\n${stderr}`);
			return;
		}
		response.end();
	});
	cgi.on('error', error => {
		if (!response.headersSent) response.writeHead(500, {'content-type': 'text/plain'});
		response.end(`cannot run ${backend}: ${error.message}`);
	});
}

function findHeaderEnd(buffer: Buffer): {index: number; length: number} | null {
	const crlf = buffer.indexOf('\r\n\r\n');
	const lf = buffer.indexOf('\n\n');
	if (crlf >= 0 && (lf < 0 || crlf < lf)) return {index: crlf, length: 4};
	if (lf >= 0) return {index: lf, length: 2};
	return null;
}

/**
 * A working clone of a repository on the git server, for the test's own commits
 * (what a colleague pushes while driftwatch watches).
 */
export type GitWorkdir = {
	dir: string;
	/** Write (or with null delete) files relative to the clone, commit them all and push; returns the new commit's SHA. */
	commitAndPush(files: Record<string, string | null>, message: string): Promise<string>;
	/** Fetch and reset to the server's branch (after someone else pushed). */
	pull(): Promise<void>;
	git(...args: string[]): Promise<string>;
	remove(): Promise<void>;
};

export async function cloneWorkdir(url: string, branch = 'main'): Promise<GitWorkdir> {
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-workdir-'));
	const env = {...process.env, ...gitIdentityEnv};
	const git = async (...args: string[]) => (await run('git', args, {cwd: dir, env, maxBuffer: 16 * 1024 * 1024})).stdout;
	await git('init', '--quiet', `--initial-branch=${branch}`);
	await git('remote', 'add', 'origin', url);
	// An empty repository has no branch to check out yet; a filled one is fetched.
	const remoteHasBranch = (await git('ls-remote', '--heads', 'origin', branch)).trim() !== '';
	if (remoteHasBranch) {
		await git('fetch', '--quiet', 'origin', branch);
		await git('reset', '--quiet', '--hard', `origin/${branch}`);
	}
	return {
		dir,
		git,
		async commitAndPush(files, message) {
			for (const [path, content] of Object.entries(files)) {
				const full = join(dir, path);
				if (content === null) await rm(full, {force: true});
				else {
					await mkdir(dirname(full), {recursive: true});
					await writeFile(full, content);
				}
			}
			await git('add', '--all');
			await git('commit', '--quiet', '--allow-empty', '-m', message);
			await git('push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
			return (await git('rev-parse', 'HEAD')).trim();
		},
		async pull() {
			await git('fetch', '--quiet', 'origin', branch);
			await git('reset', '--quiet', '--hard', `origin/${branch}`);
		},
		async remove() {
			await rm(dir, {recursive: true, force: true});
		},
	};
}
