// `npm run bench:scale`: driftwatch with thousands of apps, side by side with kubectl in the same run on the
// same machine (the ratios, not the milliseconds, are the result). Not a test: it prints a markdown table with
// the issue's targets and whether each was met. It runs the built package (built into .tmp/ first).
//
// Environment:
//   BENCH_N=1000,5000      Argo CD app counts (cumulative: the second loads the difference)
//   BENCH_FLUX=500         Flux Kustomizations, loaded once before the first N
//   BENCH_IDLE_S=60        idle window (CPU, bytes written to the terminal, API requests)
//   BENCH_CHURN_S=30       churn window; BENCH_CHURN_RATE=25 status patches per second
//   BENCH_MOVES=50         cursor moves measured
//   BENCH_BACKEND=sandbox  use the embedded sandbox; default: a real kube-apiserver (test/control-plane) when Go exists
//   BENCH_CPU_PROF=DIR     write a CPU profile of each TUI run into DIR (node --cpu-prof), to see where the time goes
//   BENCH_SOAK=1           then run a soak with churn for BENCH_SOAK_MIN=30 minutes, printing RSS and open fds per minute
//   BENCH_CONTEXTS=10      then the multi-context case: this many API servers (with a real kube-apiserver the first is
//                          one, the rest sandboxes), BENCH_CONTEXT_N=1000 Argo CD apps on each, the TUI and `status`
//                          given every context (--context a,b,…); 0 skips it. Its figures are compared with the
//                          single-context case's largest N in the same run.
import {execFile, execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, tmpdir, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {KubeConfig} from '@kubernetes/client-node';
import {createWithStatus, ensureObject, patchStatus, type ObjectRef} from '../../source/demo/rest.js';
import {argoApp, gitRepository, installGitOpsCrds, kustomization} from '../support/fixtures.js';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {combinedKubeconfigText} from '../../source/sandbox/kubeconfig.js';
import {gitOpsRequests, startSandboxThread} from './sandbox-thread.js';
import {TerminalScreen} from '../support/terminal-screen.js';
import {buildInto} from '../support/built-cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// The built package, as users run it (bin/ beside dist/): from the clone's bin/ the TUI would compile its sources
// through tsx first, about 0.8 s of CPU before its first frame that no installed driftwatch spends.
mkdirSync(join(root, '.tmp'), {recursive: true});
const launcher = await buildInto(mkdtempSync(join(root, '.tmp/bench-scale-')));
const kubectl = '/usr/bin/kubectl';
const env = (name: string, fallback: string) => process.env[name] || fallback;
const counts = env('BENCH_N', '1000,5000')
	.split(',')
	.map(Number)
	.filter(value => value > 0);
const fluxCount = Number(env('BENCH_FLUX', '500'));
const idleSeconds = Number(env('BENCH_IDLE_S', '60'));
const churnSeconds = Number(env('BENCH_CHURN_S', '30'));
const churnRate = Number(env('BENCH_CHURN_RATE', '25'));
const moves = Number(env('BENCH_MOVES', '50'));
const soakMinutes = process.env['BENCH_SOAK'] === '1' ? Number(env('BENCH_SOAK_MIN', '30')) : 0;
const contextCount = Number(env('BENCH_CONTEXTS', '10'));
const perContext = Number(env('BENCH_CONTEXT_N', '1000'));
const namespaces = 50;
const screenSize = {columns: 160, rows: 45};
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;

if (process.env['BENCH_BACKEND'] === 'sandbox') process.env['DRIFTWATCH_TEST_BACKEND'] = 'sandbox';
else if (!process.env['DRIFTWATCH_TEST_BACKEND']) process.env['DRIFTWATCH_TEST_BACKEND'] = hasGo() ? 'cluster' : 'sandbox';

function hasGo(): boolean {
	try {
		execFileSync('bash', ['-c', 'command -v go || test -x /usr/local/go/bin/go'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

// ---- measuring a process ----

/** CPU seconds (user + system) of a live process, from /proc. */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

function rssMiB(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

function openFds(pid: number): number {
	return readdirSync(`/proc/${pid}/fd`).length;
}

type Run = {wallMs: number; cpuMs: number; maxRssMiB: number; code: number; stdoutBytes: number};

/** Run a command to its end under /usr/bin/time: wall, CPU and peak RSS as the kernel counted them. */
function timed(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn('/usr/bin/time', ['-f', 'TIME %U %S %M', command, ...args], {
			env: {...process.env, ...extraEnv},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdoutBytes = 0;
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		child.on('error', reject);
		child.on('exit', code => {
			const match = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
			if (!match) return reject(new Error(`${command} ${args.join(' ')}: no timing (exit ${code}): ${stderr.slice(-400)}`));
			resolve({
				wallMs: performance.now() - started,
				cpuMs: (Number(match[1]) + Number(match[2])) * 1000,
				maxRssMiB: Number(match[3]) / 1024,
				code: code ?? -1,
				stdoutBytes,
			});
		});
	});
}

async function median(runs: number, make: () => Promise<Run>): Promise<Run> {
	const results: Run[] = [];
	for (let run = 0; run < runs; run++) results.push(await make());
	const middle = (pick: (run: Run) => number) => results.map(pick).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
	return {
		wallMs: middle(run => run.wallMs),
		cpuMs: middle(run => run.cpuMs),
		maxRssMiB: middle(run => run.maxRssMiB),
		code: results[0]!.code,
		stdoutBytes: results[0]!.stdoutBytes,
	};
}

const percentile = (values: readonly number[], p: number) => {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

// ---- the TUI in a pseudo-terminal ----

/** driftwatch's TUI under `script` (a real pty), with the bytes it writes counted and searchable. */
class Tui {
	readonly child: ChildProcess;
	pid = 0;
	bytes = 0;
	/** Everything written since `mark()`: a key's frame is the first output after it. */
	recent = '';
	/** What the terminal shows (Ink rewrites only the changed end of a line: the raw output cannot be searched). */
	readonly screen = new TerminalScreen(screenSize);
	#screenText: string | null = null;
	lastChunkAt = 0;
	readonly started = performance.now();
	#waiters: Array<() => void> = [];

	constructor(kubeconfigPath: string, selection: readonly string[] = []) {
		const command = [process.execPath, launcher, '--kubeconfig', kubeconfigPath, '--readonly', ...selection]
			.map(word => `'${word}'`)
			.join(' ');
		// `exec`: the pid the shell prints is driftwatch's own.
		this.child = spawn(
			'script',
			['-qfc', `stty rows ${screenSize.rows} cols ${screenSize.columns}; echo "pid=$$"; exec ${command}`, '/dev/null'],
			{
				// In colour, as people run it (the screen model skips the colour codes).
				env: {
					...process.env,
					NO_COLOR: '',
					TERM: 'xterm-256color',
					KUBECONFIG: '',
					XDG_STATE_HOME: join(root, 'node_modules/.cache/bench-state'),
					...(process.env['BENCH_CPU_PROF'] ? {NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`} : {}),
				},
				stdio: ['pipe', 'pipe', 'pipe'],
			},
		);
		this.child.stdout!.setEncoding('utf8');
		this.child.stdout!.on('data', (chunk: string) => {
			if (this.pid === 0) {
				const match = /pid=(\d+)/.exec(chunk);
				if (match) this.pid = Number(match[1]);
			}
			this.bytes += Buffer.byteLength(chunk);
			this.lastChunkAt = performance.now();
			this.recent += chunk;
			if (this.recent.length > 4_000_000) this.recent = this.recent.slice(-1_000_000);
			this.screen.write(chunk);
			this.#screenText = null;
			for (const wake of this.#waiters.splice(0)) wake();
		});
	}

	mark(): void {
		this.recent = '';
	}

	screenText(): string {
		this.#screenText ??= this.screen.rows().join('\n');
		return this.#screenText;
	}

	/** Resolves with the time the screen first showed what `test` looks for (checked on each chunk). */
	async untilScreen(test: (screen: string) => boolean, timeoutMs: number, what: string): Promise<number> {
		try {
			return await this.until(() => test(this.screenText()), timeoutMs, what);
		} catch (error) {
			throw new Error(`${(error as Error).message.split(';')[0]}; screen:\n${this.screenText()}`);
		}
	}

	/** Resolves with the time the output first satisfied `test` (checked on each chunk). */
	async until(test: (recent: string) => boolean, timeoutMs: number, what: string): Promise<number> {
		const deadline = performance.now() + timeoutMs;
		while (!test(this.recent)) {
			const left = deadline - performance.now();
			if (left <= 0) throw new Error(`TUI: no ${what} within ${timeoutMs} ms; last output: ${JSON.stringify(this.recent.slice(-300))}`);
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, left);
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		return this.lastChunkAt;
	}

	/** Key → the first frame written after it (ms), and the CPU the process spent until output went quiet. */
	async press(keys: string): Promise<number> {
		this.mark();
		const sent = performance.now();
		this.child.stdin!.write(keys);
		const drawn = await this.until(recent => recent.length > 0, 10_000, `frame after ${JSON.stringify(keys)}`);
		return drawn - sent;
	}

	/** Wait until nothing was written for `quietMs`. */
	async settle(quietMs = 300, timeoutMs = 30_000): Promise<void> {
		const deadline = performance.now() + timeoutMs;
		this.lastChunkAt = performance.now();
		while (performance.now() - this.lastChunkAt < quietMs && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	async stop(): Promise<void> {
		const exited = new Promise(resolve => this.child.once('exit', resolve));
		// It may have ended already (a start that failed): nothing to signal then.
		try {
			if (this.pid) process.kill(this.pid, 'SIGTERM');
			else this.child.kill('SIGTERM');
		} catch {}
		await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 10_000))]);
		this.child.kill('SIGKILL');
	}
}

// ---- the cluster ----

/** ≈7 KB, like an app with a couple of dozen resources and some history. */
function benchApp(index: number) {
	const name = `app-${String(index).padStart(5, '0')}`;
	const namespace = `team-${String(index % namespaces).padStart(2, '0')}`;
	const resources = Array.from({length: 14}, (_, at) => ({
		group: at % 3 === 0 ? 'apps' : '',
		version: 'v1',
		kind: at % 3 === 0 ? 'Deployment' : at % 3 === 1 ? 'Service' : 'ConfigMap',
		namespace: name,
		name: `${name}-component-${at}`,
	}));
	const state =
		index % 17 === 0
			? {sync: 'OutOfSync' as const}
			: index % 29 === 0
				? {health: 'Degraded' as const, healthMessage: 'Deployment exceeded its progress deadline'}
				: {};
	const object = argoApp(name, namespace, {...state, resources, history: 2});
	// The last sync 2 h 30 min ago, away from a step of the SYNCED column (the fixtures' 2 h minus 35 s turns
	// from "1h" to "2h" during the run), so the idle minute measures driftwatch, not a label crossing a step.
	const operationState = (object['status'] as {operationState?: {startedAt?: string; finishedAt?: string}} | undefined)?.operationState;
	if (operationState?.finishedAt) {
		operationState.startedAt = new Date(Date.now() - 150 * 60_000).toISOString();
		operationState.finishedAt = new Date(Date.now() - 150 * 60_000 + 35_000).toISOString();
	}
	return object;
}

/** Run `work` over `items` with at most `limit` at once. */
async function parallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({length: Math.min(limit, items.length)}, async () => {
			while (next < items.length) await work(items[next++]!);
		}),
	);
}

async function loadArgoApps(kc: KubeConfig, from: number, to: number): Promise<void> {
	const indexes = Array.from({length: to - from}, (_, at) => from + at);
	await parallel(indexes, 24, async index => createWithStatus(kc, benchApp(index)));
}

async function loadFlux(kc: KubeConfig): Promise<void> {
	await createWithStatus(kc, gitRepository('flux-system'));
	const indexes = Array.from({length: fluxCount}, (_, at) => at);
	await parallel(indexes, 24, async index => createWithStatus(kc, kustomization(`ks-${String(index).padStart(4, '0')}`, 'flux-system')));
}

/**
 * Requests for the GitOps types a server counted (apiserver_request_total), or the sandbox's request log of them:
 * the same measure on both, so a liveness probe (GET /version) counts on neither.
 */
async function requestCount(backend: TestBackend, kubectlEnv: NodeJS.ProcessEnv, context?: string): Promise<number> {
	if (backend.sandbox) return gitOpsRequests(backend.sandbox.requests);
	const text = await new Promise<string>((resolve, reject) =>
		execFile(
			kubectl,
			[...(context ? ['--context', context] : []), 'get', '--raw', '/metrics'],
			{env: {...process.env, ...kubectlEnv}, maxBuffer: 256 * 1024 * 1024},
			(error, stdout) => (error ? reject(error) : resolve(stdout)),
		),
	);
	let total = 0;
	for (const line of text.split('\n')) {
		if (!line.startsWith('apiserver_request_total{')) continue;
		if (!/group="(argoproj\.io|[a-z.]*fluxcd\.io)"/.test(line)) continue;
		total += Number(line.slice(line.lastIndexOf(' ') + 1));
	}
	// The bench itself created the apps: a zero means the metric's labels changed, not a quiet client.
	if (total === 0) throw new Error('apiserver_request_total has no series for argoproj.io or fluxcd.io: cannot count requests');
	return total;
}

// ---- what a case runs on ----

/** One server of a case: its context in the case's kubeconfig, a client on it, and the requests it has counted. */
type BenchServer = {context: string; kc: KubeConfig; kind: 'cluster' | 'sandbox'; requestCount(): Promise<number>};

/** The single-context case (one server, the kubeconfig's current context) or the multi-context one (several at once). */
type BenchCase = {
	/** What its rows say after the measure: "N=1000", "10 contexts × 1000". */
	label: string;
	/** Apps the TUI lists once all are loaded. */
	total: number;
	/** Argo CD apps on each server (app-00000…), which the churn patches. */
	perServer: number;
	/** Whether the issue's targets apply (they are set for 5 000 apps and more). */
	big: boolean;
	kubeconfigPath: string;
	/** The contexts the TUI and `status` are given; empty: none named, the kubeconfig's current context. */
	selection: string[];
	servers: BenchServer[];
	kubectlEnv: NodeJS.ProcessEnv;
	/** Where the multi-context case's figures are compared: the single-context case's largest N in this run. */
	single?: Measured;
};

/** The figures a multi-context case is compared with. */
type Measured = {label: string; firstFrameMs: number; keyP95Ms: number; cpuPerMoveMs: number; filterMaxMs: number; rssPerAppKiB: number};

/**
 * The context selection as the CLI takes it, the way the demo hands it to the TUI: `--context a,b,c` watches those
 * contexts at once.
 */
function selectionArgs(selection: readonly string[]): string[] {
	return selection.length > 0 ? ['--context', selection.join(',')] : [];
}

async function totalRequests(benchCase: BenchCase): Promise<number> {
	let total = 0;
	for (const server of benchCase.servers) total += await server.requestCount();
	return total;
}

/** Run `make` for each item at once: the wall from the first start to the last end, CPU summed, the largest RSS. */
async function timedAll<T>(items: readonly T[], make: (item: T) => Promise<Run>): Promise<Run> {
	const started = performance.now();
	const runs = await Promise.all(items.map(make));
	return {
		wallMs: performance.now() - started,
		cpuMs: runs.reduce((sum, run) => sum + run.cpuMs, 0),
		maxRssMiB: Math.max(...runs.map(run => run.maxRssMiB)),
		code: Math.max(...runs.map(run => run.code)),
		stdoutBytes: runs.reduce((sum, run) => sum + run.stdoutBytes, 0),
	};
}

// ---- the table ----

type Row = {measure: string; driftwatch: string; baseline: string; target: string; verdict: string};
const rows: Row[] = [];
const verdict = (ok: boolean | null) => (ok === null ? '–' : ok ? 'ok' : 'missed');
const fmtMs = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : 'n/a');
const fmtRatio = (value: number) => `${value.toFixed(2)}×`;

function add(measure: string, driftwatch: string, baseline: string, target: string, ok: boolean | null): void {
	rows.push({measure, driftwatch, baseline, target, verdict: verdict(ok)});
	console.error(`  ${measure}: ${driftwatch} | ${baseline} | ${target} | ${verdict(ok)}`);
}

async function benchAt(benchCase: BenchCase): Promise<Measured> {
	const {total, big, kubectlEnv, single} = benchCase;
	const n = benchCase.perServer;
	const label = (text: string) => `${text} (${benchCase.label})`;
	const contexts = benchCase.selection;
	const multi = contexts.length > 1;
	// kubectl is one-cluster: the baseline of several contexts is one kubectl per context, all at once.
	const kubectlRuns = multi ? contexts.map(context => ['--context', context]) : [[]];
	const kubectlWhat = multi ? `${contexts.length}× kubectl at once` : 'kubectl';
	/** The single-context case's figure, as the multi-context case's baseline. */
	const vsSingle = (value: number, format: (value: number) => string) =>
		single ? `single context (${single.label}) ${format(value)}` : '';

	// One-shot listing.
	const status = await median(3, () =>
		timed(
			process.execPath,
			[launcher, 'status', '--json', '--readonly', '--kubeconfig', benchCase.kubeconfigPath, ...selectionArgs(contexts)],
			{KUBECONFIG: ''},
		),
	);
	const types = 'applications.argoproj.io,kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io';
	const get = await median(3, () => timedAll(kubectlRuns, args => timed(kubectl, [...args, 'get', types, '-A', '-o', 'json'], kubectlEnv)));
	add(
		label('`status --json` wall'),
		fmtMs(status.wallMs),
		`${kubectlWhat} get -o json ${fmtMs(get.wallMs)}`,
		'≤ 0.5× kubectl at 5k',
		big ? status.wallMs <= 0.5 * get.wallMs : null,
	);
	add(label('`status --json` CPU'), `${fmtMs(status.cpuMs)} (${fmtRatio(status.cpuMs / get.cpuMs)})`, fmtMs(get.cpuMs), '', null);
	add(label('`status --json` peak RSS'), `${status.maxRssMiB.toFixed(0)} MiB`, `${get.maxRssMiB.toFixed(0)} MiB`, '', null);
	if (status.code > 1) console.error(`  (status exited ${status.code})`);

	// kubectl get -w (one per context): the first line of any, and every row of all.
	const watchStarted = performance.now();
	const watches = kubectlRuns.map(args =>
		spawn(kubectl, [...args, 'get', 'applications.argoproj.io', '-A', '-w', '--no-headers'], {
			env: {...process.env, ...kubectlEnv},
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const argoTotal = n * kubectlRuns.length;
	let watchLines = 0;
	let watchFirst = Number.NaN;
	let watchAll = Number.NaN;
	let watchBytesAfterList = 0;
	for (const watch of watches)
		watch.stdout.on('data', (chunk: Buffer) => {
			if (Number.isNaN(watchFirst)) watchFirst = performance.now() - watchStarted;
			if (!Number.isNaN(watchAll)) watchBytesAfterList += chunk.length;
			for (const byte of chunk) if (byte === 10) watchLines++;
			if (watchLines >= argoTotal && Number.isNaN(watchAll)) watchAll = performance.now() - watchStarted;
		});

	// The TUI, given the contexts as a user gives them.
	const tui = new Tui(benchCase.kubeconfigPath, selectionArgs(contexts));
	try {
		const firstFrame = (await tui.untilScreen(screen => screen.includes('q quit'), 60_000, 'first frame')) - tui.started;
		const fullList = (await tui.untilScreen(screen => screen.includes(`${total} apps`), 180_000, `"${total} apps"`)) - tui.started;
		await tui.settle(1000);
		add(
			label('TUI first frame'),
			fmtMs(firstFrame),
			`kubectl -w first line ${fmtMs(watchFirst)}${single ? `; ${vsSingle(single.firstFrameMs, fmtMs)}` : ''}`,
			single ? '≤ 1.5× single context' : '',
			single ? firstFrame <= 1.5 * single.firstFrameMs : null,
		);
		add(label('TUI full list'), fmtMs(fullList), `kubectl -w all rows ${fmtMs(watchAll)}`, '', null);

		// Cursor moves.
		const latencies: number[] = [];
		const cpuBefore = cpuSeconds(tui.pid);
		// Moves at a brisk human pace, 120 ms after the last frame: Ink draws at most 12 frames a second (83 ms
		// apart), so keys closer together than that wait for the next frame slot by design.
		for (let move = 0; move < moves; move++) {
			latencies.push(await tui.press('j'));
			await tui.settle(120);
		}
		const cpuPerMove = ((cpuSeconds(tui.pid) - cpuBefore) * 1000) / moves;
		const keyP95 = percentile(latencies, 95);
		add(
			label('keystroke → frame p50 / p95'),
			`${fmtMs(percentile(latencies, 50))} / ${fmtMs(keyP95)}`,
			single ? vsSingle(single.keyP95Ms, value => `p95 ${fmtMs(value)}`) : '',
			big ? 'p95 ≤ 50 ms at 5k' : '',
			big ? keyP95 <= 50 : null,
		);
		add(
			label('CPU per move'),
			fmtMs(cpuPerMove),
			single ? vsSingle(single.cpuPerMoveMs, fmtMs) : '',
			big ? '≤ 10 ms at 5k' : '',
			big ? cpuPerMove <= 10 : null,
		);

		// Filter, one character at a time ("app-0001" narrows the list with each character).
		await tui.press('/');
		await tui.settle(100);
		const perChar: number[] = [];
		for (const character of 'app-0001') {
			perChar.push(await tui.press(character));
			await tui.settle(120);
		}
		// Esc clears the filter (Ink waits a moment to tell a lone Esc from the start of a key sequence).
		tui.child.stdin!.write('\u001B');
		await tui.untilScreen(
			screen => screen.includes(`${total} apps`) && !screen.includes(`of ${total} apps`),
			10_000,
			'the whole list again',
		);
		await tui.settle(300);
		const filterMax = Math.max(...perChar);
		add(
			label('filter per character p50 / max'),
			`${fmtMs(percentile(perChar, 50))} / ${fmtMs(filterMax)}`,
			single ? vsSingle(single.filterMaxMs, value => `max ${fmtMs(value)}`) : '',
			big ? '≤ 50 ms' : '',
			big ? filterMax <= 50 : null,
		);
		const rss = rssMiB(tui.pid);
		// Memory per app: the 5k target (200 MB for 5 000 Argo CD + 500 Flux apps) spread over the apps listed.
		const rssPerAppKiB = (rss * 1024) / total;
		const perAppTargetKiB = (200 / 1.048576 / 5500) * 1024;
		add(
			label('TUI RSS'),
			`${rss.toFixed(0)} MiB (${rssPerAppKiB.toFixed(1)} KiB/app)`,
			single ? vsSingle(single.rssPerAppKiB, value => `${value.toFixed(1)} KiB/app`) : '',
			big ? (multi ? `≤ ${perAppTargetKiB.toFixed(1)} KiB/app (200 MB at 5k)` : '≤ 200 MB at 5k') : '',
			big ? (multi ? rssPerAppKiB <= perAppTargetKiB : rss * 1.048576 <= 200) : null,
		);

		// Idle.
		await tui.settle(2000);
		const idleCpu = cpuSeconds(tui.pid);
		const idleBytes = tui.bytes;
		const idleScreen = tui.screen.rows();
		const idleRequests = await totalRequests(benchCase);
		const watchBytes = watchBytesAfterList;
		await new Promise(resolve => setTimeout(resolve, idleSeconds * 1000));
		const idleCpuPct = ((cpuSeconds(tui.pid) - idleCpu) / idleSeconds) * 100;
		const written = tui.bytes - idleBytes;
		const requestsPerMin = ((await totalRequests(benchCase)) - idleRequests) / (idleSeconds / 60);
		const counted = benchCase.servers.every(server => server.kind === 'sandbox')
			? 'GitOps-type requests (sandbox log)'
			: benchCase.servers.some(server => server.kind === 'sandbox')
				? 'GitOps-type requests (apiserver_request_total, sandbox logs)'
				: 'GitOps-type requests (apiserver_request_total)';
		// What changed on screen, if anything: a label that really moved (a SYNCED cell crossing a step) is not a busy loop.
		const changedLines = tui.screen.rows().filter((line, index) => line !== idleScreen[index]);
		for (const line of changedLines) console.error(`    idle change: ${line.trim().slice(0, 150)}`);
		add(
			label(`idle ${idleSeconds} s: bytes written`),
			`${written} B${changedLines.length ? ` (${changedLines.length} line(s) changed)` : ''}`,
			`kubectl -w ${watchBytesAfterList - watchBytes} B`,
			'0',
			written === 0,
		);
		add(label(`idle ${idleSeconds} s: CPU`), `${idleCpuPct.toFixed(2)} %`, '', '< 0.5 %', idleCpuPct < 0.5);
		// The count includes kubectl -w's own watch, if the server reopens it; both clients are idle.
		add(
			label(`idle: ${counted} per minute`),
			requestsPerMin.toFixed(1),
			'kubectl -w open alongside',
			'0 beyond open watches',
			requestsPerMin <= 0,
		);

		// Churn: status patches at churnRate/s; one in five goes to an app on screen and is timed to the screen.
		// Back to the top, where the measured apps are.
		// (no frame when the cursor is already there)
		tui.child.stdin!.write('g');
		await tui.settle(500);
		const visible = multi
			? await rowsOnScreen(tui, benchCase)
			: Array.from({length: 20}, (_, at) => ({server: benchCase.servers[0]!, index: at}));
		const churnCpu = cpuSeconds(tui.pid);
		const onScreen: number[] = [];
		let sent = 0;
		const churnStart = performance.now();
		const pending: Array<Promise<unknown>> = [];
		while (performance.now() - churnStart < churnSeconds * 1000) {
			const tick = performance.now();
			const measured = sent % 5 === 0;
			const target = measured
				? visible[(sent / 5) % visible.length]!
				: {
						server: benchCase.servers[Math.floor(Math.random() * benchCase.servers.length)]!,
						index: 20 + Math.floor(Math.random() * (n - 20)),
					};
			const token = `churn${String(sent).padStart(6, '0')}`;
			const patched = patchStatus(target.server.kc, benchRef(target.index), {health: {status: 'Progressing', message: token}}).then(
				async () => {
					if (!measured) return;
					const after = performance.now();
					// The token is shown in the status column of its row once the list redraws it.
					try {
						const seenAt = await tui.untilScreen(screen => screen.includes(token), 10_000, token);
						onScreen.push(seenAt - after);
					} catch {
						onScreen.push(Number.POSITIVE_INFINITY);
					}
				},
			);
			pending.push(patched);
			sent++;
			const wait = 1000 / churnRate - (performance.now() - tick);
			if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
		}
		await Promise.allSettled(pending);
		const churnCpuPct = ((cpuSeconds(tui.pid) - churnCpu) / ((performance.now() - churnStart) / 1000)) * 100;
		if (process.env['BENCH_DEBUG']) console.error(onScreen.map(value => value.toFixed(0)).join(' '));
		const p95 = percentile(onScreen.filter(Number.isFinite), 95);
		const missing = onScreen.filter(value => !Number.isFinite(value)).length;
		add(
			label(`churn ${churnRate}/s: change → screen p95`),
			`${fmtMs(p95)}${missing ? ` (${missing} not seen)` : ''}`,
			'',
			'≤ 500 ms',
			p95 <= 500 && missing === 0,
		);
		add(label(`churn ${churnRate}/s: CPU`), `${churnCpuPct.toFixed(1)} %`, '', '', null);

		if (soakMinutes > 0 && !multi && n === counts.at(-1)) await soak(tui, benchCase.servers[0]!.kc, n);
		return {
			label: benchCase.label,
			firstFrameMs: firstFrame,
			keyP95Ms: keyP95,
			cpuPerMoveMs: cpuPerMove,
			filterMaxMs: filterMax,
			rssPerAppKiB,
		};
	} finally {
		await tui.stop();
		for (const watch of watches) watch.kill('SIGTERM');
	}
}

function benchRef(index: number): ObjectRef {
	return {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Application',
		namespace: `team-${String(index % namespaces).padStart(2, '0')}`,
		name: `app-${String(index).padStart(5, '0')}`,
	};
}

/**
 * Which of the first 20 apps of each server have their row on screen: how several contexts' rows interleave is the
 * list's business, so each is patched with a token of its own and those the screen shows are the ones the churn
 * times.
 */
async function rowsOnScreen(tui: Tui, benchCase: BenchCase): Promise<Array<{server: BenchServer; index: number}>> {
	const candidates = benchCase.servers.flatMap(server => Array.from({length: 20}, (_, index) => ({server, index})));
	const tokenOf = (at: number) => `probe${String(at).padStart(4, '0')}`;
	await parallel(
		candidates.map((candidate, at) => ({candidate, at})),
		24,
		async ({candidate, at}) =>
			patchStatus(candidate.server.kc, benchRef(candidate.index), {health: {status: 'Progressing', message: tokenOf(at)}}),
	);
	// The probes' redraw: the screen settles once every visible one is drawn.
	await tui.settle(1000);
	const screen = tui.screenText();
	const shown = candidates.filter((_, at) => screen.includes(tokenOf(at)));
	if (shown.length === 0) throw new Error(`no probed row is on screen:\n${screen}`);
	return shown;
}

async function soak(tui: Tui, kc: KubeConfig, n: number): Promise<void> {
	console.error(`\nsoak: ${soakMinutes} min at N=${n} with ${churnRate} patches/s`);
	const series: Array<{minute: number; rss: number; fds: number}> = [];
	const started = performance.now();
	let sent = 0;
	let nextMinute = 1;
	while (performance.now() - started < soakMinutes * 60_000) {
		const index = Math.floor(Math.random() * n);
		const ref: ObjectRef = {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			namespace: `team-${String(index % namespaces).padStart(2, '0')}`,
			name: `app-${String(index).padStart(5, '0')}`,
		};
		void patchStatus(kc, ref, {health: {status: sent % 2 ? 'Healthy' : 'Progressing', message: `soak ${sent}`}}).catch(() => undefined);
		sent++;
		await new Promise(resolve => setTimeout(resolve, 1000 / churnRate));
		if (performance.now() - started >= nextMinute * 60_000) {
			const point = {minute: nextMinute, rss: rssMiB(tui.pid), fds: openFds(tui.pid)};
			series.push(point);
			console.error(`  minute ${point.minute}: RSS ${point.rss.toFixed(0)} MiB, open fds ${point.fds}`);
			nextMinute++;
		}
	}
	const after5 = series.filter(point => point.minute >= 5);
	if (after5.length >= 2) {
		const spread = (values: number[]) => (Math.max(...values) - Math.min(...values)) / Math.min(...values);
		const rssSpread = spread(after5.map(point => point.rss));
		const fdSpread = spread(after5.map(point => point.fds));
		add(
			`soak ${soakMinutes} min: RSS after minute 5`,
			`${after5.map(point => point.rss.toFixed(0)).join(', ')} MiB`,
			'',
			'within 10 %',
			rssSpread <= 0.1,
		);
		add(`soak ${soakMinutes} min: open fds after minute 5`, after5.map(point => point.fds).join(', '), '', 'within 10 %', fdSpread <= 0.1);
	}
}

// ---- main ----

/** The CRDs and namespaces the bench's apps need. */
async function prepare(kc: KubeConfig): Promise<void> {
	await installGitOpsCrds(kc);
	for (let index = 0; index < namespaces; index++) {
		await ensureObject(kc, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: `team-${String(index).padStart(2, '0')}`}});
	}
}

/**
 * The multi-context case: `contextCount` servers in one kubeconfig — the first the real kube-apiserver when the run
 * has one, the others sandboxes, each on a thread of its own — with `perContext` Argo CD apps on each (the same
 * names everywhere, as one platform deployed to every cluster), all loaded at once.
 */
async function benchContexts(single: Measured | undefined): Promise<void> {
	const names = Array.from({length: contextCount}, (_, index) => `cluster-${String(index).padStart(2, '0')}`);
	const started = performance.now();
	const real = backendName() === 'cluster' ? await startBackend('cluster') : null;
	const threads = await Promise.all(names.slice(real ? 1 : 0).map(() => startSandboxThread()));
	const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-contexts-'));
	const kubeconfigPath = join(dir, 'kubeconfig');
	const kubectlEnv = {KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'kubectl-cache')};
	try {
		const parts = [
			...(real ? [{name: names[0]!, kubeconfig: readFileSync(real.kubeconfigPath, 'utf8')}] : []),
			...threads.map((thread, index) => ({name: names[index + (real ? 1 : 0)]!, kubeconfig: thread.kubeconfig})),
		];
		writeFileSync(kubeconfigPath, combinedKubeconfigText(parts), {mode: 0o600});
		const clientOn = (context: string) => {
			const client = new KubeConfig();
			client.loadFromFile(kubeconfigPath);
			client.setCurrentContext(context);
			return client;
		};
		const servers: BenchServer[] = names.map((context, index) => {
			const thread = threads[index - (real ? 1 : 0)];
			return real && index === 0
				? {context, kc: clientOn(context), kind: 'cluster', requestCount: () => requestCount(real, kubectlEnv, context)}
				: {context, kc: clientOn(context), kind: 'sandbox', requestCount: () => thread!.requestCount()};
		});
		// Each server is its own bottleneck: a few requests at a time on each, all servers at once.
		await Promise.all(
			servers.map(async server => {
				await prepare(server.kc);
				const indexes = Array.from({length: perContext}, (_, at) => at);
				await parallel(indexes, 6, async index => createWithStatus(server.kc, benchApp(index)));
			}),
		);
		console.error(
			`${contextCount} contexts (${real ? 1 : 0} real kube-apiserver, ${threads.length} sandboxes): ${perContext} apps each loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
		);
		await benchAt({
			label: `${contextCount} contexts × ${perContext}`,
			total: contextCount * perContext,
			perServer: perContext,
			big: contextCount * perContext >= 5000,
			kubeconfigPath,
			selection: names,
			servers,
			kubectlEnv,
			...(single ? {single} : {}),
		});
	} finally {
		await Promise.all(threads.map(thread => thread.close()));
		await real?.close();
		rmSync(dir, {recursive: true, force: true});
	}
}

const backend = await startBackend();
const kc = backend.kubeConfig();
const kubectlEnv = {KUBECONFIG: backend.kubeconfigPath, KUBECACHEDIR: join(backend.kubeconfigPath, '..', 'kubectl-cache')};
const where =
	backend.name === 'cluster' ? 'real kube-apiserver (test/control-plane)' : 'embedded sandbox (no Go: not a real kube-apiserver)';
console.error(`bench:scale on the ${where}; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
let single: Measured | undefined;
let closed = false;
try {
	const loadStarted = performance.now();
	await prepare(kc);
	await ensureObject(kc, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'flux-system'}});
	await loadFlux(kc);
	console.error(
		`loaded ${fluxCount} Flux apps in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s; one Argo CD app is ${(JSON.stringify(benchApp(0)).length / 1024).toFixed(1)} KB`,
	);
	let loaded = 0;
	for (const n of counts) {
		const started = performance.now();
		await loadArgoApps(kc, loaded, n);
		loaded = n;
		console.error(`N=${n}: loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		single = await benchAt({
			label: `N=${n}`,
			total: n + fluxCount,
			perServer: n,
			big: n >= 5000,
			kubeconfigPath: backend.kubeconfigPath,
			selection: [],
			servers: [{context: kc.getCurrentContext(), kc, kind: backend.name, requestCount: () => requestCount(backend, kubectlEnv)}],
			kubectlEnv,
		});
	}
	// One real kube-apiserver at a time: the single-context one goes before the fleet's starts.
	await backend.close();
	closed = true;
	if (contextCount > 0) await benchContexts(single);
	console.log(
		`\n### bench:scale — ${new Date().toISOString().slice(0, 10)}, ${where}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB\n`,
	);
	console.log(
		`Argo CD apps N = ${counts.join(', ')} (≈7 KB each, ${namespaces} namespaces) + ${fluxCount} Flux Kustomizations; TUI at ${screenSize.columns}×${screenSize.rows} in a pty.${contextCount > 0 ? ` Then ${contextCount} contexts × ${perContext} Argo CD apps (${backend.name === 'cluster' ? 'the first the real kube-apiserver, the others sandboxes' : 'all sandboxes'}, each on a thread of its own), given to the TUI as --context a,b,…; kubectl's baseline is one kubectl per context at once.` : ''}\n`,
	);
	console.log('| measure | driftwatch | baseline (same run) | target | verdict |');
	console.log('|---|---|---|---|---|');
	for (const row of rows) console.log(`| ${row.measure} | ${row.driftwatch} | ${row.baseline} | ${row.target} | ${row.verdict} |`);
	console.log('| `diff` of a 500-object native app | see `npm run bench:native-diff` | kubectl diff --server-side | ≤ 1.2× kubectl | – |');
} finally {
	if (!closed) await backend.close();
}
process.exit(0);
