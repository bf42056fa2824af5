// `driftwatch sandbox`: run the sandbox API server until interrupted. Stdout
// carries only the kubeconfig path, so scripts can capture it.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {createInterface} from 'node:readline';
import {combinedKubeconfigText} from './kubeconfig.js';
import {startSandbox, type Sandbox} from './sandbox.js';

/** One of the servers, under the context name the kubeconfig gives it. */
export type NamedSandbox = {name: string; sandbox: Sandbox};

/** What a seed leaves beside the server: files to write next to the kubeconfig, how to use them, what to stop. */
type Seeded = {
	/** File name → text, written beside the kubeconfig and removed when the sandbox stops. */
	files?: Record<string, string>;
	/** Lines for stderr saying how to use the sandbox, given the kubeconfig path and where each file went. */
	usage?: (kubeconfigPath: string, files: Record<string, string>) => string[];
	/** Stops what the seed started (controllers, temporary repositories), before the server closes. */
	close?: () => Promise<void>;
};

type HeadlessOptions = {
	/** The (first) server's port; the others listen on the ports after it. Default: free ones. */
	port?: number | undefined;
	empty: boolean;
	kubeconfigPath?: string | undefined;
	/**
	 * Several servers, one per name, in one kubeconfig with a context per name (and NAME-viewer); default one
	 * server, whose kubeconfig names it 'sandbox'.
	 */
	clusters?: readonly string[] | undefined;
	/** Seeds the servers (one, named 'sandbox', without `clusters`). */
	seed?: (sandboxes: NamedSandbox[]) => Promise<Seeded | undefined>;
};

export async function runSandboxHeadless(options: HeadlessOptions): Promise<void> {
	const names = options.clusters && options.clusters.length > 0 ? options.clusters : null;
	const sandboxes: NamedSandbox[] = [];
	try {
		for (const [index, name] of (names ?? ['sandbox']).entries())
			sandboxes.push({name, sandbox: await startSandbox({port: options.port ? options.port + index : 0})});
	} catch (error) {
		for (const {sandbox} of sandboxes) await sandbox.close();
		throw error;
	}
	const first = sandboxes[0]!.sandbox;
	let tempDir: string | undefined;
	let seeded: Seeded | undefined;
	const written: string[] = [];
	try {
		if (!options.empty && options.seed) seeded = await options.seed(sandboxes);
		let kubeconfigPath = options.kubeconfigPath;
		if (!kubeconfigPath) {
			tempDir = await mkdtemp(join(tmpdir(), 'driftwatch-sandbox-'));
			kubeconfigPath = join(tempDir, 'kubeconfig');
		}
		if (names)
			await writeFile(
				kubeconfigPath,
				combinedKubeconfigText(sandboxes.map(({name, sandbox}) => ({name, kubeconfig: sandbox.kubeconfig()}))),
				{mode: 0o600},
			);
		else await first.writeKubeconfig(kubeconfigPath);
		const files: Record<string, string> = {};
		for (const [name, text] of Object.entries(seeded?.files ?? {})) {
			const path = join(dirname(kubeconfigPath), name);
			await writeFile(path, text, {mode: 0o600});
			written.push(path);
			files[name] = path;
		}
		process.stdout.write(`${kubeconfigPath}\n`);
		const usage = seeded?.usage?.(kubeconfigPath, files) ?? [`  export KUBECONFIG=${kubeconfigPath}`];
		const listening = names
			? `driftwatch sandbox: ${sandboxes.map(({name, sandbox}) => `${name} on ${sandbox.url}`).join(', ')}`
			: `driftwatch sandbox listening on ${first.url}`;
		const controls = names
			? [`  type "stop ${names.at(-1)}" and "start ${names.at(-1)}" (Enter) here to take a cluster down and back up`]
			: [];
		process.stderr.write(`${listening}\n${[...usage, ...controls].map(line => `${line}\n`).join('')}Press Ctrl-C to stop.\n`);
		const commands = names ? followClusterCommands(sandboxes) : null;
		try {
			await untilSignalled();
		} finally {
			commands?.close();
		}
	} finally {
		try {
			await seeded?.close?.();
		} finally {
			for (const {sandbox} of sandboxes) await sandbox.close();
			// What the seed wrote describes repositories that are gone now.
			for (const path of written) await rm(path, {force: true});
			// A kubeconfig we chose ourselves is ours to clean up; one the user named is theirs.
			if (tempDir) await rm(tempDir, {recursive: true, force: true});
		}
	}
}

/**
 * `stop NAME` and `start NAME` typed on stdin: one cluster's server goes away (its port refuses connections, its
 * objects are kept) and comes back on the same port, so what a client shows while a cluster is down, and after,
 * can be tried without killing the others.
 */
function followClusterCommands(sandboxes: readonly NamedSandbox[]): {close(): void} {
	const lines = createInterface({input: process.stdin});
	const say = (line: string) => process.stderr.write(`${line}\n`);
	lines.on('line', line => {
		const [verb = '', name = ''] = line.trim().split(/\s+/);
		if (verb === '') return;
		const cluster = sandboxes.find(candidate => candidate.name === name);
		if ((verb !== 'stop' && verb !== 'start') || !cluster) {
			say(`say "stop NAME" or "start NAME" (NAME: ${sandboxes.map(candidate => candidate.name).join(', ')})`);
			return;
		}
		const done =
			verb === 'stop'
				? cluster.sandbox.stop().then(() => say(`${name}: stopped; its port refuses connections until "start ${name}" (objects kept)`))
				: cluster.sandbox.start().then(() => say(`${name}: listening again on ${cluster.sandbox.url}`));
		done.catch((error: unknown) => say(`${name}: ${verb} failed: ${error instanceof Error ? error.message : String(error)}`));
	});
	return {
		close() {
			lines.close();
			// Reading stdin would keep the process alive after the servers are gone.
			process.stdin.destroy();
		},
	};
}

function untilSignalled(): Promise<void> {
	return new Promise(resolve => {
		const done = () => {
			process.off('SIGINT', done);
			process.off('SIGTERM', done);
			resolve();
		};
		process.on('SIGINT', done);
		process.on('SIGTERM', done);
	});
}
