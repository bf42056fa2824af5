import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {AuditLog} from '../core/actions/audit-log.js';
import {parseKubeConfig} from '../core/kube/kubeconfig-file.js';
import {selectContext} from '../core/kube/kubeconfig.js';
import {createLiveMonitor} from '../core/monitor/live-monitor.js';
import {providers} from '../core/providers/index.js';
import {startDemoController} from '../demo/controller.js';
import {demoConfig} from '../demo/demo-config.js';
import {demoGitRepos} from '../demo/demo-git.js';
import {createDemoGitRepo, type DemoGitRepo} from '../demo/git-repo.js';
import {seedDemo} from '../demo/seed.js';
import {startSandbox} from '../sandbox/sandbox.js';
import {runTui, signalExitCode, type EndingSignal} from '../ui/run.js';
import {stopOffThread} from '../core/work/off-thread.js';
import {stderr} from './output.js';
import {finishPendingActions} from './pending-actions.js';
import type {DisplayFlags} from './options.js';

/** `driftwatch demo`: a Git repository and a seeded sandbox in temp space, a simulated controller, and the TUI on them. */
export async function runDemo(flags: DisplayFlags & {readonly?: boolean}): Promise<number> {
	const repo = await createDemoGitRepo();
	// Exits that skip the finally blocks (process.exit from elsewhere) still remove the temporary repository.
	const removeRepo = () => rmSync(repo.root, {recursive: true, force: true});
	process.once('exit', removeRepo);
	let signal: EndingSignal | null;
	try {
		signal = await runOnSandbox(flags, repo);
	} finally {
		process.off('exit', removeRepo);
		await repo.cleanup();
	}
	return signal ? signalExitCode(signal) : 0;
}

async function runOnSandbox(flags: DisplayFlags & {readonly?: boolean}, repo: DemoGitRepo): Promise<EndingSignal | null> {
	const sandbox = await startSandbox({port: 0});
	const kc = parseKubeConfig(sandbox.kubeconfig());
	try {
		await seedDemo(kc, {git: repo});
		const controller = startDemoController(kc);
		const config = demoConfig(repo.dir);
		const git = demoGitRepos(repo, config.gitPollSeconds);
		const loaded = selectContext(kc, undefined);
		// The demo's actions are logged beside its repository, not in the user's own audit log.
		const audit = new AuditLog(join(repo.root, 'audit.log'));
		const monitor = createLiveMonitor({kubeconfig: loaded, namespace: null, providers, config, git, audit, readonly: flags.readonly === true});
		try {
			const signal = await runTui(monitor, {color: flags.color, ascii: flags.ascii});
			if (!signal) await finishPendingActions(monitor, line => stderr.lines([line]));
			return signal;
		} finally {
			await monitor.close();
			await stopOffThread();
			await git.stop();
			await controller.stop();
		}
	} finally {
		await sandbox.close();
	}
}
