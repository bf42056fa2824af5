// `npm run bench:start`: how fast driftwatch starts, as ratios against baselines timed in the same run on the same
// machine (the ratios, not the milliseconds, are the result). Not a test: it prints a markdown table with the
// targets and whether each was met.
//
//   --version                  vs `node -e 0`                                          target ≤ 1.3×
//   status --json (no apps)    vs `kubectl get applications -A -o json`, same server    target ≤ 1.5×
//   TUI first frame, apps      in a pseudo-terminal, from start                         target ≤ 300 ms, ≤ 1 s
//                              (and driftwatch's CPU time by then: steadier than wall time on a loaded machine)
// for the build (dist/, what the package installs) and, for comparison, the sources through tsx (a clone).
// The standalone binary (dist/driftwatch-linux-x64) is measured too once it has been built.
//
// Environment: BENCH_RUNS=7 (runs per one-shot command; the median counts), BENCH_TUI_RUNS=3. Commands and their
// baseline run in rounds (one run of each per round), so both see the same load.
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {cpus, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {argoApp} from '../support/fixtures.js';
import {startBackend} from '../support/backend.js';
import {buildInto, shellWords} from '../support/built-cli.js';
import {repoRoot} from '../support/cli.js';
import {TerminalScreen} from '../support/terminal-screen.js';
import {prepareCluster, put} from '../integration/support/seed.js';

const runs = Number(process.env['BENCH_RUNS'] || 7);
const tuiRuns = Number(process.env['BENCH_TUI_RUNS'] || 3);
const kubectl = '/usr/bin/kubectl';
const screenSize = {columns: 120, rows: 30};
const appCount = 20;
process.env['DRIFTWATCH_TEST_BACKEND'] = 'sandbox';

type Run = {wallMs: number; cpuMs: number; code: number};

/** Run a command to its end under /usr/bin/time: wall from here, CPU as the kernel counted it. */
function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn('/usr/bin/time', ['-f', 'TIME %U %S', command, ...args], {env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		child.on('error', reject);
		child.on('exit', code => {
			const wallMs = performance.now() - started;
			const match = /TIME ([\d.]+) ([\d.]+)/.exec(stderr);
			if (!match) return reject(new Error(`${command} ${args.join(' ')}: no timing (exit ${code}): ${stderr.slice(-400)}`));
			resolve({wallMs, cpuMs: (Number(match[1]) + Number(match[2])) * 1000, code: code ?? -1});
		});
	});
}

/**
 * Median wall and CPU of each command over `runs` rounds, one run of each per round, one at a time: a baseline and
 * the commands measured against it see the same load (on a shared machine it drifts within a minute).
 */
async function interleavedMedians(
	baseline: () => Promise<Run>,
	commands: ReadonlyArray<() => Promise<Run>>,
): Promise<{baseline: Run; commands: Run[]}> {
	const makers = [baseline, ...commands];
	const results: Run[][] = makers.map(() => []);
	for (let run = 0; run < runs; run++) for (const [index, make] of makers.entries()) results[index]!.push(await make());
	const [baselineRuns, ...commandRuns] = results.map(list => {
		const middle = (pick: (run: Run) => number) => list.map(pick).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
		return {wallMs: middle(run => run.wallMs), cpuMs: middle(run => run.cpuMs), code: list[0]!.code};
	});
	return {baseline: baselineRuns!, commands: commandRuns};
}

type TuiTimes = {firstMs: number; appsMs: number; firstCpuMs: number; appsCpuMs: number};

/**
 * CPU time driftwatch has used so far, when `script` (pid `scriptPid`) runs it: its one child, read from Linux's
 * /proc (scheduler time in ns). Under load it moves far less than wall time, which waits for the other processes.
 * NaN where /proc does not say.
 */
function childCpuMs(scriptPid: number | undefined): number {
	try {
		const [child] = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/);
		return Number(readFileSync(`/proc/${child}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		return Number.NaN;
	}
}

/** Milliseconds from spawn to the TUI's first frame and to `appName` on screen, in a pty of screenSize, and its CPU by then. */
function tuiTimes(command: readonly string[], env: NodeJS.ProcessEnv, appName: string): Promise<TuiTimes> {
	return new Promise((resolve, reject) => {
		const screen = new TerminalScreen(screenSize);
		const started = performance.now();
		const child = spawn(
			'script',
			['-qfc', `stty rows ${screenSize.rows} cols ${screenSize.columns}; exec ${shellWords(command)}`, '/dev/null'],
			{
				env: {...env, TERM: 'xterm-256color'},
				stdio: ['pipe', 'pipe', 'ignore'],
			},
		);
		let firstMs = Number.NaN;
		let firstCpuMs = Number.NaN;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`no "${appName}" on screen within 60 s:\n${screen.rows().join('\n')}`));
		}, 60_000);
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			screen.write(chunk);
			const text = screen.rows().join('\n');
			if (Number.isNaN(firstMs) && text.includes('q quit')) {
				firstMs = performance.now() - started;
				firstCpuMs = childCpuMs(child.pid);
			}
			if (text.includes(appName) && !child.stdin.writableEnded) {
				const appsMs = performance.now() - started;
				const appsCpuMs = childCpuMs(child.pid);
				clearTimeout(timer);
				child.stdin.end('q');
				child.once('exit', () =>
					resolve(
						Number.isNaN(firstMs) ? {firstMs: appsMs, appsMs, firstCpuMs: appsCpuMs, appsCpuMs} : {firstMs, appsMs, firstCpuMs, appsCpuMs},
					),
				);
			}
		});
	});
}

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;
const fmtRatio = (ratio: number) => `${ratio.toFixed(2)}×`;
const rows: string[] = [];
function add(measure: string, value: string, baseline: string, target: string, ok: boolean | null): void {
	rows.push(`| ${measure} | ${value} | ${baseline} | ${target} | ${ok === null ? '–' : ok ? 'ok' : 'MISSED'} |`);
}

mkdirSync(join(repoRoot, '.tmp'), {recursive: true});
const buildDir = mkdtempSync(join(repoRoot, '.tmp/bench-start-'));
const home = mkdtempSync(join(tmpdir(), 'driftwatch-bench-start-'));
const backend = await startBackend();
try {
	console.error('building dist/…');
	const built = await buildInto(buildDir);
	const binary = join(repoRoot, 'dist/driftwatch-linux-x64');
	const variants: Array<{label: string; command: string[]}> = [
		{label: 'built (dist/)', command: [process.execPath, built]},
		{label: 'sources via tsx', command: [process.execPath, join(repoRoot, 'bin/driftwatch.js')]},
		...(existsSync(binary) ? [{label: 'standalone binary', command: [binary]}] : []),
	];
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NO_COLOR: '',
		KUBECONFIG: '',
		HOME: home,
		XDG_STATE_HOME: home,
		KUBECACHEDIR: join(home, 'kube-cache'),
	};
	delete env['DRIFTWATCH_BUILT'];
	const kc = backend.kubeConfig();
	await prepareCluster(kc, ['bench-start']);

	console.error('--version…');
	const {baseline: nodeBaseline, commands: versions} = await interleavedMedians(
		() => timed(process.execPath, ['-e', '0'], env),
		variants.map(
			({command}) =>
				() =>
					timed(command[0]!, [...command.slice(1), '--version'], env),
		),
	);
	for (const [index, {label}] of variants.entries()) {
		const version = versions[index]!;
		const ratio = version.wallMs / nodeBaseline.wallMs;
		add(
			`\`--version\` wall, ${label}`,
			`${fmtMs(version.wallMs)} (${fmtRatio(ratio)})`,
			`node -e 0 ${fmtMs(nodeBaseline.wallMs)}`,
			'≤ 1.3×',
			label === 'sources via tsx' ? null : ratio <= 1.3,
		);
		add(
			`\`--version\` CPU, ${label}`,
			`${fmtMs(version.cpuMs)} (${fmtRatio(version.cpuMs / nodeBaseline.cpuMs)})`,
			fmtMs(nodeBaseline.cpuMs),
			'',
			null,
		);
	}

	console.error('status --json on a server with no apps…');
	const {baseline: kubectlGet, commands: statuses} = await interleavedMedians(
		() => timed(kubectl, ['get', 'applications', '-A', '-o', 'json', '--kubeconfig', backend.kubeconfigPath], env),
		variants.map(
			({command}) =>
				() =>
					timed(command[0]!, [...command.slice(1), 'status', '--json', '--kubeconfig', backend.kubeconfigPath], env),
		),
	);
	for (const [index, {label}] of variants.entries()) {
		const status = statuses[index]!;
		if (status.code !== 0) console.error(`  (${label}: status exited ${status.code})`);
		const ratio = status.wallMs / kubectlGet.wallMs;
		add(
			`\`status --json\` wall, ${label}`,
			`${fmtMs(status.wallMs)} (${fmtRatio(ratio)})`,
			`kubectl get applications -A -o json ${fmtMs(kubectlGet.wallMs)}`,
			'≤ 1.5×',
			label === 'sources via tsx' ? null : ratio <= 1.5,
		);
		add(
			`\`status --json\` CPU, ${label}`,
			`${fmtMs(status.cpuMs)} (${fmtRatio(status.cpuMs / kubectlGet.cpuMs)})`,
			fmtMs(kubectlGet.cpuMs),
			'',
			null,
		);
	}

	console.error(`the TUI with ${appCount} apps…`);
	for (let index = 0; index < appCount; index++) await put(kc, argoApp(`start-app-${String(index).padStart(2, '0')}`, 'bench-start'));
	// Rounds again: one start of each variant per round.
	const tuiResults: TuiTimes[][] = variants.map(() => []);
	for (let run = 0; run < tuiRuns; run++) {
		for (const [index, {command}] of variants.entries()) {
			tuiResults[index]!.push(await tuiTimes([...command, '--kubeconfig', backend.kubeconfigPath, '--readonly'], env, 'start-app-19'));
		}
	}
	for (const [index, {label}] of variants.entries()) {
		const times = tuiResults[index]!;
		const middle = (pick: (time: TuiTimes) => number) => times.map(pick).sort((a, b) => a - b)[Math.floor(tuiRuns / 2)]!;
		const exempt = label === 'sources via tsx';
		add(
			`TUI first frame, ${label}`,
			fmtMs(middle(time => time.firstMs)),
			'from start',
			'≤ 300 ms',
			exempt ? null : middle(time => time.firstMs) <= 300,
		);
		add(
			`TUI apps on screen, ${label}`,
			fmtMs(middle(time => time.appsMs)),
			'from start',
			'≤ 1 s',
			exempt ? null : middle(time => time.appsMs) <= 1000,
		);
		const cpu = (ms: number) => (Number.isNaN(ms) ? 'not measured' : fmtMs(ms));
		add(
			`TUI CPU by first frame / apps, ${label}`,
			`${cpu(middle(time => time.firstCpuMs))} / ${cpu(middle(time => time.appsCpuMs))}`,
			`node -e 0 ${fmtMs(nodeBaseline.cpuMs)}`,
			'',
			null,
		);
	}
	if (!existsSync(binary)) add('standalone binary', 'not built (npm run build:binary)', '', '', null);

	const load = loadavg()
		.map(value => value.toFixed(1))
		.join(' ');
	console.log(`\n${cpus().length} cores, load average ${load} at the end; medians of ${runs} runs (TUI: ${tuiRuns})\n`);
	console.log('| measure | driftwatch | baseline (same run) | target | verdict |\n|---|---|---|---|---|');
	console.log(rows.join('\n'));
} finally {
	await backend.close();
	rmSync(buildDir, {recursive: true, force: true});
	rmSync(home, {recursive: true, force: true});
}
