// The built driftwatch (scripts/build.mjs → dist/) as a package lays it out: bin/driftwatch.js beside dist/ and no
// source/, so the launcher runs the build. The tests that must exercise what ships run it through here.
import assert from 'node:assert/strict';
import {execFile, spawn} from 'node:child_process';
import {cpSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {repoRoot} from './cli.js';
import {waitFor} from './wait-for.js';

/** Build into `dir`/dist (esbuild's metafile at `dir`/meta.json) and copy the launcher (bin/) to `dir`/bin; returns the launcher's path. */
export async function buildInto(dir: string): Promise<string> {
	const args = [join(repoRoot, 'scripts/build.mjs'), '--outdir', join(dir, 'dist'), '--metafile', join(dir, 'meta.json')];
	await new Promise<void>((resolve, reject) => {
		execFile(process.execPath, args, {cwd: repoRoot}, (error, _stdout, stderr) =>
			error ? reject(new Error(`npm run build failed:\n${stderr}`)) : resolve(),
		);
	});
	cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), {recursive: true});
	return join(dir, 'bin/driftwatch.js');
}

export type Run = {code: number | null; stdout: string; stderr: string};

/** Run a command (never rejects): the launcher under this Node 22, or an installed `driftwatch`. */
export function run(file: string, args: readonly string[], options: {cwd: string; env: NodeJS.ProcessEnv}): Promise<Run> {
	return new Promise(resolve => {
		execFile(file, args, {...options, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
		});
	});
}

/** A shell command line from words, each single-quoted. */
export function shellWords(words: readonly string[]): string {
	return words.map(word => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
}

type Metafile = {
	outputs: Record<
		string,
		{imports: Array<{path: string; kind: string; external?: boolean}>; inputs: Record<string, unknown>; entryPoint?: string}
	>;
};

/**
 * The source files and packages a subcommand's module loads before it runs: its chunk and every chunk that chunk
 * imports statically (what its own dynamic imports load comes later, on demand), as esbuild's metafile records them.
 */
export function loadedBy(metafilePath: string, entrySource: string): string[] {
	const meta = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
	const outputs = Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));
	const chunkOf = outputs.find(([, output]) => Object.keys(output.inputs).includes(entrySource))?.[0];
	if (chunkOf === undefined) throw new Error(`no chunk holds ${entrySource}`);
	const seen = new Set<string>();
	const visit = (chunk: string) => {
		if (seen.has(chunk)) return;
		seen.add(chunk);
		for (const imported of meta.outputs[chunk]?.imports ?? [])
			if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
	};
	visit(chunkOf);
	return [...seen].flatMap(chunk => Object.keys(meta.outputs[chunk]?.inputs ?? {}));
}

/**
 * Runs `words` in a pseudo-terminal of 120×30 (script(1)) from `cwd`, as a user at a terminal would; waits until the
 * output matches `ready` (a line starting "driftwatch: " is an error and fails), presses q and expects exit 0.
 */
export async function drawsInTerminal(
	words: readonly string[],
	options: {cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs: number; what: string},
): Promise<string> {
	const command = `stty rows 30 cols 120; exec ${shellWords(words)}`;
	const terminal = spawn('script', ['-qfc', command, '/dev/null'], {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
	let output = '';
	terminal.stdout.on('data', chunk => {
		output += String(chunk);
	});
	const exited = new Promise<number | null>(resolve => terminal.on('exit', resolve));
	try {
		await waitFor(
			() => options.ready.test(output) || /driftwatch: /.test(output),
			options.timeoutMs,
			() => `${options.what}; output so far: ${output.slice(-400)}`,
		);
		assert.doesNotMatch(output, /driftwatch: /);
		terminal.stdin.write('q');
		assert.equal(await exited, 0);
		return output;
	} finally {
		terminal.kill();
	}
}
