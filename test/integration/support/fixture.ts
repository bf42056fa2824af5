// What most integration tests stand on: the run's API server (the sandbox, or a real kube-apiserver with
// DRIFTWATCH_TEST_BACKEND=cluster), a git sandbox (a temp HOME and cache, repositories made in it), the
// repository cache driftwatch reads Git through, and the live monitors a test opens. One setup, one teardown.
import {join} from 'node:path';
import type {KubeConfig} from '@kubernetes/client-node';
import {GitRepos} from '../../../source/core/git/git-repos.js';
import {startBackend, type TestBackend} from '../../support/backend.js';
import {makeSandbox, type Sandbox} from '../../unit/git/git-fixture.js';
import {Monitors} from './live.js';

export type Integration = {
	backend: TestBackend;
	/** A client on the admin context, for setting up objects. */
	kc: KubeConfig;
	/** Temp HOME and XDG_CACHE_HOME for git; `env` is what git and the CLI run with. */
	gitSandbox: Sandbox;
	/** The repository cache under the sandbox's XDG_CACHE_HOME, where the CLI keeps it too; no background polling. */
	git: GitRepos;
	monitors: Monitors;
	/** Close every monitor, stop git, stop the server, remove the temp dirs; safe after a failed start. */
	close(): Promise<void>;
};

export async function startIntegration(): Promise<Integration> {
	const gitSandbox = makeSandbox();
	let backend: TestBackend | undefined;
	try {
		backend = await startBackend();
	} catch (error) {
		gitSandbox.cleanup();
		throw error;
	}
	const git = new GitRepos({env: gitSandbox.env, cacheDir: join(gitSandbox.cacheHome, 'driftwatch', 'repos'), pollSeconds: 3600});
	const monitors = new Monitors(backend);
	const started = backend;
	return {
		backend,
		kc: backend.kubeConfig(),
		gitSandbox,
		git,
		monitors,
		async close() {
			await monitors.closeAll();
			await git.stop();
			await started.close();
			gitSandbox.cleanup();
		},
	};
}
