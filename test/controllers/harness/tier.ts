// One controller tier per test file: a real kube-apiserver (test/control-plane),
// a git server on loopback, and the controllers the file starts, all stopped
// by stop() — and, should the file fail or the process die, by the exit hooks
// in processes.ts and the control plane's stdin pipe.
import {randomBytes} from 'node:crypto';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from '../../../source/core/kube/http.js';
import {startControlPlane, type ControlPlane} from '../../control-plane/cluster.js';
import {applyCrds} from './crds.js';
import {startGitServer, type GitServer} from './git-server.js';
import {startProcess, type ManagedProcess, type StartOptions} from './processes.js';

export type ControllerTier = {
	/** Temp directory for the controllers' data and logs (DIR/NAME.log), removed by stop(). */
	dir: string;
	plane: ControlPlane;
	/** Contexts 'admin' (current) and 'viewer' (lists everything, writes nothing). */
	kubeconfigPath: string;
	adminContext: 'admin';
	viewerContext: 'viewer';
	kubeConfig(context?: string): KubeConfig;
	git: GitServer;
	/** Start a process that stop() ends; its log is DIR/NAME.log unless logPath says otherwise. */
	startProcess(options: Omit<StartOptions, 'logPath'> & {logPath?: string}): Promise<ManagedProcess>;
	processes: ManagedProcess[];
	applyCrds(files: readonly string[]): Promise<string[]>;
	/** Create a namespace PREFIX-<random> of this test's own. */
	namespace(prefix: string): Promise<string>;
	/** Each process's log tail, for a failure message. */
	logs(lines?: number): string;
	/** Stop the processes (last started first), the git server and the control plane; remove the temp directories. */
	stop(): Promise<void>;
};

/** startTier, then `startControllers` on it (a test file's controllers); the tier is stopped again if they fail to start. */
export async function startTierWith(startControllers: (tier: ControllerTier) => Promise<unknown>): Promise<ControllerTier> {
	const tier = await startTier();
	try {
		await startControllers(tier);
	} catch (error) {
		await tier.stop();
		throw error;
	}
	return tier;
}

export async function startTier(): Promise<ControllerTier> {
	const plane = await startControlPlane();
	let git: GitServer | undefined;
	let dir: string | undefined;
	try {
		git = await startGitServer();
		dir = await mkdtemp(join(tmpdir(), 'driftwatch-controllers-'));
	} catch (error) {
		await git?.stop();
		await plane.stop();
		throw error;
	}
	const dataDir = dir;
	const gitServer = git;
	const processes: ManagedProcess[] = [];
	const kubeConfig = (context?: string) => {
		const kc = new KubeConfig();
		kc.loadFromFile(plane.kubeconfigPath);
		if (context) kc.setCurrentContext(context);
		return kc;
	};
	let stopped = false;
	return {
		dir: dataDir,
		plane,
		kubeconfigPath: plane.kubeconfigPath,
		adminContext: 'admin',
		viewerContext: 'viewer',
		kubeConfig,
		git: gitServer,
		processes,
		async startProcess(options) {
			const started = await startProcess({...options, logPath: options.logPath ?? join(dataDir, `${options.name}.log`)});
			processes.push(started);
			return started;
		},
		applyCrds: files => applyCrds(kubeConfig('admin'), files),
		async namespace(prefix) {
			const name = `${prefix}-${randomBytes(3).toString('hex')}`;
			await requestJson(kubeConfig('admin'), '/api/v1/namespaces', {
				method: 'POST',
				body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name}}),
			});
			return name;
		},
		logs(lines = 30) {
			return processes.map(process => `--- ${process.name} (${process.logPath}) ---\n${process.log(lines)}`).join('\n');
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			for (const process of [...processes].reverse()) await process.stop();
			await gitServer.stop();
			await plane.stop();
			await rm(dataDir, {recursive: true, force: true});
		},
	};
}
