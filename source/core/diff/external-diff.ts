// Hand diffs to the user's own diff tool the way `kubectl diff` does with KUBECTL_EXTERNAL_DIFF: one
// directory per side, one file per object, the tool run on the two directories.
import {spawn} from 'node:child_process';
import {rmSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cleanUpOnExit} from '../util/exit-cleanup.js';
import type {ResourceDiff} from './types.js';

type ExternalDiffOptions = {
	/** 'inherit' lets an interactive tool use the terminal; 'pipe' collects its output. Default 'pipe'. */
	stdio?: 'inherit' | 'pipe';
	env?: NodeJS.ProcessEnv;
	/** The variable the command came from, for messages; default DRIFTWATCH_DIFF. */
	variable?: string;
};

type ExternalDiffResult = {
	/** The tool's exit code (diff tools exit 1 for "differences"); null when it never ran or died of a signal. */
	exitCode: number | null;
	/** What the tool wrote to stdout (with stdio 'pipe'); '' otherwise. */
	output: string;
	/** One line when the tool could not run or failed (exit code above 1, signal); null otherwise. */
	error: string | null;
};

/** The configured external diff command: DRIFTWATCH_DIFF, else KUBECTL_EXTERNAL_DIFF; empty counts as unset. */
export function externalDiffCommand(env: NodeJS.ProcessEnv): string | null {
	return externalDiffSetting(env)?.command ?? null;
}

/** The command and the variable it came from (for messages that name the right one). */
export function externalDiffSetting(env: NodeJS.ProcessEnv): {command: string; variable: string} | null {
	for (const variable of ['DRIFTWATCH_DIFF', 'KUBECTL_EXTERNAL_DIFF']) {
		const command = env[variable]?.trim();
		if (command) return {command, variable};
	}
	return null;
}

/**
 * Tools that take over the terminal themselves (an editor or a window): they get the terminal as it is. Any other
 * tool is taken to print a diff and exit (diff -u -N, colordiff, difft, delta…): its output is paged, or it would
 * scroll past before the TUI comes back. DRIFTWATCH_DIFF_INTERACTIVE=1 or =0 decides for a tool not named here.
 */
const interactiveDiffTools: readonly string[] = [
	'vimdiff',
	'gvimdiff',
	'nvimdiff',
	'vim',
	'gvim',
	'nvim',
	'vi',
	'emacs',
	'emacsclient',
	'meld',
	'kdiff3',
	'kompare',
	'diffuse',
	'tkdiff',
	'xxdiff',
	'opendiff',
	'bcompare',
	'bc',
	'p4merge',
	'code',
	'codium',
];

/** Whether `command` is an interactive tool (gets the terminal) rather than one that prints and exits (is paged). */
export function isInteractiveDiff(command: string, env: NodeJS.ProcessEnv): boolean {
	const override = env['DRIFTWATCH_DIFF_INTERACTIVE']?.trim().toLowerCase();
	if (override === '1' || override === 'true' || override === 'yes') return true;
	if (override === '0' || override === 'false' || override === 'no') return false;
	const program = command.trim().split(/\s+/)[0] ?? '';
	return interactiveDiffTools.includes(program.split('/').at(-1) ?? program);
}

/** The pager for a printing tool's output: $PAGER (split on whitespace, no shell), else `less -R` (keeps colours). */
export function pagerCommand(env: NodeJS.ProcessEnv): string {
	return env['PAGER']?.trim() || 'less -R';
}

/**
 * Shows `text` in the pager, on the terminal, until the user leaves it. Null when done; one line naming the pager
 * and what to do when it could not run.
 */
export function pageText(text: string, pager: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
	const [program, ...args] = pager.split(/\s+/).filter(word => word !== '');
	if (!program) return Promise.resolve('PAGER is empty: set PAGER (e.g. "less -R") to read the diff');
	return new Promise(resolve => {
		const child = spawn(program, args, {stdio: ['pipe', 'inherit', 'inherit'], env, shell: false});
		child.on('error', error => {
			const code = (error as NodeJS.ErrnoException).code;
			resolve(
				code === 'ENOENT'
					? `pager "${program}" not found: set PAGER (e.g. "less -R") to read the diff`
					: `pager "${program}": ${error.message}`,
			);
		});
		// A pager quit before reading everything (q in less) closes its end: that is no error.
		child.stdin.on('error', () => undefined);
		child.stdin.end(text);
		child.on('close', () => resolve(null));
	});
}

/**
 * Writes each diff's live side under LIVE-xxxx and desired side under MERGED-xxxx (a missing side gets no
 * file, as kubectl does), runs the command with the two directories appended — split on whitespace, no
 * shell — and removes the directories afterwards.
 */
export async function runExternalDiff(
	command: string,
	diffs: readonly ResourceDiff[],
	options: ExternalDiffOptions = {},
): Promise<ExternalDiffResult> {
	const variable = options.variable ?? 'DRIFTWATCH_DIFF';
	const [program, ...args] = command
		.trim()
		.split(/\s+/)
		.filter(word => word !== '');
	if (!program) return {exitCode: null, output: '', error: `${variable} is empty`};
	const live = await mkdtemp(join(tmpdir(), 'LIVE-'));
	let merged: string | null = null;
	// Killed while the tool runs (SIGTERM, a closed terminal): the two sides are removed all the same.
	const forget = cleanUpOnExit(() => {
		rmSync(live, {recursive: true, force: true});
		if (merged) rmSync(merged, {recursive: true, force: true});
	});
	try {
		merged = await mkdtemp(join(tmpdir(), 'MERGED-'));
		await writeSides(diffs, live, merged);
		return await runTool(program, [...args, live, merged], options.stdio ?? 'pipe', options.env ?? process.env, variable);
	} finally {
		await rm(live, {recursive: true, force: true});
		if (merged) await rm(merged, {recursive: true, force: true});
		forget();
	}
}

async function writeSides(diffs: readonly ResourceDiff[], live: string, merged: string): Promise<void> {
	const used = new Set<string>();
	for (const diff of diffs) {
		const name = uniqueName(fileNameOf(diff), used);
		if (diff.leftText !== '') await writeFile(join(live, name), diff.leftText, {mode: 0o600});
		if (diff.rightText !== '') await writeFile(join(merged, name), diff.rightText, {mode: 0o600});
	}
}

/** Kind.namespace.name.yaml (Kind.name.yaml when cluster-scoped); anything unsafe in a file name becomes '_'. */
function fileNameOf(diff: Pick<ResourceDiff, 'header'>): string {
	const {kind, namespace, name} = diff.header;
	const parts = namespace ? [kind, namespace, name] : [kind, name];
	return `${parts.map(part => part.replace(/[^A-Za-z0-9._-]/g, '_')).join('.')}.yaml`;
}

/** The same Kind/namespace/name in two API groups must not overwrite one another. */
function uniqueName(name: string, used: Set<string>): string {
	let candidate = name;
	for (let count = 2; used.has(candidate); count++) candidate = name.replace(/\.yaml$/, `.${count}.yaml`);
	used.add(candidate);
	return candidate;
}

function runTool(
	program: string,
	args: string[],
	stdio: 'inherit' | 'pipe',
	env: NodeJS.ProcessEnv,
	variable: string,
): Promise<ExternalDiffResult> {
	return new Promise(resolve => {
		const child = spawn(program, args, {stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'], env, shell: false});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', error => {
			const code = (error as NodeJS.ErrnoException).code;
			const message =
				code === 'ENOENT'
					? `${variable}: program "${program}" not found`
					: code === 'EACCES'
						? `${variable}: program "${program}" is not executable`
						: `${variable}: cannot run "${program}": ${error.message}`;
			resolve({exitCode: null, output: '', error: message});
		});
		child.on('close', (exitCode, signal) => {
			const output = Buffer.concat(stdout).toString('utf8');
			const firstErrorLine = Buffer.concat(stderr)
				.toString('utf8')
				.split('\n')
				.find(line => line.trim() !== '');
			const detail = firstErrorLine ? `: ${firstErrorLine.trim()}` : '';
			if (signal) resolve({exitCode: null, output, error: `${variable}: "${program}" was killed by ${signal}`});
			else if (exitCode !== null && exitCode > 1)
				resolve({exitCode, output, error: `${variable}: "${program}" exited with code ${exitCode}${detail}`});
			else resolve({exitCode, output, error: null});
		});
	});
}
