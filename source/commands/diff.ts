import {appPath} from '../core/controllers/app-ref.js';
import type {AppDriftState} from '../core/drift/drift-state.js';
import type {LiveMonitor} from '../core/monitor/live-monitor.js';
import {untilDoneOrIdle} from '../core/util/progress-deadline.js';
import {externalDiffSetting, runExternalDiff} from '../core/diff/external-diff.js';
import type {ResourceDiff} from '../core/diff/types.js';
import {objectPathOf} from '../core/drift/status.js';
import type {DriftReport} from '../core/drift/types.js';
import {withApp} from './app-session.js';
import {fail, problem, stdout, type Painted} from './output.js';
import type {ClusterFlags} from './options.js';

export type DiffFlags = ClusterFlags & {
	/** APP: NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME. */
	app: string;
	/** Colour wanted (flag and NO_COLOR); used only when stdout is a terminal. */
	color: boolean;
	/** How long the first drift computation may go without progress (clone, render, dry runs); --timeout, else 120 s. */
	driftTimeoutMs?: number;
};

/** `driftwatch diff APP`: how APP differs from Git, as unified diffs; exit 0 none, 1 drift, 2 error. */
export async function runDiff(flags: DiffFlags): Promise<number> {
	return withApp(flags, {timeoutMs: flags.timeoutMs ?? 15_000, compareNamed: true}, async ({monitor, app}) => {
		const name = appPath(app);
		const idleMs = flags.driftTimeoutMs ?? flags.timeoutMs ?? 120_000;
		const state = await firstDrift(monitor, app.id, idleMs);
		if (!state) return fail(`${name}: computing drift made no progress for ${seconds(idleMs)} (--timeout to wait longer)`);
		if (state.phase !== 'ready' || !state.report) return fail(`${name}: ${state.error ?? `drift ${state.phase}`}`);
		return await report(state.report, flags.color);
	});
}

/**
 * The first settled drift state ('ready', 'error', 'unsupported'), or null when the comparison made no progress
 * (no response, no object compared) for `idleMs`: a 500-object app that keeps answering is waited for.
 */
async function firstDrift(monitor: LiveMonitor, appId: string, idleMs: number): Promise<AppDriftState | null> {
	let settled: AppDriftState | null = null;
	const stop = monitor.watchDrift(appId, state => {
		if (state.phase !== 'pending') settled ??= state;
	});
	try {
		await untilDoneOrIdle({done: () => settled !== null, progress: () => monitor.progress(), idleMs});
		return settled;
	} finally {
		stop();
	}
}

function seconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Diffs on stdout (or to the external tool), problems on stderr, then the exit code. */
async function report(drift: DriftReport, color: boolean): Promise<number> {
	const changed = drift.resources
		.map(resource => resource.diff)
		.filter((diff): diff is ResourceDiff => diff !== null && diff.text() !== '');
	const external = externalDiffSetting(process.env);
	let toolError: string | null = null;
	if (external && changed.length > 0) {
		// Like kubectl diff: the user's tool gets the terminal and prints (or shows) the differences itself.
		const result = await runExternalDiff(external.command, changed, {stdio: 'inherit', variable: external.variable});
		toolError = result.error;
	} else {
		// The diff's lines come from Git and the cluster: the writer shows their control characters as escapes.
		const paint = color && stdout.isTTY;
		for (const diff of changed) {
			if (paint) stdout.painted(colorize(diff.text()));
			else stdout.text(diff.text());
		}
	}
	for (const line of problemLines(drift)) problem(line);
	for (const warning of drift.warnings) problem(`warning: ${warning}`);
	if (toolError) return fail(toolError);
	if (drift.status === 'OutOfSync' || changed.length > 0) return 1;
	return drift.status === 'Unknown' ? 2 : 0;
}

/** report.errors already names each object that failed; any per-resource error it lacks is added. */
function problemLines(drift: DriftReport): string[] {
	const lines = [...drift.errors];
	for (const resource of drift.resources) {
		if (resource.error === null) continue;
		const line = `${objectPathOf(resource.ref)}: ${resource.error}`;
		if (!lines.includes(line)) lines.push(line);
	}
	return lines;
}

/** git's diff colours: bold file headers, cyan hunk headers, red removals, green additions. */
export function colorize(text: string): Painted[] {
	const lines = text.split('\n');
	// A header is a ---/+++ pair: a removed YAML line reading '-- x' must stay red.
	const isHeader = (index: number) =>
		(lines[index]!.startsWith('--- ') && lines[index + 1]?.startsWith('+++ ')) ||
		(lines[index]!.startsWith('+++ ') && lines[index - 1]?.startsWith('--- '));
	const styleOf = (line: string, index: number): Painted['style'] => {
		if (line === '') return undefined;
		if (isHeader(index)) return 'bold';
		if (line.startsWith('@@')) return 'cyan';
		if (line.startsWith('-')) return 'red';
		if (line.startsWith('+')) return 'green';
		return undefined;
	};
	return lines.flatMap((line, index) => [{text: line, style: styleOf(line, index)}, ...(index < lines.length - 1 ? [{text: '\n'}] : [])]);
}
