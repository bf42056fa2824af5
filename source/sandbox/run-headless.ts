// `driftwatch sandbox`: run the sandbox API server until interrupted. Stdout
// carries only the kubeconfig path, so scripts can capture it.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {startSandbox, type Sandbox} from './sandbox.js';

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
	port?: number | undefined;
	empty: boolean;
	kubeconfigPath?: string | undefined;
	seed?: (sandbox: Sandbox) => Promise<Seeded | undefined>;
};

export async function runSandboxHeadless(options: HeadlessOptions): Promise<void> {
	const sandbox = await startSandbox({port: options.port ?? 0});
	let tempDir: string | undefined;
	let seeded: Seeded | undefined;
	const written: string[] = [];
	try {
		if (!options.empty && options.seed) seeded = await options.seed(sandbox);
		let kubeconfigPath = options.kubeconfigPath;
		if (!kubeconfigPath) {
			tempDir = await mkdtemp(join(tmpdir(), 'driftwatch-sandbox-'));
			kubeconfigPath = join(tempDir, 'kubeconfig');
		}
		await sandbox.writeKubeconfig(kubeconfigPath);
		const files: Record<string, string> = {};
		for (const [name, text] of Object.entries(seeded?.files ?? {})) {
			const path = join(dirname(kubeconfigPath), name);
			await writeFile(path, text, {mode: 0o600});
			written.push(path);
			files[name] = path;
		}
		process.stdout.write(`${kubeconfigPath}\n`);
		const usage = seeded?.usage?.(kubeconfigPath, files) ?? [`  export KUBECONFIG=${kubeconfigPath}`];
		process.stderr.write(
			`driftwatch sandbox listening on ${sandbox.url}\n${usage.map(line => `${line}\n`).join('')}Press Ctrl-C to stop.\n`,
		);
		await untilSignalled();
	} finally {
		try {
			await seeded?.close?.();
		} finally {
			await sandbox.close();
			// What the seed wrote describes repositories that are gone now.
			for (const path of written) await rm(path, {force: true});
			// A kubeconfig we chose ourselves is ours to clean up; one the user named is theirs.
			if (tempDir) await rm(tempDir, {recursive: true, force: true});
		}
	}
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
