// `driftwatch sandbox`: run the sandbox API server until interrupted. Stdout
// carries only the kubeconfig path, so scripts can capture it.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSandbox, type Sandbox} from './sandbox.js';

export type HeadlessOptions = {
	port?: number | undefined;
	empty: boolean;
	kubeconfigPath?: string | undefined;
	seed?: (sandbox: Sandbox) => Promise<void>;
};

export async function runSandboxHeadless(options: HeadlessOptions): Promise<void> {
	const sandbox = await startSandbox({port: options.port ?? 0});
	let tempDir: string | undefined;
	try {
		if (!options.empty && options.seed) await options.seed(sandbox);
		let kubeconfigPath = options.kubeconfigPath;
		if (!kubeconfigPath) {
			tempDir = await mkdtemp(join(tmpdir(), 'driftwatch-sandbox-'));
			kubeconfigPath = join(tempDir, 'kubeconfig');
		}
		await sandbox.writeKubeconfig(kubeconfigPath);
		process.stdout.write(`${kubeconfigPath}\n`);
		process.stderr.write(`driftwatch sandbox listening on ${sandbox.url}\n  export KUBECONFIG=${kubeconfigPath}\nPress Ctrl-C to stop.\n`);
		await untilSignalled();
	} finally {
		await sandbox.close();
		// A kubeconfig we chose ourselves is ours to clean up; one the user named is theirs.
		if (tempDir) await rm(tempDir, {recursive: true, force: true});
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
