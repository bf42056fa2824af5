// The demo's estate, for `driftwatch demo` and the headless `driftwatch sandbox`: the demo's Git repository in a
// temporary directory, the sandbox API server seeded with apps deploying from it, the simulated controllers, and
// the driftwatch config of its native apps. Everything git does here runs under the demo's own git setup.

import {rmSync} from 'node:fs';
import {type KubeConfigLike, parseKubeConfig} from '../core/kube/kubeconfig-file.js';
import type {AuditLog} from '../core/actions/audit-log.js';
import {GitRepos} from '../core/git/git-repos.js';
import type {GitSetup} from '../core/git/git-setup.js';
import {selectContext} from '../core/kube/kubeconfig.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {createMonitorForContexts} from '../core/monitor/multi-context-monitor.js';
import {providers} from '../core/controllers/controllers.js';
import type {DriftwatchConfig} from '../core/native/config-types.js';
import {startSandbox, type Sandbox} from '../sandbox/sandbox.js';
import {startDemoKubelet} from './pod-logs.js';
import {startDemoController} from './controller.js';
import {demoConfig} from './demo-config.js';
import {demoGitEnv, demoGitSetup} from './demo-git.js';
import {createDemoGitRepo, type DemoGitRepo} from './git-repo.js';
import {seedDemo, type DemoClusterApps} from './seed.js';
import {localRemoteDirs} from './seed-remotes.js';

export type DemoEstate = {
	sandbox: Sandbox;
	kc: KubeConfigLike;
	repo: DemoGitRepo;
	/** The native apps of the demo (driftwatch is their controller). */
	config: DriftwatchConfig;
	/** The git setup every git command of a session on the demo runs under: never the user's. */
	gitSetup: GitSetup;
	/** Stops the controllers (and the API server, when the estate started it) and removes the temporary directory. */
	close(): Promise<void>;
};

export type DemoEstateOptions = {port?: number | undefined};

/** The sandbox API server on `port`, seeded as the demo estate. */
export async function startDemoEstate(options: DemoEstateOptions = {}): Promise<DemoEstate> {
	const sandbox = await startSandbox({port: options.port ?? 0});
	try {
		const seeded = await seedDemoEstate(sandbox);
		return {
			...seeded,
			async close() {
				try {
					await seeded.close();
				} finally {
					await sandbox.close();
				}
			},
		};
	} catch (error) {
		await sandbox.close();
		throw error;
	}
}

/** Seeds a running sandbox as the demo estate; close() stops the controllers and removes the repository, not the sandbox. */
export async function seedDemoEstate(sandbox: Sandbox, options: {cluster?: DemoClusterApps} = {}): Promise<DemoEstate> {
	const repo = await createDemoGitRepo();
	// Exits that skip close() (process.exit from elsewhere) still remove the temporary repository.
	const removeRepo = () => rmSync(repo.root, {recursive: true, force: true});
	process.once('exit', removeRepo);
	try {
		const kc = parseKubeConfig(sandbox.kubeconfig());
		await seedDemo(kc, {git: repo, ...(options.cluster ? {cluster: options.cluster} : {})});
		const others = localRemoteDirs(repo);
		const controller = startDemoController(kc, {gitEnv: demoGitEnv(repo.root), commitTo: [others.fleetInfra, others.platformPolicies]});
		// Pods' and controllers' logs, served by the sandbox's pods/log.
		const kubelet = await startDemoKubelet(kc, sandbox.podLogs);
		return {
			sandbox,
			kc,
			repo,
			config: demoConfig(repo.dir),
			gitSetup: demoGitSetup(repo.root),
			async close() {
				try {
					kubelet.stop();
					await controller.stop();
				} finally {
					process.off('exit', removeRepo);
					await repo.cleanup();
				}
			},
		};
	} catch (error) {
		process.off('exit', removeRepo);
		await repo.cleanup();
		throw error;
	}
}

export type DemoSession = {
	monitor: LiveMonitor;
	/** Stops the monitor and the demo's git followers (the estate stays up). */
	close(): Promise<void>;
};

/** What a demo session runs on: one cluster's estate, or a fleet of them (`--clusters N`). */
type SessionEstate = Pick<DemoEstate, 'kc' | 'config' | 'gitSetup'> & {
	/** Contexts to watch together, the fleet's clusters; absent: the kubeconfig's current context. */
	contexts?: readonly string[];
};

/** The live monitor as `driftwatch demo` runs it on the estate: the demo's config, git setup and audit log. */
export function startDemoSession(estate: SessionEstate, options: {audit: AuditLog; readonly: boolean}): DemoSession {
	const git = new GitRepos({setup: estate.gitSetup, pollSeconds: estate.config.gitPollSeconds});
	// The fleet's clusters side by side in one list (one monitor per context, merged); one estate: its current context.
	const kubeconfigs = estate.contexts
		? estate.contexts.map(context => selectContext(estate.kc, context))
		: [selectContext(estate.kc, undefined)];
	const monitor = createMonitorForContexts({
		kubeconfigs,
		namespace: null,
		providers,
		config: estate.config,
		git,
		audit: options.audit,
		readonly: options.readonly,
	});
	return {
		monitor,
		async close() {
			await monitor.close();
			await git.stop();
		},
	};
}
