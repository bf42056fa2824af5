// `npm run bench:native-diff`: `driftwatch diff` of a 500-object native app against `kubectl diff --server-side`
// on the same files and the same API server, timed side by side in this run (the ratio is the result; target
// ≤ 1.2×). The server is the real kube-apiserver of the cluster test tier when Go is installed, else the
// embedded sandbox (labelled so). Each tool runs RUNS times; the medians are compared.
//   DRIFTWATCH_BENCH_OBJECTS (default 500), DRIFTWATCH_BENCH_RUNS (default 3).
//   DRIFTWATCH_BENCH_CPU_PROF=DIR: afterwards, one more driftwatch run with --cpu-prof, its profile written to DIR.
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {startSandbox} from '../../source/sandbox/sandbox.js';
import {startControlPlane} from '../control-plane/cluster.js';
import {configMap, deployment, edit, serverSideApply, service} from '../integration/drift/support.js';
import {ensureNamespace} from '../support/fixtures.js';
import {kubectlPath} from '../support/kubectl.js';

const objectCount = Number(process.env['DRIFTWATCH_BENCH_OBJECTS'] ?? 500);
const runs = Number(process.env['DRIFTWATCH_BENCH_RUNS'] ?? 3);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const namespace = 'bench-native';
const appName = 'big';

function hasGo(): boolean {
	try {
		execFileSync('go', ['version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/** 500 objects as an app holds them: mostly ConfigMaps, a Deployment and a Service per 10. */
function manifests(): KubeObject[] {
	const objects: KubeObject[] = [];
	for (let index = 0; objects.length < objectCount; index++) {
		if (index % 10 === 0) objects.push(deployment(`web-${index}`, namespace));
		else if (index % 10 === 1) objects.push(service(`web-${index - 1}`, namespace));
		else objects.push(configMap(`settings-${index}`, namespace, {INDEX: String(index), LOG_LEVEL: 'info', GREETING: `hello ${index}`}));
	}
	return objects;
}

function labelled(object: KubeObject): KubeObject {
	return {...object, metadata: {...object.metadata, labels: {...object.metadata?.labels, [NATIVE_TRACKING_LABEL]: appName}}};
}

type Timed = {ms: number; cpuMs: number | null; code: number | null; stderr: string};

// CPU time (user + system) of the child, read from GNU time when the machine has it: on a loaded machine
// wall time swings with the neighbours, CPU time much less.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
let timeFiles = 0;

function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv, work: string): Promise<Timed> {
	const cpuFile = join(work, `cpu-${++timeFiles}`);
	const [file, fileArgs] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
	const start = performance.now();
	return new Promise(resolve => {
		execFile(file, fileArgs, {cwd: repoRoot, env, maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60_000}, (error, _stdout, stderr) => {
			const ms = performance.now() - start;
			const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
			let cpuMs: number | null = null;
			if (gnuTime && existsSync(cpuFile)) {
				const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
				if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = (user! + system!) * 1000;
			}
			resolve({ms, cpuMs, code, stderr});
		});
	});
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;

async function main(): Promise<void> {
	const real = hasGo();
	const work = mkdtempSync(join(tmpdir(), 'driftwatch-bench-native-'));
	let kubeconfigPath: string;
	let stopServer: () => Promise<void>;
	if (real) {
		const plane = await startControlPlane();
		kubeconfigPath = plane.kubeconfigPath;
		stopServer = plane.stop;
	} else {
		const sandbox = await startSandbox({port: 0});
		kubeconfigPath = join(work, 'kubeconfig');
		await sandbox.writeKubeconfig(kubeconfigPath);
		stopServer = () => sandbox.close();
	}
	try {
		const kc = new KubeConfig();
		kc.loadFromFile(kubeconfigPath);
		await ensureNamespace(kc, namespace);
		const objects = manifests();

		// The app's files: one YAML file per object in a real git repository, and a driftwatch.yaml naming it.
		const repo = join(work, 'repo');
		const files = join(repo, 'apps', appName);
		mkdirSync(files, {recursive: true});
		for (const object of objects) writeFileSync(join(files, `${object.kind}-${object.metadata!.name}.yaml`), stringify(object));
		const gitEnv = {
			...process.env,
			HOME: work,
			GIT_CONFIG_NOSYSTEM: '1',
			GIT_AUTHOR_NAME: 'Bench',
			GIT_AUTHOR_EMAIL: 'bench@example.com',
			GIT_COMMITTER_NAME: 'Bench',
			GIT_COMMITTER_EMAIL: 'bench@example.com',
		};
		execFileSync('git', ['init', '--quiet', '--initial-branch=main'], {cwd: repo, env: gitEnv});
		execFileSync('git', ['add', '--all'], {cwd: repo, env: gitEnv});
		execFileSync('git', ['commit', '--quiet', '-m', 'big app'], {cwd: repo, env: gitEnv});
		const configPath = join(work, 'driftwatch.yaml');
		writeFileSync(configPath, stringify({apps: [{name: appName, repo, branch: 'main', path: `apps/${appName}`, namespace}]}));

		// Live: applied as driftwatch would, then a few edited by hand, so both tools print some drift.
		const started = performance.now();
		for (let index = 0; index < objects.length; index += 16) {
			await Promise.all(objects.slice(index, index + 16).map(object => serverSideApply(kc, labelled(object), 'driftwatch')));
		}
		const drifted = objects.filter(object => object.kind === 'ConfigMap').slice(0, 5);
		for (const object of drifted) await edit(kc, object, {data: {LOG_LEVEL: 'debug'}});
		console.log(
			`native diff of ${objects.length} objects (${drifted.length} drifted) on ${real ? 'the real kube-apiserver' : 'the SANDBOX (no Go: not the real kube-apiserver)'}; set up in ${ms(performance.now() - started)}`,
		);

		const env: NodeJS.ProcessEnv = {
			...process.env,
			NO_COLOR: '1',
			HOME: work,
			XDG_CACHE_HOME: join(work, 'cache'),
			XDG_STATE_HOME: join(work, 'state'),
			KUBECACHEDIR: join(work, 'kubecache'),
		};
		delete env['KUBECONFIG'];
		delete env['DRIFTWATCH_DIFF'];
		delete env['KUBECTL_EXTERNAL_DIFF'];
		const driftwatchArgs = [
			'bin/driftwatch.js',
			'diff',
			`native/${namespace}/${appName}`,
			'--kubeconfig',
			kubeconfigPath,
			'--config',
			configPath,
		];
		const kubectlArgs = ['diff', '--server-side', '--force-conflicts', '--kubeconfig', kubeconfigPath, '-f', files];
		// One untimed run each: git clone into the cache, kubectl's discovery cache, the page cache.
		const warm = [await timed(process.execPath, driftwatchArgs, env, work), await timed(kubectlPath, kubectlArgs, env, work)];
		for (const [tool, result] of [
			['driftwatch', warm[0]!],
			['kubectl', warm[1]!],
		] as const) {
			// Exit 1 = differences found: what both should say here.
			if (result.code !== 1)
				throw new Error(`${tool} diff exited ${result.code}, not 1: ${result.stderr.split('\n').slice(0, 5).join('\n')}`);
		}
		const ours: Timed[] = [];
		const theirs: Timed[] = [];
		for (let run = 0; run < runs; run++) {
			// Alternated, so a load spike on this shared machine hits both.
			ours.push(await timed(process.execPath, driftwatchArgs, env, work));
			theirs.push(await timed(kubectlPath, kubectlArgs, env, work));
		}
		const profileDir = process.env['DRIFTWATCH_BENCH_CPU_PROF'];
		if (profileDir) {
			await timed(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...driftwatchArgs], env, work);
			console.log(`  CPU profile of one driftwatch diff written to ${profileDir}`);
		}
		const wall = (series: Timed[]) => median(series.map(run => run.ms));
		const cpu = (series: Timed[]) => (series.every(run => run.cpuMs !== null) ? median(series.map(run => run.cpuMs!)) : null);
		const line = (label: string, series: Timed[]) => {
			const cpuText = cpu(series) === null ? '' : `   CPU ${ms(cpu(series)!)}`;
			console.log(`  ${label} wall ${ms(wall(series))}${cpuText}   (runs: ${series.map(run => run.ms.toFixed(0)).join(', ')} ms)`);
		};
		line('driftwatch diff           ', ours);
		line('kubectl diff --server-side', theirs);
		const ratio = wall(ours) / wall(theirs);
		const cpuOurs = cpu(ours);
		const cpuTheirs = cpu(theirs);
		const cpuRatio = cpuOurs !== null && cpuTheirs !== null ? `; CPU ${(cpuOurs / cpuTheirs).toFixed(2)}×` : '';
		console.log(
			`  ratio driftwatch/kubectl   wall ${ratio.toFixed(2)}× (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'NOT met'})${cpuRatio}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
		);
	} finally {
		await stopServer();
		rmSync(work, {recursive: true, force: true});
	}
}

await main();
