// The real kubectl, run against a test server with a private home and discovery cache. No kubectl is a
// broken test machine, not a reason to skip: startKubectl throws.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {access, constants, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';

export const kubectlPath = '/usr/bin/kubectl';

export type KubectlResult = {stdout: string; stderr: string; code: number};

export type Kubectl = {
	/** A temp dir of the run's own (manifests, kubectl's cache and home). */
	dir: string;
	env: NodeJS.ProcessEnv;
	/** Run kubectl; resolves with its exit code, rejects only when it could not run at all. */
	run(args: readonly string[]): Promise<KubectlResult>;
	/** Run kubectl, assert exit 0, return stdout. */
	succeeds(...args: string[]): Promise<string>;
	/** Write `object` as YAML into dir; returns its path. */
	manifest(name: string, object: unknown): Promise<string>;
	close(): Promise<void>;
};

export async function startKubectl(kubeconfigPath: string, options: {namespace?: string} = {}): Promise<Kubectl> {
	await access(kubectlPath, constants.X_OK).catch(() => {
		throw new Error(`${kubectlPath} is missing: these tests need the real kubectl`);
	});
	const dir = await mkdtemp(join(tmpdir(), 'driftwatch-kubectl-'));
	// A private discovery cache: kubectl keys it by host:port, which a later server may reuse.
	const env = {...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir};
	const prefix = options.namespace ? ['--namespace', options.namespace] : [];
	const run = (args: readonly string[]) =>
		new Promise<KubectlResult>((resolve, reject) => {
			execFile(kubectlPath, [...prefix, ...args], {env, timeout: 30_000}, (error, stdout, stderr) => {
				if (error && typeof error.code !== 'number') reject(error);
				else resolve({stdout, stderr, code: error ? Number(error.code) : 0});
			});
		});
	return {
		dir,
		env,
		run,
		async succeeds(...args) {
			const result = await run(args);
			assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
			return result.stdout;
		},
		async manifest(name, object) {
			const path = join(dir, name);
			await writeFile(path, stringify(object));
			return path;
		},
		close: () => rm(dir, {recursive: true, force: true}),
	};
}
